-- A guard request for the growth step after the extension in flight: the guard sees the grown
-- snapshot (the host reports its usage on the resize itself) before the extension's result reaches
-- the inventory. The request (its message, as JSON) is kept and acted on when that result lands.
ALTER TABLE volume ADD COLUMN deferred_extend_request text;
ALTER TABLE volume ADD CONSTRAINT deferred_extend_only_for_snapshots
    CHECK (deferred_extend_request IS NULL OR kind = 'SNAPSHOT');
