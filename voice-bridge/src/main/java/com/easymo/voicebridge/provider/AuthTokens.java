package com.easymo.voicebridge.provider;

import com.easymo.commons.credentials.ReloadableCredential;
import com.easymo.commons.credentials.SecretFile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider's auth tokens that this service accepts now: the current one, which it authenticates with, and while
 * a rotation's overlap lasts, the one that the current token replaced.
 */
abstract sealed class AuthTokens {

    /** Creates tokens that never change, such as one read from an environment variable at startup. */
    static AuthTokens fixed(String token) {
        return new Fixed(token);
    }

    /** Creates tokens read from a file, which the {@code reload-credentials} admin task reads again. */
    static AuthTokens fromFile(SecretFile file) {
        return new FromFile(file);
    }

    /** Returns the tokens to accept now: the current one first, then the previous one while its overlap lasts. */
    abstract List<String> accepted();

    /** Returns the credential that the {@code reload-credentials} task reloads, or empty when the tokens are fixed. */
    abstract Optional<ReloadableCredential> reloadable();

    private static final class Fixed extends AuthTokens {

        private final List<String> tokens;

        Fixed(String token) {
            this.tokens = List.of(Objects.requireNonNull(token, "token"));
        }

        @Override
        List<String> accepted() {
            return tokens;
        }

        @Override
        Optional<ReloadableCredential> reloadable() {
            return Optional.empty();
        }
    }

    private static final class FromFile extends AuthTokens {

        private final SecretFile file;

        FromFile(SecretFile file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        @Override
        List<String> accepted() {
            return file.accepted();
        }

        @Override
        Optional<ReloadableCredential> reloadable() {
            return Optional.of(file);
        }
    }
}
