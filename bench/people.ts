/**
 * Finding people at realistic volume and name diversity. Seeds `--people` people (default
 * 1,000,000) with COPY, names drawn from UK frequency distributions (`names.ts`: ONS heads,
 * Zipf-like synthetic tails — millions of distinct full names at 10 M), and `--contacts` contacts;
 * starts the real API on 127.0.0.1 with audit on, and prints, over HTTP as a signed-in
 * practitioner, p50/p95/p99 of:
 *   - NHS-number lookup,
 *   - misspelt name search (a letter dropped or two swapped in the family name),
 *   - name + date of birth (a misspelt given name and the person's own date of birth),
 *   - the duplicate check on recording a person without a date of birth (POST /v1/people, a
 *     misspelt family name: 409 with candidates, or 201),
 * and contact creation throughput at 20 concurrent requests.
 *
 *   pnpm bench:people [-- --people 1000000 --contacts 2000000 --lookups 500 --duration 10 --database threefold_bench]
 *   pnpm bench:people -- --database bench_search10m --reuse      (measure only, whatever is seeded)
 *   … --misses      (also print each misspelt search whose first page lacks the name)
 *
 * Uses BENCH_DATABASE_URL (else DATABASE_URL): the database `--database` is created if missing and
 * kept between runs, so seeding is paid once.
 */
import { parseArgs } from 'node:util';
import { NHS_TEST_NUMBER_COUNT, givenNameVariants, nhsNumberFromSeed } from '../packages/domain/src/index.js';
import { parseSearch } from '../services/api/src/modules/people/search.js';
import { searchRepository } from '../services/api/src/modules/people/search.repository.js';
import { signInAs } from '../services/api/test/support/auth.js';
import { seeded } from './names.js';
import { seedPeople } from './people-seed.js';
import { benchDatabase, n, percentile, pg, requireFromApi, startBenchApi } from './support.js';

// bench/ belongs to no package: its dependencies resolve from the API package.
type CannonResult = {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
};
const autocannon = requireFromApi('autocannon') as (
  options: Record<string, unknown>,
  done: (error: unknown, result: CannonResult) => void,
) => unknown;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    people: { type: 'string', default: '1000000' },
    contacts: { type: 'string', default: '2000000' },
    lookups: { type: 'string', default: '500' },
    duration: { type: 'string', default: '10' },
    database: { type: 'string', default: 'threefold_bench' },
    reuse: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const CONTACTS = Number(values.contacts);
const LOOKUPS = Number(values.lookups);

const misspelling = (i: number) => (i % 2 === 0 ? 'letter dropped' : 'two letters swapped');
function misspell(name: string, i: number): string {
  const at = 1 + (i % Math.max(1, name.length - 2));
  return i % 2 === 0
    ? name.slice(0, at) + name.slice(at + 1)
    : name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}

