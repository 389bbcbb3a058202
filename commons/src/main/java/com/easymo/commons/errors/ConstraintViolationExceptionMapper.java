package com.easymo.commons.errors;

import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.glassfish.jersey.model.Parameter;
import org.glassfish.jersey.server.model.Invocable;

/**
 * Maps Bean Validation failures, including Dropwizard's {@link JerseyViolationException}, to an error that names
 * the rejected field.
 *
 * <ul>
 *   <li>A constraint on the request body or one of its properties: 422 {@code invalid_field}, with {@code field} set
 *       to the name of the last property node of the violation's path (such as {@code to}).
 *   <li>A null or missing request body on a {@code @NotNull} entity parameter: 400 {@code missing_body}, the same
 *       response as for an empty body, because the client sent no body to correct.
 *   <li>A constraint on a query, path, header, cookie, form or matrix parameter: 400 {@code invalid_parameter},
 *       with {@code field} set to the parameter's name.
 *   <li>A constraint on a resource method's return value: 500, because the server produced the invalid value.
 * </ul>
 *
 * <p>When several constraints fail, the response describes the one whose path sorts first, so the same request
 * always gets the same response. The message is the field name followed by the constraint's message and a period,
 * such as {@code to must not be null.}, so it ends like every other error message.
 */
final class ConstraintViolationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {

    /**
     * Sources of parameters that the client names in the URI, headers or form. Every other parameter is the request
     * body: Jersey gives it the source {@code ENTITY}, or {@code UNKNOWN} when it carries annotations such as
     * {@code @NotNull}.
     */
    private static final Set<Parameter.Source> NAMED_SOURCES = EnumSet.of(
            Parameter.Source.QUERY,
            Parameter.Source.PATH,
            Parameter.Source.HEADER,
            Parameter.Source.COOKIE,
            Parameter.Source.FORM,
            Parameter.Source.MATRIX);

    private static final Comparator<ConstraintViolation<?>> BY_PATH = Comparator.comparing(
                    (ConstraintViolation<?> violation) -> String.valueOf(violation.getPropertyPath()))
            .thenComparing(ConstraintViolation::getMessage);

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        List<ConstraintViolation<?>> violations = exception.getConstraintViolations() == null
                ? List.of()
                : exception.getConstraintViolations().stream().sorted(BY_PATH).toList();
        if (violations.isEmpty() || violations.stream().anyMatch(ConstraintViolationExceptionMapper::isReturnValue)) {
            return ServerErrors.respond(exception);
        }

        ConstraintViolation<?> first = violations.get(0);
        Invocable invocable = exception instanceof JerseyViolationException jersey ? jersey.getInvocable() : null;
        Optional<Parameter> parameter = resourceParameter(first, invocable);
        if (parameter.isPresent() && NAMED_SOURCES.contains(parameter.get().getSource())) {
            return invalidParameter(first, parameter.get().getSourceName());
        }
        if (parameter.isPresent() && isWholeBody(first)) {
            return missingBody();
        }
        return invalidField(first);
    }

    private static boolean isReturnValue(ConstraintViolation<?> violation) {
        return nodes(violation).stream().anyMatch(node -> node.getKind() == ElementKind.RETURN_VALUE);
    }

    private static Optional<Parameter> resourceParameter(ConstraintViolation<?> violation, Invocable invocable) {
        if (invocable == null) {
            return Optional.empty();
        }
        return nodes(violation).stream()
                .filter(node -> node.getKind() == ElementKind.PARAMETER)
                .map(node -> node.as(Path.ParameterNode.class).getParameterIndex())
                .filter(index -> index < invocable.getParameters().size())
                .<Parameter>map(index -> invocable.getParameters().get(index))
                .findFirst();
    }

    /** Returns whether the violation is about the entity parameter itself rather than one of its properties. */
    private static boolean isWholeBody(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = nodes(violation);
        return nodes.get(nodes.size() - 1).getKind() == ElementKind.PARAMETER && violation.getInvalidValue() == null;
    }

    private static Response invalidParameter(ConstraintViolation<?> violation, String name) {
        String message = sentence(name, violation);
        return ErrorResponses.build(400, ErrorResponse.forField(ErrorCodes.INVALID_PARAMETER, message, name));
    }

    private static Response missingBody() {
        return ErrorResponses.build(
                400, ErrorResponse.of(ErrorCodes.MISSING_BODY, "The request body is required but missing."));
    }

    private static Response invalidField(ConstraintViolation<?> violation) {
        String field = fieldName(violation);
        String message = sentence(field, violation);
        return ErrorResponses.build(422, ErrorResponse.forField(ErrorCodes.INVALID_FIELD, message, field));
    }

    /** Returns the name followed by the constraint's message, ending with a period unless the message has one. */
    private static String sentence(String name, ConstraintViolation<?> violation) {
        String message = name + " " + violation.getMessage();
        return message.endsWith(".") ? message : message + ".";
    }

    /** Returns the name of the last property node, or {@code body} when the path names no property. */
    static String fieldName(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = nodes(violation);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Path.Node node = nodes.get(i);
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                return node.getName();
            }
        }
        return "body";
    }

    private static List<Path.Node> nodes(ConstraintViolation<?> violation) {
        return StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .toList();
    }
}
