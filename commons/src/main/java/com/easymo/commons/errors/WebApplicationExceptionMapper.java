package com.easymo.commons.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.server.ParamException;

/**
 * Maps the JAX-RS exceptions that Jersey and resources throw, such as 404, 405, 406 and 415, to an
 * {@link ErrorResponse} with a generic code for their status.
 *
 * <p>The exception's own message is never sent, because it may describe internals. Headers of the exception's
 * response are kept, so a 405 still carries {@code Allow}. A query, header, cookie, form or matrix parameter that
 * cannot be converted to its type becomes 400 {@code invalid_parameter} naming the parameter. A path parameter that
 * cannot be converted stays 404, as JAX-RS requires.
 *
 * <p>A status of 500 is logged as a server error, and the response carries only an error ID. Other 5xx statuses, such
 * as a deliberate 503, keep their status, headers and generic code.
 */
final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    /** Headers that describe the replaced entity, so they must not be copied to the new response. */
    private static final Set<String> ENTITY_HEADERS = Set.of(
            HttpHeaders.CONTENT_TYPE.toLowerCase(Locale.ROOT),
            HttpHeaders.CONTENT_LENGTH.toLowerCase(Locale.ROOT),
            HttpHeaders.CONTENT_ENCODING.toLowerCase(Locale.ROOT),
            HttpHeaders.CONTENT_LANGUAGE.toLowerCase(Locale.ROOT));

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception instanceof ParamException param && !(param instanceof ParamException.PathParamException)) {
            return invalidParameter(param.getParameterName());
        }
        Response original = exception.getResponse();
        int status = original.getStatus();
        if (status == 500) {
            return ServerErrors.respond(exception);
        }

        Response.ResponseBuilder builder = ErrorResponses.builder(status, describe(exception, status));
        copyHeaders(original.getHeaders(), builder);
        return builder.build();
    }

    private static Response invalidParameter(String name) {
        String message = name + " has a value that cannot be converted to the parameter's type.";
        return ErrorResponses.build(400, ErrorResponse.forField(ErrorCodes.INVALID_PARAMETER, message, name));
    }

    private static ErrorResponse describe(WebApplicationException exception, int status) {
        if (status == 400 && Causes.find(exception, NoContentException.class).isPresent()) {
            return ErrorResponse.of(ErrorCodes.MISSING_BODY, "The request body is required but empty.");
        }
        return StatusErrors.forStatus(status);
    }

    private static void copyHeaders(MultivaluedMap<String, Object> headers, Response.ResponseBuilder builder) {
        for (Map.Entry<String, List<Object>> header : headers.entrySet()) {
            if (!ENTITY_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
    }
}
