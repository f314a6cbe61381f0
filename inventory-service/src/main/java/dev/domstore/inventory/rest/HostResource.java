package dev.domstore.inventory.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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

import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.VolumeGroupRow;
import dev.domstore.inventory.config.InventoryConfig;
import dev.domstore.inventory.service.CapacityService;
import dev.domstore.inventory.service.HostService;
import dev.domstore.problems.Problem;

@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hosts", description = "Hosts (dom0s) as their agents report them")
public class HostResource {
    @Inject
    HostService hosts;
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

    private HostResponse response(Host host) {
        List<HostResponse.VolumeGroupResponse> groups = VolumeGroupRow.ofHost(host.id).stream()
                .map(vg -> new HostResponse.VolumeGroupResponse(vg.name, vg.sizeBytes, vg.freeBytes, capacity.volumeGroupAvailable(host, vg),
                        vg.extentSizeBytes))
                .toList();
        return HostResponse.from(host, capacity.imageRootAvailable(host), groups, config.hostStaleAfter());
    }
}
