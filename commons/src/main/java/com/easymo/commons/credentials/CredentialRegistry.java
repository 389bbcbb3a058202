package com.easymo.commons.credentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials of one service that the {@code reload-credentials} admin task reloads. Every reload, by the task
 * or by a file watcher, goes through {@link #reload}, which logs it and reports it to the listener.
 */
public final class CredentialRegistry {

    private static final Logger LOGGER = LoggerFactory.getLogger(CredentialRegistry.class);

    private final List<ReloadableCredential> credentials = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<String, String> listener = (credential, result) -> {};
    private volatile Consumer<String> registrations = name -> {};

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
        registrations.accept(credential.name());
    }

    /**
     * Sets what receives the name of every credential registered, those registered already included, so that
     * metrics can show a credential before its first reload.
     */
    public void onRegister(Consumer<String> registrations) {
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        names().forEach(registrations);
    }

    /** Sets what receives the name and result ({@code reloaded} or {@code failed}) of every reload, for metrics. */
    public void onReload(BiConsumer<String, String> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
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

    /**
     * Reloads one credential, logs {@code CREDENTIAL_RELOADED} or {@code CREDENTIAL_RELOAD_FAILED} with who or what
     * asked, and reports the result.
     *
     * @param actor who asked, or what: {@code file-change} for a watcher
     * @return the summary, with {@code status: reloaded} first
     * @throws Exception what the credential threw; the one in use stays
     */
    public Map<String, Object> reload(ReloadableCredential credential, String actor) throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>();
        try {
            summary.put("status", "reloaded");
            summary.putAll(credential.reload());
        } catch (Exception e) {
            listener.accept(credential.name(), "failed");
            LOGGER.atError()
                    .addKeyValue("event", "CREDENTIAL_RELOAD_FAILED")
                    .addKeyValue("name", credential.name())
                    .addKeyValue("by", actor)
                    .addKeyValue("reason", reason(e))
                    .log("Credential reload failed; the credential in use is kept");
            throw e;
        }
        listener.accept(credential.name(), "reloaded");
        LOGGER.atInfo()
                .addKeyValue("event", "CREDENTIAL_RELOADED")
                .addKeyValue("name", credential.name())
                .addKeyValue("by", actor)
                .log("Credential reloaded");
        return summary;
    }

    /** Returns the message of a failure, or its type when it has none. */
    static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
