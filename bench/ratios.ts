/**
 * The ratios of issue 21, each as min/median/max over alternating rounds (so drift in the
 * machine's speed hits both sides alike), with the machine's load noted:
 *
 *   write — `POST /v1/contacts` (council client, with its outcome) over HTTP, against pgbench
 *           running the very SQL one such request sends (captured from the API, values inlined,
 *           in one transaction) at the same concurrency. Goal ≥ 0.55 at 8 and 32. Beside it, the
 *           floor: a bare Fastify POST in the same process sending the identical named statement
 *           (fresh ids, the captured values) through the same pool, against the same pgbench —
 *           what any Node HTTP server reaches on this machine before it checks, validates or audits
 *           anything — and the API against that bare route.
 *   read  — `GET /v1/people/{id}` over HTTP (signed-in colleague, audited), against a bare Fastify
 *           route in the same process reading the same row through the same pool. Goal ≥ 0.35.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:ratios -- \
 *     --concurrency 8,32 --duration 5 --rounds 5 --people 1000
 *
 * Needs `pgbench` on the PATH, and loads the API with `wrk` when that is on the PATH too (Debian:
 * `apt-get install wrk`): a separate C process, as pgbench is; without it (or with `--generator
 * autocannon`) autocannon runs inside this process, sharing the API's event loop and CPU.
 * A script: the figures belong to a quiet machine.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs, promisify } from 'node:util';
import type FastifyFactory from 'fastify';
import { hashSecret } from '../services/api/src/auth/secrets.js';
import { signInAs } from '../services/api/test/support/auth.js';
import { captureContactScript, captureContactStatement, contactBody } from './contact-sql.js';
import { benchDatabase, pg, plainPeople, requireFromApi, startBenchApi } from './support.js';
import { wrk, wrkAvailable, type WrkRequest } from './wrk.js';

const run = promisify(execFile);
const Fastify = requireFromApi('fastify') as typeof FastifyFactory;
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    concurrency: { type: 'string', default: '8,32' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    people: { type: 'string', default: '1000' },
    only: { type: 'string', default: 'write,read' },
    // The API sends its hot statements as named prepared statements (parsed and planned once per
    // connection), so pgbench does the same; `simple` re-parses every statement, as before.
    'pgbench-mode': { type: 'string', default: 'prepared' },
    // auto: wrk when it is on the PATH, else autocannon in this process.
    generator: { type: 'string', default: 'auto' },
  },
});
const duration = Number(values.duration);
const rounds = Number(values.rounds);

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

/**
 * This process's CPU time per request in each run (the API's or the bare route's work, plus the
 * load generator's, which is the same per request on both sides): unlike req/s, it hardly moves
 * with what else the machine is running.
 */
const cpuPerRequest = new Map<string, number[]>();

// pgbench is a separate C process, so by default the API side's load is one too (`bench/wrk.ts`).
const useWrk = values.generator === 'wrk' || (values.generator === 'auto' && (await wrkAvailable()));

/** wrk for one round, recording this process's CPU per request under `label`. */
async function wrkRound(base: string, connections: number, request: WrkRequest, label: string): Promise<number> {
  const cpu = process.cpuUsage();
  const { rps, total } = await wrk(base, connections, duration, request);
  const used = process.cpuUsage(cpu);
  const list = cpuPerRequest.get(label) ?? [];
  list.push((used.user + used.system) / total);
  cpuPerRequest.set(label, list);
  return rps;
}

function cannon(options: Record<string, unknown>, label?: string): Promise<number> {
  const cpu = process.cpuUsage();
  return new Promise((resolve, reject) =>
    autocannon({ duration, ...options }, (error, result) => {
      if (error) return reject(error);
      if (result.non2xx || result.errors) return reject(new Error(`${result.non2xx} non-2xx, ${result.errors} errors`));
      if (label) {
        const used = process.cpuUsage(cpu);
        const list = cpuPerRequest.get(label) ?? [];
        list.push((used.user + used.system) / result.requests.total);
        cpuPerRequest.set(label, list);
      }
      resolve(result.requests.total / result.duration);
    }),
  );
}

/**
 * The whole machine's CPU (every process: PostgreSQL, the API, the load generator, pgbench) from
 * Linux's /proc/stat, in clock ticks: what a contact costs the box, and how busy the box was.
 */
