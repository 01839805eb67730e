/**
 * What auditing every read costs. Seeds a realistic database (100,000 people and a backlog of
 * audit events, already chained), starts the real API twice on 127.0.0.1 — once auditing, once
 * with the writer disabled in code (the only place that switch exists) — and drives the same
 * authenticated read — `GET /v1/people/:id` as a social worker: session check, rate limit, one
 * row, audited as `person.read` — over HTTP with autocannon, alternating the two so drift hits both alike.
 * The audit chainer runs in the background throughout, as in production, and the chain is
 * verified at the end. Exits non-zero if audited throughput is below 80% of unaudited.
 *
 *   pnpm bench:audit [-- --duration 5 --connections 50 --rounds 6 --people 100000 --events 200000]
 *
 * With DATABASE_URL it works in a new database on that server (dropped at the end); without, in
 * an embedded PostgreSQL in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { createDbClient, migrate, people, startEmbeddedPostgres, type DbClient } from '../packages/db/src/index.js';
import { AuditChainer, dedicatedSession } from '../services/api/src/audit/chainer.js';
import { verifyAuditChain } from '../services/api/src/audit/verify.js';
import { buildApp } from '../services/api/src/app.js';
import { demoData } from '../services/api/src/cli/seed.js';
import { loadConfig } from '../services/api/src/config.js';
import { signInAs } from '../services/api/test/support/auth.js';

// autocannon is a dev dependency of the API package; resolve it from there.
const requireFromApi = createRequire(new URL('../services/api/package.json', import.meta.url));
const autocannon = requireFromApi('autocannon') as Autocannon;

interface CannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}
interface CannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
interface CannonResult {
  requests: { total: number; average: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (error: unknown, result: CannonResult) => void,
) => CannonInstance;

const { values } = parseArgs({
  // `pnpm bench:audit -- --duration 5` passes the `--` along.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '6' },
    people: { type: 'string', default: '100000' },
    events: { type: 'string', default: '200000' },
    users: { type: 'string', default: '20' },
    // Writer tuning to compare, e.g. `--audit-delay-ms 0`; the production default otherwise.
    'audit-delay-ms': { type: 'string' },
    'audit-in-flight': { type: 'string' },
  },
});
const tuning = {
  ...(values['audit-delay-ms'] === undefined ? {} : { maxDelayMs: Number(values['audit-delay-ms']) }),
  ...(values['audit-in-flight'] === undefined ? {} : { maxInFlight: Number(values['audit-in-flight']) }),
};
delete values['audit-delay-ms'];
delete values['audit-in-flight'];
const settings = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])) as Record<
  keyof typeof values,
  number
>;
for (const [k, v] of Object.entries(settings)) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive whole number`);
}

// The whole run stops by itself even if something hangs.
const watchdog = setTimeout(
  () => {
    console.error('benchmark took too long; giving up');
    process.exit(2);
  },
  (settings.rounds * 2 * (settings.duration + 5) + 600) * 1000,
);
watchdog.unref();

const HOST = '127.0.0.1';

async function openServer(): Promise<{ url: string; cleanup(): Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const name = `threefold_bench_${randomBytes(4).toString('hex')}`;
    const admin = createDbClient({ connectionString: given, max: 1 });
    await admin.pool.query(`create database ${name}`);
    await admin.close();
    const url = new URL(given);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async cleanup() {
        const c = createDbClient({ connectionString: given, max: 1 });
        await c.pool.query(`drop database if exists ${name} with (force)`);
        await c.close();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'threefold-bench-pg-'));
  const embedded = await startEmbeddedPostgres({ dataDir, persistent: false });
  return {
    url: embedded.connectionString,
    async cleanup() {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function seed(owner: DbClient): Promise<string[]> {
  const started = Date.now();
  const data = demoData({ seed: 7, people: settings.people, organisations: 0 });
  for (let i = 0; i < data.people.length; i += 2000) {
    await owner.db.insert(people).values(data.people.slice(i, i + 2000));
  }
  // A backlog of earlier reads, so indexes are the size they would be after some months.
  await owner.pool.query(
    `insert into audit_events (occurred_at, actor_type, actor_id, actor_role, action, resource_type, resource_id, person_id, outcome, request_id)
     select now() - (g || ' seconds')::interval, 'user', gen_random_uuid()::text, 'social_worker', 'person.read', 'person',
            p.ids[1 + g % cardinality(p.ids)]::text, p.ids[1 + g % cardinality(p.ids)], 'allowed', gen_random_uuid()::text
       from generate_series(1, $1) g, (select array_agg(id) as ids from (select id from people limit 5000) s) p`,
    [settings.events],
  );
  await owner.pool.query('analyze');
  console.log(
    `seeded ${settings.people} people and ${settings.events} earlier audit events in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // Restricted records need a reason to open (403 without one); a colleague's everyday reads are of the rest.
  return data.people.filter((p) => !p.restricted).map((p) => p.id);
}

interface Measured {
  mode: 'audited' | 'unaudited';
  rps: number;
  total: number;
  latencies: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function load(port: number, ids: string[], sessions: Record<string, string>[], mode: Measured['mode']) {
  return new Promise<Measured>((resolve, reject) => {
    const latencies: number[] = [];
    let next = 0;
    const instance = autocannon(
      {
        url: `http://${HOST}:${port}`,
        connections: settings.connections,
        duration: settings.duration,
        requests: [
          {
            method: 'GET',
            // Each connection is one signed-in colleague reading records at random.
            setupRequest(request: CannonRequest, context: { session?: Record<string, string> }) {
              context.session ??= sessions[next++ % sessions.length]!;
              request.path = `/v1/people/${ids[Math.floor(Math.random() * ids.length)]}`;
              request.headers = { ...request.headers, ...context.session };
              return request;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
          return reject(
            new Error(
              `${mode}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts — not a valid run`,
            ),
          );
        }
        resolve({ mode, rps: result.requests.total / result.duration, total: result.requests.total, latencies });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

async function main(): Promise<number> {
  const server = await openServer();
  const apps: FastifyInstance[] = [];
  const clients: DbClient[] = [];
  let chainer: AuditChainer | undefined;
  try {
    await migrate(server.url);
    const owner = createDbClient({ connectionString: server.url, max: 4 });
    clients.push(owner);
    const ids = await seed(owner);

    const config = loadConfig(
      {},
      {
        DATABASE_URL: server.url,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        SERVE_CONSOLE: false,
        // The load is one caller hammering the API on purpose: no rate limit or load shedding.
        USER_RATE_LIMIT_PER_MINUTE: 1_000_000,
        MAX_EVENT_LOOP_DELAY_MS: 0,
      },
    );
    const start = async (audited: boolean) => {
      const db = createDbClient({ connectionString: server.url, max: config.DB_POOL_MAX, role: config.DB_APP_ROLE });
      clients.push(db);
      const audit = audited ? tuning : { enabled: false };
      const app = await buildApp({ config, db, logger: false, audit });
      await app.listen({ host: HOST, port: 0 });
      apps.push(app);
      return { app, port: (app.server.address() as { port: number }).port };
    };
    const audited = await start(true);
    const unaudited = await start(false);

    // The backlog is chained first; during the runs the chainer keeps up as in production.
    chainer = new AuditChainer({ connect: await dedicatedSession(audited.app.dbClient.pool), intervalMs: 1000 });
    const chainStart = Date.now();
    const backlog = await chainer.chainPending();
    console.log(`chained the backlog of ${backlog} events in ${((Date.now() - chainStart) / 1000).toFixed(1)} s`);
    chainer.start();

    const sessions: Record<string, string>[] = [];
    for (let i = 0; i < settings.users; i++) {
      sessions.push({ cookie: (await signInAs(audited.app, owner, { roles: ['social_worker'] })).cookie });
    }

    console.log(
      `GET /v1/people/:id (getPerson, audited as person.read) on http://${HOST}, ${settings.connections} connections, ${settings.users} colleagues, ` +
        `${settings.rounds} × ${settings.duration} s per mode`,
    );
    const benchStartedAt = new Date();
    let auditedAnswers = 0;
    // A short warm-up of each, so neither pays for JIT and cold caches.
    const warm = { ...settings };
    settings.duration = Math.min(3, warm.duration);
    await load(unaudited.port, ids, sessions, 'unaudited');
    auditedAnswers += (await load(audited.port, ids, sessions, 'audited')).total;
    settings.duration = warm.duration;

    // Short runs, alternated, compared in pairs: whatever else the machine is doing at the time
    // weighs on both halves of a pair alike. The verdict is the median of the pairs' ratios.
    const runs: Measured[] = [];
    const pairRatios: number[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? [unaudited, audited] : [audited, unaudited];
      const pair: Partial<Record<Measured['mode'], number>> = {};
      for (const target of order) {
        const mode = target === audited ? 'audited' : 'unaudited';
        const run = await load(target.port, ids, sessions, mode);
        if (mode === 'audited') auditedAnswers += run.total;
        pair[mode] = run.rps;
        runs.push(run);
      }
      pairRatios.push(pair.audited! / pair.unaudited!);
      console.log(
        `  round ${round + 1}: unaudited ${pair.unaudited!.toFixed(0)} req/s, audited ${pair.audited!.toFixed(0)} req/s ` +
          `(${((pair.audited! / pair.unaudited!) * 100).toFixed(0)}%)`,
      );
    }

    const summary = (mode: Measured['mode']) => {
      const mine = runs.filter((r) => r.mode === mode);
      const latencies = mine.flatMap((r) => r.latencies).sort((a, b) => a - b);
      return {
        rps: mine.reduce((s, r) => s + r.rps, 0) / mine.length,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        requests: mine.reduce((s, r) => s + r.total, 0),
      };
    };
    const on = summary('audited');
    const off = summary('unaudited');
    const sortedRatios = [...pairRatios].sort((a, b) => a - b);
    const ratio =
      (sortedRatios[Math.floor((sortedRatios.length - 1) / 2)]! +
        sortedRatios[Math.ceil((sortedRatios.length - 1) / 2)]!) /
      2;
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `| ${name.padEnd(9)} | ${s.rps.toFixed(0).padStart(6)} | ${s.p50.toFixed(1).padStart(5)} | ${s.p95.toFixed(1).padStart(5)} | ${s.p99.toFixed(1).padStart(5)} | ${String(s.requests).padStart(8)} |`;
    console.log('\n| mode      |  req/s | p50 ms | p95 ms | p99 ms | requests |');
    console.log('| --------- | -----: | -----: | -----: | -----: | -------: |');
    console.log(row('unaudited', off));
    console.log(row('audited', on));
    console.log(
      `\naudited / unaudited throughput: ${(ratio * 100).toFixed(1)}% (median of ${pairRatios.length} paired runs; ` +
        `means ${((on.rps / off.rps) * 100).toFixed(1)}%; required: at least 80%)`,
    );

    // Every audited request left a row; the chainer kept up and the chain holds.
    await chainer.stop();
    chainer = new AuditChainer({ connect: await dedicatedSession(audited.app.dbClient.pool) });
    await chainer.chainPending();
    const { rows } = await owner.pool.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'person.read' and occurred_at >= $1`,
      [benchStartedAt],
    );
    const report = await verifyAuditChain(owner.pool);
    // Requests cut off at the end of a run are still audited, so rows may exceed answers, never fall short.
    console.log(
      `audit rows from the audited runs: ${rows[0]!.n} for ${auditedAnswers} answered requests; ` +
        `chain: ${report.ok ? `verified, ${report.count} events` : 'BROKEN'}`,
    );
    if (!report.ok || rows[0]!.n < auditedAnswers) return 1;
    return ratio >= 0.8 ? 0 : 1;
  } finally {
    await chainer?.stop();
    for (const app of apps) await app.close();
    for (const client of clients) await client.close();
    await server.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
