package dev.domstore.guard.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.domstore.common.messages.HostReport;
import dev.domstore.guard.policy.VgCapacity;

/**
 * Free space of every volume group, from the hosts' reports, less what this guard asked for since.
 *
 * <p>A growth this guard asked for is held against its volume group until a host report arrives
 * after the usage stream showed the step done (before that, a report may well predate the lvextend),
 * or until {@code holdFor} passes (the request was refused or lost). It is a best effort: requests
 * of other guard instances are not held here, and the inventory is the one that refuses to
 * over-commit a volume group. Thread-safe: written by the host-report reader and the worker.
 */
public final class VolumeGroupSpaces {
    private record Key(String hostId, String volumeGroup) {
    }

    private record Space(long freeBytes, long extentBytes, Instant receivedAt) {
    }

    private static final class Hold {
        final UUID volumeId;
        final long fromCowBytes;
        final long bytes;
        final Instant heldAt;
        Instant doneAt;

        Hold(UUID volumeId, long fromCowBytes, long bytes, Instant heldAt) {
            this.volumeId = volumeId;
            this.fromCowBytes = fromCowBytes;
            this.bytes = bytes;
            this.heldAt = heldAt;
        }
    }

    private final Map<Key, Space> spaces = new HashMap<>();
    private final Map<Key, List<Hold>> holds = new HashMap<>();
    private final java.time.Duration holdFor;

    public VolumeGroupSpaces(java.time.Duration holdFor) {
        this.holdFor = holdFor;
    }

    /** A host's report replaces everything known of its volume groups. */
    public synchronized void report(HostReport report, Instant receivedAt) {
        spaces.keySet().removeIf(key -> key.hostId().equals(report.hostId()));
        for (HostReport.VolumeGroup vg : report.volumeGroups()) {
            Key key = new Key(report.hostId(), vg.name());
            spaces.put(key, new Space(vg.freeBytes(), vg.extentSizeBytes(), receivedAt));
            List<Hold> held = holds.get(key);
            if (held != null) {
                held.removeIf(hold -> hold.doneAt != null && hold.doneAt.isBefore(receivedAt));
            }
        }
    }

    public synchronized VgCapacity capacity(String hostId, String volumeGroup, long defaultExtentBytes, Instant now) {
        Key key = new Key(hostId, volumeGroup);
        Space space = spaces.get(key);
        long extent = space == null || space.extentBytes() <= 0 ? defaultExtentBytes : space.extentBytes();
        if (space == null) {
            return VgCapacity.unknown(extent);
        }
        long heldBytes = 0;
        List<Hold> held = holds.get(key);
        if (held != null) {
            held.removeIf(hold -> hold.heldAt.plus(holdFor).isBefore(now));
            heldBytes = held.stream().mapToLong(hold -> hold.bytes).sum();
        }
        return new VgCapacity(space.freeBytes() - heldBytes, extent);
    }

    /** This guard asked for {@code bytes} more in the volume group. */
    public synchronized void hold(String hostId, String volumeGroup, UUID volumeId, long fromCowBytes, long bytes, Instant now) {
        List<Hold> held = holds.computeIfAbsent(new Key(hostId, volumeGroup), key -> new ArrayList<>());
        held.removeIf(hold -> hold.volumeId.equals(volumeId) && hold.fromCowBytes == fromCowBytes); // a retry replaces
        held.add(new Hold(volumeId, fromCowBytes, bytes, now));
    }

    /** The usage stream shows the snapshot at {@code cowBytes}: its steps from smaller sizes are done. */
    public synchronized void done(String hostId, String volumeGroup, UUID volumeId, long cowBytes, Instant now) {
        List<Hold> held = holds.get(new Key(hostId, volumeGroup));
        if (held != null) {
            held.stream().filter(hold -> hold.volumeId.equals(volumeId) && hold.fromCowBytes < cowBytes && hold.doneAt == null)
                    .forEach(hold -> hold.doneAt = now);
        }
    }

    public synchronized boolean knows(String hostId, String volumeGroup) {
        return spaces.containsKey(new Key(hostId, volumeGroup));
    }

    public synchronized int volumeGroups() {
        return spaces.size();
    }

    /** For tests and the REST view: the reported free bytes, null when unknown. */
    public synchronized Long reportedFree(String hostId, String volumeGroup) {
        Space space = spaces.get(new Key(hostId, volumeGroup));
        return space == null ? null : space.freeBytes();
    }
}
