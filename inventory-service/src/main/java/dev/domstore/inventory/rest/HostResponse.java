package dev.domstore.inventory.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.domstore.common.VolumeKind;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.Orphan;

/**
 * A host as its agent last reported it. {@code stale}: no report for longer than the inventory
 * allows, so the figures may be out of date and the host may be down.
 */
@Schema(name = "Host", example = """
        {"hostId": "dom0-a", "hostname": "dom0-a.example", "simulated": false, "stale": false,
         "imageRoot": "/var/lib/domstore/images", "imageRootFreeBytes": 53687091200, "imageRootAvailableBytes": 51539607552,
         "loopDevicesInUse": 1, "loopDeviceLimit": 8,
         "volumeGroups": [{"name": "vg", "sizeBytes": 1069547520, "freeBytes": 1002438656, "availableBytes": 1002438656, "extentSizeBytes": 4194304}],
         "orphans": [], "firstSeenAt": "2026-11-26T09:00:00Z", "lastReportAt": "2026-11-26T09:15:30.123Z"}""")
public record HostResponse(
        String hostId,
        String hostname,
        boolean simulated,
        boolean stale,
        String imageRoot,
        long imageRootFreeBytes,
        long imageRootAvailableBytes,
        int loopDevicesInUse,
        int loopDeviceLimit,
        List<VolumeGroupResponse> volumeGroups,
        List<OrphanResponse> orphans,
        String nfsExportRoot,
        Instant firstSeenAt,
        Instant lastReportAt) {

    /** {@code availableBytes}: what domstore can still promise from it, counting accepted requests the report does not show yet. */
    public record VolumeGroupResponse(String name, long sizeBytes, long freeBytes, long availableBytes, long extentSizeBytes) {
    }

    /** Something of domstore's on the host with no volume behind it; never deleted automatically. */
    public record OrphanResponse(VolumeKind kind, String location, java.util.UUID volumeId, long sizeBytes, Instant firstSeenAt, Instant lastSeenAt) {
        static OrphanResponse from(Orphan orphan) {
            return new OrphanResponse(orphan.kind, orphan.location, orphan.volumeId, orphan.sizeBytes, orphan.firstSeenAt, orphan.lastSeenAt);
        }
    }

    public static HostResponse from(Host host, long imageRootAvailableBytes, List<VolumeGroupResponse> volumeGroups, Duration staleAfter) {
        return new HostResponse(host.id, host.hostname, host.simulated, host.lastReportAt.isBefore(Instant.now().minus(staleAfter)),
                host.imageRoot, host.imageRootFreeBytes, imageRootAvailableBytes, host.loopDevicesInUse, host.loopDeviceLimit, volumeGroups,
                Orphan.ofHost(host.id).stream().map(OrphanResponse::from).toList(), host.nfsExportRoot, host.firstSeenAt, host.lastReportAt);
    }
}
