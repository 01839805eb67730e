import type { DbOrTx } from '@threefold/db';
import type pg from 'pg';

/** A hot statement: parsed and planned once per connection under its name, its text fixed. */
export interface NamedStatement {
  /** Unique across the API: PostgreSQL keeps one prepared statement per name and connection. */
  name: string;
  text: string;
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/**
 * The node-postgres handle under a drizzle database or transaction: the pool outside a
 * transaction, the transaction's own connection inside one (the request-aware handle follows the
 * request's transaction, so an idempotent POST's statements stay in it).
 */
function pgOf(db: DbOrTx): Queryable {
  return (db as unknown as { session: { client: Queryable } }).session.client;
}

/**
 * Runs a named statement on `db` (a transaction or the pool) and returns its rows as PostgreSQL
 * sends them (snake_case columns; timestamptz as Date, date as text, bigint as number). For the
 * few statements on every request, where building the SQL with drizzle each time costs more than
 * running it: repositories keep the statement beside its drizzle siblings and map the row.
 */
export async function runNamed<R extends object>(
  db: DbOrTx,
  statement: NamedStatement,
  values: unknown[],
): Promise<R[]> {
  const result = await pgOf(db).query<R>({ name: statement.name, text: statement.text, values });
  return result.rows;
}
