import { sql } from 'slonik';
import { z } from 'zod';
import type { DatabasePool } from './pool.ts';

const IdRow = z.object({ id: z.string() });

/** Returns the organization with this slug, creating it if needed (safe under concurrency). */
export async function ensureOrganization(
  pool: DatabasePool,
  slug: string,
  name: string,
): Promise<string> {
  return pool.oneFirst(sql.type(IdRow)`
    INSERT INTO organizations (slug, name) VALUES (${slug}, ${name})
    ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug
    RETURNING id`);
}
