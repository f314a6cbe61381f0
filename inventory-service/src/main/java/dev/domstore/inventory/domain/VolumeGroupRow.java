package dev.domstore.inventory.domain;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.domstore.common.messages.HostReport;

/** A volume group as its host last reported it. */
@Entity
@Table(name = "volume_group")
@IdClass(VolumeGroupRow.Key.class)
public class VolumeGroupRow extends PanacheEntityBase {
    @Id
    @Column(name = "host_id")
    public String hostId;
    @Id
    public String name;
    @Column(name = "size_bytes")
    public long sizeBytes;
    @Column(name = "free_bytes")
    public long freeBytes;
    @Column(name = "extent_size_bytes")
    public long extentSizeBytes;

    public static List<VolumeGroupRow> ofHost(String hostId) {
        return list("hostId = ?1 order by name", hostId);
    }

    public HostReport.VolumeGroup asReported() {
        return new HostReport.VolumeGroup(name, sizeBytes, freeBytes, extentSizeBytes);
    }

    public static class Key implements Serializable {
        public String hostId;
        public String name;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(hostId, other.hostId) && Objects.equals(name, other.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(hostId, name);
        }
    }
}
