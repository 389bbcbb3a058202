package com.easymo.commons.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.internal.LocalizationMessages;

/**
 * Maps Jersey's complaint about a {@code @FormParam} on a request that is not form-encoded to 415, and every other
 * {@link IllegalStateException} to 500.
 */
final class IllegalStateExceptionMapper implements ExceptionMapper<IllegalStateException> {

    @Override
    public Response toResponse(IllegalStateException exception) {
        if (LocalizationMessages.FORM_PARAM_CONTENT_TYPE_ERROR().equals(exception.getMessage())) {
            return ErrorResponses.build(415, StatusErrors.forStatus(415));
        }
        return ServerErrors.respond(exception);
    }
}
