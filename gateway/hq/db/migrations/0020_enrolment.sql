-- Enrolment (handoff area, 0020-0029): HQ's own certificates, one-time station tokens and the
-- certificates issued to stations. Private keys are not here: the station CA and command signer
-- live in the key store; the record decryption key is kept wrapped by the store's record KEK.
CREATE TABLE hq_trust (
  name text PRIMARY KEY CHECK (name IN ('station-ca', 'record', 'command')),
  kid text NOT NULL,
  cert_der bytea NOT NULL,
  wrapped_private bytea,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Only a hash of each token's secret is kept: the database alone cannot enrol a station.
CREATE TABLE station_tokens (
  secret_hash bytea PRIMARY KEY,
  site text NOT NULL,
  station text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('enrol', 'rekey')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  FOREIGN KEY (site, station) REFERENCES stations (site, station)
);

-- A station's certificates; re-keying retires the older one (records it signed before still verify).
CREATE TABLE station_certificates (
  thumbprint text PRIMARY KEY,
  site text NOT NULL,
  station text NOT NULL,
  cert_der bytea NOT NULL,
  issued_at timestamptz NOT NULL,
  retired_at timestamptz,
  FOREIGN KEY (site, station) REFERENCES stations (site, station)
);
CREATE INDEX station_certificates_station ON station_certificates (site, station);
