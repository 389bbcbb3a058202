package com.easymo.commons.auth;

import java.security.Principal;
import java.util.Objects;

/**
 * The caller a valid API key identifies. Its name is the key's owner, so that per-user rate limits count every key
 * of one owner in one budget.
 */
public record ApiKeyPrincipal(String owner, String keyId) implements Principal {

    public ApiKeyPrincipal {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(keyId, "keyId");
    }

    @Override
    public String getName() {
        return owner;
    }
}
