/**
 * SIGTERM under load: the real server process (src/server.ts, DATABASE_URL set) with requests
 * held in flight and new requests arriving while it drains. Prints how many in-flight requests
 * were answered, what the new ones got, and the exit code.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:shutdown [--in-flight 20]
 */
import { parseArgs } from 'node:util';
import { startServerProcess } from '../services/api/test/support/server-process.js';
import { benchDatabase, pg } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { 'in-flight': { type: 'string', default: '20' }, 'drain-ms': { type: 'string', default: '1500' } },
});
const inFlightCount = Number(values['in-flight']);
const drainMs = Number(values['drain-ms']);

const url = await benchDatabase('threefold_bench_shutdown');
const server = await startServerProcess({ DATABASE_URL: url, SHUTDOWN_DRAIN_MS: String(drainMs), DB_POOL_MAX: '30' });

// Readiness reads the migrations table; holding a lock on it keeps those requests in flight.
const locker = new pg.Client({ connectionString: url });
await locker.connect();
await locker.query('begin');
await locker.query('lock table drizzle.__drizzle_migrations in access exclusive mode');
const held = Array.from({ length: inFlightCount }, () =>
  fetch(`${server.base}/health/ready`).then(
    (r) => r.status,
    () => 0,
  ),
);
// Below the pool's 30 s statement timeout, which would cancel the held queries.
const holdUntil = Date.now() + 10_000;
let waiting = 0;
while (waiting < inFlightCount && Date.now() < holdUntil) {
  await new Promise((r) => setTimeout(r, 50));
  const { rows } = await locker.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  waiting = rows[0]!.n;
}
console.log(`  ${waiting} requests held in flight when SIGTERM was sent`);

const signalledAt = Date.now();
server.child.kill('SIGTERM');
const fresh: Promise<string>[] = [];
const arrivals = setInterval(() => {
  fresh.push(
    fetch(`${server.base}/health/live`).then(
      (r) =>
        `${r.status} ${r.headers.get('content-type')?.split(';')[0]}${r.headers.get('retry-after') ? ' retry-after' : ''}`,
      (e: Error) => `refused (${(e.cause as { code?: string } | undefined)?.code ?? e.message})`,
    ),
  );
}, 50);
await new Promise((r) => setTimeout(r, Math.max(200, drainMs - 300)));
clearInterval(arrivals);
await locker.query('commit');
await locker.end();
const answered = await Promise.all(held);
const exit = await server.exited;
const outcomes = new Map<string, number>();
for (const o of await Promise.all(fresh)) outcomes.set(o, (outcomes.get(o) ?? 0) + 1);

console.log(`SIGTERM with ${inFlightCount} requests in flight (drain ${drainMs} ms)`);
console.log(`  in flight answered 200: ${answered.filter((s) => s === 200).length} of ${inFlightCount}`);
const heldOutcomes = new Map<number, number>();
for (const s of answered) heldOutcomes.set(s, (heldOutcomes.get(s) ?? 0) + 1);
console.log(`    (${[...heldOutcomes].map(([s, k]) => `${k} × ${s || 'connection failed'}`).join(', ')})`);
console.log(`  new requests during the drain: ${fresh.length}`);
for (const [what, count] of outcomes) console.log(`    ${count} × ${what}`);
console.log(`  exit: code ${exit.code}, signal ${exit.signal}, after ${Date.now() - signalledAt} ms`);
