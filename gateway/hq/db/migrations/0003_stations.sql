-- Stations known to HQ. The skeleton every HQ area refers to: enrolment (0020-0029) adds the
-- station's certificate and tokens, the fleet (0040-0069) its health; the registry's rows name
-- the station that sent them.
CREATE TABLE stations (
  site text NOT NULL,
  station text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'suspended', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, station)
);
