package com.easymo.commons.http;

import java.util.Objects;

/**
 * An outbound HTTP call failed: it timed out, could not connect, lost its connection or was interrupted, or the
 * caller could not use the response.
 *
 * <p>{@link OutboundHttpClient} returns a 5xx response to its caller rather than throwing this exception. A caller
 * that cannot use a 5xx response can throw {@link #serverError(String, int)}, which {@link UpstreamExceptionMapper}
 * turns into a 502 like any other upstream failure.
 */
public class UpstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Cause of a failed call. */
    public enum Kind {
        /** No complete response arrived within {@code readTimeout}. */
        TIMEOUT,
        /** The connection could not be opened or was lost, including a connect timeout. */
        CONNECTION_FAILURE,
        /** The upstream service responded with a 5xx status. */
        SERVER_ERROR,
        /** The calling thread was interrupted while it waited for the response. */
        INTERRUPTED,
        /**
         * The upstream service responded, but with a status or body that the caller cannot use, such as a rejected
         * credential or a success response without a required field.
         */
        UNEXPECTED_RESPONSE
    }

    /** Maximum length of the part of an upstream response body quoted in a message. */
    public static final int MAX_BODY_QUOTE = 300;

    private final String clientName;
    private final Kind kind;

    public UpstreamException(String clientName, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.clientName = Objects.requireNonNull(clientName, "clientName");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Creates the exception for a 5xx response of the upstream service. */
    public static UpstreamException serverError(String clientName, int status) {
        return new UpstreamException(
                clientName, Kind.SERVER_ERROR, "Upstream '" + clientName + "' responded with status " + status, null);
    }

    /**
     * Creates the exception for a 5xx response whose message quotes the start of the response body, so on-call reads
     * the upstream's own explanation. The quote is at most {@value #MAX_BODY_QUOTE} characters with line breaks and
     * other control characters replaced by spaces; the log layout masks personal data in it.
     */
    public static UpstreamException serverError(String clientName, int status, String body) {
        if (body == null || body.isBlank()) {
            return serverError(clientName, status);
        }
        String quote = body.length() > MAX_BODY_QUOTE ? body.substring(0, MAX_BODY_QUOTE) + "..." : body;
        String message = "Upstream '" + clientName + "' responded with status " + status + ": "
                + quote.replaceAll("\\p{Cntrl}", " ");
        return new UpstreamException(clientName, Kind.SERVER_ERROR, message, null);
    }

    /** Returns the name of the client, which is also the name of its circuit breaker. */
    public String getClientName() {
        return clientName;
    }

    public Kind getKind() {
        return kind;
    }
}
