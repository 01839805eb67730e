/**
 * Several API instances on one database (issue 21, item 4): the real server started as it is
 * deployed, with `WEB_CONCURRENCY=1` and then `=2` (Node's cluster module: two whole instances
 * sharing the port), and the throughput of a read and a write route at the same concurrency:
 *
 *   read  — `GET /v1/people/{id}` as a council client (audited, recorded as a disclosure);
 *   write — `POST /v1/contacts` as a council client, with its outcome;
 *   print — `GET /v1/people/{id}/chronology.pdf` as a signed-in colleague (audited): a route whose
 *           cost is the API's own CPU (laying out a PDF), not PostgreSQL's.
 *
 * On a machine whose cores are already busy with one instance, PostgreSQL and the load generator
 * (the read and the write on 2 cores), a second instance has nothing to run on; where the API's
 * own CPU is the limit (the print), it has.
 *
 * Alternating rounds (1, 2, 2, 1, …) so the machine's drift hits both alike; prints requests per
 * second for each, their ratio, and the load average (figures on a shared machine are loaded).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:instances -- \
 *     [--instances 2 --connections 32 --duration 8 --rounds 2 --warm 5]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDbClient } from '../packages/db/src/index.js';
import { createMachineClient, createStaffUser, signInAs } from '../services/api/test/support/auth.js';
import { benchDatabase, n, pg, plainPeople, requireFromApi } from './support.js';
import { wrk, wrkAvailable } from './wrk.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    instances: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    warm: { type: 'string', default: '5' },
    people: { type: 'string', default: '10000' },
    // auto: wrk (a separate C process) when it is on the PATH, else autocannon in this process.
    generator: { type: 'string', default: 'auto' },
  },
});
const MANY = Number(values.instances);
const CONNECTIONS = Number(values.connections);
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
const WARM = Number(values.warm);
const PORT = 3000 + Math.floor(Math.random() * 20_000) + 20_000;
const useWrk = values.generator === 'wrk' || (values.generator === 'auto' && (await wrkAvailable()));
const serverEntry = fileURLToPath(new URL('../services/api/src/server.ts', import.meta.url));

interface CannonResult {
  requests: { total: number };
  duration: number;
  non2xx: number;
  errors: number;
}
const autocannon = requireFromApi('autocannon') as (
  options: Record<string, unknown>,
  done: (error: unknown, result: CannonResult) => void,
) => unknown;
const cannon = (options: Record<string, unknown>) =>
  new Promise<number>((resolve, reject) =>
    autocannon({ duration: DURATION, connections: CONNECTIONS, ...options }, (error, result) => {
      if (error) return reject(error);
      if (result.non2xx || result.errors) return reject(new Error(`${result.non2xx} non-2xx, ${result.errors} errors`));
      resolve(result.requests.total / result.duration);
    }),
  );

/** The real server (`src/server.ts`, as `pnpm start` runs it) with `WEB_CONCURRENCY=count`, ready. */
async function startServer(url: string, count: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...process.execArgv, serverEntry], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      WEB_CONCURRENCY: String(count),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SERVE_CONSOLE: 'false',
      USER_RATE_LIMIT_PER_MINUTE: '1000000',
      MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${PORT}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    // Every instance must answer: with two, ask a few times (connections are dealt round-robin).
    if (
      ok &&
      (count === 1 ||
        (
          await Promise.all([0, 1, 2, 3].map(() => fetch(`http://127.0.0.1:${PORT}/health/ready`).then((r) => r.ok)))
        ).every(Boolean))
    )
      break;
    if (i > 300) throw new Error('the server did not become ready in 150 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, count * 1500)); // the last instance to start is listening too
  return child;
}

async function stopServer(child: ChildProcess) {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
}

const url = await benchDatabase('threefold_bench_instances');
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const ids = await plainPeople(admin, Number(values.people));
const db = createDbClient({ connectionString: url, max: 2 });
const client = await createMachineClient(db, {
  kind: 'council',
  scopes: ['contacts:write', 'people:read'],
  rateLimitPerMinute: 10_000_000,
});
const colleague = await createStaffUser(db, { roles: ['social_worker'] });
await db.close();

/** `signInAs` speaks `app.inject`; this answers it over HTTP from the running server. */
const overHttp = {
  async inject(request: { method: string; url: string; headers?: Record<string, string>; payload?: unknown }) {
    const res = await fetch(`http://127.0.0.1:${PORT}${request.url}`, {
      method: request.method,
      headers: { 'content-type': 'application/json', ...request.headers },
      body: JSON.stringify(request.payload),
    });
    const body = await res.text();
    return {
      statusCode: res.status,
      body,
      headers: { 'set-cookie': res.headers.getSetCookie() },
      json: () => JSON.parse(body) as unknown,
    };
  },
};
/** A colleague's session on the running server (password, then the authenticator's code). */
const colleagueHeaders = async (): Promise<Record<string, string>> =>
  (await signInAs(overHttp as unknown as Parameters<typeof signInAs>[0], null as never, colleague)).headers;

