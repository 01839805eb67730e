/**
 * Care services at a practice's volume: by default 20,000 live services (two per signed-off
 * budget: council-managed home care from a provider and a direct payment), one in ten with a
 * hospital stay behind it, and each person's assessed contribution. Then:
 * - the services of a person, `GET /v1/care-services?personId=` over HTTP with audit on
 *   (target p95 < 20 ms);
 * - a four-weekly statement for every budget, read and worked out in batches of 1,000 budgets
 *   (the statement run; target < 60 s), and a sample of single statements over HTTP.
 *
 *   pnpm bench:care-services [-- --services 20000 --requests 300 --database threefold_bench_care]
 *
 * Uses BENCH_DATABASE_URL, else DATABASE_URL (a server it may create a database on). Seeding is
 * paid once per database: a second run with the same volume seeds nothing.
 */
import { parseArgs } from 'node:util';
import { addDays } from '../packages/domain/src/index.js';
import { careRepository } from '../services/api/src/modules/care/repository.js';
import { ratesOf, statementOf } from '../services/api/src/modules/care/money.js';
import { signInAs } from '../services/api/test/support/auth.js';
import { benchDatabase, n, percentile, pg, startBenchApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    services: { type: 'string', default: '20000' },
    requests: { type: 'string', default: '300' },
    database: { type: 'string', default: 'threefold_bench_care' },
  },
});
const SERVICES = Number(values.services);
const REQUESTS = Number(values.requests);
const BUDGETS = Math.ceil(SERVICES / 2);
const LIVE_ON = '2025-04-07';

const management = JSON.stringify({
  method: 'mixed',
  directPayment: { section: 's31', authorisedPerson: null, conditions: [] },
  parts: [
    { method: 'council_managed', weeklyPence: 17150 },
    { method: 'direct_payment', weeklyPence: 4200 },
  ],
});

