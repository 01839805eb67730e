/**
 * What every benchmark shares: the real API on 127.0.0.1, configured as tests configure it but
 * with the per-user rate limit out of the way, over a database of its own.
 */
import { createRequire } from 'node:module';
import type PgModule from 'pg';
import { createDbClient, migrate, type DbClient } from '../packages/db/src/index.js';
import { buildApp } from '../services/api/src/app.js';
import { loadConfig, type Config } from '../services/api/src/config.js';

/** Loads a dependency as the API package resolves it (bench/ belongs to no package). */
export const requireFromApi = createRequire(new URL('../services/api/package.json', import.meta.url));
/** node-postgres, as the API resolves it. */
export const pg = requireFromApi('pg') as typeof PgModule;

/**
 * The database `name` on BENCH_DATABASE_URL (else DATABASE_URL), created if missing and migrated;
 * kept between runs so seeding is paid once.
 */
export async function benchDatabase(name: string): Promise<string> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('set BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!exists.rowCount) await admin.query(`create database "${name}"`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate(url);
  return url;
}

/** The API over `url` (as role threefold_app), listening on a free port of 127.0.0.1. */
export async function startBenchApi(
  url: string,
  options: { pool?: number; statementTimeoutMs?: number; config?: Partial<Config>; logger?: boolean } = {},
): Promise<{ app: Awaited<ReturnType<typeof buildApp>>; db: DbClient; base: string; config: Config }> {
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SERVE_CONSOLE: false,
      DATABASE_URL: url,
      USER_RATE_LIMIT_PER_MINUTE: 1_000_000,
      MAX_EVENT_LOOP_DELAY_MS: 0,
      ...options.config,
    },
  );
  const db = createDbClient({
    connectionString: url,
    max: options.pool ?? 20,
    role: 'threefold_app',
    ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
  });
  const app = await buildApp({ config, db, logger: options.logger ?? false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return { app, db, base, config };
}

/**
 * Tops the database up to `count` plain people (made-up names, no versions: enough for reading a
 * person by id) and answers the ids of the first 1,000.
 */
export async function plainPeople(admin: PgModule.Client, count: number): Promise<string[]> {
  const { rows: counted } = await admin.query<{ n: number }>('select count(*)::int as n from people');
  if (counted[0]!.n < count) {
    await admin.query(
      `insert into people (given_name, family_name, date_of_birth, postcode)
       select 'Given' || g, 'Family' || (g % 997), date '1940-01-01' + (g % 20000), 'SY1 1AA'
         from generate_series($1::int, $2::int) g`,
      [counted[0]!.n + 1, count],
    );
    await admin.query('analyze people');
  }
  return (await admin.query<{ id: string }>('select id from people limit 1000')).rows.map((r) => r.id);
}

/**
 * The SQL that gives each budget of `budgets` (a FROM list naming them `b`) its first review: due
 * six to eight weeks after it went live, completed with an outcome once that is past.
 */
export const firstReviewsOf = (budgets: string): string =>
  `insert into reviews (budget_id, person_id, team_id, kind, due_from, due_by, status, outcome, completed_on, weekly_before_pence, weekly_after_pence)
     select b.id, b.person_id, b.team_id, 'first', b.live_on + 42, b.live_on + 56,
            case when b.live_on + 50 < current_date then 'completed' else 'open' end,
            case when b.live_on + 50 < current_date then (array['fully_met','partially_met','not_met'])[1 + abs(hashtext(b.id::text)) % 3] end,
            case when b.live_on + 50 < current_date then b.live_on + 50 end, b.agreed_weekly_pence, b.agreed_weekly_pence
       from ${budgets}`;

/** The value at the p-th percentile of sorted numbers. */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A count as people read it (10,000,000). */
export const n = (x: number): string => x.toLocaleString('en-GB');
