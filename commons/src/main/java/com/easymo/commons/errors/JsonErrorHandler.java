package com.easymo.commons.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty error handler that writes an {@link ErrorResponse} as JSON, whatever the request's {@code Accept} header
 * says and whatever the request method.
 *
 * <p>It writes the response for errors that never reach Jersey, such as a method that Dropwizard's allowed-methods
 * filter rejects, a malformed request line or a servlet's {@code sendError}. Jetty's own error page would be HTML and
 * could quote the request URI.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final ObjectMapper objectMapper;

    /** Creates a handler that serialises bodies with the given mapper. */
    JsonErrorHandler(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
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
        ErrorResponse body = code >= 500 ? ServerErrors.record(cause) : StatusErrors.forStatus(code);
        byte[] json = objectMapper.writeValueAsBytes(body);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
        response.write(true, ByteBuffer.wrap(json), callback);
    }
}
