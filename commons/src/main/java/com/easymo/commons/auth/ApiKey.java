package com.easymo.commons.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * One API key as the key file describes it: never the key itself, only its SHA-256 digest.
 *
 * @param id the key's own identifier, shown in logs, metrics and task output
 * @param owner the customer or system the key belongs to; every key of one owner shares the owner's per-user budget
 * @param sha256 the lowercase hex SHA-256 digest of the key's UTF-8 bytes
 * @param notBefore the first instant the key is accepted, or {@code null} for no bound
 * @param notAfter the instant from which the key is refused, or {@code null} for no bound
 */
public record ApiKey(String id, String owner, String sha256, Instant notBefore, Instant notAfter) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Returns the key's state at the given instant. */
    public State stateAt(Instant now) {
        if (notBefore != null && now.isBefore(notBefore)) {
            return State.PENDING;
        }
        if (notAfter != null && !now.isBefore(notAfter)) {
            return State.EXPIRED;
        }
        return State.ACTIVE;
    }

    /** Whether a key is accepted at a given instant. */
    public enum State {
        /** Accepted. */
        ACTIVE,
        /** Not yet accepted: before {@code notBefore}. */
        PENDING,
        /** No longer accepted: at or after {@code notAfter}. */
        EXPIRED
    }
}
