package dev.domstore.inventory.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;

/** A volume the operator asked for, and the last state its host reported. */
@Entity
@Table(name = "volume")
public class Volume extends PanacheEntityBase {
    private static final List<VolumeState> GONE = List.of(VolumeState.FAILED, VolumeState.DELETED);

    @Id
    public UUID id;
    @Column(name = "host_id")
    public String hostId;
    public String name;
    @Enumerated(EnumType.STRING)
    public VolumeKind kind;
    /** The size asked for: an LV's or image's size, a snapshot's differences area; 0 for PHYSICAL until the host says. */
    @Column(name = "size_bytes")
    public long sizeBytes;
    /** The size the host last read back. */
    @Column(name = "host_size_bytes")
    public Long hostSizeBytes;
    @Enumerated(EnumType.STRING)
    public Filesystem filesystem;
    @Column(name = "image_path")
    public String imagePath;
    @Column(name = "volume_group")
    public String volumeGroup;
    @Column(name = "origin_id")
    public UUID originId;
    @Column(name = "device_path")
    public String devicePath;
    @Column(name = "populate_from")
    public String populateFrom;
    /** A PHYSICAL device (or a partition or holder of it) is mounted read-write in dom0, as last reported. */
    @Column(name = "mounted_read_write")
    public boolean mountedReadWrite;
    @Column(name = "export_path")
    public String exportPath;
    /** NFS_ROOT: the exports(5) client specs, one per line. */
    @Column(name = "export_clients")
    public String exportClients;
    @Column(name = "server_address")
    public String serverAddress;
    /** NFS_ROOT: the export-set revision that carries the volume's last change. */
    @Column(name = "nfs_revision")
    public Long nfsRevision;
    /** NFS_ROOT: the nfs-service makes the directory (it is below its export root). */
    @Column(name = "nfs_create_directory")
    public boolean nfsCreateDirectory;
    /** Which names clash with this one on its host: see {@link #namespaceOf}. */
    public String namespace;
    @Enumerated(EnumType.STRING)
    public VolumeState state;
    @Column(name = "allocated_bytes")
    public Long allocatedBytes;
    @Enumerated(EnumType.STRING)
    @Column(name = "failure_reason")
    public FailureReason failureReason;
    @Column(name = "failure_message")
    public String failureMessage;
    @Enumerated(EnumType.STRING)
    public Drift drift;
    @Column(name = "drift_detail")
    public String driftDetail;
    @Column(name = "drift_since")
    public Instant driftSince;
    /** Where the host has it, as it said when it made it: the image, /dev/vg/lv, the canonical device. */
    @Column(name = "host_path")
    public String hostPath;
    @Column(name = "host_confirmed_at")
    public Instant hostConfirmedAt;
    @Column(name = "snapshot_data_percent")
    public Double snapshotDataPercent;
    @Column(name = "snapshot_used_bytes")
    public Long snapshotUsedBytes;
    @Column(name = "snapshot_cow_bytes")
    public Long snapshotCowBytes;
    /** Bytes per second, between the last two recorded samples. */
    @Column(name = "snapshot_fill_rate")
    public Double snapshotFillRate;
    @Column(name = "snapshot_seconds_to_full")
    public Double snapshotSecondsToFull;
    @Column(name = "snapshot_usage_at")
    public Instant snapshotUsageAt;
    /** SNAPSHOT: the guard's request for the step after the extension in flight (its message, JSON), taken when that lands. */
    @Column(name = "deferred_extend_request")
    public String deferredExtendRequest;
    /** SNAPSHOT: its own snapshot-guard policy; null when the guard's global policy applies. */
    @Embedded
    public GuardPolicyOverride guardPolicy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    /** Image files share the image root; LVs share their volume group; devices and exports are per host. */
    /**
     * The host of volume {@code id}, without loading the volume: a check made before the volume is locked
     * must not put a copy of it in the transaction, or the lock meets a newer version and fails.
     */
    public static Optional<String> hostIdOf(UUID id) {
        return getEntityManager().createQuery("select v.hostId from Volume v where v.id = :id", String.class).setParameter("id", id)
                .getResultStream().findFirst();
    }

    public static String namespaceOf(VolumeKind kind, String volumeGroup) {
        return switch (kind) {
            case FILE -> "file";
            case LVM, SNAPSHOT -> "lvm:" + volumeGroup;
            case PHYSICAL -> "phy";
            case NFS_ROOT -> "nfs";
        };
    }

    public static Optional<Volume> findLive(String hostId, String namespace, String name) {
        return find("hostId = ?1 and namespace = ?2 and name = ?3 and state not in ?4", hostId, namespace, name, GONE)
                .firstResultOptional();
    }

    public static Optional<Volume> findLiveDevice(String hostId, String devicePath) {
        return find("hostId = ?1 and kind = ?2 and devicePath = ?3 and state not in ?4", hostId, VolumeKind.PHYSICAL, devicePath, GONE)
                .firstResultOptional();
    }

    public static List<Volume> liveOnHost(String hostId) {
        return list("hostId = ?1 and state not in ?2", hostId, GONE);
    }

    /** What the host's live FILE volumes take from its image root. */
    public static List<Claim> imageClaimsOnHost(String hostId) {
        return getEntityManager().createQuery("select new " + Claim.class.getName() + "(v.id, v.imagePath, v.sizeBytes) from Volume v"
                + " where v.hostId = :host and v.kind = :kind and v.state not in :gone", Claim.class)
                .setParameter("host", hostId).setParameter("kind", VolumeKind.FILE).setParameter("gone", GONE)
                .getResultList();
    }

    /** What the host's live logical volumes and snapshots take from {@code volumeGroup}. */
    public static List<Claim> volumeGroupClaimsOnHost(String hostId, String volumeGroup) {
        return getEntityManager().createQuery("select new " + Claim.class.getName() + "(v.id, v.imagePath, v.sizeBytes) from Volume v"
                + " where v.hostId = :host and v.volumeGroup = :group and v.kind in :kinds and v.state not in :gone", Claim.class)
                .setParameter("host", hostId).setParameter("group", volumeGroup)
                .setParameter("kinds", List.of(VolumeKind.LVM, VolumeKind.SNAPSHOT)).setParameter("gone", GONE)
                .getResultList();
    }

    /** Volumes of the host that went (deleted, failed) after {@code since}. */
    public static List<Volume> goneOnHostSince(String hostId, Instant since) {
        return list("hostId = ?1 and state in ?2 and updatedAt > ?3", hostId, GONE, since);
    }

    /** Snapshots of this volume that may still exist. */
    public static List<Volume> liveSnapshotsOf(UUID originId) {
        return list("originId = ?1 and state not in ?2 order by createdAt", originId, GONE);
    }

    /** The Xen disk specification this volume yields, without the virtual device and mode; null for an NFS root. */
    public String xenDisk() {
        return switch (kind) {
            case FILE -> "file:" + imagePath;
            case LVM, SNAPSHOT -> "phy:" + volumeGroup + "/" + name;
            case PHYSICAL -> "phy:" + (devicePath.startsWith("/dev/") ? devicePath.substring("/dev/".length()) : devicePath);
            case NFS_ROOT -> null;
        };
    }

    public void moveTo(VolumeState next, Instant at) {
        state = next;
        updatedAt = at;
    }

    public void fail(VolumeState next, FailureReason reason, String message, Instant at) {
        failureReason = reason;
        failureMessage = message;
        moveTo(next, at);
    }

    public void clearFailure() {
        failureReason = null;
        failureMessage = null;
    }
}
