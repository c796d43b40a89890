-- Protection (issue 20): what HQ keeps of the vulnerability details a station sends with a record.
-- The details themselves stay sealed inside `records.sealed`; these tables hold only what a list
-- of children to protect and planning counts need, and nothing that names anyone.

-- One notice per record of an unaccompanied or separated child, until a representative is assigned.
CREATE TABLE protection_notices (
  record_id text PRIMARY KEY REFERENCES records (record_id),
  number text NOT NULL,
  site text NOT NULL,
  station text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('unaccompanied-minor', 'separated-child')),
  declared_age integer CHECK (declared_age BETWEEN 0 AND 17),
  age_assessed boolean NOT NULL DEFAULT false,
  -- The station recorded an appointed representative with the registration.
  representative_at_station boolean NOT NULL,
  registered_at timestamptz NOT NULL,
  assigned_at timestamptz,
  assigned_by text,
  -- The representative HQ assigned (name, organisation), sealed like a record (key id + bytes).
  assigned_key_id text REFERENCES registry_keys (id),
  assigned_sealed bytea
);
CREATE INDEX protection_notices_open ON protection_notices (registered_at) WHERE assigned_at IS NULL;

-- People registered per site, day and category: counted once, when a new card's record arrives.
CREATE TABLE protection_counts (
  site text NOT NULL,
  day date NOT NULL,
  category text NOT NULL,
  people integer NOT NULL CHECK (people >= 0),
  PRIMARY KEY (site, day, category)
);
