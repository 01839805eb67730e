/**
 * Finding people and recording contacts at realistic volume. Seeds 1,000,000 people and
 * 2,000,000 contacts (once: a later run on the same database reuses them), starts the real API
 * on 127.0.0.1 with audit on, and prints, over HTTP as a signed-in practitioner:
 *   - NHS-number lookup latency (p50/p95/p99),
 *   - fuzzy name search latency with misspelt names (target p95 under 50 ms),
 *   - contact creation throughput and p99 at 20 concurrent requests.
 *
 *   pnpm bench:people [-- --people 1000000 --contacts 2000000 --lookups 500 --duration 10]
 *
 * Uses BENCH_DATABASE_URL (a server it may create a database on; the database `threefold_bench`
 * is kept between runs so the seeding is paid once), else DATABASE_URL, else an embedded
 * PostgreSQL in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrate, startEmbeddedPostgres } from '../packages/db/src/index.js';
import { NHS_TEST_NUMBER_COUNT, nhsNumberFromSeed } from '../packages/domain/src/index.js';
import { familyNames, femaleNames, inwardLetters, maleNames, towns } from '../services/api/src/cli/seed.js';

// The demo data's names and places, with some rarer family names so a search is not all Smiths.
const given = [...femaleNames, ...maleNames];
const family = [
  ...familyNames,
  'Ashworth',
  'Blackwood',
  'Cartwright',
  'Fairbanks',
  'Greenhalgh',
  'Hetherington',
  'Kettleborough',
  'Merriweather',
  'Oakenshaw',
  'Pemberton',
  'Rowbotham',
  'Shufflebottom',
  'Thistlethwaite',
  'Underwood',
  'Wainwright',
];
const outwards = towns.flatMap(([, codes]) => codes);
import { signInAs } from '../services/api/test/support/auth.js';
import { pg, requireFromApi, startBenchApi } from './support.js';

// bench/ belongs to no package: its dependencies resolve from the API package.
const autocannon = requireFromApi('autocannon') as (
  options: Record<string, unknown>,
  done: (
    error: unknown,
    result: {
      requests: { average: number; total: number };
      latency: { p99: number; p50: number };
      non2xx: number;
      errors: number;
    },
  ) => void,
) => unknown;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    people: { type: 'string', default: '1000000' },
    contacts: { type: 'string', default: '2000000' },
    lookups: { type: 'string', default: '500' },
    duration: { type: 'string', default: '10' },
  },
});
const PEOPLE = Number(values.people);
const CONTACTS = Number(values.contacts);
const LOOKUPS = Number(values.lookups);

function rnd(n: number, seed: number): number {
  // Deterministic per index, so every run seeds the same people.
  const x = Math.sin(seed * 12.9898 + n * 78.233) * 43758.5453;
  return Math.floor((x - Math.floor(x)) * n);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function misspell(name: string, i: number): string {
  const at = 1 + (i % Math.max(1, name.length - 2));
  return i % 2 === 0
    ? name.slice(0, at) + name.slice(at + 1)
    : name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}

async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from people');
  if (rows[0]!.n >= PEOPLE) {
    console.log(`people: ${rows[0]!.n.toLocaleString('en-GB')} already seeded`);
  } else {
    const started = Date.now();
    const batch = 10_000;
    for (let start = rows[0]!.n; start < PEOPLE; start += batch) {
      const cols: [string[], string[], string[], (string | null)[], string[]] = [[], [], [], [], []];
      for (let i = start; i < Math.min(PEOPLE, start + batch); i++) {
        cols[0].push(given[rnd(given.length, i)]!);
        cols[1].push(family[rnd(family.length, i + 7)]!);
        const y = 1925 + rnd(80, i + 3);
        cols[2].push(
          `${y}-${String(1 + rnd(12, i + 5)).padStart(2, '0')}-${String(1 + rnd(28, i + 11)).padStart(2, '0')}`,
        );
        // The NHS test range holds 900,000 numbers; beyond it people have none recorded, as some do.
        cols[3].push(i < NHS_TEST_NUMBER_COUNT ? nhsNumberFromSeed(i) : null);
        cols[4].push(
          `${outwards[rnd(outwards.length, i + 13)]} ${rnd(10, i + 17)}${inwardLetters[rnd(20, i + 19)]}${inwardLetters[rnd(20, i + 23)]}`,
        );
      }
      await client.query(
        `insert into people (given_name, family_name, date_of_birth, nhs_number, postcode)
         select * from unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[])
         on conflict do nothing`,
        cols,
      );
      if ((start / batch) % 10 === 0) process.stdout.write(`  people ${start.toLocaleString('en-GB')}\r`);
    }
    console.log(`people: seeded ${PEOPLE.toLocaleString('en-GB')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const c = await client.query<{ n: number }>('select count(*)::int as n from contacts');
  if (c.rows[0]!.n >= CONTACTS) {
    console.log(`contacts: ${c.rows[0]!.n.toLocaleString('en-GB')} already seeded`);
  } else {
    const started = Date.now();
    await client.query(`
      insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, what_matters, source, created_by_type, outcome, resolved_at)
      select p.id,
             now() - (g % 730) * interval '1 day' - (g % 86400) * interval '1 second',
             (array['phone','email','web','in_person','partner','council_system'])[1 + g % 6],
             (array['self','family_or_friend','gp','hospital','council'])[1 + g % 5],
             (array['community_other','discharge_from_hospital','planned_entry_transition'])[1 + g % 3],
             'Wants to stay at home', 'console', 'user',
             case when g % 4 = 0 then null else (array['information_and_advice','connected_to_community','progressed_to_conversation_1'])[1 + g % 3] end,
             case when g % 4 = 0 then null else now() - (g % 730) * interval '1 day' end
        from generate_series(${c.rows[0]!.n + 1}, ${CONTACTS}) g
        join (select id, row_number() over (order by id) as rn from people) p on p.rn = 1 + (g::bigint * 7919) % ${PEOPLE}`);
    console.log(
      `contacts: seeded ${CONTACTS.toLocaleString('en-GB')} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  await client.query('analyze people; analyze contacts');
  await client.end();
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let url: string;
  let stop = async () => {};
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const exists = await admin.query(`select 1 from pg_database where datname = 'threefold_bench'`);
    if (!exists.rowCount) await admin.query('create database threefold_bench');
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = '/threefold_bench';
    url = u.toString();
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'threefold-bench-'));
    const embedded = await startEmbeddedPostgres({ dataDir: dir, persistent: false, database: 'threefold_bench' });
    url = embedded.connectionString;
    stop = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  await migrate(url);
  await seed(url);

  const { app, db, base } = await startBenchApi(url);
  const practitioner = await signInAs(app, db, { roles: ['practitioner'] });
  const headers = practitioner.headers;

  const sample = await db.pool.query<{ nhs_number: string; given_name: string; family_name: string }>(
    `select nhs_number, given_name, family_name from people where nhs_number is not null order by md5(id::text) limit ${LOOKUPS}`,
  );
  const time = async (urls: string[]) => {
    const ms: number[] = [];
    for (const u of urls) {
      const t0 = performance.now();
      const res = await fetch(base + u, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${u}: ${res.status}`);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
  };
  const fmt = (r: { p50: number; p95: number; p99: number }) =>
    `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;
  const nhs = await time(sample.rows.map((r) => `/v1/people?nhsNumber=${r.nhs_number}`));
  const fuzzy = await time(
    sample.rows.map((r, i) => `/v1/people?q=${encodeURIComponent(`${r.given_name} ${misspell(r.family_name, i)}`)}`),
  );
  const fuzzyDob = await time(
    sample.rows
      .slice(0, 200)
      .map((r, i) => `/v1/people?q=${encodeURIComponent(`${misspell(r.given_name, i)} ${r.family_name} 01/01/1950`)}`),
  );

  const person = sample.rows[0]!;
  const { rows: idRows } = await db.pool.query<{ id: string }>('select id from people where nhs_number = $1', [
    person.nhs_number,
  ]);
  const body = JSON.stringify({
    channel: 'phone',
    madeBy: 'self',
    routeOfAccess: 'community_other',
    whatMatters: 'To keep going to chapel',
    personId: idRows[0]!.id,
    outcome: 'information_and_advice',
  });
  const cannon = await new Promise<{
    requests: { average: number; total: number };
    latency: { p99: number; p50: number };
    non2xx: number;
    errors: number;
  }>((resolve, reject) =>
    autocannon(
      {
        url: `${base}/v1/contacts`,
        method: 'POST',
        connections: 20,
        duration: Number(values.duration),
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );

  const counts = await db.pool.query<{ p: number; c: number }>(
    'select (select count(*) from people)::int as p, (select count(*) from contacts)::int as c',
  );
  console.log(
    `\nThreefold people benchmark — ${counts.rows[0]!.p.toLocaleString('en-GB')} people, ${counts.rows[0]!.c.toLocaleString('en-GB')} contacts, audit on`,
  );
  console.log(`  NHS-number lookup (${sample.rows.length} sequential):        ${fmt(nhs)}`);
  console.log(
    `  fuzzy name search, misspelt (${sample.rows.length}):          ${fmt(fuzzy)}   target p95 < 50 ms: ${fuzzy.p95 < 50 ? 'met' : 'NOT met'}`,
  );
  console.log(`  fuzzy name + date of birth (200):            ${fmt(fuzzyDob)}`);
  console.log(
    `  contact creation, 20 concurrent, ${values.duration} s:      ${cannon.requests.average.toFixed(0)} req/s, p50 ${cannon.latency.p50} ms, p99 ${cannon.latency.p99} ms (${cannon.requests.total} created, ${cannon.non2xx} non-2xx, ${cannon.errors} errors)`,
  );
  await app.close();
  await db.close();
  await stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
