package dev.domstore.inventory.rest;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.domstore.inventory.domain.Attachment;
import dev.domstore.inventory.domain.Volume;

/** A disk of a domain; {@code xenDisk} is its entry in the domain's disk list. */
@Schema(name = "Attachment", example = """
        {"domain": "vm1", "vdev": "sda1", "volumeId": "0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02", "mode": "w", "forced": false,
         "xenDisk": "phy:vg/myvmdisk1,sda1,w", "attachedAt": "2026-11-26T09:16:00Z"}""")
public record AttachmentResponse(String domain, String vdev, UUID volumeId, String mode, boolean forced, String xenDisk, Instant attachedAt) {
    public static AttachmentResponse from(Attachment attachment, Volume volume) {
        return new AttachmentResponse(attachment.domainName, attachment.vdev, attachment.volumeId, attachment.mode.letter(),
                attachment.forced, volume.xenDisk() + "," + attachment.vdev + "," + attachment.mode.letter(), attachment.attachedAt);
    }
}
