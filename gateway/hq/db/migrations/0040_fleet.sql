-- The fleet as HQ sees it through telemetry (issue 16). Every replica writes and reads these
-- tables, never its own memory, so any replica serves the same pages and /metrics.
-- No foreign key to `stations`: telemetry also comes from stations not (yet) enrolled, and a
-- monitor must show them rather than drop their messages.

CREATE TABLE fleet_stations (
  site text NOT NULL,
  station text NOT NULL,
  name text,
  version text,
  boot_id text,
  boot_time timestamptz,
  -- online/offline from the retained status and the last will; 'silent' is set by the leader.
  status text NOT NULL DEFAULT 'unknown' CHECK (status IN ('online', 'offline', 'unknown')),
  status_reason text,
  status_since timestamptz,
  last_seen timestamptz,
  -- Latest health sample (by the station's own ts, so a late copy never overwrites a newer one).
  health_ts timestamptz,
  clock_sync text,
  clock_skew_ms integer,
  outbox_depth integer,
  -- Latest counters snapshot (the station's own figures, shown beside HQ's exact counts).
  counters_ts timestamptz,
  issued_total bigint,
  issued_today integer,
  stock_in_feeder integer,
  numbers_remaining integer,
  PRIMARY KEY (site, station)
);

CREATE TABLE fleet_devices (
  site text NOT NULL,
  station text NOT NULL,
  device text NOT NULL,
  class text NOT NULL,
  state text NOT NULL,
  last_error_code text,
  readings jsonb NOT NULL DEFAULT '{}',
  -- When the device entered its current state.
  since timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (site, station, device)
);

-- A device fault or an offline period: open while ended_at is null (one open per subject).
CREATE TABLE fleet_incidents (
  id bigserial PRIMARY KEY,
  site text NOT NULL,
  station text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('device', 'offline')),
  device text NOT NULL DEFAULT '',
  code text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE UNIQUE INDEX fleet_incidents_one_open ON fleet_incidents (site, station, kind, device)
  WHERE ended_at IS NULL;
CREATE INDEX fleet_incidents_station ON fleet_incidents (site, station, started_at DESC);

-- The event log. The primary key is the idempotency key: a duplicate or re-delivered event
-- (QoS 1 retry, outbox replay, another replica's copy) inserts nothing and counts nothing.
CREATE TABLE fleet_events (
  site text NOT NULL,
  station text NOT NULL,
  boot_id text NOT NULL,
  seq integer NOT NULL,
  ts timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  level text NOT NULL,
  code text NOT NULL,
  source text NOT NULL,
  detail jsonb,
  historical boolean NOT NULL DEFAULT false,
  PRIMARY KEY (site, station, boot_id, seq)
);
CREATE INDEX fleet_events_received ON fleet_events (received_at);
CREATE INDEX fleet_events_station_ts ON fleet_events (site, station, ts DESC);

-- Per boot: how far the gapless events stream got and how much of it arrived, so missing
-- messages are flagged (max_seq > received) rather than guessed.
CREATE TABLE fleet_event_streams (
  site text NOT NULL,
  station text NOT NULL,
  boot_id text NOT NULL,
  max_seq integer NOT NULL,
  received integer NOT NULL,
  first_ts timestamptz NOT NULL,
  last_ts timestamptz NOT NULL,
  PRIMARY KEY (site, station, boot_id)
);

-- Exact counts per station and day (the day of the station's event time, UTC), bumped in the
-- same transaction as the event's insert, so only a first copy counts.
CREATE TABLE fleet_daily_counts (
  site text NOT NULL,
  station text NOT NULL,
  day date NOT NULL,
  issued integer NOT NULL DEFAULT 0,
  voided integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  PRIMARY KEY (site, station, day)
);
CREATE INDEX fleet_daily_counts_day ON fleet_daily_counts (day, site);
