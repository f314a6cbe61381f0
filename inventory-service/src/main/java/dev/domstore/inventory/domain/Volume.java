package dev.domstore.inventory.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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
    @Id
    public UUID id;
    @Column(name = "host_id")
    public String hostId;
    public String name;
    @Enumerated(EnumType.STRING)
    public VolumeKind kind;
    @Column(name = "size_bytes")
    public long sizeBytes;
    @Enumerated(EnumType.STRING)
    public Filesystem filesystem;
    @Column(name = "image_path")
    public String imagePath;
    @Enumerated(EnumType.STRING)
    public VolumeState state;
    @Column(name = "allocated_bytes")
    public Long allocatedBytes;
    @Enumerated(EnumType.STRING)
    @Column(name = "failure_reason")
    public FailureReason failureReason;
    @Column(name = "failure_message")
    public String failureMessage;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    public static Optional<Volume> findLiveByHostAndName(String hostId, String name) {
        return find("hostId = ?1 and name = ?2 and state not in ?3", hostId, name,
                java.util.List.of(VolumeState.FAILED, VolumeState.DELETED)).firstResultOptional();
    }

    /** The Xen disk specification this volume yields, without the virtual device and mode. */
    public String xenDisk() {
        return switch (kind) {
            case FILE -> "file:" + imagePath;
            default -> throw new IllegalStateException("No Xen disk form for " + kind + " yet");
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
}
