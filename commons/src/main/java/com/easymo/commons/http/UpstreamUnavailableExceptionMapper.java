package com.easymo.commons.http;

import com.easymo.commons.errors.ErrorResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps an {@link UpstreamUnavailableException} to a 503 with {@code Retry-After} and the code
 * {@link UpstreamErrorCodes#UPSTREAM_UNAVAILABLE}.
 *
 * <p>The body names no upstream service and no breaker, which appear only in the WARN line that the mapper logs with
 * the key-value pairs {@code event=UPSTREAM_UNAVAILABLE}, {@code breaker} and {@code retryAfter}.
 */
public class UpstreamUnavailableExceptionMapper implements ExceptionMapper<UpstreamUnavailableException> {

    private static final Logger LOGGER = LoggerFactory.getLogger(UpstreamUnavailableExceptionMapper.class);
    private static final String EVENT = "UPSTREAM_UNAVAILABLE";

    @Override
    public Response toResponse(UpstreamUnavailableException exception) {
        long retryAfter = exception.getRetryAfterSeconds();
        LOGGER.atWarn()
                .addKeyValue("event", EVENT)
                .addKeyValue("breaker", exception.getBreakerName())
                .addKeyValue("retryAfter", retryAfter)
                .log(EVENT + " breaker={} retryAfter={}", exception.getBreakerName(), retryAfter);

        String message = "A service that this request depends on is temporarily unavailable, please try again later.";
        ErrorResponse body =
                new ErrorResponse(UpstreamErrorCodes.UPSTREAM_UNAVAILABLE, message, null, retryAfter, null);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, retryAfter)
                .entity(body)
                .build();
    }
}
