package dev.domstore.inventory.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A volume attached to a domain as a virtual device. */
@Entity
@Table(name = "attachment")
@IdClass(Attachment.Key.class)
public class Attachment extends PanacheEntityBase {
    @Id
    @Column(name = "domain_name")
    public String domainName;
    @Id
    public String vdev;
    @Column(name = "volume_id")
    public UUID volumeId;
    @Convert(converter = ModeLetter.class)
    public AccessMode mode;
    /** The operator overrode the pristine-origin rule; kept so the audit can show it. */
    public boolean forced;
    @Column(name = "attached_at")
    public Instant attachedAt;

    public static List<Attachment> ofVolume(UUID volumeId) {
        return list("volumeId = ?1 order by attachedAt", volumeId);
    }

    public static List<Attachment> ofDomain(String domainName) {
        return list("domainName = ?1 order by attachedAt, vdev", domainName);
    }

    /** How many attachments of file-backed volumes a host carries: each takes a loop device when its domain starts. */
    public static long countFileBackedOnHost(String hostId) {
        return count("volumeId in (select v.id from Volume v where v.hostId = ?1 and v.kind = dev.domstore.common.VolumeKind.FILE)", hostId);
    }

    public static class Key implements Serializable {
        public String domainName;
        public String vdev;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(domainName, other.domainName) && Objects.equals(vdev, other.vdev);
        }

        @Override
        public int hashCode() {
            return Objects.hash(domainName, vdev);
        }
    }

    /** Stores the mode as Xen writes it: r or w. */
    @Converter
    public static class ModeLetter implements AttributeConverter<AccessMode, String> {
        @Override
        public String convertToDatabaseColumn(AccessMode mode) {
            return mode == null ? null : mode.letter();
        }

        @Override
        public AccessMode convertToEntityAttribute(String letter) {
            return letter == null ? null : AccessMode.fromLetter(letter);
        }
    }
}
