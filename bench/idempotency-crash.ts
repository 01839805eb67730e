/**
 * kill -9 under concurrent idempotent writers: 20 council systems post contacts with an
 * Idempotency-Key each; the server process is killed mid-stream; a new one starts and every
 * writer retries its unanswered key. Prints the keys left in_flight, what the retries got, and
 * any duplicate contacts.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:idempotency-crash [--writers 20]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDbClient } from '../packages/db/src/index.js';
import { createMachineClient } from '../services/api/test/support/auth.js';
import { startServerProcess, type ServerProcess } from '../services/api/test/support/server-process.js';
import { benchDatabase } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    writers: { type: 'string', default: '20' },
    'kill-after-ms': { type: 'string', default: '1500' },
    'lease-seconds': { type: 'string', default: '3' },
  },
});
const writers = Number(values.writers);
const lease = Number(values['lease-seconds']);
const url = await benchDatabase('threefold_bench_idempotency');
const db = createDbClient({ connectionString: url });
const run = randomUUID().slice(0, 8);
const client = await createMachineClient(db, {
  kind: 'council',
  scopes: ['contacts:write'],
  rateLimitPerMinute: 1_000_000,
});
const env = { DATABASE_URL: url, IDEMPOTENCY_LEASE_SECONDS: String(lease), DB_POOL_MAX: '30' };

async function tokenOn(server: ServerProcess): Promise<string> {
  const res = await fetch(`${server.base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const post = (server: ServerProcess, token: string, key: string) =>
  fetch(`${server.base}/v1/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({
      channel: 'council_system',
      madeBy: 'hospital',
      routeOfAccess: 'discharge_from_hospital',
      whatMatters: key,
      person: { givenName: 'Bench', familyName: 'Crash' },
    }),
  });

let server = await startServerProcess(env);
let token = await tokenOn(server);
const unanswered: string[] = [];
let acknowledged = 0;
let stop = false;
await Promise.all([
  ...Array.from({ length: writers }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const key = `bench-${run}-${w}-${i}`;
      try {
        const res = await post(server, token, key);
        if (res.status === 201) acknowledged++;
        else unanswered.push(key);
      } catch {
        unanswered.push(key);
        return;
      }
    }
  }),
  (async () => {
    await new Promise((r) => setTimeout(r, Number(values['kill-after-ms'])));
    stop = true;
    server.child.kill('SIGKILL');
  })(),
]);
await server.exited;
const scope = `client:${client.id}`;
const leftInFlight = async () =>
  (
    await db.pool.query<{ n: number }>(
      `select count(*)::int as n from idempotency_keys where scope = $1 and key like $2 and state = 'in_flight'`,
      [scope, `bench-${run}-%`],
    )
  ).rows[0]!.n;
const inFlightAfterKill = await leftInFlight();

server = await startServerProcess(env);
token = await tokenOn(server);
const immediately = await Promise.all(unanswered.map((k) => post(server, token, k).then((r) => r.status)));
await new Promise((r) => setTimeout(r, lease * 1000 + 500));
const retries = await Promise.all(
  unanswered.map((k) =>
    post(server, token, k).then((r) => `${r.status}${r.headers.get('idempotent-replayed') ? ' replayed' : ''}`),
  ),
);
const duplicates = (
  await db.pool.query<{ n: number }>(
    `select count(*)::int as n from (select what_matters from contacts where what_matters like $1 group by 1 having count(*) > 1) d`,
    [`bench-${run}-%`],
  )
).rows[0]!.n;
const tally = (xs: (string | number)[]) => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(String(x), (m.get(String(x)) ?? 0) + 1);
  return [...m].map(([k, v]) => `${v} × ${k}`).join(', ') || 'none';
};
console.log(`kill -9 under ${writers} concurrent idempotent writers (lease ${lease} s)`);
console.log(`  acknowledged before the kill: ${acknowledged}; unanswered keys: ${unanswered.length}`);
console.log(`  keys left in_flight after kill -9: ${inFlightAfterKill}`);
console.log(`  retry at once on a new process: ${tally(immediately)}`);
console.log(`  retry after the lease: ${tally(retries)}`);
console.log(`  keys still in_flight after the retries: ${await leftInFlight()}`);
console.log(`  duplicate contacts: ${duplicates}`);
server.child.kill('SIGTERM');
await server.exited;
await db.close();
