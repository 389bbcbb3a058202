package com.easymo.commons.credentials;

import java.util.Map;

/**
 * A credential that the {@code reload-credentials} admin task can read again without a restart, such as the API key
 * set or a provider's auth token kept in a file.
 *
 * <p>A reload that fails keeps the credential in use as it was, so a broken file never locks clients out.
 */
public interface ReloadableCredential {

    /** Returns the name under which the task reports the credential, such as {@code api-keys}. */
    String name();

    /**
     * Reads the credential again and starts using it.
     *
     * @return a summary for the task's output, which must not contain any secret, such as the number of keys
     * @throws Exception if the credential could not be read; the one in use stays
     */
    Map<String, Object> reload() throws Exception;
}
