package dev.domstore.common.events;

/** Every kind of fact on the audit stream {@code domstore.events}. docs/events.md gives each one's data. */
public enum EventType {
    /** An admin let a host onto Kafka: its topics, and a user its agent and nfs-service log in as. */
    HostEnrolled,
    /** A host's Kafka credential got a new password; the old one no longer works. */
    HostCredentialRotated,
    /** A host's Kafka credential was revoked: it can no longer read its commands or send results and reports. */
    HostCredentialRevoked,
    HostRegistered,
    VolumeRequested,
    VolumeProvisioningStarted,
    VolumeCreated,
    VolumeCreationFailed,
    VolumeExtensionRequested,
    VolumeExtended,
    VolumeExtensionFailed,
    VolumeDeletionRequested,
    VolumeDeleted,
    VolumeDeletionFailed,
    VolumeAttached,
    VolumeDetached,
    /** The host's report does not match the intent: MISSING or SIZE_MISMATCH. */
    VolumeDriftDetected,
    VolumeDriftCleared,
    /** Something on a host carries domstore's mark but no intent: reported, never deleted automatically. */
    OrphanDetected,
    /** The guard asked for growth the volume group cannot hold: the snapshot may overflow. */
    SnapshotAtRisk,
    /** The snapshot's differences area overflowed: its data is lost and it should be removed. */
    SnapshotInvalidated,
    /** An operator set (or replaced) a snapshot's own guard policy: it overrides the guard's global one. */
    GuardPolicyChanged,
    /** A snapshot's own guard policy was removed (by the operator, or with the snapshot): the global one applies. */
    GuardPolicyCleared,
    /** An admin made an API token (its name, role, hosts and expiry; never its secret). */
    TokenCreated,
    /** An API token was revoked: it no longer authenticates anyone. */
    TokenRevoked
}
