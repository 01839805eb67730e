/**
 * The community directory and the partner API at volume. Seeds (once; a later run reuses them)
 * 20,000 services at 20,000 locations across Shropshire-like postcodes, a taxonomy, 5,000 people
 * and 100,000 connections addressed to one partner (plus 20,000 to others), starts the real API
 * on 127.0.0.1 with audit on, and prints:
 *   - directory search by words + postcode distance, as a signed-in practitioner (target p95 < 50 ms),
 *   - the same through the public Open Referral UK API,
 *   - a partner client pulling all its 100,000 connections by keyset pages with `updatedSince`,
 *     with the heap sampled at every page (constant memory: the heap does not grow with the pages).
 *
 *   pnpm bench:directory [-- --services 20000 --connections 100000 --searches 300]
 *
 * Uses BENCH_DATABASE_URL (the database `threefold_bench_directory` is created there and kept),
 * else DATABASE_URL, else an embedded PostgreSQL in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDbClient, migrate, startEmbeddedPostgres } from '../packages/db/src/index.js';
import { createMachineClient, signInAs, tokenFor } from '../services/api/test/support/auth.js';
import { pg, startBenchApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    services: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '100000' },
    searches: { type: 'string', default: '300' },
  },
});
const SERVICES = Number(values.services);
const CONNECTIONS = Number(values.connections);
const SEARCHES = Number(values.searches);
const DB_NAME = 'threefold_bench_directory';

const words = [
  'walking',
  'lunch',
  'friendship',
  'gardening',
  'singing',
  'choir',
  'bereavement',
  'carers',
  'memory',
  'dementia',
  'cafe',
  'knitting',
  'men',
  'shed',
  'woodwork',
  'swimming',
  'yoga',
  'chair',
  'exercise',
  'benefits',
  'advice',
  'housing',
  'debt',
  'energy',
  'warm',
  'space',
  'library',
  'reading',
  'digital',
  'skills',
  'computer',
  'transport',
  'community',
  'bus',
  'befriending',
  'telephone',
  'volunteering',
  'allotment',
  'cooking',
  'art',
  'painting',
  'music',
  'history',
  'church',
  'chapel',
  'mosque',
  'faith',
  'mental',
  'health',
  'anxiety',
  'loneliness',
  'football',
  'bowls',
  'dance',
  'tea',
  'coffee',
  'morning',
  'evening',
  'support',
  'group',
  'club',
  'parkinsons',
  'stroke',
  'sight',
  'hearing',
];
const outcodes = [
  ...Array.from({ length: 25 }, (_, i) => `SY${i + 1}`),
  ...Array.from({ length: 13 }, (_, i) => `TF${i + 1}`),
];
const letters = 'ABDEFGHJLNPQRSTUWXYZ';

function rnd(n: number, seed: number): number {
  const x = Math.sin(seed * 12.9898 + n * 78.233) * 43758.5453;
  return Math.floor((x - Math.floor(x)) * n);
}
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Each outward code has a centre; its postcodes scatter within about 2 km of it. */
function centre(outcode: number): [number, number] {
  return [52.45 + (rnd(1000, outcode * 31) / 1000) * 0.6, -3.15 + (rnd(1000, outcode * 37) / 1000) * 0.85];
}
function postcodes(): { postcode: string; outcode: string; lat: number; lng: number }[] {
  const out = [];
  for (let o = 0; o < outcodes.length; o++) {
    const [lat, lng] = centre(o);
    for (let k = 0; k < 80; k++) {
      const inward = `${k % 10}${letters[rnd(20, o * 100 + k)]}${letters[rnd(20, o * 100 + k + 50)]}`;
      out.push({
        postcode: `${outcodes[o]} ${inward}`,
        outcode: outcodes[o]!,
        lat: lat + (rnd(1000, o * 1000 + k) / 1000 - 0.5) * 0.036,
        lng: lng + (rnd(1000, o * 1000 + k + 7) / 1000 - 0.5) * 0.058,
      });
    }
  }
  return out;
}