async function seedContacts(client: InstanceType<typeof pg.Client>, people: number): Promise<void> {
  const c = await client.query<{ n: number }>('select count(*)::int as n from contacts');
  if (c.rows[0]!.n >= CONTACTS) return;
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
      join (select id, row_number() over (order by id) as rn from people) p on p.rn = 1 + (g::bigint * 7919) % ${people}`);
  await client.query('analyze contacts');
  console.log(`contacts: seeded ${n(CONTACTS)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
  const url = await benchDatabase(values.database);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if (!values.reuse) {
    await seedPeople(client, PEOPLE);
    await seedContacts(client, PEOPLE);
  }
  const { rows: shape } = await client.query<{ people: number; names: number; families: number; givens: number }>(
    `select (select count(*) from people)::int as people,
            (select reltuples from pg_class where relname = 'people_name_lower_idx')::int as names,
            (select count(*) from person_family_names)::int as families,
            (select count(*) from person_given_names)::int as givens`,
  );
  const { rows: sizes } = await client.query<{ name: string; size: string }>(
    `select relname as name, pg_size_pretty(pg_relation_size(oid)) as size from pg_class
      where relname in ('people', 'person_family_names_trgm', 'people_name_lower_idx', 'people_name_metaphone_idx', 'people_family_metaphone_idx')
      order by relname`,
  );
  const settings = await client.query<{ sb: string; wm: string }>(
    `select current_setting('shared_buffers') as sb, current_setting('work_mem') as wm`,
  );
  await client.end();
  const population = shape[0]!.people;

  const { app, db, base } = await startBenchApi(url);
  const practitioner = await signInAs(app, db, { roles: ['practitioner'] });
  const headers = practitioner.headers;

  // People with an NHS number, chosen by a seeded draw (so by the names' own frequencies).
  const random = seeded(7);
  const numbers = Array.from({ length: LOOKUPS + 100 }, () =>
    nhsNumberFromSeed(Math.floor(random() * Math.min(population, NHS_TEST_NUMBER_COUNT))),
  );
  const { rows: sample } = await db.pool.query<{
    nhs_number: string;
    given_name: string;
    family_name: string;
    dob: string;
  }>(
    `select nhs_number, given_name, family_name, to_char(date_of_birth, 'DD/MM/YYYY') as dob
       from people where nhs_number = any($1::text[]) order by array_position($1::text[], nhs_number)`,
    [numbers],
  );
  const warm = sample.slice(LOOKUPS);
  const measured = sample.slice(0, LOOKUPS);
  type Timed = { url: string; body?: unknown; wanted?: string; kind?: string };
  /**
   * Sequential requests' latency; with `wanted` (the person's full name, lower-cased), also whether
   * the first page holds someone of that name, by `kind` (at 10 M a common name is many people).
   */
  const time = async (requests: Timed[], ok = [200]) => {
    const ms: number[] = [];
    const recall = new Map<string, { found: number; asked: number }>();
    for (const r of requests) {
      const t0 = performance.now();
      const res = await fetch(base + r.url, {
        method: r.body ? 'POST' : 'GET',
        headers: r.body ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(r.body ? { body: JSON.stringify(r.body) } : {}),
      });
      const text = await res.text();
      if (!ok.includes(res.status)) throw new Error(`${r.url}: ${res.status}`);
      ms.push(performance.now() - t0);
      if (r.wanted && r.kind) {
        const items = (JSON.parse(text) as { items: { givenName: string; familyName: string }[] }).items;
        const tally = recall.get(r.kind) ?? { found: 0, asked: 0 };
        tally.asked += 1;
        if (items.some((p) => `${p.givenName} ${p.familyName}`.toLowerCase() === r.wanted)) tally.found += 1;
        else if (values.misses) console.log(`missed ${r.wanted}: ${decodeURIComponent(r.url)}`);
        recall.set(r.kind, tally);
      }
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), recall };
  };
  const fmt = (r: { p50: number; p95: number; p99: number }) =>
    `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;
  const found = (r: { recall: Map<string, { found: number; asked: number }> }) =>
    [...r.recall].map(([kind, t]) => `${kind} ${t.found}/${t.asked}`).join(', ');
  const byNhs = (rows: typeof sample) => rows.map((r) => ({ url: `/v1/people?nhsNumber=${r.nhs_number}` }));
  const misspelt = (rows: typeof sample) =>
    rows.map((r, i) => ({
      url: `/v1/people?q=${encodeURIComponent(`${r.given_name} ${misspell(r.family_name, i)}`)}`,
      wanted: `${r.given_name} ${r.family_name}`.toLowerCase(),
      kind: misspelling(i),
    }));
  const withDob = (rows: typeof sample) =>
    rows.map((r, i) => ({
      url: `/v1/people?q=${encodeURIComponent(`${misspell(r.given_name, i)} ${r.family_name} ${r.dob}`)}`,
      wanted: `${r.given_name} ${r.family_name}`.toLowerCase(),
      kind: misspelling(i),
    }));
  const duplicate = (rows: typeof sample) =>
    rows.map((r, i) => ({
      url: '/v1/people',
      body: { givenName: r.given_name, familyName: misspell(r.family_name, i + 1) },
    }));
  // A short warm-up on other people, as a running service would be.
  await time([...byNhs(warm), ...misspelt(warm), ...withDob(warm)]);
  const nhs = await time(byNhs(measured));
  const fuzzy = await time(misspelt(measured));
  const fuzzyDob = await time(withDob(measured));
  const dup = await time(duplicate(measured.slice(0, 200)), [201, 409]);
  // The same name searches through the repository alone (SQL and one round trip, no HTTP, no
  // audit): what the query costs, apart from what every request costs.
  const sqlAlone = async (rows: typeof sample, dob: boolean) => {
    const ms: number[] = [];
    for (const [i, r] of rows.entries()) {
      const parsed = parseSearch(
        dob
          ? `${misspell(r.given_name, i)} ${r.family_name} ${r.dob}`
          : `${r.given_name} ${misspell(r.family_name, i)}`,
      );
      const words = parsed.name.toLowerCase().split(' ');
      const t0 = performance.now();
      await searchRepository.byName(
        db.db,
        { full: words.join(' '), given: words[0]!, family: words.at(-1)!, variants: givenNameVariants(words[0]!) },
        { hideRestricted: true, dateOfBirth: parsed.dateOfBirth, limit: 21 },
      );
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
  };
  const fuzzySql = await sqlAlone(measured, false);
  const fuzzyDobSql = await sqlAlone(measured, true);

  const { rows: first } = await db.pool.query<{ id: string }>('select id from people limit 1');
  const cannon = await new Promise<CannonResult>((resolve, reject) =>
    autocannon(
      {
        url: `${base}/v1/contacts`,
        method: 'POST',
        connections: 20,
        duration: Number(values.duration),
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'phone',
          madeBy: 'self',
          routeOfAccess: 'community_other',
          whatMatters: 'To keep going to chapel',
          personId: first[0]!.id,
          outcome: 'information_and_advice',
        }),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );

  const s = shape[0]!;
  const goal = (p95: number) => `goal p95 < 20 ms: ${p95 < 20 ? 'met' : 'NOT met'}`;
  console.log(
    `\nThreefold people benchmark — ${n(s.people)} people (≈${n(s.names)} index entries), ${n(s.families)} distinct family names, ${n(s.givens)} given names; audit on`,
  );
  console.log(
    `  PostgreSQL shared_buffers ${settings.rows[0]!.sb}, work_mem ${settings.rows[0]!.wm}; sizes: ${sizes.map((z) => `${z.name} ${z.size}`).join(', ')}`,
  );
  console.log(`  NHS-number lookup (${measured.length} sequential):     ${fmt(nhs)}   ${goal(nhs.p95)}`);
  console.log(`  misspelt name (${measured.length}):                    ${fmt(fuzzy)}   ${goal(fuzzy.p95)}`);
  console.log(`    found on the first page (found/asked):     ${found(fuzzy)}`);
  console.log(`  misspelt given name + date of birth (${measured.length}): ${fmt(fuzzyDob)}   ${goal(fuzzyDob.p95)}`);
  console.log(`    found on the first page (found/asked):     ${found(fuzzyDob)}`);
  console.log(`  duplicate check, no date of birth (200):  ${fmt(dup)}`);
  console.log(`  misspelt name, SQL alone:                 ${fmt(fuzzySql)}`);
  console.log(`  given name + date of birth, SQL alone:    ${fmt(fuzzyDobSql)}`);
  console.log(
    `  contact creation, 20 concurrent, ${values.duration} s:   ${cannon.requests.average.toFixed(0)} req/s, p50 ${cannon.latency.p50} ms, p99 ${cannon.latency.p99} ms (${cannon.non2xx} non-2xx, ${cannon.errors} errors)`,
  );
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
