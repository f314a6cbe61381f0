package dev.domstore.common.messages;

import dev.domstore.common.VolumeKind;

/** A command that creates, extends or deletes one volume on its host: the provisioning agent's commands. */
public sealed interface VolumeCommand extends Command permits CreateVolume, DeleteVolume, ExtendVolume {
    VolumeKind kind();

    /** The volume group of an LVM volume or snapshot; null for other kinds. */
    String volumeGroup();
}
