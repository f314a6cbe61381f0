package dev.domstore.inventory.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.inventory.config.InventoryConfig;
import dev.domstore.inventory.domain.EnrolledHost;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.VolumeGroupRow;
import dev.domstore.inventory.service.CapacityService;
import dev.domstore.inventory.service.HostEnrolments;
import dev.domstore.inventory.service.HostService;
import dev.domstore.problems.Problem;
import dev.domstore.security.Role;

@Path("/api/v1/hosts")
@RolesAllowed(Role.VIEWER_NAME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hosts", description = "Hosts (dom0s) as their agents report them, and the Kafka credentials they report with")
public class HostResource {
    @Inject
    HostService hosts;
    @Inject
    HostEnrolments enrolments;
    @Inject
    CapacityService capacity;
    @Inject
    InventoryConfig config;

    @GET
    @Operation(summary = "Hosts that have reported, by id")
    @APIResponse(responseCode = "200", description = "One page of hosts")
    public Page<HostResponse> list(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("pageSize") @DefaultValue("50") int pageSize) {
        return Page.of(Host.findAll(io.quarkus.panache.common.Sort.by("id")), page, pageSize, this::response);
    }

    @GET
    @Path("/{hostId}")
    @Operation(summary = "One host's last report")
    @APIResponse(responseCode = "200", description = "The host")
    @APIResponse(responseCode = "404", description = "No such host", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HostResponse get(@PathParam("hostId") String hostId) {
        return response(hosts.get(hostId));
    }

    @Schema(name = "EnrolHostRequest", example = "{\"hostId\": \"lab01\"}")
    public record EnrolHostRequest(
            @Schema(description = "The host's id, as its agent reports it (DOMSTORE_AGENT_HOST_ID)", example = "lab01") String hostId,
            @Schema(description = "Share the Kafka user of another enrolment of this name, as the simulated hosts of one agent do; "
                    + "default: the host's own, named for it", example = "sim") String credential) {
    }

    @Schema(name = "HostCredential")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostCredentialResponse(String hostId, String credential,
            @Schema(description = "The Kafka user its agent and nfs-service log in as (DOMSTORE_KAFKA_USERNAME)", example = "host.lab01") String kafkaUser,
            @Schema(description = "Only in the answer that made or changed it: Kafka keeps a hash, nothing can show it again "
                    + "(DOMSTORE_KAFKA_PASSWORD)") String password,
            Instant enrolledAt) {
        static HostCredentialResponse of(EnrolledHost host, String password) {
            return new HostCredentialResponse(host.hostId, host.credential, host.kafkaUser(), password, host.enrolledAt);
        }
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enrol a host: let its agent and nfs-service onto Kafka", description = "Makes the host's topics and a Kafka user that "
            + "may read only this host's commands and write only its results and reports. The answer holds the password, once.")
    @APIResponse(responseCode = "201", description = "Enrolled; give kafkaUser and password to its agent and nfs-service")
    @APIResponse(responseCode = "409", description = "Enrolled already", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not answer; nothing was enrolled", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<HostCredentialResponse> enrol(EnrolHostRequest request) {
        if (request == null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "body", "The request body is missing: send {\"hostId\": \"lab01\"}.");
        }
        HostEnrolments.Issued issued = enrolments.enrol(request.hostId(), request.credential());
        return RestResponse.ResponseBuilder.<HostCredentialResponse>created(URI.create("/api/v1/hosts/" + issued.enrolment().hostId + "/credential"))
                .entity(HostCredentialResponse.of(issued.enrolment(), issued.password())).build();
    }

    @GET
    @Path("/{hostId}/credential")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "A host's Kafka credential, without its password")
    @APIResponse(responseCode = "200", description = "The enrolment")
    @APIResponse(responseCode = "404", description = "Not enrolled", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HostCredentialResponse credential(@PathParam("hostId") String hostId) {
        return HostCredentialResponse.of(enrolments.get(hostId), null);
    }

    @POST
    @Path("/{hostId}/credential")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Give a host's Kafka credential a new password", description = "The old password stops working: open connections "
            + "are refused at their next re-authentication, within a minute. A credential shared by several hosts changes for all of them.")
    @APIResponse(responseCode = "200", description = "The new password, once")
    @APIResponse(responseCode = "404", description = "Not enrolled", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HostCredentialResponse rotate(@PathParam("hostId") String hostId) {
        HostEnrolments.Issued issued = enrolments.rotate(hostId);
        return HostCredentialResponse.of(issued.enrolment(), issued.password());
    }

    @DELETE
    @Path("/{hostId}/credential")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Revoke a host's Kafka credential", description = "At once, the host can no longer read its commands or send results "
            + "and reports. Its storage stays in the inventory; enrol it again to let it back.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "Not enrolled", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<Void> revoke(@PathParam("hostId") String hostId) {
        enrolments.revoke(hostId);
        return RestResponse.noContent();
    }

    private HostResponse response(Host host) {
        List<HostResponse.VolumeGroupResponse> groups = VolumeGroupRow.ofHost(host.id).stream()
                .map(vg -> new HostResponse.VolumeGroupResponse(vg.name, vg.sizeBytes, vg.freeBytes, capacity.volumeGroupAvailable(host, vg),
                        vg.extentSizeBytes))
                .toList();
        return HostResponse.from(host, capacity.imageRootAvailable(host), groups, config.hostStaleAfter());
    }
}
