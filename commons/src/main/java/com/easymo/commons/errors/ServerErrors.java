package com.easymo.commons.errors;

import jakarta.ws.rs.core.Response;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure of the server into a 500 response that carries only a random error ID.
 *
 * <p>The exception, with its message and stack trace, goes to one ERROR log line that carries the same ID, so
 * on-call can find it from the ID that a client reports. A client that closed its connection or let it go idle is no
 * server failure, so that line is logged at DEBUG instead.
 */
final class ServerErrors {

    private static final Logger LOGGER = LoggerFactory.getLogger(ServerErrors.class);

    private ServerErrors() {}

    /** Logs the exception under a new error ID and builds the 500 response that carries the ID. */
    static Response respond(Throwable exception) {
        return ErrorResponses.build(500, record(exception));
    }

    /** Logs the exception, which may be null, under a new error ID and returns the 500 body that carries the ID. */
    static ErrorResponse record(Throwable exception) {
        String errorId = newErrorId();
        if (isClientGone(exception)) {
            // The client closed the connection or stopped sending; nothing on the server failed.
            LOGGER.debug("Client went away while a request was processed: errorId={}", errorId, exception);
        } else {
            LOGGER.error("Unhandled exception while processing a request: errorId={}", errorId, exception);
        }
        return body(errorId);
    }

    /** Tests whether the failure is a connection the client closed or let go idle, as Jetty reports it. */
    static boolean isClientGone(Throwable exception) {
        return exception != null
                && (Causes.find(exception, EofException.class).isPresent()
                        || Causes.find(exception, TimeoutException.class).isPresent());
    }

    private static ErrorResponse body(String errorId) {
        return new ErrorResponse(
                ErrorCodes.INTERNAL_ERROR,
                "The server failed to process the request. Quote error ID " + errorId + " when reporting it.",
                null,
                null,
                errorId);
    }

    private static String newErrorId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
