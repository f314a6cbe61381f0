package dev.domstore.inventory.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.domstore.common.VolumeKind;

/**
 * Something on a host that is domstore's (a tagged LV, an image under the image root) with no
 * intent behind it. It is quarantined: reported for an operator, never deleted automatically.
 */
@Entity
@Table(name = "orphan")
@IdClass(Orphan.Key.class)
public class Orphan extends PanacheEntityBase {
    @Id
    @Column(name = "host_id")
    public String hostId;
    /** vg/lv for a logical volume, the path for an image. */
    @Id
    public String location;
    @Enumerated(EnumType.STRING)
    public VolumeKind kind;
    @Column(name = "volume_id")
    public UUID volumeId;
    @Column(name = "size_bytes")
    public long sizeBytes;
    @Column(name = "first_seen_at")
    public Instant firstSeenAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    public static List<Orphan> ofHost(String hostId) {
        return list("hostId = ?1 order by location", hostId);
    }

    public static class Key implements Serializable {
        public String hostId;
        public String location;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(hostId, other.hostId) && Objects.equals(location, other.location);
        }

        @Override
        public int hashCode() {
            return Objects.hash(hostId, location);
        }
    }
}
