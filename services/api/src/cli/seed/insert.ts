import type { DbOrTx } from '@threefold/db';

/**
 * Inserts seeded rows 500 at a time, leaving any already there (seeding twice adds nothing), and
 * says how many were new.
 */
export async function insertNew<T extends Record<string, unknown>>(
  tx: DbOrTx,
  table: Parameters<DbOrTx['insert']>[0],
  values: T[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < values.length; i += 500) {
    const result = await tx
      .insert(table)
      .values(values.slice(i, i + 500) as never)
      .onConflictDoNothing();
    added += result.rowCount ?? 0;
  }
  return added;
}
