package dev.domstore.guard.policy;

/**
 * Room left in the snapshot's volume group.
 *
 * @param freeBytes   free bytes, from the host's last report minus what this guard asked for since;
 *                    null when no report names the volume group (then only the origin ceiling applies)
 * @param extentBytes the volume group's extent size (the configured default when unknown)
 */
public record VgCapacity(Long freeBytes, long extentBytes) {

    public static VgCapacity unknown(long extentBytes) {
        return new VgCapacity(null, extentBytes);
    }
}
