package dev.domstore.inventory.domain;

/**
 * The life of a volume: {@code REQUESTED → PROVISIONING → AVAILABLE | FAILED},
 * {@code AVAILABLE → EXTENDING → AVAILABLE} and {@code DELETING → DELETED}. REQUESTED: accepted,
 * its command waits in the outbox. PROVISIONING: the command is on the host's queue. Snapshots
 * also know {@code AT_RISK} (the guard asked for growth the volume group cannot hold; still
 * usable) and {@code INVALID} (the differences area overflowed: the data is lost, delete it).
 */
public enum VolumeState {
    REQUESTED,
    PROVISIONING,
    AVAILABLE,
    EXTENDING,
    AT_RISK,
    INVALID,
    FAILED,
    DELETING,
    DELETED;

    /** Whether the volume may exist on its host, so its name and capacity are taken there. */
    public boolean isLive() {
        return this != FAILED && this != DELETED;
    }

    /** Whether nothing is under way: no command of the volume's waits for its host. */
    public boolean isSettled() {
        return this != REQUESTED && this != PROVISIONING && this != EXTENDING && this != DELETING;
    }

    /** Whether the host has it and it can be used by domains. */
    public boolean isUsable() {
        return this == AVAILABLE || this == EXTENDING || this == AT_RISK;
    }
}
