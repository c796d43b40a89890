-- The hand-off backlog each station reports in its health (counts and times only): HQ's
-- "records waiting for hand-off for more than 1 hour" alert reads it from /metrics.
ALTER TABLE fleet_stations ADD COLUMN handoff_pending integer;
ALTER TABLE fleet_stations ADD COLUMN handoff_oldest_seconds integer;
ALTER TABLE fleet_stations ADD COLUMN handoff_last_ack timestamptz;
ALTER TABLE fleet_stations ADD COLUMN handoff_error text;
