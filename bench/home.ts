/**
 * Home (`GET /v1/me/work`) of a colleague holding 60 stories, over the people benchmark's volume.
 * On `threefold_bench` (1,000,000 people from `pnpm bench:people`; or pass --people to seed that
 * many here, plainly, if fewer are there), seeds once 100,000 tasks for 60 other colleagues and
 * their teams (a third open), then for a fresh signed-in colleague: 60 stories they hold (ten on
 * conversation 2 with touchpoints and intensive plans, the rest at conversation 1 or a contact),
 * reviews due on ten of them, 40 tasks for them or their team, and 30 people opened (the audit of
 * their reads). Times home over HTTP with audit on (target: p95 under 50 ms).
 *
 *   pnpm bench:home [-- --people 1000000 --requests 300 --tasks 100000 --database threefold_bench]
 *
 * Uses BENCH_DATABASE_URL, else DATABASE_URL (a server it may create a database on).
 */
import { parseArgs } from 'node:util';
import { signInAs } from '../services/api/test/support/auth.js';
import { benchDatabase, n, percentile, pg, startBenchApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    people: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '300' },
    tasks: { type: 'string', default: '100000' },
    database: { type: 'string', default: 'threefold_bench' },
  },
});
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const TASKS = Number(values.tasks);
const HELD = 60;

