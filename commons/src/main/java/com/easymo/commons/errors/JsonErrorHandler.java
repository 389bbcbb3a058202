package com.easymo.commons.errors;

import com.easymo.commons.logging.CorrelationIdFilter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Jetty error handler that writes an {@link ErrorResponse} as JSON, whatever the request's {@code Accept} header
 * says and whatever the request method.
 *
 * <p>It writes the response for errors that never reach Jersey, such as a method that Dropwizard's allowed-methods
 * filter rejects, a malformed request line, an unsupported HTTP version or a servlet's {@code sendError}. Jetty's
 * own error page would be HTML and could quote the request URI.
 *
 * <p>Only a 500 is a server failure: it is logged at ERROR with an error ID, and the body carries only that ID. Every
 * other status, 505 included, is the client's doing and gets its code from {@link StatusErrors}, with a DEBUG line
 * at most. A 405 for a method that never reaches Jersey, such as {@code TRACE}, gets an {@code Allow} header that
 * lists the methods of the Jersey resources at the path, when a {@link ResourceMethodIndex} is given and a resource
 * matches.
 *
 * <p>Unlike Jersey's responses (see {@link UnreadBodyConnectionFilter}), these need no {@code Connection} header
 * from here: when the request's body is unread, Jetty 12.1 adds {@code Connection: close} itself, as the tests show
 * for a method outside the allowed list and for an unknown admin path.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final ObjectMapper objectMapper;
    private final ResourceMethodIndex resources;

    /** Creates a handler that serialises bodies with the given mapper, for a context without Jersey resources. */
    JsonErrorHandler(ObjectMapper objectMapper) {
        this(objectMapper, null);
    }

    /**
     * Creates a handler that serialises bodies with the given mapper and takes the {@code Allow} header of a 405 from
     * the given index of Jersey's resources, or sends none when the index is null.
     */
    JsonErrorHandler(ObjectMapper objectMapper, ResourceMethodIndex resources) {
        this.objectMapper = objectMapper;
        this.resources = resources;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        String correlationId = response.getHeaders().get(CorrelationIdFilter.HEADER);
        if (correlationId == null) {
            // Jetty rejected the request before the correlation filter ran, as for a malformed URI.
            correlationId = UUID.randomUUID().toString();
            response.getHeaders().put(CorrelationIdFilter.HEADER, correlationId);
        }
        ErrorResponse body;
        String previous = MDC.get(CorrelationIdFilter.MDC_KEY);
        MDC.put(CorrelationIdFilter.MDC_KEY, correlationId);
        try {
            body = describe(code, message, cause).withCorrelationId(correlationId);
        } finally {
            if (previous == null) {
                MDC.remove(CorrelationIdFilter.MDC_KEY);
            } else {
                MDC.put(CorrelationIdFilter.MDC_KEY, previous);
            }
        }
        byte[] json = objectMapper.writeValueAsBytes(body);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
        if (code == 405 && resources != null && !response.getHeaders().contains(HttpHeader.ALLOW)) {
            addAllow(request, response);
        }
        response.write(true, ByteBuffer.wrap(json), callback);
    }

    private void addAllow(Request request, Response response) {
        Set<String> methods = resources.methodsAt(Request.getPathInContext(request));
        if (!methods.isEmpty()) {
            response.getHeaders().put(HttpHeader.ALLOW, String.join(",", methods));
        }
    }

    private static ErrorResponse describe(int code, String message, Throwable cause) {
        if (code == 500) {
            return ServerErrors.record(cause);
        }
        LOGGER.debug("Answered a request with an error before the application: status={} reason=\"{}\"", code, message);
        return StatusErrors.forStatus(code);
    }
}
