-- Up Migration
-- Teams get the same request and token rate limits keys have; both apply to a key's requests.
ALTER TABLE teams
  ADD COLUMN rpm_limit integer CHECK (rpm_limit > 0),
  ADD COLUMN tpm_limit integer CHECK (tpm_limit > 0);

-- Down Migration
ALTER TABLE teams DROP COLUMN rpm_limit, DROP COLUMN tpm_limit;
