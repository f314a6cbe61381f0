package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a host made of a command, published on {@code domstore.results} keyed by command id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(VolumeCreated.class),
        @JsonSubTypes.Type(VolumeCreationFailed.class),
        @JsonSubTypes.Type(VolumeDeleted.class),
        @JsonSubTypes.Type(VolumeDeletionFailed.class),
        @JsonSubTypes.Type(VolumeExtended.class),
        @JsonSubTypes.Type(VolumeExtensionFailed.class),
        @JsonSubTypes.Type(ExportsApplied.class),
        @JsonSubTypes.Type(ExportsApplyFailed.class)
})
public sealed interface CommandResult extends Versioned
        permits VolumeCreated, VolumeCreationFailed, VolumeDeleted, VolumeDeletionFailed, VolumeExtended, VolumeExtensionFailed,
        ExportsApplied, ExportsApplyFailed {
    /** This result's own id, used by consumers to process it once. */
    UUID messageId();

    UUID commandId();

    UUID volumeId();

    String hostId();

    Instant occurredAt();
}
