-- The registry (gateway/hq/registry): every issuance record a station handed off, and the status
-- of every document number. Personal data is only in `records.sealed`, AES-256-GCM under a data
-- key from registry_keys, whose clear value exists only in memory (wrapped by the key store's
-- record KEK, which is not in the database). Names are searchable through a keyed blind index.

-- Data keys (purpose 'data') and the blind-index key (purpose 'index'), each wrapped by a KEK in
-- the key store; `kek_label` names which, so the KEK can be rotated by re-wrapping.
CREATE TABLE registry_keys (
  id text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('data', 'index')),
  kek_label text NOT NULL,
  wrapped bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A retired data key still opens what it sealed; new records use the newest active one.
  retired_at timestamptz
);

CREATE TABLE records (
  record_id text PRIMARY KEY,
  number text NOT NULL,
  site text NOT NULL,
  station text NOT NULL,
  final_state text NOT NULL CHECK (final_state IN ('issued', 'voided', 'spoiled')),
  job_kind text NOT NULL,
  training boolean NOT NULL DEFAULT false,
  document_code text NOT NULL,
  date_of_issue date NOT NULL,
  date_of_expiry date NOT NULL,
  previous_number text,
  final_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  -- sha256 of the record's canonical JSON: a replay with other content is RECORD_CONFLICT.
  content_hash bytea NOT NULL,
  key_id text NOT NULL REFERENCES registry_keys (id),
  sealed bytea NOT NULL,
  -- HMAC-SHA256 of each normalised MRZ name part under the index key.
  name_tokens bytea[] NOT NULL DEFAULT '{}',
  -- Non-personal facts about how it arrived (certificate thumbprint, key ids).
  meta jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX records_number ON records (number);
CREATE INDEX records_station_time ON records (site, station, final_at);
CREATE INDEX records_final_at ON records (final_at);
CREATE INDEX records_name_tokens ON records USING gin (name_tokens);
CREATE INDEX records_key ON records (key_id);

-- One row per document number: what GET /documents/{number} answers. `expired` is not stored:
-- a valid document past its date of expiry reads as expired.
CREATE TABLE documents (
  number text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('valid', 'revoked', 'voided', 'replaced', 'lost')),
  document_code text NOT NULL,
  date_of_issue date NOT NULL,
  date_of_expiry date NOT NULL,
  site text NOT NULL,
  station text NOT NULL,
  record_id text NOT NULL,
  status_reason text,
  status_by text,
  status_at timestamptz NOT NULL,
  replaced_by text
);
