package com.easymo.commons.http;

import com.easymo.commons.errors.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps an {@link UpstreamException} to a 504 with the code {@link UpstreamErrorCodes#UPSTREAM_TIMEOUT} when the call
 * timed out, and to a 502 with {@link UpstreamErrorCodes#UPSTREAM_ERROR} otherwise.
 *
 * <p>The body names no upstream service. The mapper logs one WARN line with the key-value pairs
 * {@code event=UPSTREAM_FAILED}, {@code client}, {@code kind} and {@code cause} (the cause's class name), and the
 * exception, whose message may quote the upstream's response. The log layout masks personal data in both.
 */
public class UpstreamExceptionMapper implements ExceptionMapper<UpstreamException> {

    private static final Logger LOGGER = LoggerFactory.getLogger(UpstreamExceptionMapper.class);
    private static final String EVENT = "UPSTREAM_FAILED";

    @Override
    public Response toResponse(UpstreamException exception) {
        String cause = exception.getCause() == null
                ? "none"
                : exception.getCause().getClass().getName();
        LOGGER.atWarn()
                .addKeyValue("event", EVENT)
                .addKeyValue("client", exception.getClientName())
                .addKeyValue("kind", exception.getKind().name())
                .addKeyValue("cause", cause)
                .setCause(exception)
                .log("Upstream call failed");

        if (exception.getKind() == UpstreamException.Kind.TIMEOUT) {
            return build(
                    Response.Status.GATEWAY_TIMEOUT,
                    UpstreamErrorCodes.UPSTREAM_TIMEOUT,
                    "A service that this request depends on did not respond in time.");
        }
        return build(
                Response.Status.BAD_GATEWAY,
                UpstreamErrorCodes.UPSTREAM_ERROR,
                "A service that this request depends on failed to process it.");
    }

    private static Response build(Response.Status status, String code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(code, message))
                .build();
    }
}
