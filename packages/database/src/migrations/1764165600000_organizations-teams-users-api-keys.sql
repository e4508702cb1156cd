-- Up Migration
CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Teams nest: a team's budget and limits apply to every team below it.
CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id),
  parent_team_id uuid REFERENCES teams (id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id),
  email text NOT NULL UNIQUE,
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Only the SHA-256 of a key is kept; display_prefix lets people recognise a key
-- ("sk-alfred-AbCd…") without it being usable.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id),
  team_id uuid REFERENCES teams (id),
  user_id uuid REFERENCES users (id),
  name text NOT NULL,
  key_hash bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
  display_prefix text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  expires_at timestamptz,
  allowed_models text[],
  rpm_limit integer CHECK (rpm_limit > 0),
  tpm_limit integer CHECK (tpm_limit > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX api_keys_org_id_idx ON api_keys (org_id);

-- Down Migration
DROP TABLE api_keys;
DROP TABLE users;
DROP TABLE teams;
DROP TABLE organizations;
