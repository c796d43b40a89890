-- HQ's audit trail (gateway/hq/audit): one row per action, each carrying the hash of the row
-- before, so changing, removing or reordering rows breaks the chain. audit_head is the single
-- row every append locks, which puts the replicas' appends in one order.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  outcome text,
  -- Why a person looked at a record: required for every record view.
  reason text,
  details jsonb,
  prev text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target, seq) WHERE target IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TABLE audit_head (
  id int PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));
