package dev.domstore.agent.host;

import java.util.List;
import java.util.OptionalLong;

import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.SnapshotUsage;

/**
 * One host's storage, as the dispatcher, the reporter and the snapshot telemetry see it. The real
 * host ({@link RealHost}) runs the real tools on this machine; a simulated one keeps everything in
 * memory. Every operation is idempotent; a failure is a
 * {@link dev.domstore.hostexec.HostOperationException} whose reason becomes the result's.
 */
public interface HostOperations {

    /** The host's id in the inventory: the key of its commands and reports. */
    String hostId();

    /** True for an in-memory host; its reports say so and its host name ends with {@code .simulated}. */
    boolean simulated();

    /** A sparse image under the image root, with a file system and content when asked. */
    HostVolume createFile(CreateVolume command);

    /** A logical volume tagged as domstore's, with a file system and content when asked. */
    HostVolume createLogicalVolume(CreateVolume command);

    /** A copy-on-write snapshot of a domstore logical volume. */
    HostVolume createSnapshot(CreateVolume command);

    /** Confirms a PHYSICAL device exists and is a block device; changes nothing. */
    HostVolume describePhysical(CreateVolume command);

    /** @return whether anything was removed (false: it was gone already) */
    boolean deleteFile(DeleteVolume command);

    /** An LVM volume or snapshot. @return whether anything was removed */
    boolean deleteLogicalVolume(DeleteVolume command);

    Resize extendFile(ExtendVolume command);

    /** An LVM volume (and its file system) or a snapshot's differences area. */
    Resize extendLogicalVolume(ExtendVolume command);

    /** The volume's size now, for the result of a failed extend; empty when it cannot be told. */
    OptionalLong currentSizeBytes(ExtendVolume command);

    /** What exists on the host now. */
    HostReport report();

    /** The fill of every domstore snapshot on the host, from one query. */
    List<SnapshotUsage> snapshotUsage();
}