async function seed(url: string, partnerOrg: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pcs = postcodes();
  await client.query(
    `insert into postcode_centroids (postcode, outcode, latitude, longitude)
     select * from unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) on conflict do nothing`,
    [pcs.map((p) => p.postcode), pcs.map((p) => p.outcode), pcs.map((p) => p.lat), pcs.map((p) => p.lng)],
  );
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from directory_services');
  if (rows[0]!.n >= SERVICES) {
    console.log(`services: ${rows[0]!.n.toLocaleString('en-GB')} already seeded`);
  } else {
    const started = Date.now();
    await client.query(`insert into taxonomies (name, description) values ('Bench needs', '') on conflict do nothing`);
    await client.query(`insert into taxonomy_terms (taxonomy_id, name, code)
      select t.id, 'Term ' || g, 't' || g from taxonomies t, generate_series(1, 30) g where t.name = 'Bench needs'`);
    await client.query(
      `insert into organisations (name, kind) select 'Community group ' || g, 'community' from generate_series(1, 500) g`,
    );
    const names: string[] = [];
    const descriptions: string[] = [];
    const lats: number[] = [];
    const lngs: number[] = [];
    const pcsOf: string[] = [];
    for (let i = 0; i < SERVICES; i++) {
      const w = (k: number) => words[rnd(words.length, i * 7 + k)]!;
      names.push(
        `${w(1)} ${w(2)} ${['club', 'group', 'cafe', 'service'][i % 4]}`.replace(/^./, (c) => c.toUpperCase()),
      );
      descriptions.push(`A ${w(3)} and ${w(4)} ${w(5)} for people who enjoy ${w(6)}, with ${w(7)} and ${w(8)}.`);
      const p = pcs[rnd(pcs.length, i + 3)]!;
      pcsOf.push(p.postcode);
      lats.push(p.lat + (rnd(100, i) - 50) / 100_000);
      lngs.push(p.lng + (rnd(100, i + 1) - 50) / 100_000);
    }
    await client.query(
      `with orgs as (select id, row_number() over (order by id) as rn from organisations where kind = 'community'),
            input as (select row_number() over () as rn, * from unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[]) as u(name, description, lat, lng, postcode)),
            svc as (
              insert into directory_services (organisation_id, name, description, minimum_age, cost_pence)
              select o.id, i.name, i.description, case when i.rn % 5 = 0 then 60 else null end, (i.rn % 3) * 250
              from input i join orgs o on o.rn = 1 + i.rn % 500
              returning id, name, description),
            numbered as (select id, row_number() over (order by id) as rn from svc),
            loc as (
              insert into directory_locations (name, postcode, latitude, longitude)
              select 'Hall ' || i.rn, i.postcode, i.lat, i.lng from input i
              returning id, name),
            locn as (select id, substr(name, 6)::bigint as rn from loc)
       insert into service_at_locations (service_id, location_id)
       select n.id, l.id from numbered n join locn l on l.rn = n.rn`,
      [names, descriptions, lats, lngs, pcsOf],
    );
    await client.query(`insert into service_schedules (service_id, weekday, opens_at, closes_at)
      select s.id, (array['MO','TU','WE','TH','FR','SA','SU'])[1 + abs(hashtext(s.id::text)) % 7], '10:00', '13:00' from directory_services s`);
    await client.query(`insert into service_taxonomy_terms (service_id, term_id)
      select s.id, (select id from taxonomy_terms order by id offset abs(hashtext(s.id::text)) % 30 limit 1) from directory_services s`);
    console.log(
      `services: seeded ${SERVICES.toLocaleString('en-GB')} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  const c = await client.query<{ n: number }>(`select count(*)::int as n from connections where organisation_id = $1`, [
    partnerOrg,
  ]);
  if (c.rows[0]!.n >= CONNECTIONS) {
    console.log(`connections: ${c.rows[0]!.n.toLocaleString('en-GB')} already seeded`);
  } else {
    const started = Date.now();
    await client.query(`insert into people (given_name, family_name, date_of_birth, consent_to_share)
      select 'Bench' || g, 'Person' || g, date '1940-01-01' + (g % 9000), true from generate_series(1, 5000) g`);
    // Seeding runs as the owner (row-level security does not bind it).
    await client.query(
      `insert into connections (person_id, organisation_id, consent_to_share, contact_route, contact_detail, what_matters, ask, created_by_id, updated_at)
       select p.id, case when g <= $1 then $2::uuid else (select id from organisations where kind = 'community' order by id limit 1) end,
              true, 'phone', '01743 000000', 'Company', 'A place at the club', gen_random_uuid(),
              now() - (g || ' seconds')::interval
       from generate_series(1, $1 + $1 / 5) g
       join (select id, row_number() over (order by id) as rn from people where given_name like 'Bench%') p on p.rn = 1 + g % 5000`,
      [CONNECTIONS, partnerOrg],
    );
    console.log(
      `connections: seeded ${CONNECTIONS.toLocaleString('en-GB')} (+${(CONNECTIONS / 5).toLocaleString('en-GB')} to another organisation) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  await client.query('analyze');
  await client.end();
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let url: string;
  let stop = async () => {};
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const exists = await admin.query(`select 1 from pg_database where datname = '${DB_NAME}'`);
    if (!exists.rowCount) await admin.query(`create database ${DB_NAME}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${DB_NAME}`;
    url = u.toString();
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'threefold-bench-'));
    const embedded = await startEmbeddedPostgres({ dataDir: dir, persistent: false, database: DB_NAME });
    url = embedded.connectionString;
    stop = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  await migrate(url);
  const owner = createDbClient({ connectionString: url, max: 2 });
  const found = await owner.pool.query<{ id: string }>(`select id from organisations where name = 'Bench Partner'`);
  const partnerOrg =
    found.rows[0] ??
    (
      await owner.pool.query<{ id: string }>(
        `insert into organisations (name, kind) values ('Bench Partner', 'partner') returning id`,
      )
    ).rows[0]!;
  await seed(url, partnerOrg.id);

  const { app, db, base } = await startBenchApi(url, { config: { OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE: 1_000_000 } });
  const practitioner = await signInAs(app, db, { roles: ['practitioner'] });
  const partnerClient = await createMachineClient(db, {
    kind: 'partner',
    scopes: ['connections:read', 'connections:write'],
    organisationId: partnerOrg.id,
    rateLimitPerMinute: 1_000_000,
  });
  const partner = await tokenFor(app, partnerClient);

  const pcs = postcodes();
  const time = async (urls: string[], headers: Record<string, string>) => {
    const ms: number[] = [];
    let found = 0;
    for (const u of urls) {
      const t0 = performance.now();
      const res = await fetch(base + u, { headers });
      const body = (await res.json()) as { total?: number; total_items?: number };
      if (res.status !== 200) throw new Error(`${u}: ${res.status} ${JSON.stringify(body)}`);
      ms.push(performance.now() - t0);
      found += body.total ?? body.total_items ?? 0;
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), meanHits: found / urls.length };
  };
  const fmt = (r: { p50: number; p95: number; p99: number; meanHits: number }) =>
    `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (mean ${r.meanHits.toFixed(0)} matches)`;
  const queries = Array.from({ length: SEARCHES }, (_, i) => ({
    word: words[rnd(words.length, i + 101)]!,
    postcode: pcs[rnd(pcs.length, i + 202)]!.postcode,
  }));
  const console1 = await time(
    queries.map(
      (q) => `/v1/directory/services?q=${q.word}&postcode=${encodeURIComponent(q.postcode)}&radiusKm=5&limit=20`,
    ),
    practitioner.headers,
  );
  const oruk = await time(
    queries.map(
      (q) =>
        `/open-referral/services?search=${q.word}&postcode=${encodeURIComponent(q.postcode)}&proximity=5000&per_page=20`,
    ),
    {},
  );

  // The partner's pull: every connection, oldest change first, 200 a page.
  global.gc?.();
  const heap: number[] = [];
  let pulled = 0;
  let pages = 0;
  let cursor: string | null = null;
  const t0 = performance.now();
  do {
    const u: string = `/v1/connections?limit=200&updatedSince=2000-01-01T00:00:00Z${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await fetch(base + u, { headers: partner.headers });
    const page = (await res.json()) as { items: unknown[]; nextCursor: string | null };
    if (res.status !== 200) throw new Error(`${u}: ${res.status}`);
    pulled += page.items.length;
    pages += 1;
    cursor = page.nextCursor;
    if (pages % 25 === 0) {
      global.gc?.();
      heap.push(process.memoryUsage().heapUsed / 1024 / 1024);
    }
  } while (cursor);
  const seconds = (performance.now() - t0) / 1000;
  const counts = await owner.pool.query<{ s: number }>('select count(*)::int as s from directory_services');

  console.log(`\nThreefold directory benchmark — ${counts.rows[0]!.s.toLocaleString('en-GB')} services, audit on`);
  console.log(
    `  words + postcode within 5 km, GET /v1/directory/services (${SEARCHES} sequential): ${fmt(console1)}   target p95 < 50 ms: ${console1.p95 < 50 ? 'met' : 'NOT met'}`,
  );
  console.log(`  the same through Open Referral, GET /open-referral/services:          ${fmt(oruk)}`);
  console.log(
    `  partner pull: ${pulled.toLocaleString('en-GB')} connections in ${pages} pages of 200 in ${seconds.toFixed(1)} s (${(pulled / seconds).toFixed(0)}/s); ` +
      `heap every 25 pages ${global.gc ? '(after gc)' : ''}: first ${heap[0]?.toFixed(1)} MB, max ${Math.max(...heap).toFixed(1)} MB, last ${heap.at(-1)?.toFixed(1)} MB`,
  );
  await app.close();
  await db.close();
  await owner.close();
  await stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
