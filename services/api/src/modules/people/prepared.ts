import { createHash } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

type Queryable = { query: (q: { name: string; text: string; values: unknown[] }) => Promise<{ rows: unknown[] }> };

/**
 * Runs a hot read as a named prepared statement on the pool, so PostgreSQL plans each shape of
 * the query once per connection instead of on every search (the name search's planning costs as
 * much as its execution). The name is a digest of the text, so each shape (with or without a date
 * of birth, a postcode, a cursor…) is its own statement. Inside a transaction it runs as usual.
 */
export async function executePrepared<T>(db: DbOrTx, prefix: string, query: SQL): Promise<T[]> {
  const pool = (db as { $client?: Queryable }).$client;
  if (!pool || typeof pool.query !== 'function') return (await db.execute(query)).rows as T[];
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  const { rows } = await pool.query({ name, text, values: params });
  return rows as T[];
}
