package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** An order from the inventory to one host, published on that host's {@code domstore.commands.<host>} keyed by host id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(CreateVolume.class),
        @JsonSubTypes.Type(DeleteVolume.class),
        @JsonSubTypes.Type(ExtendVolume.class),
        @JsonSubTypes.Type(ApplyExports.class)
})
public sealed interface Command extends Versioned permits VolumeCommand, ApplyExports {
    UUID commandId();

    /** The aggregate the command acts on. */
    UUID volumeId();

    String hostId();

    Instant occurredAt();
}
