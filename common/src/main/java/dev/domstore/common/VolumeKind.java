package dev.domstore.common;

/** The ways the Xen manual's storage chapter gives a domain storage. */
public enum VolumeKind {
    /** An existing block device or partition of dom0, exported as a VBD ({@code phy:hda3}). */
    PHYSICAL,
    /** A sparse image file with a file system, attached through a loop device ({@code file:/path}). */
    FILE,
    /** A logical volume in a volume group ({@code phy:vg/lv}). */
    LVM,
    /** A copy-on-write clone of an LVM volume whose differences area must never fill. */
    SNAPSHOT,
    /** A directory exported by an NFS server and used as a domain's root. */
    NFS_ROOT
}
