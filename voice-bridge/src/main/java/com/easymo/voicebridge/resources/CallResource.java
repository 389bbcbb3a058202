package com.easymo.voicebridge.resources;

import com.easymo.commons.errors.ApiException;
import com.easymo.commons.ratelimit.RateLimited;
import com.easymo.voicebridge.api.CallResponse;
import com.easymo.voicebridge.api.OutboundCallRequest;
import com.easymo.voicebridge.core.CallService;
import com.easymo.voicebridge.core.CallSnapshot;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** Places outbound calls and reports their status. */
@Path("/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

    /** Code of the 404 for an unknown or malformed call ID. */
    public static final String CALL_NOT_FOUND = "call_not_found";

    /** Name of the rate-limit policy on placing calls, configured under {@code rateLimit.policies}. */
    public static final String OUTBOUND_CALLS_POLICY = "outbound-calls";

    /** Canonical UUID form, so that lenient forms such as {@code 1-1-1-1-1} that {@link UUID} accepts get 404. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CallService calls;

    /** Creates the resource on top of the call service. */
    public CallResource(CallService calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * Places an outbound call and returns 202 Accepted with the call and a {@code Location} header that points to
     * its status.
     */
    @POST
    @Path("/outbound")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(OUTBOUND_CALLS_POLICY)
    public Response placeCall(@NotNull @Valid OutboundCallRequest request) {
        CallSnapshot snapshot = calls.place(request.to(), request.from());
        return Response.accepted(CallResponse.from(snapshot))
                .header(HttpHeaders.LOCATION, "/calls/" + snapshot.call().id())
                .build();
    }

    /** Returns the call with its current status, or 404 {@code call_not_found} for an unknown or malformed ID. */
    @GET
    @Path("/{callId}")
    public CallResponse getCall(@PathParam("callId") String callId) {
        if (!CANONICAL_UUID.matcher(callId).matches()) {
            throw callNotFound();
        }
        return calls.find(UUID.fromString(callId)).map(CallResponse::from).orElseThrow(CallResource::callNotFound);
    }

    private static ApiException callNotFound() {
        return new ApiException(404, CALL_NOT_FOUND, "No call exists with the given ID.");
    }
}
