package dev.domstore.inventory.rest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.domstore.common.validation.Durations;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;
import dev.domstore.inventory.security.Caller;
import dev.domstore.inventory.service.IdempotentRequests;
import dev.domstore.inventory.service.VolumeService;
import dev.domstore.inventory.service.VolumeWaits;
import dev.domstore.problems.Problem;
import dev.domstore.security.Role;

@Path("/api/v1/volumes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Volumes", description = "Storage for domains: intent, and the state its host reported")
@RolesAllowed(Role.VIEWER_NAME)
public class VolumeResource {
    /** How long {@code waitFor} waits unless told, and at most. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    @Inject
    VolumeService volumes;
    @Inject
    Caller caller;
    @Inject
    IdempotentRequests idempotency;
    @Inject
    VolumeWaits waits;

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Ask for a volume", description = "Accepted at once; the host makes it. Follow Location until the state is AVAILABLE or FAILED.")
    @APIResponse(responseCode = "202", description = "Accepted; the volume is REQUESTED")
    @APIResponse(responseCode = "400", description = "A field is invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The name is taken on that host", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Unknown host or unsupported kind", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(
            @Parameter(description = "Makes retries safe: the same key and body return the first response and change nothing more")
            @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey,
            CreateVolumeRequest request) {
        if (request != null) {
            caller.requireAdminToForce(Boolean.TRUE.equals(request.force()), "force a volume past a safety rule");
        }
        return idempotency.execute(idempotencyKey, "POST /api/v1/volumes", request, () -> {
            Volume volume = volumes.create(request);
            return new IdempotentRequests.Outcome(202, VolumeResponse.from(volume), URI.create("/api/v1/volumes/" + volume.id));
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A volume and its state", description = "With waitFor, the answer comes as soon as the volume is in that "
            + "state, or settled in another (AVAILABLE, FAILED, DELETED, INVALID, AT_RISK), or when timeout has passed: no need to poll.")
    @APIResponse(responseCode = "200", description = "The volume (with waitFor: in that state, settled, or as it was at the timeout)")
    @APIResponse(responseCode = "404", description = "No such volume", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public VolumeResponse get(@PathParam("id") UUID id,
            @Parameter(description = "A state to wait for, such as AVAILABLE") @QueryParam("waitFor") String waitFor,
            @Parameter(description = "How long to wait at most: 0s to 60s, default 30s") @QueryParam("timeout") String timeout) {
        if (waitFor == null) {
            if (timeout != null) {
                throw new InvalidInputException(InvalidInputException.Kind.FIELD, "timeout", "'timeout' goes with 'waitFor': "
                        + "add ?waitFor=AVAILABLE (or another state) to wait.");
            }
            return VolumeResponse.from(volumes.get(id));
        }
        VolumeState wanted = parseState("waitFor", waitFor);
        Duration limit = timeout == null ? DEFAULT_WAIT : Durations.parse("timeout", timeout);
        if (limit.compareTo(MAX_WAIT) > 0) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "timeout", "'timeout' is " + Durations.format(limit)
                    + "; wait at most " + Durations.format(MAX_WAIT) + ", and ask again.");
        }
        return waits.awaitState(id, wanted, limit, VolumeResponse::from);
    }

    @GET
    @Operation(summary = "Volumes, newest first, optionally of one host and in one state")
    @APIResponse(responseCode = "200", description = "One page of volumes")
    public Page<VolumeResponse> list(@QueryParam("hostId") String hostId, @QueryParam("state") String state,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("pageSize") @DefaultValue("50") int pageSize) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (hostId != null && !hostId.isBlank()) {
            conditions.add("hostId = :hostId");
            parameters.put("hostId", hostId);
        }
        if (state != null && !state.isBlank()) {
            conditions.add("state = :state");
            parameters.put("state", parseState("state", state));
        }
        String where = conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ";
        return Page.of(Volume.find(where + "order by createdAt desc, id", parameters), page, pageSize, VolumeResponse::from);
    }

    /** Exactly one of the two: the new size, or how much to add (like lvextend -L+100M). */
    @Schema(name = "ExtendRequest", example = "{\"size\": \"6G\"}")
    public record ExtendRequest(
            @Schema(description = "The new size", example = "6G") String size,
            @Schema(description = "How much to add", example = "100M") String increment) {
    }

    @POST
    @Path("/{id}/extend")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Grow a volume (and its file system)", description = "LVM volumes, snapshots' differences areas and FILE images. "
            + "Accepted at once; the state is EXTENDING until the host has grown it. Asking for the size it has changes nothing.")
    @APIResponse(responseCode = "202", description = "Extension accepted")
    @APIResponse(responseCode = "200", description = "It already has that size: nothing to do")
    @APIResponse(responseCode = "409", description = "Not enough capacity, or busy", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Would shrink it, or cannot be extended", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response extend(@PathParam("id") UUID id,
            @Parameter(description = "Makes retries safe") @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey,
            ExtendRequest request) {
        caller.requireHost(volumes.get(id).hostId);
        return idempotency.execute(idempotencyKey, "POST /api/v1/volumes/" + id + "/extend", request, () -> {
            long target = targetSize(volumes.get(id), request);
            boolean started = volumes.extend(id, target);
            return new IdempotentRequests.Outcome(started ? 202 : 200, VolumeResponse.from(volumes.get(id)), null);
        });
    }

    private static long targetSize(Volume volume, ExtendRequest request) {
        if (request == null || (request.size() == null) == (request.increment() == null)) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "size",
                    "Give exactly one of 'size' (the new size, such as 6G) and 'increment' (how much to add, such as 100M).");
        }
        if (request.size() != null) {
            return Sizes.parse("size", request.size());
        }
        String increment = request.increment().startsWith("+") ? request.increment().substring(1) : request.increment();
        return volume.sizeBytes + Sizes.parse("increment", increment);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Delete a volume", description = "Accepted at once; the host removes it. The state goes DELETING, then DELETED.")
    @APIResponse(responseCode = "202", description = "Deletion accepted")
    @APIResponse(responseCode = "404", description = "No such volume", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already deleted", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<VolumeResponse> delete(@PathParam("id") UUID id) {
        caller.requireHost(volumes.get(id).hostId);
        return RestResponse.accepted(VolumeResponse.from(volumes.delete(id)));
    }

    private static VolumeState parseState(String field, String state) {
        try {
            return VolumeState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, field, "'" + state + "' is not a volume state; the states are "
                    + Arrays.stream(VolumeState.values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
        }
    }
}
