-- A snapshot's own snapshot-guard policy: what it overrides of the guard's global policy. Each column
-- null means "as the global policy"; guard_policy_updated_at null means the snapshot has no override
-- at all. The limits are common's GuardPolicyRules, checked here too so that no row can hold what
-- the guard would refuse.
ALTER TABLE volume ADD COLUMN guard_enabled boolean;
ALTER TABLE volume ADD COLUMN guard_threshold_percent integer
    CONSTRAINT guard_threshold_percent_range CHECK (guard_threshold_percent BETWEEN 50 AND 100);
ALTER TABLE volume ADD COLUMN guard_step_percent integer
    CONSTRAINT guard_step_percent_range CHECK (guard_step_percent BETWEEN 1 AND 1000);
ALTER TABLE volume ADD COLUMN guard_minimum_step_bytes bigint
    CONSTRAINT guard_minimum_step_range CHECK (guard_minimum_step_bytes > 0 AND guard_minimum_step_bytes % 512 = 0);
ALTER TABLE volume ADD COLUMN guard_prediction_enabled boolean;
ALTER TABLE volume ADD COLUMN guard_safety_factor double precision
    CONSTRAINT guard_safety_factor_range CHECK (guard_safety_factor BETWEEN 1 AND 100);
ALTER TABLE volume ADD COLUMN guard_minimum_interval_ms bigint
    CONSTRAINT guard_minimum_interval_range CHECK (guard_minimum_interval_ms BETWEEN 0 AND 86400000);
ALTER TABLE volume ADD COLUMN guard_retry_timeout_ms bigint
    CONSTRAINT guard_retry_timeout_range CHECK (guard_retry_timeout_ms BETWEEN 1000 AND 3600000);
ALTER TABLE volume ADD COLUMN guard_chunk_size_bytes bigint
    CONSTRAINT guard_chunk_size_range CHECK (guard_chunk_size_bytes IN (4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288));
ALTER TABLE volume ADD COLUMN guard_policy_updated_at timestamptz;
-- Only snapshots have a guard; an override sets at least one thing (else it is the global policy).
ALTER TABLE volume ADD CONSTRAINT guard_policy_only_for_snapshots
    CHECK (guard_policy_updated_at IS NULL OR kind = 'SNAPSHOT');
ALTER TABLE volume ADD CONSTRAINT guard_policy_is_whole CHECK (
    (guard_policy_updated_at IS NULL) = (guard_enabled IS NULL AND guard_threshold_percent IS NULL AND guard_step_percent IS NULL
        AND guard_minimum_step_bytes IS NULL AND guard_prediction_enabled IS NULL AND guard_safety_factor IS NULL
        AND guard_minimum_interval_ms IS NULL AND guard_retry_timeout_ms IS NULL AND guard_chunk_size_bytes IS NULL));

-- Removing a snapshot's override publishes a tombstone (a record with no value) on the compacted
-- domstore.guard-policies topic: an outbox row without a payload.
ALTER TABLE outbox ALTER COLUMN payload DROP NOT NULL;
