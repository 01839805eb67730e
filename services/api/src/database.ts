import { createDbClient, migrate, startEmbeddedPostgres, type DbClient } from '@threefold/db';
import type { Config } from './config.js';

export interface OpenDatabase {
  client: DbClient;
  connectionString: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to `DATABASE_URL`, or with none starts the embedded PostgreSQL in the data folder,
 * and brings the schema up to date.
 */
export async function openDatabase(config: Config, log: (message: string) => void = () => {}): Promise<OpenDatabase> {
  let connectionString = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!connectionString) {
    log(`no DATABASE_URL: starting embedded PostgreSQL in ${config.DATA_DIR}`);
    const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT });
    connectionString = embedded.connectionString;
    stopEmbedded = () => embedded.stop();
  }
  try {
    await migrate(connectionString);
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
  const client = createDbClient({ connectionString, max: config.DB_POOL_MAX, role: config.DB_APP_ROLE || null });
  return {
    client,
    connectionString,
    embedded: stopEmbedded !== undefined,
    async close() {
      await client.close();
      await stopEmbedded?.();
    },
  };
}
