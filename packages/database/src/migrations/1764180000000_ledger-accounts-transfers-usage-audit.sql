-- Up Migration

-- Double entry, TigerBeetle's model: an account's balance only ever changes by a transfer,
-- and always equals credits minus debits. Wallets belong to an organization (optionally to
-- one team); `revenue` and `funding` are the system accounts usage and top-ups move against.
CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid REFERENCES organizations (id),
  team_id uuid REFERENCES teams (id),
  kind text NOT NULL CHECK (kind IN ('wallet', 'revenue', 'funding')),
  name text NOT NULL,
  balance_micros bigint NOT NULL DEFAULT 0,
  -- Lowest balance spending may reach (negative = overdraft); NULL for system accounts.
  floor_micros bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'wallet') = (org_id IS NOT NULL)),
  CHECK (kind <> 'wallet' OR floor_micros IS NOT NULL)
);
CREATE UNIQUE INDEX accounts_one_wallet_per_owner
  ON accounts (org_id, coalesce(team_id, '00000000-0000-0000-0000-000000000000'))
  WHERE kind = 'wallet';
CREATE UNIQUE INDEX accounts_one_system_account_per_kind ON accounts (kind) WHERE kind <> 'wallet';
INSERT INTO accounts (kind, name) VALUES ('revenue', 'usage revenue'), ('funding', 'top-ups and grants');

-- The id is chosen by the caller (a usage transfer's id derives from the request id), so a
-- retried insert is a no-op, never a second debit.
CREATE TABLE transfers (
  id uuid PRIMARY KEY,
  debit_account_id uuid NOT NULL REFERENCES accounts (id),
  credit_account_id uuid NOT NULL REFERENCES accounts (id),
  amount_micros bigint NOT NULL CHECK (amount_micros > 0),
  kind text NOT NULL CHECK (kind IN ('usage', 'topup', 'refund', 'adjustment')),
  request_id text,
  memo text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (debit_account_id <> credit_account_id)
);
CREATE INDEX transfers_debit_account_idx ON transfers (debit_account_id);
CREATE INDEX transfers_credit_account_idx ON transfers (credit_account_id);

-- Balances move in the same statement as the transfers that move them: one UPDATE per
-- account per INSERT statement, however many transfers it inserts.
CREATE FUNCTION apply_inserted_transfers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE accounts a SET balance_micros = a.balance_micros + d.delta
  FROM (
    SELECT account_id, sum(delta)::bigint AS delta FROM (
      SELECT debit_account_id AS account_id, -amount_micros AS delta FROM inserted
      UNION ALL
      SELECT credit_account_id, amount_micros FROM inserted
    ) moves GROUP BY account_id
  ) d
  WHERE a.id = d.account_id;
  RETURN NULL;
END $$;
CREATE TRIGGER transfers_move_balances AFTER INSERT ON transfers
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION apply_inserted_transfers();

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER transfers_are_immutable BEFORE UPDATE OR DELETE ON transfers
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER transfers_not_truncated BEFORE TRUNCATE ON transfers
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Effective-dated prices: a charge uses the price in force when it happened, and keeps it.
CREATE TABLE model_prices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  model text NOT NULL,
  input_micros_per_million bigint NOT NULL CHECK (input_micros_per_million >= 0),
  output_micros_per_million bigint NOT NULL CHECK (output_micros_per_million >= 0),
  cached_input_micros_per_million bigint NOT NULL CHECK (cached_input_micros_per_million >= 0),
  effective_from timestamptz NOT NULL DEFAULT now(),
  UNIQUE (model, effective_from)
);

-- Spending caps: on a key, a team (and so every team below it) or an organization, over
-- all time or per calendar day / month (UTC).
CREATE TABLE budgets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  scope text NOT NULL CHECK (scope IN ('org', 'team', 'key')),
  scope_id uuid NOT NULL,
  period text NOT NULL CHECK (period IN ('total', 'daily', 'monthly')),
  limit_micros bigint NOT NULL CHECK (limit_micros >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scope, scope_id, period)
);

-- One row per request that cost anything, written by the ledger exactly once.
CREATE TABLE usage_records (
  request_id text PRIMARY KEY,
  org_id uuid NOT NULL,
  team_id uuid,
  user_id uuid,
  key_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES accounts (id),
  model text NOT NULL,
  deployment text NOT NULL,
  operation text NOT NULL,
  input_tokens integer NOT NULL,
  output_tokens integer NOT NULL,
  cached_input_tokens integer NOT NULL,
  cost_micros bigint NOT NULL CHECK (cost_micros >= 0),
  price_id uuid REFERENCES model_prices (id),
  latency_ms double precision NOT NULL,
  cache_status text NOT NULL,
  outcome text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_records_org_time_idx ON usage_records (org_id, occurred_at);
CREATE INDEX usage_records_key_time_idx ON usage_records (key_id, occurred_at);
CREATE TRIGGER usage_records_are_immutable BEFORE UPDATE OR DELETE ON usage_records
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Append-only, hash-chained: hash = sha256(canonical record ‖ previous hash). seq orders it.
CREATE TABLE audit_log (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  kind text NOT NULL,
  subject text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL UNIQUE
);
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_not_truncated BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Down Migration
DROP TABLE audit_log;
DROP TABLE usage_records;
DROP TABLE budgets;
DROP TABLE model_prices;
DROP TABLE transfers;
DROP FUNCTION apply_inserted_transfers();
DROP FUNCTION refuse_change();
DROP TABLE accounts;
