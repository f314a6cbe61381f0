package dev.domstore.agent.lvm;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.domstore.common.messages.HostReport;

/**
 * One LV as {@code lvs} reports it.
 *
 * @param attr            {@code lv_attr}: 1st letter the type ({@code s} snapshot, {@code o} origin, {@code t} thin pool,
 *                        {@code V} thin volume, …), 5th the state ({@code a} active, {@code I} invalid snapshot), 6th
 *                        {@code o} when the device is open
 * @param originSizeBytes for a snapshot, its origin's size; null otherwise or when not reported
 * @param dataPercent     lvs' {@code data_percent} as it is: a snapshot's fill, but also a thin pool's or thin volume's
 * @param snapshotInvalid the snapshot overflowed ({@code lv_snapshot_invalid} or the {@code I} state)
 */
public record LogicalVolumeInfo(String volumeGroup, String name, String attr, long sizeBytes, String origin, Long originSizeBytes,
        Double dataPercent, boolean snapshotInvalid, List<String> tags) {

    public LogicalVolumeInfo {
        tags = List.copyOf(tags);
        origin = origin == null ? "" : origin;
    }

    /** A classic copy-on-write snapshot, whose differences area can fill up (not a thin snapshot). */
    public boolean isClassicSnapshot() {
        return !attr.isEmpty() && (attr.charAt(0) == 's' || attr.charAt(0) == 'S');
    }

    public boolean isThinPool() {
        return !attr.isEmpty() && attr.charAt(0) == 't';
    }

    /** The device is open: mounted, or used by a domain or another process. */
    public boolean isOpen() {
        return attr.length() > 5 && attr.charAt(5) == 'o';
    }

    public boolean isActive() {
        return attr.length() > 4 && attr.charAt(4) == 'a';
    }

    /** For a classic snapshot, how full its differences area is; null for anything else (a thin pool's data_percent is not that). */
    public Double snapshotFill() {
        return isClassicSnapshot() ? dataPercent : null;
    }

    public boolean ownedByDomstore() {
        return tags.contains(LvmCommands.OWNER_TAG);
    }

    /** The volume id of domstore's {@code domstore_volume_<id>} tag. */
    public Optional<UUID> volumeId() {
        for (String tag : tags) {
            if (tag.startsWith(LvmCommands.VOLUME_TAG_PREFIX)) {
                try {
                    return Optional.of(UUID.fromString(tag.substring(LvmCommands.VOLUME_TAG_PREFIX.length())));
                } catch (IllegalArgumentException notAUuid) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    public HostReport.LogicalVolume toReport() {
        return new HostReport.LogicalVolume(volumeGroup, name, sizeBytes, attr, origin.isEmpty() ? null : origin, snapshotFill(),
                snapshotInvalid, tags, volumeId().orElse(null));
    }
}
