package dev.domstore.inventory.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AttachRequest", example = """
        {"volumeId": "0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02", "mode": "w"}""")
public record AttachRequest(
        @Schema(description = "The volume to attach") String volumeId,
        @Schema(description = "r (read-only, may be shared) or w (read-write, exclusive)", example = "w") String mode,
        @Schema(description = "Attach an LVM origin read-write although it has snapshots; recorded in the audit", defaultValue = "false") Boolean force) {
}
