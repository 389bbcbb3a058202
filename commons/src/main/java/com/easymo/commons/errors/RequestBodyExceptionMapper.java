package com.easymo.commons.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a {@link RequestBodyException} to 408 {@code request_timeout} or 400 {@code malformed_body}.
 *
 * <p>Both are the client's doing, so neither is logged with a stack trace. A timeout gets one INFO line, because a
 * stalled body occupies a request thread for the whole idle timeout, and on-call may want to see how often that
 * happens. A body that is not valid gzip is logged at DEBUG only.
 */
final class RequestBodyExceptionMapper implements ExceptionMapper<RequestBodyException> {

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestBodyExceptionMapper.class);

    @Override
    public Response toResponse(RequestBodyException exception) {
        String reason = exception.getCause() == null ? "" : exception.getCause().getMessage();
        if (exception.isTimeout()) {
            LOGGER.info("Timed out waiting for the request body: status=408 reason=\"{}\"", reason);
        } else {
            LOGGER.debug("Rejected a request body that cannot be decoded: status=400 reason=\"{}\"", reason);
        }
        return response(exception);
    }

    /** Builds the response; a 408 also closes the connection, because the rest of the body may still arrive. */
    private static Response response(RequestBodyException exception) {
        Response.ResponseBuilder builder = ErrorResponses.builder(exception.getStatus(), exception.toErrorResponse());
        if (exception.isTimeout()) {
            builder.header(UnreadBodyConnectionFilter.CONNECTION, UnreadBodyConnectionFilter.CLOSE);
        }
        return builder.build();
    }
}