function machineTicks(): { busy: number; all: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const all = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    // idle and iowait are the 4th and 5th fields.
    return { busy: all - fields[3]! - fields[4]!, all };
  } catch {
    return null;
  }
}
const machine = new Map<string, { us: number; busy: number }[]>();
/** Runs `measure` (answering requests per second over `duration` s) and records the machine's CPU per request under `label`. */
async function onMachine(label: string, measure: () => Promise<number>): Promise<number> {
  const before = machineTicks();
  const rps = await measure();
  const after = machineTicks();
  if (before && after) {
    const list = machine.get(label) ?? [];
    // USER_HZ is 100 on Linux: a tick is 10 ms.
    list.push({
      us: ((after.busy - before.busy) * 10_000) / (rps * duration),
      busy: (after.busy - before.busy) / (after.all - before.all),
    });
    machine.set(label, list);
  }
  return rps;
}
const machineLine = (label: string) => {
  const s = [...(machine.get(label) ?? [])].sort((x, y) => x.us - y.us);
  if (!s.length) return '';
  const mid = s[Math.floor(s.length / 2)]!;
  return `${label} ${mid.us.toFixed(0)} µs (${(mid.busy * 100).toFixed(0)} % busy)`;
};

const cpuLine = (label: string) => {
  const s = [...(cpuPerRequest.get(label) ?? [])].sort((x, y) => x - y);
  return s.length ? `${label}: ${s.map((x) => x.toFixed(0)).join(' · ')} µs CPU/request` : '';
};

const stat = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return `min ${s[0]!.toFixed(3)} · median ${s[Math.floor(s.length / 2)]!.toFixed(3)} · max ${s.at(-1)!.toFixed(3)}`;
};

const url = await benchDatabase('threefold_bench_ratios');
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const ids = await plainPeople(admin, Number(values.people));
const secret = `bench-${Math.random().toString(36).slice(2)}`;
const clientId = `bench-ratios-${Date.now()}`;
await admin.query(
  `insert into machine_clients (client_id, name, kind, scopes, secret_hash, rate_limit_per_minute)
   values ($1, 'Benchmark council', 'council', '{contacts:write,contacts:read}', $2, 100000)`,
  [clientId, await hashSecret(secret)],
);

const api = await startBenchApi(url, { pool: 20 });
// The bare route: the same row, the same pool, nothing else.
const bare = Fastify({ logger: false });
bare.get<{ Params: { id: string } }>('/people/:id', async (request) => {
  const { rows } = await api.db.pool.query('select * from people where id = $1', [request.params.id]);
  return rows[0];
});
// The write floor: the captured contact statement, sent as the API sends it, and nothing else.
let contactStatement: Awaited<ReturnType<typeof captureContactStatement>> | undefined;
bare.post('/contacts', async (_request, reply) => {
  const statement = contactStatement!;
  const values = statement.fresh();
  const { rows } = await api.db.pool.query({
    name: `bare_${statement.name}`.slice(0, 63),
    text: statement.text,
    values,
  });
  return reply.code(201).send({ id: values[0], ...rows[0] });
});
await bare.listen({ host: '127.0.0.1', port: 0 });
const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

