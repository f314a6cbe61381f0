package dev.domstore.inventory.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the operator asks for. Fields are plain strings so every bad value gets its own clear problem. */
@Schema(name = "CreateVolumeRequest", example = """
        {"name": "vm1disk", "hostId": "dom0-a", "kind": "FILE", "size": "2G", "filesystem": "ext4"}""")
public record CreateVolumeRequest(
        @Schema(description = "Image file name for FILE volumes: letters, digits and . _ + -", example = "vm1disk") String name,
        @Schema(description = "The host that should hold the volume, as its agent reports it", example = "dom0-a") String hostId,
        @Schema(description = "FILE (PHYSICAL, LVM, SNAPSHOT, NFS_ROOT follow)", example = "FILE") String kind,
        @Schema(description = "Bytes, or a number with K, M, G, T or P (powers of 1024)", example = "2G") String size,
        @Schema(description = "ext2, ext3 or ext4; leave out for a raw volume", example = "ext4") String filesystem) {
}
