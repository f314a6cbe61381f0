package dev.domstore.inventory.domain;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A Xen domain whose storage domstore manages; it exists from its first attachment on. */
@Entity
@Table(name = "xen_domain")
public class XenDomain extends PanacheEntityBase {
    @Id
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The NFS_ROOT volume the domain boots from (root = '/dev/nfs'), or null. */
    @Column(name = "nfs_root_volume_id")
    public java.util.UUID nfsRootVolumeId;
    public String ip;
    public String netmask;
    public String gateway;
    public String hostname;
    public boolean dhcp;
}
