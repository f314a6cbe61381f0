-- Who made each change: an API token's name and role, or system:<service> (no role) for what a host,
-- the guard or the inventory itself did. Events written before actors were recorded say so.
ALTER TABLE domain_event ADD COLUMN actor varchar(80);
ALTER TABLE domain_event ADD COLUMN actor_role varchar(16);
UPDATE domain_event SET actor = 'system:unrecorded';
ALTER TABLE domain_event ALTER COLUMN actor SET NOT NULL;
CREATE INDEX domain_event_by_actor ON domain_event (actor, sequence);