const tokenRes = await fetch(`${api.base}/oauth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
});
const bearer = ((await tokenRes.json()) as { access_token: string }).access_token;

const loadAtStart = loadavg()[0]!;
console.log(
  `load generator for the API and the bare route: ${useWrk ? 'wrk (a separate C process, as pgbench is)' : 'autocannon (in this process, sharing its event loop)'}`,
);
try {
  if (values.only!.includes('write')) {
    const { script, statements } = await captureContactScript(
      api.base,
      { authorization: `Bearer ${bearer}` },
      'ratios',
    );
    console.log(
      `write: ${statements} statements per contact, captured into ${script}; pgbench -M ${values['pgbench-mode']}`,
    );
    contactStatement = await captureContactStatement(api.base, { authorization: `Bearer ${bearer}` });
    const bareWrite = await fetch(`${bareBase}/contacts`, { method: 'POST' });
    if (bareWrite.status !== 201) throw new Error(`bare contact: ${bareWrite.status} ${await bareWrite.text()}`);
    for (const c of values.concurrency!.split(',').map(Number)) {
      const ratios: number[] = [];
      const floors: number[] = [];
      const overBare: number[] = [];
      const rates: [number, number, number][] = [];
      for (let i = 0; i < rounds; i++) {
        const writeHeaders = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
        const apiRps = await onMachine(`API ${c}`, () =>
          useWrk
            ? wrkRound(
                api.base,
                c,
                { method: 'POST', headers: writeHeaders, body: contactBody, paths: ['/v1/contacts'] },
                `write ${c}: API`,
              )
            : cannon(
                {
                  url: api.base,
                  connections: c,
                  requests: [{ method: 'POST', path: '/v1/contacts', headers: writeHeaders, body: contactBody }],
                },
                `write ${c}: API`,
              ),
        );
        const pgbench = () =>
          run('pgbench', [
            '-n',
            '-M',
            values['pgbench-mode']!,
            '-c',
            String(c),
            '-j',
            '2',
            '-T',
            String(duration),
            '-f',
            script,
            url,
          ]);
        const tps = await onMachine(`pgbench ${c}`, async () =>
          Number(/tps = ([\d.]+)/.exec((await pgbench()).stdout)?.[1]),
        );
        const bareRps = await onMachine(`bare ${c}`, () =>
          useWrk
            ? wrkRound(
                bareBase,
                c,
                { method: 'POST', headers: writeHeaders, body: contactBody, paths: ['/contacts'] },
                `write ${c}: bare`,
              )
            : cannon(
                {
                  url: bareBase,
                  connections: c,
                  requests: [{ method: 'POST', path: '/contacts', headers: writeHeaders, body: contactBody }],
                },
                `write ${c}: bare`,
              ),
        );
        ratios.push(apiRps / tps);
        floors.push(bareRps / tps);
        overBare.push(apiRps / bareRps);
        rates.push([apiRps, tps, bareRps]);
      }
      console.log(`  ${c} concurrent — API / pgbench of the same SQL: ${stat(ratios)} (goal ≥ 0.55)`);
      console.log(`    bare Fastify POST of the same statement / pgbench: ${stat(floors)} (the floor on this machine)`);
      console.log(`    API / bare POST: ${stat(overBare)}`);
      console.log(
        `    API req/s · pgbench tps · bare req/s by round: ${rates.map(([a, b, f]) => `${a.toFixed(0)} · ${b.toFixed(0)} · ${f.toFixed(0)}`).join('; ')}`,
      );
      console.log(`    ${cpuLine(`write ${c}: API`)}; ${cpuLine(`write ${c}: bare`)}`);
      console.log(
        `    the machine's CPU per contact (median; PostgreSQL and the load included): ${machineLine(`API ${c}`)} · ${machineLine(`bare ${c}`)} · ${machineLine(`pgbench ${c}`)}`,
      );
    }
  }
  if (values.only!.includes('read')) {
    const colleague = await signInAs(api.app, api.db, { roles: ['social_worker'] });
    const pick = () => ids[Math.floor(Math.random() * ids.length)];
    // A first answer from each side before measuring: the API compiles a route's serialiser at its
    // first use, and the pool's connections prepare the statement once; neither belongs in a round.
    // (Each of the people read here, so every branch of the serialiser a round can meet is compiled.)
    for (const id of ids) {
      const [a, b] = await Promise.all([
        fetch(`${api.base}/v1/people/${id}`, { headers: colleague.headers }),
        fetch(`${bareBase}/people/${id}`),
      ]);
      if (a.status !== 200) throw new Error(`person: ${a.status} ${await a.text()}`);
      await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
    }
    for (const c of values.concurrency!.split(',').map(Number)) {
      const ratios: number[] = [];
      const rates: [number, number][] = [];
      for (let i = 0; i < rounds; i++) {
        const apiRps = useWrk
          ? await wrkRound(
              api.base,
              c,
              { method: 'GET', headers: colleague.headers, paths: ids.map((id) => `/v1/people/${id}`) },
              `read ${c}: API`,
            )
          : await cannon(
              {
                url: api.base,
                connections: c,
                requests: [
                  {
                    method: 'GET',
                    setupRequest(request: { path: string; headers: Record<string, string> }) {
                      request.path = `/v1/people/${pick()}`;
                      request.headers = { ...request.headers, ...colleague.headers };
                      return request;
                    },
                  },
                ],
              },
              `read ${c}: API`,
            );
        const bareRps = useWrk
          ? await wrkRound(
              bareBase,
              c,
              { method: 'GET', headers: {}, paths: ids.map((id) => `/people/${id}`) },
              `read ${c}: bare`,
            )
          : await cannon(
              {
                url: bareBase,
                connections: c,
                requests: [
                  {
                    method: 'GET',
                    setupRequest(request: { path: string }) {
                      request.path = `/people/${pick()}`;
                      return request;
                    },
                  },
                ],
              },
              `read ${c}: bare`,
            );
        ratios.push(apiRps / bareRps);
        rates.push([apiRps, bareRps]);
      }
      console.log(`read: ${c} concurrent — GET /v1/people/{id} / bare route: ${stat(ratios)} (goal ≥ 0.35)`);
      console.log(
        `    API req/s · bare req/s by round: ${rates.map(([a, b]) => `${a.toFixed(0)} · ${b.toFixed(0)}`).join('; ')}`,
      );
      console.log(`    ${cpuLine(`read ${c}: API`)}; ${cpuLine(`read ${c}: bare`)}`);
    }
  }
  console.log(`load average at start ${loadAtStart.toFixed(2)}, at end ${loadavg()[0]!.toFixed(2)}`);
} finally {
  await bare.close();
  await api.app.close();
  await api.db.close();
  await admin.end();
}
