import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

export const migrationsFolder = fileURLToPath(new URL('../../../migrations/', import.meta.url));

// Any constant works; it only has to be the same for every instance of the API.
const MIGRATION_LOCK_KEY = 7_301_142_014;

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

export async function readJournal(folder = migrationsFolder): Promise<Journal> {
  return JSON.parse(await readFile(`${folder}/meta/_journal.json`, 'utf8')) as Journal;
}

/**
 * Applies pending migrations. Several API instances may start at once, so the work is
 * serialised with an advisory lock held on one dedicated connection.
 */
export async function migrate(connectionString: string, folder = migrationsFolder): Promise<void> {
  const client = new pg.Client({ connectionString, options: '-c timezone=UTC' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await drizzleMigrate(drizzle({ client }), { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

export interface MigrationStatus {
  expected: number;
  applied: number;
  upToDate: boolean;
}

/** Compares the committed journal with what the database has recorded as applied. */
export async function migrationStatus(
  query: (sql: string) => Promise<{ rows: { n: number; last: string | null }[] }>,
  folder = migrationsFolder,
): Promise<MigrationStatus> {
  const journal = await readJournal(folder);
  const expected = journal.entries.length;
  const lastWhen = journal.entries.at(-1)?.when ?? 0;
  let applied = 0;
  let last = 0;
  try {
    const { rows } = await query(
      'select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations',
    );
    applied = rows[0]?.n ?? 0;
    last = Number(rows[0]?.last ?? 0);
  } catch {
    applied = 0;
  }
  return { expected, applied, upToDate: applied >= expected && last >= lastWhen };
}
