package com.easymo.commons.errors;

import com.easymo.commons.http.UpstreamException;
import com.easymo.commons.http.UpstreamUnavailableException;
import jakarta.validation.Valid;
import jakarta.validation.ValidationException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Endpoints that each trigger one kind of error. */
@Path("/test")
@Produces(MediaType.APPLICATION_JSON)
public class ErrorTestResource {

    /** Request body with a string, an integer, a boolean and a list. */
    public record Item(
            @NotNull @Size(max = 20) String name,
            @NotNull @Min(1) Integer count,
            Boolean active,
            List<String> tags,
            UUID reference,
            Colour colour) {}

    /** Enum-typed field of {@link Item}. */
    public enum Colour {
        RED,
        GREEN
    }

    /** Response body whose constraint the resource breaks on purpose. */
    public record Summary(@NotNull String name) {}

    @POST
    @Path("/items")
    @Consumes(MediaType.APPLICATION_JSON)
    public Item create(@NotNull @Valid Item item) {
        return item;
    }

    @GET
    @Path("/items")
    public Map<String, Integer> list(@QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit) {
        return Map.of("limit", limit);
    }

    @GET
    @Path("/failure")
    public String fail() {
        throw new IllegalArgumentException("secret internal detail");
    }

    @GET
    @Path("/conflict")
    public String conflict() {
        throw new ApiException(409, "item_conflict", "An item with this name already exists.", "name");
    }

    @GET
    @Path("/bad-constraint")
    public String badConstraint() {
        throw new ValidationException("secret constraint detail");
    }

    /** Returns 409 with its own {@code Connection} header, without reading the request body. */
    @POST
    @Path("/conflict-keep-alive")
    public Response conflictKeepingConnection() {
        return Response.status(409)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Connection", "keep-alive")
                .entity(ErrorResponse.of("item_conflict", "An item with this name already exists."))
                .build();
    }

    @GET
    @Path("/unavailable")
    public String unavailable() {
        throw new ServiceUnavailableException(30L);
    }

    @GET
    @Path("/upstream-open")
    public String upstreamOpen() {
        throw new UpstreamUnavailableException("test-upstream", 12);
    }

    @GET
    @Path("/upstream-timeout")
    public String upstreamTimeout() {
        throw new UpstreamException("test-upstream", UpstreamException.Kind.TIMEOUT, "timed out", null);
    }

    @GET
    @Path("/upstream-failure")
    public String upstreamFailure() {
        throw UpstreamException.serverError("test-upstream", 500);
    }

    @GET
    @Path("/missing")
    public Optional<String> missing() {
        return Optional.empty();
    }

    @GET
    @Path("/invalid-summary")
    @Valid
    public Summary invalidSummary() {
        return new Summary(null);
    }
}
