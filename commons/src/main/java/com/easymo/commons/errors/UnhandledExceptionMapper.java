package com.easymo.commons.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Optional;

/**
 * Maps every exception that no more specific mapper handles to 500 {@code internal_error} with an error ID.
 *
 * <p>Before that, it looks for a body-size failure or a {@link RequestBodyException} in the cause chain, and for a
 * JSON failure that Jersey wrapped in a {@link ProcessingException} while reading the request body, and maps that
 * cause instead. A JSON failure
 * wrapped by any other exception came from the server's own work, such as parsing a provider's response, so it
 * stays a 500.
 */
final class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private final JsonExceptionMapper jsonMapper = new JsonExceptionMapper();
    private final RequestBodyExceptionMapper bodyMapper = new RequestBodyExceptionMapper();

    @Override
    public Response toResponse(Throwable exception) {
        Optional<PayloadTooLargeException> tooLarge = Causes.find(exception, PayloadTooLargeException.class);
        if (tooLarge.isPresent()) {
            return PayloadTooLargeExceptionMapper.response(tooLarge.get().getMaxBytes());
        }
        Optional<RequestBodyException> unreadable = Causes.find(exception, RequestBodyException.class);
        if (unreadable.isPresent()) {
            return bodyMapper.toResponse(unreadable.get());
        }
        Optional<JsonProcessingException> json = exception instanceof ProcessingException
                ? Causes.find(exception, JsonProcessingException.class)
                : Optional.empty();
        if (json.isPresent()) {
            return jsonMapper.toResponse(json.get());
        }
        return ServerErrors.respond(exception);
    }
}
