package dev.domstore.guard.rest;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.domstore.guard.domain.GuardEngine;
import dev.domstore.guard.messaging.GuardRuntime;
import dev.domstore.security.Role;

/**
 * Read-only view of the snapshots this instance watches: fill, rate, time to full and the last
 * decision with its reason. Each instance shows its own partitions' snapshots.
 */
@Path("/api/v1/guard/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class SnapshotStatusResource {

    @Inject
    GuardRuntime runtime;

    @GET
    @Operation(summary = "The snapshots this guard instance watches, with its last decision for each")
    public List<SnapshotStatus> list() {
        GuardEngine engine = runtime.engine();
        if (engine == null) {
            return List.of();
        }
        return engine.snapshots().stream()
                .map(state -> SnapshotStatus.of(state, engine.outstanding(state.volumeId()).orElse(null)))
                .sorted(Comparator.comparing(status -> status.hostId() + "/" + status.volumeGroup() + "/" + status.name()))
                .toList();
    }

    @GET
    @Path("/{volumeId}")
    @Operation(summary = "One watched snapshot, with the guard's last decision")
    public SnapshotStatus get(@PathParam("volumeId") UUID volumeId) {
        GuardEngine engine = runtime.engine();
        return engine == null ? null : engine.snapshot(volumeId)
                .map(state -> SnapshotStatus.of(state, engine.outstanding(volumeId).orElse(null)))
                .orElseThrow(() -> new NotFoundException("Snapshot " + volumeId + " is not watched by this guard instance "
                        + "(unknown, or on a partition of another instance)"));
    }
}
