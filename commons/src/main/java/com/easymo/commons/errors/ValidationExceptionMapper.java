package com.easymo.commons.errors;

import jakarta.validation.ValidationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Maps a Bean Validation failure other than a constraint violation, such as a badly declared constraint, to 500.
 *
 * <p>Without it, Jersey's own mapper for {@link ValidationException} would return a plain-text response.
 */
final class ValidationExceptionMapper implements ExceptionMapper<ValidationException> {

    @Override
    public Response toResponse(ValidationException exception) {
        return ServerErrors.respond(exception);
    }
}