async function seedVolume(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  const people = (await client.query<{ n: number }>('select count(*)::int as n from people')).rows[0]!.n;
  if (people < PEOPLE) {
    const t0 = Date.now();
    for (let start = people; start < PEOPLE; start += 100_000) {
      await client.query(
        `insert into people (given_name, family_name, date_of_birth)
         select (array['Joan','Mary','Ann','Robert','John','Aisha','Priya','Edith','Frank','Tomasz'])[1 + g % 10],
                (array['Talbot','Corbett','Pritchard','Lloyd','Hammond','Nowak','Khan','Bowen'])[1 + (g * 7) % 8],
                date '1925-01-01' + (g % 29000)
           from generate_series($1::int, $2::int) g`,
        [start + 1, Math.min(PEOPLE, start + 100_000)],
      );
    }
    await client.query('analyze people');
    console.log(`people: seeded ${n(PEOPLE - people)} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } else console.log(`people: ${n(people)} already seeded`);

  const tasks = (await client.query<{ n: number }>('select count(*)::int as n from tasks')).rows[0]!.n;
  if (tasks < TASKS) {
    const t0 = Date.now();
    await client.query(
      `insert into teams (name) select 'Home bench team ' || g from generate_series(1, 10) g on conflict do nothing`,
    );
    await client.query(`
      insert into staff_users (email, display_name, password_hash, roles)
      select 'home.bench.' || g || '@practice.example', 'Home bench colleague ' || g, 'not-a-login', '{practitioner}'
        from generate_series(1, 60) g
      on conflict do nothing`);
    await client.query(`
      with t as (select id, row_number() over (order by name) rn from teams where name like 'Home bench team %'),
           u as (select id, row_number() over (order by email) rn from staff_users where email like 'home.bench.%'),
           p as (select id, row_number() over (order by id) rn from people),
           pc as (select count(*)::bigint c from people)
      insert into tasks (title, due_on, assignee_id, team_id, person_id, status, source, created_by_id, created_at, updated_at, closed_at)
      select 'Bench task ' || g, current_date + ((g % 90) - 45), case when g % 4 = 0 then null else u.id end, t.id, p.id,
             case when g % 3 = 0 then 'open' else 'done' end, 'manual', u.id, now(), now(),
             case when g % 3 = 0 then null else now() end
        from generate_series(${tasks + 1}, ${TASKS}) g
        cross join pc
        join p on p.rn = 1 + (g::bigint * 7919) % pc.c
        join t on t.rn = 1 + g % 10
        join u on u.rn = 1 + g % 60`);
    await client.query('analyze tasks');
    console.log(`tasks: seeded ${n(TASKS - tasks)} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } else console.log(`tasks: ${n(tasks)} already seeded`);
  await client.end();
}

/** The colleague's own world: 60 stories held, conversation 2s, reviews due, tasks. */
async function seedHolder(url: string, userId: string, teamId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const offset = Math.floor(Math.random() * Math.max(1, PEOPLE - 1000));
  const people = (
    await client.query<{ id: string }>(`select id from people order by id offset ${offset} limit ${HELD}`)
  ).rows.map((r) => r.id);
  const stories = (
    await client.query<{ id: string; person_id: string }>(
      `insert into stories (person_id, team_id, held_by_id, opened_at)
       select p, $2, $3, now() - (ord % 40) * interval '1 day'
         from unnest($1::uuid[]) with ordinality as x(p, ord)
       returning id, person_id`,
      [people, teamId, userId],
    )
  ).rows;
  for (const [i, s] of stories.entries()) {
    if (i % 6 === 0) {
      const c = await client.query<{ id: string }>(
        `insert into conversations (story_id, kind, author_id, started_at) values ($1, 2, $2, now() - interval '5 days') returning id`,
        [s.id, userId],
      );
      const id = c.rows[0]!.id;
      await client.query(
        `insert into intensive_plans (conversation_id, starts_on, ends_on, what_must_change)
         values ($1, current_date - 5, current_date + 30, 'Back home safely')`,
        [id],
      );
      await client.query(
        `insert into touchpoints (conversation_id, at, by_id, how)
         select $1, now() - g * interval '1 day', $2, 'visit' from generate_series(1, 3) g`,
        [id, userId],
      );
    } else if (i % 2 === 0) {
      await client.query(
        `insert into conversations (story_id, kind, author_id, started_at) values ($1, 1, $2, now() - interval '3 days')`,
        [s.id, userId],
      );
    }
    if (i % 6 === 1) {
      const c3 = await client.query<{ id: string }>(
        `insert into conversations (story_id, kind, author_id, started_at) values ($1, 3, $2, now() - interval '60 days') returning id`,
        [s.id, userId],
      );
      const det = await client.query<{ id: string }>(
        `insert into eligibility_determinations (person_id, kind, story_id, conversation_id, decided_by_id, inputs, eligible, reasons, eligible_needs, indicative_weekly_pence)
         values ($1, 'adult', $2, $3, $4, '{}', true, '{}', '["nutrition"]', 10000) returning id`,
        [s.person_id, s.id, c3.rows[0]!.id, userId],
      );
      const budget = await client.query<{ id: string }>(
        `insert into personal_budgets (person_id, story_id, team_id, conversation_id, determination_id, indicative_weekly_pence, created_by_id, status)
         values ($1, $2, $3, $4, $5, 10000, $6, 'signed_off') returning id`,
        [s.person_id, s.id, teamId, c3.rows[0]!.id, det.rows[0]!.id, userId],
      );
      await client.query(
        `insert into reviews (budget_id, person_id, team_id, kind, due_from, due_by)
         values ($1, $2, $3, 'first', current_date - 3, current_date + 11)`,
        [budget.rows[0]!.id, s.person_id, teamId],
      );
    }
  }
  await client.query(
    `insert into tasks (title, due_on, assignee_id, team_id, person_id, status, source, created_by_id, created_at, updated_at)
     select 'Home task ' || g, current_date + (g % 20) - 5, case when g % 2 = 0 then $1::uuid end, case when g % 2 = 1 then $2::uuid end,
            ($3::uuid[])[1 + g % ${HELD}], 'open', 'manual', $1::uuid, now(), now()
       from generate_series(1, 40) g`,
    [userId, teamId, people],
  );
  await client.query('analyze stories; analyze conversations; analyze tasks; analyze reviews');
  await client.end();
  return people;
}

async function main(): Promise<void> {
  const url = await benchDatabase(values.database);
  await seedVolume(url);
  const { app, db, base } = await startBenchApi(url);
  const team = await db.pool.query<{ id: string }>(
    `insert into teams (name) values ('Home bench holder team ' || gen_random_uuid()) returning id`,
  );
  const teamId = team.rows[0]!.id;
  const { user, headers } = await signInAs(app, db, { roles: ['practitioner'], teamIds: [teamId] });
  const people = await seedHolder(url, user.id, teamId);
  // Recently viewed comes from the audit of their reads: open 30 of their people first.
  for (const id of people.slice(0, 30)) {
    const res = await fetch(`${base}/v1/people/${id}`, { headers });
    await res.arrayBuffer();
  }

  const ms: number[] = [];
  let last: { stories: { total: number }; tasks: { total: number }; touchpoints: { total: number } } | undefined;
  for (let i = 0; i < REQUESTS + 10; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/v1/me/work`, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET /v1/me/work: ${res.status} ${body}`);
    if (i >= 10) ms.push(performance.now() - t0);
    last = JSON.parse(body) as typeof last;
  }
  ms.sort((a, b) => a - b);
  const counts = await db.pool.query<{ p: number; t: number; s: number }>(
    `select (select count(*) from people)::int as p, (select count(*) from tasks)::int as t, (select count(*) from stories)::int as s`,
  );
  const r = counts.rows[0]!;
  console.log(
    `\nThreefold home benchmark — ${n(r.p)} people, ${n(r.s)} stories, ${n(r.t)} tasks; the colleague holds ${n(last!.stories.total)} stories, ` +
      `${n(last!.touchpoints.total)} on conversation 2, ${n(last!.tasks.total)} open tasks`,
  );
  console.log(
    `  GET /v1/me/work (${REQUESTS} sequential, audit on): p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms (target p95 < 50 ms)`,
  );
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
