package com.easymo.commons.errors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamWriteException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Maps Jackson's exceptions from reading a request body.
 *
 * <ul>
 *   <li>Text that is not JSON, invalid UTF-8 or content after the JSON value: 400 {@code malformed_json}.
 *   <li>A value of the wrong JSON type, an unknown property or an invalid format: 422 {@code invalid_field} with
 *       {@code field} set to the JSON path, such as {@code to} or {@code items[0].name}, or {@code body} when the
 *       whole body has the wrong type.
 *   <li>A failure to write a response or a type that Jackson cannot handle at all: 500, because the server is at
 *       fault.
 * </ul>
 *
 * <p>Messages never quote the rejected input.
 */
final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    /** Start of the message of Jackson's {@code reportTrailingTokens}; a test checks it against the Jackson in use. */
    private static final String TRAILING_TOKEN_MESSAGE = "Trailing token";

    /** Value of {@code field} when the whole body, not one of its fields, is rejected. */
    private static final String BODY_FIELD = "body";

    @Override
    public Response toResponse(JsonProcessingException exception) {
        if (isServerSide(exception)) {
            return ServerErrors.respond(exception);
        }
        if (exception instanceof JsonMappingException mapping && !isSyntaxError(mapping)) {
            return invalidField(mapping);
        }
        return malformedJson(exception);
    }

    private static boolean isServerSide(JsonProcessingException exception) {
        return exception instanceof InvalidDefinitionException
                || exception.getProcessor() instanceof JsonGenerator
                || exception instanceof StreamWriteException;
    }

    /**
     * Returns whether a mapping exception reports broken JSON rather than a wrong value: content after the JSON
     * value, or a parse error such as invalid UTF-8 that Jackson wrapped while reading a property.
     */
    private static boolean isSyntaxError(JsonMappingException exception) {
        String message = exception.getOriginalMessage();
        boolean trailingContent =
                exception.getPath().isEmpty() && message != null && message.startsWith(TRAILING_TOKEN_MESSAGE);
        return trailingContent
                || Causes.find(exception.getCause(), StreamReadException.class).isPresent();
    }

    private static Response malformedJson(JsonProcessingException exception) {
        String message = "The request body is not valid JSON" + location(exception.getLocation()) + ".";
        return ErrorResponses.build(400, ErrorResponse.of(ErrorCodes.MALFORMED_JSON, message));
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static Response invalidField(JsonMappingException exception) {
        String field = path(exception).orElse(BODY_FIELD);
        String message = field + " " + rule(exception) + ".";
        return ErrorResponses.build(422, ErrorResponse.forField(ErrorCodes.INVALID_FIELD, message, field));
    }

    private static String rule(JsonMappingException exception) {
        if (exception instanceof UnrecognizedPropertyException unknown) {
            return "is not a known field" + knownFields(unknown);
        }
        if (exception instanceof InvalidTypeIdException) {
            return "names an unknown type";
        }
        if (exception instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + JsonTypes.expectation(mismatch.getTargetType());
        }
        return "is invalid";
    }

    private static String knownFields(UnrecognizedPropertyException exception) {
        if (exception.getKnownPropertyIds() == null
                || exception.getKnownPropertyIds().isEmpty()) {
            return "";
        }
        return exception.getKnownPropertyIds().stream()
                .map(String::valueOf)
                .sorted()
                .collect(Collectors.joining(", ", "; known fields are ", ""));
    }

    /** Returns the JSON path of the rejected value, such as {@code items[0].name}, or empty for the root. */
    static Optional<String> path(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? Optional.empty() : Optional.of(path.toString());
    }
}
