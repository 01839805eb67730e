import { randomBytes } from 'node:crypto';
import { createDbClient, type DbClient } from '@threefold/db';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type BuildAppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openReplica } from '../../src/database.js';
import { withDatabase } from './postgres.js';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `${inject('runPrefix')}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
        break;
      } catch (error) {
        // Two clones at the same instant can collide on the template; try again shortly.
        if (attempt > 20 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    {},
    // No event-loop-delay shedding: a busy CI machine must not turn requests into 503s
    // (the under-pressure test supplies its own health check).
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SERVE_CONSOLE: false,
      SHUTDOWN_DRAIN_MS: 0,
      MAX_EVENT_LOOP_DELAY_MS: 0,
      ...overrides,
    },
  );
}

export interface TestApp {
  app: FastifyInstance;
  db: DbClient;
  /** The pool reads for practice data, the returns and search go to, when the app has a replica. */
  replica?: DbClient;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export interface TestAppOptions extends Partial<Omit<BuildAppOptions, 'config' | 'db' | 'replica'>> {
  config?: Partial<Config>;
  /**
   * Give the app a "replica" that is its own test database (read-only transactions), or one the
   * test makes from that database's URL (a pool that records its queries). With
   * `TEST_DATABASE_REPLICA=same` in the environment every test app has the first kind, so any
   * module's tests can be run with reports read off a "replica" (no real replica needed).
   */
  replica?: 'same' | ((url: string, config: Config) => DbClient);
  /** Register extra routes before the app is ready (tests of shared machinery). */
  extend?: (app: FastifyInstance) => void | Promise<void>;
}

/** The real app on its own database, ready for `app.inject`. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const asked = options.replica ?? (process.env.TEST_DATABASE_REPLICA === 'same' ? 'same' : undefined);
  const config = testConfig({
    DATABASE_URL: database.url,
    ...(asked ? { DATABASE_REPLICA_URL: database.url } : {}),
    ...options.config,
  });
  const db = createDbClient({ connectionString: database.url, max: 5, role: config.DB_APP_ROLE || null });
  const replica = typeof asked === 'function' ? asked(database.url, config) : openReplica(config);
  const { extend, config: _ignored, replica: _replica, ...rest } = options;
  const app = await buildApp({ logger: false, ...rest, config, db, replica });
  await extend?.(app);
  await app.ready();
  return {
    app,
    db,
    ...(replica ? { replica } : {}),
    database,
    config,
    async close() {
      await app.close();
      await db.close();
      await replica?.close();
      await database.drop();
    },
  };
}
