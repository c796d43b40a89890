-- HQ accounts (gateway/hq/accounts): the station's login model kept in the database, so every
-- replica knows every account, session and token.
CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'caseworker', 'verifier', 'supervisor')),
  -- Extra permissions beside the role, e.g. 'protection' (records of protected persons).
  permissions text[] NOT NULL DEFAULT '{}',
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- API tokens: only a sha256 of the (256-bit random) token is kept.
CREATE TABLE account_tokens (
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  label text NOT NULL,
  hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_account ON account_tokens (account_id);

-- Cookie sessions shared by the replicas; the cookie value is stored only as a sha256.
CREATE TABLE account_sessions (
  hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX account_sessions_account ON account_sessions (account_id);
CREATE INDEX account_sessions_expiry ON account_sessions (expires_at);
