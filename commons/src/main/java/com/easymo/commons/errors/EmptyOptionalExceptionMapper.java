package com.easymo.commons.errors;

import io.dropwizard.jersey.optional.EmptyOptionalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Maps an empty {@code Optional} returned by a resource method to 404 {@code not_found}. */
final class EmptyOptionalExceptionMapper implements ExceptionMapper<EmptyOptionalException> {

    @Override
    public Response toResponse(EmptyOptionalException exception) {
        return ErrorResponses.build(404, StatusErrors.forStatus(404));
    }
}
