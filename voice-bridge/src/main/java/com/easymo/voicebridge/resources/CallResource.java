package com.easymo.voicebridge.resources;

import com.easymo.commons.errors.ApiException;
import com.easymo.commons.errors.ErrorCodes;
import com.easymo.commons.ratelimit.RateLimited;
import com.easymo.voicebridge.api.CallResponse;
import com.easymo.voicebridge.api.OutboundCallRequest;
import com.easymo.voicebridge.core.CallService;
import com.easymo.voicebridge.core.CallSnapshot;
import com.easymo.voicebridge.core.CallStatus;
import com.easymo.voicebridge.core.StatusUpdate;
import com.easymo.voicebridge.provider.CallRejectedException;
import com.easymo.voicebridge.provider.SignatureCheck;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Places outbound calls, reports their status and takes the telephony provider's status callbacks. */
@Path("/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

    /** Code of the 404 for an unknown or malformed call ID. */
    public static final String CALL_NOT_FOUND = "call_not_found";

    /** Code of the 422 for a call that the telephony provider rejected with a 4xx. */
    public static final String PROVIDER_REJECTED = "provider_rejected";

    /** Code of the 403 for a status callback whose provider signature is missing or invalid. */
    public static final String INVALID_SIGNATURE = "invalid_signature";

    /** Header that carries the provider's signature on a status callback, as Twilio names it. */
    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    /** Code of the 409 for a status callback while the configured provider takes none. */
    public static final String STATUS_CALLBACK_NOT_SUPPORTED = "status_callback_not_supported";

    /** Name of the rate-limit policy on placing calls, configured under {@code rateLimit.policies}. */
    public static final String OUTBOUND_CALLS_POLICY = "outbound-calls";

    /** Canonical UUID form, so that lenient forms such as {@code 1-1-1-1-1} that {@link UUID} accepts get 404. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Status names that a callback may carry, for the message of a 422. */
    private static final String STATUS_NAMES =
            Arrays.stream(CallStatus.values()).map(CallStatus::value).collect(Collectors.joining(", "));

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
        CallSnapshot snapshot = place(request);
        return Response.accepted(CallResponse.from(snapshot))
                .header(HttpHeaders.LOCATION, "/calls/" + snapshot.call().id())
                .build();
    }

    /** Returns the call with its current status, or 404 {@code call_not_found} for an unknown or malformed ID. */
    @GET
    @Path("/{callId}")
    public CallResponse getCall(@PathParam("callId") String callId) {
        return calls.find(parseCallId(callId)).map(CallResponse::from).orElseThrow(CallResource::callNotFound);
    }

    /**
     * Records a status that the telephony provider posts, Twilio-style, as the form fields {@code CallSid} and
     * {@code CallStatus}, and returns 204. Other form fields are ignored, but they are part of the signature. Only the
     * global rate-limit policy applies.
     *
     * <p>With the HTTP provider, a callback without a valid {@value #SIGNATURE_HEADER} gets 403
     * {@value #INVALID_SIGNATURE} before its call is looked up, unless {@code telephony.verifyCallbackSignatures} is
     * false.
     */
    @POST
    @Path("/{callId}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateStatus(
            @PathParam("callId") String callId,
            @HeaderParam(SIGNATURE_HEADER) String signature,
            MultivaluedMap<String, String> form) {
        UUID id = parseCallId(callId);
        checkSignature(id, form, signature);

        String callSid = form.getFirst("CallSid");
        String callStatus = form.getFirst("CallStatus");
        if (callSid == null || callSid.isBlank()) {
            throw invalidField("CallSid is required.", "CallSid");
        }
        CallStatus status = CallStatus.fromValue(callStatus)
                .orElseThrow(() -> invalidField("CallStatus must be one of " + STATUS_NAMES + ".", "CallStatus"));

        StatusUpdate update = calls.updateStatus(id, callSid, status);
        return switch (update) {
            case ACCEPTED -> Response.noContent().build();
            case CALL_NOT_FOUND -> throw callNotFound();
            case PROVIDER_CALL_MISMATCH -> throw invalidField("CallSid does not match the call.", "CallSid");
            case NOT_SUPPORTED ->
                throw new ApiException(
                        409,
                        STATUS_CALLBACK_NOT_SUPPORTED,
                        "The configured telephony provider reports statuses itself and takes no status callbacks.");
        };
    }

    private CallSnapshot place(OutboundCallRequest request) {
        try {
            return calls.place(request.to(), request.from());
        } catch (CallRejectedException e) {
            String reason =
                    e.getProviderCode().map(code -> " with code " + code).orElse("");
            throw new ApiException(422, PROVIDER_REJECTED, "The telephony provider rejected the call" + reason + ".");
        }
    }

    private void checkSignature(UUID id, MultivaluedMap<String, String> form, String signature) {
        SignatureCheck check = calls.checkCallbackSignature(id, form, signature);
        if (check == SignatureCheck.MISSING) {
            throw invalidSignature("The " + SIGNATURE_HEADER + " header is required.");
        }
        if (check == SignatureCheck.INVALID) {
            throw invalidSignature("The " + SIGNATURE_HEADER + " header does not match the request.");
        }
    }

    private static UUID parseCallId(String callId) {
        if (!CANONICAL_UUID.matcher(callId).matches()) {
            throw callNotFound();
        }
        return UUID.fromString(callId);
    }

    private static ApiException invalidField(String message, String field) {
        return new ApiException(422, ErrorCodes.INVALID_FIELD, message, field);
    }

    private static ApiException invalidSignature(String message) {
        return new ApiException(403, INVALID_SIGNATURE, message, SIGNATURE_HEADER);
    }

    private static ApiException callNotFound() {
        return new ApiException(404, CALL_NOT_FOUND, "No call exists with the given ID.");
    }
}
