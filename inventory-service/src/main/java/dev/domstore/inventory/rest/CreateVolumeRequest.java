package dev.domstore.inventory.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the operator asks for; {@code kind} decides which fields apply. Fields are plain strings so
 * every bad value gets its own clear problem.
 */
@Schema(name = "CreateVolumeRequest", description = """
        FILE: name, size, optional filesystem, populateFrom, hostId (else placed where most space is free).
        LVM: name, size, optional volumeGroup, filesystem, populateFrom, hostId.
        SNAPSHOT: name, originId (an LVM volume), cowSize (the differences area).
        PHYSICAL: hostId, devicePath, optional name.
        NFS_ROOT: hostId (the NFS server), path, clients, optional serverAddress, populateFrom.""",
        example = """
        {"name": "vm1disk", "hostId": "dom0-a", "kind": "FILE", "size": "2G", "filesystem": "ext4"}""")
public record CreateVolumeRequest(
        @Schema(description = "Image file name (FILE), LV name (LVM, SNAPSHOT), a label (PHYSICAL, NFS_ROOT)", example = "vm1disk") String name,
        @Schema(description = "The host that should hold the volume; omit for FILE and LVM to let domstore place it", example = "dom0-a") String hostId,
        @Schema(description = "FILE, LVM, SNAPSHOT, PHYSICAL or NFS_ROOT", example = "FILE") String kind,
        @Schema(description = "Bytes, or a number with K, M, G, T or P (powers of 1024)", example = "2G") String size,
        @Schema(description = "ext2, ext3 or ext4; leave out for a raw volume", example = "ext4") String filesystem,
        @Schema(description = "LVM: the volume group; omit to use the one with most free space", example = "vg") String volumeGroup,
        @Schema(description = "SNAPSHOT: id of the LVM volume to clone") String originId,
        @Schema(description = "SNAPSHOT: size of the differences area, as lvcreate -s -L", example = "1024M") String cowSize,
        @Schema(description = "PHYSICAL: the block device in dom0", example = "/dev/hda3") String devicePath,
        @Schema(description = "FILE, LVM, NFS_ROOT: a directory on the host to copy in, like cp -ax", example = "/srv/rootfs/debian") String populateFrom,
        @Schema(description = "NFS_ROOT: the directory to export", example = "/export/vm1root") String path,
        @Schema(description = "NFS_ROOT: exports(5) client specs, no space before the option list", example = "[\"1.2.3.4/24(rw,sync,no_root_squash)\"]") List<String> clients,
        @Schema(description = "NFS_ROOT: the address domains reach the server at (nfs_server); defaults to the host's name", example = "2.3.4.5") String serverAddress,
        @Schema(description = "Accept what a safety rule would refuse (an origin in use, no_root_squash to many hosts); recorded in the audit", defaultValue = "false") Boolean force) {

    /** A FILE volume request, the common case. */
    public static CreateVolumeRequest file(String name, String hostId, String size, String filesystem) {
        return new CreateVolumeRequest(name, hostId, "FILE", size, filesystem, null, null, null, null, null, null, null, null, null);
    }
}
