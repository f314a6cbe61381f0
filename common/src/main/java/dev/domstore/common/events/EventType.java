package dev.domstore.common.events;

/** Every kind of fact on the audit stream {@code domstore.events}. docs/events.md gives each one's data. */
public enum EventType {
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
    VolumeDetached
}