async function bearer(): Promise<Record<string, string>> {
  const res = await fetch(`http://127.0.0.1:${PORT}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }),
  });
  if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
  return { authorization: `Bearer ${((await res.json()) as { access_token: string }).access_token}` };
}

const base = `http://127.0.0.1:${PORT}`;
const contactBody = JSON.stringify({
  channel: 'council_system',
  madeBy: 'hospital',
  routeOfAccess: 'discharge_from_hospital',
  whatMatters: 'Going home',
  outcome: 'information_and_advice',
});
const results = new Map<number, { read: number[]; write: number[]; print: number[] }>([
  [1, { read: [], write: [], print: [] }],
  [MANY, { read: [], write: [], print: [] }],
]);
const loads: number[] = [];
console.log(
  `\nThreefold instances — the real server with WEB_CONCURRENCY 1 and ${MANY}, ${CONNECTIONS} connections, ${DURATION} s a measure, load from ${useWrk ? 'wrk' : 'autocannon'}`,
);
for (let round = 0; round < ROUNDS; round++) {
  for (const count of round % 2 ? [MANY, 1] : [1, MANY]) {
    const server = await startServer(url, count);
    try {
      const headers = await bearer();
      const pick = () => ids[Math.floor(Math.random() * ids.length)];
      const readRequest = {
        method: 'GET',
        setupRequest(request: { path: string; headers: Record<string, string> }) {
          request.path = `/v1/people/${pick()}`;
          request.headers = { ...request.headers, ...headers };
          return request;
        },
      };
      const writeRequest = {
        method: 'POST',
        path: '/v1/contacts',
        headers: { ...headers, 'content-type': 'application/json' },
        body: contactBody,
      };
      // Warm every instance first (JIT, lazily compiled serialisers, the token cache), unmeasured.
      await cannon({ url: base, duration: WARM, requests: [readRequest, writeRequest] });
      loads.push(loadavg()[0]!);
      const read = useWrk
        ? (
            await wrk(base, CONNECTIONS, DURATION, {
              method: 'GET',
              headers,
              paths: ids.slice(0, 2000).map((id) => `/v1/people/${id}`),
            })
          ).rps
        : await cannon({ url: base, requests: [readRequest] });
      const write = useWrk
        ? (
            await wrk(base, CONNECTIONS, DURATION, {
              method: 'POST',
              headers: writeRequest.headers,
              body: contactBody,
              paths: ['/v1/contacts'],
            })
          ).rps
        : await cannon({ url: base, requests: [writeRequest] });
      const session = await colleagueHeaders();
      const printPaths = ids.slice(0, 200).map((id) => `/v1/people/${id}/chronology.pdf`);
      // Every instance lays out its first PDFs (fonts, JIT) before the measure.
      if (useWrk) await wrk(base, CONNECTIONS, WARM, { method: 'GET', headers: session, paths: printPaths });
      const print = useWrk
        ? (await wrk(base, CONNECTIONS, DURATION, { method: 'GET', headers: session, paths: printPaths })).rps
        : await cannon({
            url: base,
            requests: [{ method: 'GET', path: printPaths[0], headers: session }],
          });
      loads.push(loadavg()[0]!);
      results.get(count)!.read.push(read);
      results.get(count)!.write.push(write);
      results.get(count)!.print.push(print);
      console.log(
        `  round ${round + 1}, ${count} instance${count > 1 ? 's' : ' '}: GET /v1/people/{id} ${read.toFixed(0)} req/s · POST /v1/contacts ${write.toFixed(0)} req/s · GET …/chronology.pdf ${print.toFixed(0)} req/s (load ${loadavg()[0]!.toFixed(2)})`,
      );
    } finally {
      await stopServer(server);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const labels = {
  read: 'GET /v1/people/{id}',
  write: 'POST /v1/contacts',
  print: 'GET /v1/people/{id}/chronology.pdf',
};
for (const route of ['read', 'write', 'print'] as const) {
  const one = median(results.get(1)![route]);
  const many = median(results.get(MANY)![route]);
  const label = labels[route];
  console.log(
    `${label.padEnd(36)} 1 instance ${one.toFixed(0)} req/s · ${MANY} instances ${many.toFixed(0)} req/s · ratio ${(many / one).toFixed(2)} (medians of ${ROUNDS})`,
  );
}
console.log(
  `load average (1 min) during the measures: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} on ${n(
    (await import('node:os')).cpus().length,
  )} cores; the machine is shared, so these figures are loaded`,
);
await admin.end();
