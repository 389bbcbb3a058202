package com.easymo.commons.credentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The credentials of one service that the {@code reload-credentials} admin task reloads. */
public final class CredentialRegistry {

    private final List<ReloadableCredential> credentials = new CopyOnWriteArrayList<>();

    /**
     * Adds a credential.
     *
     * @throws IllegalArgumentException if a credential of the same name is registered already
     */
    public void register(ReloadableCredential credential) {
        Objects.requireNonNull(credential, "credential");
        if (find(credential.name()) != null) {
            throw new IllegalArgumentException("A credential named '" + credential.name() + "' is registered already");
        }
        credentials.add(credential);
    }

    /** Returns the registered credentials, in the order they were registered. */
    public List<ReloadableCredential> all() {
        return List.copyOf(credentials);
    }

    /** Returns the credential of the given name, or {@code null}. */
    public ReloadableCredential find(String name) {
        for (ReloadableCredential credential : credentials) {
            if (credential.name().equals(name)) {
                return credential;
            }
        }
        return null;
    }

    /** Returns the names of the registered credentials, for messages. */
    public List<String> names() {
        return credentials.stream().map(ReloadableCredential::name).toList();
    }

    /** Returns an empty, ordered map for a summary. */
    static Map<String, Object> summary() {
        return new LinkedHashMap<>();
    }
}
