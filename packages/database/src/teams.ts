import { sql } from 'slonik';
import { z } from 'zod';
import type { DatabasePool } from './pool.ts';

export interface CreateTeamInput {
  orgId: string;
  name: string;
  /** The team above this one; its budgets and rate limits apply to this team's keys too. */
  parentTeamId?: string | null;
  rpmLimit?: number | null;
  tpmLimit?: number | null;
}

const IdRow = z.object({ id: z.string() });

/** Creates a team of the organization and returns its id. Names are unique per organization. */
export async function createTeam(pool: DatabasePool, input: CreateTeamInput): Promise<string> {
  return pool.oneFirst(sql.type(IdRow)`
    INSERT INTO teams (org_id, name, parent_team_id, rpm_limit, tpm_limit)
    VALUES (${input.orgId}, ${input.name}, ${input.parentTeamId ?? null},
            ${input.rpmLimit ?? null}, ${input.tpmLimit ?? null})
    RETURNING id`);
}
