-- Every kind of volume, the last full report of each host, and drift between the two.

ALTER TABLE host ADD COLUMN last_report text;

-- The volume groups a host reported: what capacity decisions for LVM volumes start from.
CREATE TABLE volume_group (
    host_id           varchar(64)  NOT NULL REFERENCES host (id),
    name              varchar(128) NOT NULL,
    size_bytes        bigint       NOT NULL,
    free_bytes        bigint       NOT NULL,
    extent_size_bytes bigint       NOT NULL,
    PRIMARY KEY (host_id, name)
);

ALTER TABLE volume DROP CONSTRAINT volume_size_bytes_check;
ALTER TABLE volume ADD CONSTRAINT volume_size_bytes_check CHECK (size_bytes >= 0);
-- What the host last said the volume's size is (LVM rounds up to extents); size_bytes is the intent.
ALTER TABLE volume ADD COLUMN host_size_bytes bigint;
ALTER TABLE volume ADD COLUMN volume_group varchar(128);
ALTER TABLE volume ADD COLUMN origin_id uuid REFERENCES volume (id);
ALTER TABLE volume ADD COLUMN device_path varchar(4096);
ALTER TABLE volume ADD COLUMN populate_from varchar(4096);
ALTER TABLE volume ADD COLUMN mounted_read_write boolean NOT NULL DEFAULT false;
ALTER TABLE volume ADD COLUMN export_path varchar(4096);
ALTER TABLE volume ADD COLUMN export_clients text;
ALTER TABLE volume ADD COLUMN server_address varchar(255);
ALTER TABLE volume ADD COLUMN drift varchar(16);
ALTER TABLE volume ADD COLUMN drift_detail text;
ALTER TABLE volume ADD COLUMN drift_since timestamptz;
-- Which names clash: image files of a host, LVs of one volume group, registered devices, exports.
ALTER TABLE volume ADD COLUMN namespace varchar(160);
UPDATE volume SET namespace = 'file';
ALTER TABLE volume ALTER COLUMN namespace SET NOT NULL;

DROP INDEX volume_live_name_per_host;
CREATE UNIQUE INDEX volume_live_name ON volume (host_id, namespace, name) WHERE state NOT IN ('FAILED', 'DELETED');
CREATE UNIQUE INDEX volume_live_device ON volume (host_id, device_path) WHERE kind = 'PHYSICAL' AND state NOT IN ('FAILED', 'DELETED');
CREATE INDEX volume_by_origin ON volume (origin_id) WHERE origin_id IS NOT NULL;

-- Things on a host that carry domstore's tag but no intent: reported for an operator, never deleted automatically.
CREATE TABLE orphan (
    host_id      varchar(64)  NOT NULL REFERENCES host (id),
    kind         varchar(16)  NOT NULL,
    location     varchar(4096) NOT NULL,
    volume_id    uuid,
    size_bytes   bigint       NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    PRIMARY KEY (host_id, location)
);

-- When the host made the volume, by the host's clock: a report older than this cannot show it yet.
ALTER TABLE volume ADD COLUMN host_confirmed_at timestamptz;

-- Where the host has the volume, as it said when it made it: the image, /dev/vg/lv, the canonical device.
ALTER TABLE volume ADD COLUMN host_path varchar(4096);
