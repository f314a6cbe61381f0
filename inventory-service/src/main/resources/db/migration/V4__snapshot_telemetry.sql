-- A snapshot's differences area as its host last reported it, throttled (see SnapshotUsageConsumer).
ALTER TABLE volume ADD COLUMN snapshot_data_percent double precision;
ALTER TABLE volume ADD COLUMN snapshot_used_bytes bigint;
ALTER TABLE volume ADD COLUMN snapshot_cow_bytes bigint;
ALTER TABLE volume ADD COLUMN snapshot_fill_rate double precision;
ALTER TABLE volume ADD COLUMN snapshot_seconds_to_full double precision;
ALTER TABLE volume ADD COLUMN snapshot_usage_at timestamptz;
