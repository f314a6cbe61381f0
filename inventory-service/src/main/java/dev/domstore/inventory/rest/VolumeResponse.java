package dev.domstore.inventory.rest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;

/** A volume as the API shows it. Timestamps are UTC ISO-8601; sizes are bytes with a readable twin. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeResponse(
        UUID id,
        String name,
        String hostId,
        VolumeKind kind,
        long sizeBytes,
        String size,
        Filesystem filesystem,
        VolumeState state,
        String xenDisk,
        String imagePath,
        Long allocatedBytes,
        Failure failure,
        Instant createdAt,
        Instant updatedAt) {

    /** Why the last operation on the volume failed on its host. */
    public record Failure(FailureReason reason, String message) {
    }

    public static VolumeResponse from(Volume volume) {
        return new VolumeResponse(volume.id, volume.name, volume.hostId, volume.kind, volume.sizeBytes,
                Sizes.format(volume.sizeBytes), volume.filesystem, volume.state, volume.xenDisk(), volume.imagePath,
                volume.allocatedBytes,
                volume.failureReason == null ? null : new Failure(volume.failureReason, volume.failureMessage),
                volume.createdAt, volume.updatedAt);
    }
}
