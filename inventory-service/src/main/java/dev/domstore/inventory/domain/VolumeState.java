package dev.domstore.inventory.domain;

/**
 * The life of a volume: {@code REQUESTED → PROVISIONING → AVAILABLE | FAILED} and
 * {@code DELETING → DELETED}. REQUESTED: accepted, its command waits in the outbox.
 * PROVISIONING: the command is on the host's queue.
 */
public enum VolumeState {
    REQUESTED,
    PROVISIONING,
    AVAILABLE,
    FAILED,
    DELETING,
    DELETED;

    /** Whether the volume may exist on its host, so its name is taken there. */
    public boolean isLive() {
        return this != FAILED && this != DELETED;
    }
}
