-- NFS servers: where their nfs-service may create export directories, and the revision of the export set last sent.
ALTER TABLE host ADD COLUMN nfs_export_root varchar(4096);
ALTER TABLE host ADD COLUMN nfs_exports_revision bigint NOT NULL DEFAULT 0;
-- NFS_ROOT volumes: the export-set revision that carries their last change (added, or removed on delete).
ALTER TABLE volume ADD COLUMN nfs_revision bigint;
ALTER TABLE volume ADD COLUMN nfs_create_directory boolean NOT NULL DEFAULT false;

-- A domain's NFS root (root = '/dev/nfs') and how it gets its network at boot: static, or DHCP.
ALTER TABLE xen_domain ADD COLUMN nfs_root_volume_id uuid REFERENCES volume (id);
ALTER TABLE xen_domain ADD COLUMN ip varchar(64);
ALTER TABLE xen_domain ADD COLUMN netmask varchar(64);
ALTER TABLE xen_domain ADD COLUMN gateway varchar(64);
ALTER TABLE xen_domain ADD COLUMN hostname varchar(255);
ALTER TABLE xen_domain ADD COLUMN dhcp boolean NOT NULL DEFAULT false;
