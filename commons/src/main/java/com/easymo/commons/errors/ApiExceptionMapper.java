package com.easymo.commons.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Maps an {@link ApiException} to its own status, code, message and field.
 *
 * <p>A status of 500 is the exception: it is logged, and the response carries only an error ID, like any other
 * server failure.
 */
final class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    @Override
    public Response toResponse(ApiException exception) {
        if (exception.getStatus() == 500) {
            return ServerErrors.respond(exception);
        }
        return ErrorResponses.build(exception.getStatus(), exception.toErrorResponse());
    }
}
