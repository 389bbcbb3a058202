package com.easymo.commons.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Jetty's {@link EofException}, raised when a client closes the connection before sending its whole body, to
 * 400 {@code incomplete_body}.
 *
 * <p>The client has usually gone away and never reads the response, so it is logged at DEBUG only.
 */
final class EarlyEofExceptionMapper implements ExceptionMapper<EofException> {

    private static final Logger LOGGER = LoggerFactory.getLogger(EarlyEofExceptionMapper.class);

    @Override
    public Response toResponse(EofException exception) {
        LOGGER.debug("Request body ended early", exception);
        return ErrorResponses.build(
                400,
                ErrorResponse.of(ErrorCodes.INCOMPLETE_BODY, "The request body ended before its declared length."));
    }
}
