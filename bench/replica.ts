/**
 * Reports off the primary (issue 21, item 4). Makes a PostgreSQL streaming replica with
 * `pg_basebackup -R` into a temporary folder, starts it on another port, waits for it to catch up,
 * then measures the primary's write throughput — pgbench running the very SQL one
 * `POST /v1/contacts` sends (captured from the API), at a fixed concurrency — while a full Client
 * Level Data export streams over HTTP from the API:
 *   (a) with the export read from the primary (no DATABASE_REPLICA_URL), and
 *   (b) with the export read from the replica (DATABASE_REPLICA_URL set),
 * alternating, beside the same writes with no export at all. Stops and removes the replica at the end.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:replica -- \
 *     [--people 200000 --contacts 2000000 --concurrency 8 --rounds 2 --own-cluster]
 *
 * The primary is the cluster BENCH_DATABASE_URL points at (its database `threefold_bench_replica`),
 * which must accept a replication connection from 127.0.0.1 (`pg_hba.conf`: a line
 * `host replication all 127.0.0.1/32 trust`, or with a password, then `select pg_reload_conf()`),
 * and a base backup copies that whole cluster. `--own-cluster` instead makes a throwaway primary
 * too (initdb in the temporary folder, replication allowed), so nothing of the machine's cluster
 * changes and only the bench data is copied. PostgreSQL's programs come from
 * `/usr/lib/postgresql/<major>/bin` (else the PATH); run as root, they run as the `postgres` user.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDbClient, migrate } from '../packages/db/src/index.js';
import { buildApp } from '../services/api/src/app.js';
import { loadConfig } from '../services/api/src/config.js';
import { openReplica } from '../services/api/src/database.js';
import { createMachineClient, tokenFor } from '../services/api/test/support/auth.js';
import { captureContactScript } from './contact-sql.js';
import { chownToPostgres, freePort, initPostgresUser, ownConfig, pgBin, pgRun } from './pg-cluster.js';
import { benchDatabase, n, pg } from './support.js';
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    people: { type: 'string', default: '200000' },
    contacts: { type: 'string', default: '2000000' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    'own-cluster': { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const CONTACTS = Number(values.contacts);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const DB_NAME = 'threefold_bench_replica';
const withPort = (url: string, port: number, db = DB_NAME) => {
  const u = new URL(url);
  u.port = String(port);
  u.pathname = `/${db}`;
  return u.toString();
};

async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const count = async (sql: string) => (await client.query<{ n: number }>(sql)).rows[0]!.n;
  await client.query(`set synchronous_commit = off`);
  await client.query(`set work_mem = '128MB'`);
  const people = await count('select count(*)::int as n from people');
  if (people < PEOPLE) {
    console.log(`seeding ${n(PEOPLE - people)} people…`);
    await client.query(
      `insert into people (given_name, family_name, date_of_birth, gender, ethnicity, postcode, primary_support_reason)
       select (array['Joan','Mary','Ann','Robert','John','Aisha','Priya','Edith'])[1 + g % 8],
              (array['Talbot','Corbett','Lloyd','Nowak','Khan','Bowen','Price','Evans','Jones'])[1 + (g * 7) % 9] || g,
              date '1925-01-01' + (g % 29000), case when g % 2 = 0 then 'female' else 'male' end,
              (array['A1','A2','B1','C1','D1'])[1 + g % 5], 'SY1 ' || (g % 10) || 'AB',
              (array['physical-support','memory-and-cognition','mental-health'])[1 + g % 3]
         from generate_series(${people + 1}, ${PEOPLE}) g`,
    );
  }
  const contacts = await count('select count(*)::int as n from contacts');
  if (contacts < CONTACTS) {
    console.log(`seeding ${n(CONTACTS - contacts)} contacts…`);
    await client.query(`create temporary table bp as select id, row_number() over (order by id) rn from people`);
    await client.query(`create index on bp (rn)`);
    await client.query(
      `insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, what_matters, source, created_by_type, outcome, resolved_at)
       select p.id, o.at, 'phone', 'self', 'community_other', 'To stay at home', 'console', 'user',
              'information_and_advice', o.at + interval '20 minutes'
         from generate_series(${contacts + 1}, ${CONTACTS}) g
         join bp p on p.rn = 1 + (g::bigint * 7919) % ${PEOPLE}
         cross join lateral (select now() - interval '1 day' - ((g::bigint * 104729) % (3000 * 86400)) * interval '1 second' as at) o`,
    );
  }
  await client.query('vacuum analyze people');
  await client.query('vacuum analyze contacts');
  await client.end();
}

/**
 * The primary's write throughput while `during` runs: pgbench running the API's contact SQL at
 * CONCURRENCY, its per-second progress averaged over exactly that window.
 */