async function seed(url: string, userId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  const have = (await client.query<{ n: number }>('select count(*)::int as n from personal_budgets')).rows[0]!.n;
  if (have >= BUDGETS) {
    console.log(`budgets: ${n(have)} already seeded`);
    await client.end();
    return;
  }
  const t0 = Date.now();
  const provider = await client.query<{ id: string }>(
    `insert into care_providers (name, cqc_location_id, created_by_id, created_at, updated_at)
     values ('Bench Home Care ' || gen_random_uuid(), null, $1, now(), now()) returning id`,
    [userId],
  );
  const providerId = provider.rows[0]!.id;
  for (let start = have; start < BUDGETS; start += 5_000) {
    const count = Math.min(5_000, BUDGETS - start);
    await client.query(
      `with p as (
         insert into people (given_name, family_name, date_of_birth)
         select (array['Joan','Mary','Robert','Aisha','Priya','Edith','Frank','Tomasz'])[1 + g % 8],
                'Carebench' || g, date '1930-01-01' + (g % 20000)
           from generate_series($1::int, $2::int) g
         returning id),
       s as (insert into stories (person_id) select id from p returning id, person_id),
       c as (insert into conversations (story_id, kind, author_id) select id, 3, $3 from s returning id, story_id),
       d as (
         insert into eligibility_determinations
           (person_id, kind, story_id, conversation_id, decided_by_id, inputs, eligible, reasons, eligible_needs, indicative_weekly_pence)
         select s.person_id, 'adult', s.id, c.id, $3, '{}', true, '{}', '["nutrition"]', 30000
           from c join s on s.id = c.story_id
         returning id, person_id, story_id, conversation_id),
       b as (
         insert into personal_budgets
           (person_id, story_id, conversation_id, determination_id, indicative_weekly_pence, created_by_id, status,
            management, weekly_total_pence, live_on, signed_off_at, signed_off_by_id, agreed_weekly_pence)
         select person_id, story_id, conversation_id, id, 30000, $3, 'signed_off', $4::jsonb, 21350, $5::date, now(), $3, 21350
           from d
         returning id, person_id),
       fa as (
         insert into financial_assessments (person_id, weekly_contribution_pence, effective_from, received_at)
         select person_id, 3000 + (abs(hashtext(id::text)) % 50) * 100, $5::date, now() from b)
       insert into care_services (budget_id, person_id, part, what, provider_id, weekly_pence, start_on, created_by_id, created_at)
       select id, person_id, 'council_managed', 'Home care', $6::uuid, 17150, $5::date + (abs(hashtext(id::text)) % 60), $3, now() from b
       union all
       select id, person_id, 'direct_payment', 'Direct payment', null, 4200, $5::date, $3, now() from b`,
      [start + 1, start + count, userId, management, LIVE_ON, providerId],
    );
  }
  // One in ten home care services had a fortnight in hospital.
  await client.query(
    `insert into care_service_suspensions (service_id, from_on, to_on, reason, at)
     select id, start_on + 30, start_on + 43, 'hospital_stay', now()
       from care_services where part = 'council_managed' and abs(hashtext(id::text)) % 10 = 0`,
  );
  await client.query(
    'analyze people; analyze personal_budgets; analyze care_services; analyze care_service_suspensions; analyze financial_assessments',
  );
  console.log(
    `budgets: seeded ${n(BUDGETS - have)} (with ${n(2 * (BUDGETS - have))} services) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  await client.end();
}

async function main(): Promise<void> {
  const url = await benchDatabase(values.database);
  const { app, db, base } = await startBenchApi(url);
  const { user, headers } = await signInAs(app, db, { roles: ['social_worker'] });
  await seed(url, user.id);

  const people = (
    await db.pool.query<{ person_id: string }>(
      `select person_id from personal_budgets where status = 'signed_off' order by random() limit 200`,
    )
  ).rows.map((r) => r.person_id);
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS + 10; i++) {
    const pid = people[i % people.length]!;
    const t0 = performance.now();
    const res = await fetch(`${base}/v1/care-services?personId=${pid}`, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET /v1/care-services: ${res.status} ${body}`);
    if (i >= 10) ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);

  // A four-weekly statement for every budget: the 28 days ending yesterday.
  const to = addDays(new Date().toISOString().slice(0, 10), -1);
  const from = addDays(to, -27);
  const budgets = (
    await db.pool.query<{ id: string; person_id: string }>(
      `select id, person_id from personal_budgets where status = 'signed_off' order by id`,
    )
  ).rows;
  const t0 = performance.now();
  let total = 0;
  let councilTotal = 0;
  for (let i = 0; i < budgets.length; i += 1_000) {
    const batch = budgets.slice(i, i + 1_000);
    const services = await careRepository.servicesOfBudgets(
      db.db,
      batch.map((b) => b.id),
    );
    const suspensions = await careRepository.suspensionsOf(
      db.db,
      services.map((s) => s.id),
    );
    const assessments = await careRepository.assessmentsOf(
      db.db,
      batch.map((b) => b.person_id),
    );
    for (const b of batch) {
      const st = statementOf(
        { id: b.id, personId: b.person_id },
        services.filter((s) => s.budgetId === b.id),
        suspensions,
        ratesOf(assessments.filter((a) => a.personId === b.person_id)),
        from,
        to,
      );
      total += st.totalPence;
      councilTotal += st.councilPence;
    }
  }
  const runSeconds = (performance.now() - t0) / 1000;

  const one: number[] = [];
  for (const b of budgets.slice(0, 100)) {
    const t1 = performance.now();
    const res = await fetch(`${base}/v1/personal-budgets/${b.id}/statement?from=${from}&to=${to}`, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET statement: ${res.status} ${body}`);
    one.push(performance.now() - t1);
  }
  one.sort((a, b) => a - b);

  const counts = await db.pool.query<{ s: number; live: number }>(
    `select count(*)::int as s, count(*) filter (where end_on is null)::int as live from care_services`,
  );
  console.log(
    `\nThreefold care services benchmark — ${n(counts.rows[0]!.s)} services (${n(counts.rows[0]!.live)} open), ${n(budgets.length)} signed-off budgets`,
  );
  console.log(
    `  GET /v1/care-services?personId= (${REQUESTS} sequential, audit on): p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms (target p95 < 20 ms)`,
  );
  console.log(
    `  four-weekly statement (${from} to ${to}) for every budget, batches of 1,000: ${runSeconds.toFixed(1)} s ` +
      `(target < 60 s); total ${n(total)} p, council ${n(councilTotal)} p`,
  );
  console.log(
    `  GET /v1/personal-budgets/{id}/statement (100 sequential): p50 ${percentile(one, 50).toFixed(1)} ms, p95 ${percentile(one, 95).toFixed(1)} ms`,
  );
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
