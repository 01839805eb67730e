/**
 * A paired comparison of two builds of the API over HTTP on one database: this worktree's
 * `services/api/dist/server.js` (A) and another (`--vs path/to/dist/server.js`, B, e.g. the main
 * branch's). Both run at once; rounds alternate A, B, A, B … so drift in the machine's speed hits
 * both alike; prints requests a second per round and the ratio A/B pair by pair (min/median/max).
 *
 * Scenarios (a council machine client, as council systems call the API):
 *   write — `POST /v1/contacts` with its outcome (`information_and_advice`)
 *   read  — `GET /v1/contacts/{id}` of contacts written before
 *
 *   pnpm --filter @threefold/api build
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:ab -- \
 *     --vs /path/to/main/services/api/dist/server.js --connections 8 --duration 3 --rounds 4
 *
 * Build both first. The database is migrated with this worktree's migrations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hashSecret } from '../services/api/src/auth/secrets.js';
import { benchDatabase, pg, requireFromApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    vs: { type: 'string' },
    connections: { type: 'string', default: '8' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '4' },
    scenario: { type: 'string', default: 'write,read' },
  },
});
if (!values.vs) throw new Error('give --vs path/to/other/services/api/dist/server.js');

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

const KEY = Buffer.alloc(32, 7).toString('base64');

async function start(entry: string, url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      NODE_ENV: 'production',
      TOKEN_KEY_ENCRYPTION_KEY: KEY,
      LOG_LEVEL: 'warn',
      SERVE_CONSOLE: 'false',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      DB_POOL_MAX: '10',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready at http:\/\/[^:\s]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code})`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

const url = await benchDatabase('threefold_bench_ab');
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const secret = 'bench-secret-' + Math.random().toString(36).slice(2);
const clientId = `bench-council-${Date.now()}`;
await admin.query(
  `insert into machine_clients (client_id, name, kind, scopes, secret_hash, rate_limit_per_minute)
   values ($1, 'Benchmark council', 'council', '{contacts:write,contacts:read}', $2, 100000)`,
  [clientId, await hashSecret(secret)],
);

const a = await start(fileURLToPath(new URL('../services/api/dist/server.js', import.meta.url)), url);
const b = await start(values.vs, url);

async function token(base: string): Promise<string> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
const tokens = { a: await token(a.base), b: await token(b.base) };

const contactBody = JSON.stringify({
  channel: 'council_system',
  madeBy: 'hospital',
  routeOfAccess: 'discharge_from_hospital',
  whatMatters: 'Going home',
  outcome: 'information_and_advice',
});
// Some contacts to read.
const ids: string[] = [];
for (let i = 0; i < 200; i++) {
  const res = await fetch(`${a.base}/v1/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.a}`, 'content-type': 'application/json' },
    body: contactBody,
  });
  if (res.status !== 201) throw new Error(`seed contact: ${res.status} ${await res.text()}`);
  ids.push(((await res.json()) as { id: string }).id);
}

function round(base: string, bearer: string, scenario: string): Promise<number> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: Number(values.connections),
        duration: Number(values.duration),
        requests: [
          scenario === 'write'
            ? {
                method: 'POST',
                path: '/v1/contacts',
                headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
                body: contactBody,
              }
            : {
                method: 'GET',
                setupRequest(request: { path: string; headers: Record<string, string> }) {
                  request.path = `/v1/contacts/${ids[Math.floor(Math.random() * ids.length)]}`;
                  request.headers = { ...request.headers, authorization: `Bearer ${bearer}` };
                  return request;
                },
              },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx || result.errors)
          return reject(new Error(`${result.non2xx} non-2xx, ${result.errors} errors`));
        resolve(result.requests.total / result.duration);
      },
    );
  });
}

const loadAtStart = loadavg()[0]!;
const stat = (xs: number[], digits: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return `min ${s[0]!.toFixed(digits)} · median ${s[Math.floor(s.length / 2)]!.toFixed(digits)} · max ${s.at(-1)!.toFixed(digits)}`;
};
try {
  for (const scenario of values.scenario!.split(',')) {
    const ra: number[] = [];
    const rb: number[] = [];
    await round(a.base, tokens.a, scenario); // warm-up, not counted
    await round(b.base, tokens.b, scenario);
    for (let i = 0; i < Number(values.rounds); i++) {
      ra.push(await round(a.base, tokens.a, scenario));
      rb.push(await round(b.base, tokens.b, scenario));
    }
    console.log(`${scenario}: ${values.connections} connections, ${values.rounds} rounds of ${values.duration} s each`);
    console.log(`  A (this build) req/s: ${stat(ra, 0)}`);
    console.log(`  B (--vs)       req/s: ${stat(rb, 0)}`);
    console.log(
      `  A/B pair by pair:     ${stat(
        ra.map((x, i) => x / rb[i]!),
        3,
      )}`,
    );
  }
  console.log(`load average at start ${loadAtStart.toFixed(2)}, at end ${loadavg()[0]!.toFixed(2)} (2 cores)`);
} finally {
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
  await admin.end();
}
