package dev.domstore.inventory.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.Drift;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;

/**
 * A volume as the API shows it. Timestamps are UTC ISO-8601; sizes are bytes with a readable
 * twin. Fields that do not apply to the volume's kind are left out.
 */
@Schema(name = "Volume", example = """
        {"id": "0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02", "name": "vm1disk", "hostId": "dom0-a", "kind": "FILE", "sizeBytes": 2147483648,
         "size": "2G", "hostSizeBytes": 2147483648, "filesystem": "EXT4", "state": "AVAILABLE",
         "xenDisk": "file:/var/lib/domstore/images/vm1disk", "imagePath": "/var/lib/domstore/images/vm1disk",
         "hostPath": "/var/lib/domstore/images/vm1disk", "allocatedBytes": 1232896,
         "createdAt": "2026-11-26T09:15:30.123Z", "updatedAt": "2026-11-26T09:15:31.532Z"}""")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeResponse(
        UUID id,
        String name,
        String hostId,
        VolumeKind kind,
        long sizeBytes,
        String size,
        Long hostSizeBytes,
        Filesystem filesystem,
        VolumeState state,
        String xenDisk,
        String imagePath,
        String volumeGroup,
        UUID originId,
        String devicePath,
        Boolean mountedReadWrite,
        String populateFrom,
        String exportPath,
        List<String> clients,
        String serverAddress,
        String hostPath,
        Long allocatedBytes,
        Failure failure,
        DriftReport drift,
        SnapshotFillResponse snapshotFill,
        @Schema(description = "SNAPSHOT: its snapshot-guard policy, its own (override) or the guard's (global)") GuardPolicyResponse guardPolicy,
        Instant createdAt,
        Instant updatedAt) {

    /** Why the last operation on the volume failed on its host. */
    public record Failure(FailureReason reason, String message) {
    }

    /** How the host's last report differs from the intent. */
    public record DriftReport(Drift kind, String detail, Instant since) {
    }

    /** A snapshot's differences area as its host last reported it; rate and time to full from the last two samples. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SnapshotFillResponse(double dataPercent, long usedBytes, long cowSizeBytes, Double fillRateBytesPerSecond,
            Double secondsToFull, Instant reportedAt) {
    }

    public static VolumeResponse from(Volume volume) {
        return new VolumeResponse(volume.id, volume.name, volume.hostId, volume.kind, volume.sizeBytes,
                volume.kind == VolumeKind.PHYSICAL && volume.sizeBytes == 0 ? null : Sizes.format(volume.sizeBytes),
                volume.hostSizeBytes, volume.filesystem, volume.state, volume.xenDisk(), volume.imagePath, volume.volumeGroup,
                volume.originId, volume.devicePath, volume.kind == VolumeKind.PHYSICAL ? volume.mountedReadWrite : null,
                volume.populateFrom, volume.exportPath,
                volume.exportClients == null ? null : List.of(volume.exportClients.split("\n")),
                volume.serverAddress, volume.hostPath, volume.allocatedBytes,
                volume.failureReason == null ? null : new Failure(volume.failureReason, volume.failureMessage),
                volume.drift == null ? null : new DriftReport(volume.drift, volume.driftDetail, volume.driftSince),
                volume.snapshotUsageAt == null ? null : new SnapshotFillResponse(volume.snapshotDataPercent, volume.snapshotUsedBytes,
                        volume.snapshotCowBytes, volume.snapshotFillRate, volume.snapshotSecondsToFull, volume.snapshotUsageAt),
                GuardPolicyResponse.of(volume), volume.createdAt, volume.updatedAt);
    }
}
