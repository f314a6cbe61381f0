package dev.domstore.inventory.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.domstore.inventory.security.Caller;
import dev.domstore.inventory.service.GuardPolicies;
import dev.domstore.inventory.service.VolumeService;
import dev.domstore.problems.Problem;
import dev.domstore.security.Role;

/** A snapshot's own snapshot-guard policy, overriding the guard's global one. */
@Path("/api/v1/volumes/{id}/guard-policy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Volumes")
@RolesAllowed(Role.VIEWER_NAME)
public class GuardPolicyResource {
    @Inject
    GuardPolicies policies;
    @Inject
    VolumeService volumes;
    @Inject
    Caller caller;

    @GET
    @Operation(summary = "A snapshot's guard policy", description = "source is override (with what the snapshot sets) or global (the guard's own policy).")
    @APIResponse(responseCode = "200", description = "The policy", content = @Content(schema = @Schema(implementation = GuardPolicyResponse.class)))
    @APIResponse(responseCode = "404", description = "No such volume", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Not a snapshot", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public GuardPolicyResponse get(@PathParam("id") UUID id) {
        return GuardPolicyResponse.of(policies.get(id));
    }

    @PUT
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a snapshot's own guard policy", description = "Replaces the snapshot's override as a whole: a field left out "
            + "keeps the guard's global value. enabled=false: the guard never asks to extend it. Reaches the guard through "
            + "domstore.guard-policies and applies from the snapshot's next usage report. Setting what it already has changes nothing.")
    @RequestBody(content = @Content(schema = @Schema(implementation = GuardPolicyRequest.class)))
    @APIResponse(responseCode = "200", description = "The policy now in force", content = @Content(schema = @Schema(implementation = GuardPolicyResponse.class)))
    @APIResponse(responseCode = "400", description = "A field is invalid or unknown; nothing changed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such volume", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The snapshot is deleted, failed, being deleted or invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Not a snapshot", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public GuardPolicyResponse put(@PathParam("id") UUID id, JsonNode body) {
        caller.requireHost(volumes.get(id).hostId);
        return GuardPolicyResponse.of(policies.put(id, GuardPolicyRequest.parse(body)));
    }

    @DELETE
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Remove a snapshot's own guard policy", description = "The guard's global policy applies again. Removing none changes nothing.")
    @APIResponse(responseCode = "204", description = "Removed (or there was none)")
    @APIResponse(responseCode = "404", description = "No such volume", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Not a snapshot", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<Void> delete(@PathParam("id") UUID id) {
        caller.requireHost(volumes.get(id).hostId);
        policies.clear(id);
        return RestResponse.noContent();
    }
}