async function writes(url: string, script: string, during: () => Promise<unknown>) {
  const bench = spawn('pgbench', [
    '-n',
    '-c',
    String(CONCURRENCY),
    '-j',
    '2',
    '-T',
    '3600',
    '-P',
    '1',
    '-f',
    script,
    url,
  ]);
  const samples: { at: number; tps: number }[] = [];
  let failed = '';
  bench.stderr.setEncoding('utf8').on('data', (text: string) => {
    for (const m of text.matchAll(/progress: [\d.]+ s, ([\d.]+) tps/g))
      samples.push({ at: performance.now(), tps: Number(m[1]) });
    if (/error|abort/i.test(text)) failed += text;
  });
  bench.stdout.resume();
  while (samples.length < 2 && !failed) await new Promise((r) => setTimeout(r, 100)); // warm
  if (failed) throw new Error(`pgbench: ${failed}`);
  const t0 = performance.now();
  await during();
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, 1100)); // the second the export ended in
  bench.kill('SIGINT');
  const inWindow = samples.filter((x) => x.at > t0 + 500 && x.at <= t1 + 1000);
  const rate = inWindow.reduce((sum, x) => sum + x.tps, 0) / Math.max(1, inWindow.length);
  return { rate, seconds: (t1 - t0) / 1000 };
}

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('set BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  await initPostgresUser();
  const temp = await mkdtemp(path.join(tmpdir(), 'threefold-replica-'));
  await chownToPostgres(temp);
  const started: string[] = [];
  let script: string | undefined;
  let primaryUrl: string;
  let major: number;
  try {
    if (values['own-cluster']) {
      const probe = new pg.Client({ connectionString: serverUrl });
      await probe.connect();
      major = Number((await probe.query<{ v: string }>('show server_version_num')).rows[0]!.v) / 10000;
      await probe.end();
      major = Math.floor(major);
      const dir = path.join(temp, 'primary');
      const port = await freePort();
      await pgRun(await pgBin('initdb', major), [
        '-D',
        dir,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--no-sync',
      ]);
      await ownConfig(dir, port);
      await pgRun(await pgBin('pg_ctl', major), ['-D', dir, '-l', path.join(temp, 'primary.log'), '-w', 'start']);
      started.push(dir);
      primaryUrl = withPort(serverUrl, port, 'postgres');
      console.log(`primary: a throwaway cluster on port ${port} (${dir})`);
    } else {
      primaryUrl = serverUrl;
      const probe = new pg.Client({ connectionString: serverUrl });
      await probe.connect();
      major = Math.floor(Number((await probe.query<{ v: string }>('show server_version_num')).rows[0]!.v) / 10000);
      const { rows } = await probe.query<{ n: number }>(
        `select count(*)::int as n from pg_hba_file_rules where 'replication' = any(database) and error is null`,
      );
      await probe.end();
      if (rows[0]!.n === 0) {
        console.error(
          'The primary accepts no replication connection (pg_hba.conf has no `replication` line). Either add\n' +
            '  host replication all 127.0.0.1/32 trust\n' +
            'to its pg_hba.conf and run `select pg_reload_conf()`, or run with --own-cluster (a throwaway primary).',
        );
        process.exitCode = 2;
        return;
      }
    }
    const url = await benchDatabaseOn(primaryUrl);
    await seed(url);

    // The replica: a base backup streaming its WAL (-X stream), with -R writing standby.signal
    // and primary_conninfo; then its own config (another port) and start.
    const replicaDir = path.join(temp, 'replica');
    const primary = new URL(primaryUrl);
    const replicaPort = await freePort();
    const t0 = performance.now();
    await pgRun(await pgBin('pg_basebackup', major), [
      '-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username || 'postgres'),
      '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast',
    ]); // prettier-ignore
    await ownConfig(replicaDir, replicaPort);
    await pgRun(await pgBin('pg_ctl', major), ['-D', replicaDir, '-l', path.join(temp, 'replica.log'), '-w', 'start']);
    started.unshift(replicaDir);
    const replicaUrl = withPort(url, replicaPort);
    console.log(
      `replica: pg_basebackup -R in ${((performance.now() - t0) / 1000).toFixed(1)} s, on port ${replicaPort}`,
    );

    // Caught up: the replica has replayed the primary's current WAL position.
    const primaryClient = new pg.Client({ connectionString: url });
    await primaryClient.connect();
    const target = (await primaryClient.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!
      .lsn;
    const standby = new pg.Client({ connectionString: replicaUrl });
    await standby.connect();
    for (;;) {
      const { rows } = await standby.query<{ ok: boolean }>(
        `select pg_is_in_recovery() and pg_last_wal_replay_lsn() >= $1::pg_lsn as ok`,
        [target],
      );
      if (rows[0]!.ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await standby.end();
    console.log('replica caught up');

    // Two apps on the same primary, one reading its reports from the replica; the same process
    // and pools, so only where the export reads differs.
    const config = (replica?: string) =>
      loadConfig(
        {},
        {
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          SERVE_CONSOLE: false,
          DATABASE_URL: url,
          ...(replica ? { DATABASE_REPLICA_URL: replica } : {}),
          USER_RATE_LIMIT_PER_MINUTE: 1_000_000,
          MAX_EVENT_LOOP_DELAY_MS: 0,
        },
      );
    const apps: Record<'primary' | 'replica', { base: string; close(): Promise<void> }> = {} as never;
    let tokenHeaders: Record<string, string> = {};
    for (const side of ['primary', 'replica'] as const) {
      const cfg = config(side === 'replica' ? replicaUrl : undefined);
      const db = createDbClient({ connectionString: url, max: 20, role: 'threefold_app', statementTimeoutMs: 600_000 });
      const replica = openReplica(cfg);
      const app = await buildApp({ config: cfg, db, replica, logger: false });
      await app.listen({ host: '127.0.0.1', port: 0 });
      if (side === 'primary') {
        const client = await createMachineClient(db, {
          kind: 'council',
          scopes: ['contacts:write', 'returns:read'],
          rateLimitPerMinute: 1_000_000,
        });
        tokenHeaders = (await tokenFor(app, client)).headers;
      }
      apps[side] = {
        base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
        async close() {
          await app.close();
          await db.close();
          await replica?.close();
        },
      };
    }
    const { rows: span } = await primaryClient.query<{ from: string; to: string }>(
      `select to_char(min(occurred_at) at time zone 'Europe/London', 'YYYY-MM-DD') as from,
              to_char(max(occurred_at) at time zone 'Europe/London', 'YYYY-MM-DD') as to from contacts`,
    );
    const from = span[0]!.from;
    const to = new Date(Math.min(Date.parse(span[0]!.to), Date.parse(from) + 3652 * 86_400_000))
      .toISOString()
      .slice(0, 10);
    const exportFrom = async (side: 'primary' | 'replica') => {
      const res = await fetch(`${apps[side].base}/v1/returns/client-level-data?from=${from}&to=${to}`, {
        headers: tokenHeaders,
      });
      if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
      let lines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
      }
      return lines - 1;
    };

    ({ script } = await captureContactScript(apps.primary.base, tokenHeaders, 'replica'));
    console.log(`write: the API's own SQL for one contact, as ${script}`);
    const loadAtStart = loadavg();
    console.log(
      `\nThreefold reports off the primary — ${n(PEOPLE)} people, ${n(CONTACTS)}+ contacts; the primary's writes: pgbench of POST /v1/contacts's SQL at ${CONCURRENCY} concurrent`,
    );
    const results: Record<string, number[]> = { none: [], primary: [], replica: [] };
    let events = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const quiet = await writes(url, script, () => new Promise((r) => setTimeout(r, 8000)));
      results.none!.push(quiet.rate);
      console.log(`  round ${round}: no export             ${quiet.rate.toFixed(0)} tps`);
      for (const side of round % 2 ? (['primary', 'replica'] as const) : (['replica', 'primary'] as const)) {
        const w = await writes(url, script, async () => {
          events = await exportFrom(side);
        });
        results[side]!.push(w.rate);
        console.log(
          `  round ${round}: export from ${side.padEnd(8)} ${w.rate.toFixed(0)} tps while ${n(events)} events streamed in ${w.seconds.toFixed(1)} s`,
        );
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`\nprimary's write throughput (median of ${ROUNDS}):`);
    console.log(`  no export:                     ${median(results.none!).toFixed(0)} tps`);
    console.log(`  (a) export read from primary:  ${median(results.primary!).toFixed(0)} tps`);
    console.log(`  (b) export read from replica:  ${median(results.replica!).toFixed(0)} tps`);
    console.log(`  (b)/(a): ${(median(results.replica!) / median(results.primary!)).toFixed(2)}`);
    console.log(
      `load average (1, 5, 15 min) at start ${loadAtStart.map((x) => x.toFixed(2)).join(', ')}; at end ${loadavg()
        .map((x) => x.toFixed(2))
        .join(', ')}`,
    );
    await apps.primary.close();
    await apps.replica.close();
    await primaryClient.end();
  } finally {
    for (const dir of started)
      await pgRun(await pgBin('pg_ctl', major!), ['-D', dir, '-m', 'fast', '-w', 'stop']).catch((e: Error) =>
        console.error(`stopping ${dir}: ${e.message}`),
      );
    await rm(temp, { recursive: true, force: true });
    if (script) await rm(script, { force: true });
    if (started.length > 0) console.log(`replica stopped and ${temp} removed`);
  }
}

/** The bench database on the primary (created and migrated if missing). */
async function benchDatabaseOn(primaryUrl: string): Promise<string> {
  const saved = process.env.BENCH_DATABASE_URL;
  process.env.BENCH_DATABASE_URL = primaryUrl;
  try {
    const url = await benchDatabase(DB_NAME);
    await migrate(url);
    return url;
  } finally {
    process.env.BENCH_DATABASE_URL = saved;
  }
}

await main();
