package dev.domstore.inventory.rest;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.inventory.domain.Attachment;
import dev.domstore.inventory.domain.Volume;

/** A disk of a domain; {@code xenDisk} is its entry in the domain's disk list. */
public record AttachmentResponse(String domain, String vdev, UUID volumeId, String mode, boolean forced, String xenDisk, Instant attachedAt) {
    public static AttachmentResponse from(Attachment attachment, Volume volume) {
        return new AttachmentResponse(attachment.domainName, attachment.vdev, attachment.volumeId, attachment.mode.letter(),
                attachment.forced, volume.xenDisk() + "," + attachment.vdev + "," + attachment.mode.letter(), attachment.attachedAt);
    }
}
