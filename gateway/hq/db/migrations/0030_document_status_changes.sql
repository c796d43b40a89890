-- Document status changes HQ announces to every station (revoked, lost, voided, replaced), in
-- the order HQ recorded them: `seq` orders them, and each station's acknowledged `seq` says what
-- it holds, so a station that was offline gets exactly what it missed. No personal data: the
-- document number, the status and when.
CREATE TABLE document_status_changes (
  seq bigserial PRIMARY KEY,
  number text NOT NULL,
  status text NOT NULL CHECK (status IN ('revoked', 'lost', 'voided', 'replaced')),
  at timestamptz NOT NULL
);
CREATE INDEX document_status_changes_number ON document_status_changes (number);

-- What each station confirmed it holds (its reply to cmd/document-status).
CREATE TABLE status_station_acks (
  site text NOT NULL,
  station text NOT NULL,
  acked_seq bigint NOT NULL DEFAULT 0,
  acked_at timestamptz,
  PRIMARY KEY (site, station)
);
