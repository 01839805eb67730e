import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Database = NodePgDatabase<Schema>;
/** A transaction handle; repositories take one optionally so services can compose them. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;

export interface DbClient {
  pool: pg.Pool;
  db: Database;
  close(): Promise<void>;
}

export interface DbClientOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  statementTimeoutMs?: number;
  /**
   * Role every pooled connection switches to before its first query (e.g. `threefold_app`), so
   * the application never acts with the owner's or a superuser's rights, even when the URL logs
   * in as one. Null or empty keeps the login role.
   */
  role?: string | null;
  /**
   * Every transaction on these connections is read only (`default_transaction_read_only`): for
   * the pool that reads from a streaming replica, so a write sent there by mistake fails at once,
   * even when the "replica" is the primary itself.
   */
  readOnly?: boolean;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]*$/;
export const TRIGRAM_THRESHOLD = 0.45;

// Dates of birth are calendar dates: keep them as 'YYYY-MM-DD' strings, never shifted by a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counts (count(*)) fit comfortably in a JS number for our volumes.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export function createDbClient(options: DbClientOptions): DbClient {
  if (options.role && !ROLE_NAME.test(options.role)) throw new Error(`invalid role name: ${options.role}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'threefold',
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    // Every session speaks UTC, so timestamptz values and now() are unambiguous; it acts as the
    // application role from its first statement (the startup equivalent of SET ROLE); and the
    // trigram `%` operator used to find people only counts names at least this alike.
    options: `-c timezone=UTC -c pg_trgm.similarity_threshold=${TRIGRAM_THRESHOLD}${options.role ? ` -c role=${options.role}` : ''}${options.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema, casing: 'snake_case' });
  return {
    pool,
    db,
    close: () => pool.end(),
  };
}

/**
 * Runs `work` on one pooled connection between `begin` (as given: an isolation level, read only)
 * and `commit`; rolls back if it throws, and hands the connection back either way. For work that
 * needs plain SQL on one connection: a snapshot several queries share, a transaction-scoped lock.
 */
export async function inPgTransaction<T>(
  pool: pg.Pool,
  begin: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
