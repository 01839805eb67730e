import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDbClient, migrate, startEmbeddedPostgres, type DbClient } from '@threefold/db';
import type { Config } from './config.js';

export interface OpenDatabase {
  client: DbClient;
  /** The pool on `DATABASE_REPLICA_URL` (read-only transactions), when one is configured. */
  replica?: DbClient;
  connectionString: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * When the embedded PostgreSQL is already running (the API is up), use it rather than start
   * a second server on the same folder — for the commands (`admin:create`, `seed`), which then
   * leave it running.
   */
  shareRunningEmbedded?: boolean;
}

/** The embedded server's postmaster.pid names a live process: someone is running it. */
export class EmbeddedInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by a running Threefold (PostgreSQL process ${pid}): stop that Threefold (Ctrl-C where \`pnpm start\` runs) and try again, or set DATABASE_URL to use another database.`,
    );
    this.name = 'EmbeddedInUseError';
  }
}

/** The embedded PostgreSQL running on this data folder now, if any (its pid and port). */
export async function runningEmbedded(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's (the `postgres` user when run as root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined; // a stale file
  }
  return { pid, port };
}

/**
 * Connects to `DATABASE_URL`, or with none starts the embedded PostgreSQL in the data folder
 * (or, for the commands, uses the one already running there), and brings the schema up to date.
 */
export async function openDatabase(
  config: Config,
  log: (message: string) => void = () => {},
  options: OpenOptions = {},
): Promise<OpenDatabase> {
  let connectionString = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!connectionString) {
    const running = await runningEmbedded(config.DATA_DIR);
    if (running && !(options.shareRunningEmbedded && running.port > 0)) {
      throw new EmbeddedInUseError(config.DATA_DIR, running.pid);
    }
    if (running) {
      const password = (await readFile(path.join(config.DATA_DIR, 'pg-password'), 'utf8')).trim();
      connectionString = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/threefold`;
      log(`using the embedded PostgreSQL already running in ${config.DATA_DIR} (port ${running.port})`);
    } else {
      log(`no DATABASE_URL: starting embedded PostgreSQL in ${config.DATA_DIR}`);
      const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT });
      connectionString = embedded.connectionString;
      stopEmbedded = () => embedded.stop();
    }
  }
  try {
    await migrate(connectionString);
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
  const client = createDbClient({ connectionString, max: config.DB_POOL_MAX, role: config.DB_APP_ROLE || null });
  const replica = openReplica(config);
  return {
    client,
    ...(replica ? { replica } : {}),
    connectionString,
    embedded: stopEmbedded !== undefined,
    async close() {
      await client.close();
      await replica?.close();
      await stopEmbedded?.();
    },
  };
}

/**
 * The second pool, on the streaming replica that practice data, the returns and search read from
 * (`DATABASE_REPLICA_URL`); none when unset, and those reads go to the primary. Its transactions
 * are read only, so a write sent there by mistake fails rather than vanish.
 */
export function openReplica(config: Config): DbClient | undefined {
  if (!config.DATABASE_REPLICA_URL) return undefined;
  return createDbClient({
    connectionString: config.DATABASE_REPLICA_URL,
    max: config.DB_POOL_MAX,
    role: config.DB_APP_ROLE || null,
    applicationName: 'threefold-replica',
    readOnly: true,
  });
}
