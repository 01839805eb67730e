/**
 * The team board and a person's story timeline at full volume. On the people benchmark's
 * database (1,000,000 people; run `pnpm bench:people` first, or pass --people to seed here too),
 * seeds 10 teams, 60 colleagues and 200,000 stories with 400,000 conversations (once; a later run
 * reuses them), 2% of stories waiting on their team's board, then prints over HTTP as a signed-in
 * practitioner: `GET /v1/teams/{id}/board` and `GET /v1/people/{id}/stories` latency (targets:
 * p95 under 50 ms each).
 *
 *   pnpm bench:conversations [-- --stories 200000 --requests 300]
 */
import { parseArgs } from 'node:util';
import { migrate } from '../packages/db/src/index.js';
import { signInAs } from '../services/api/test/support/auth.js';
import { pg, startBenchApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { stories: { type: 'string', default: '200000' }, requests: { type: 'string', default: '300' } },
});
const STORIES = Number(values.stories);
const REQUESTS = Number(values.requests);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const people = await client.query<{ n: number }>('select count(*)::int as n from people');
  if (people.rows[0]!.n < 100_000) throw new Error('seed people first: pnpm bench:people');
  const have = await client.query<{ n: number }>('select count(*)::int as n from stories');
  if (have.rows[0]!.n >= STORIES) {
    console.log(`stories: ${have.rows[0]!.n.toLocaleString('en-GB')} already seeded`);
  } else {
    const started = Date.now();
    await client.query(
      `insert into teams (name) select 'Bench team ' || g from generate_series(1, 10) g on conflict do nothing`,
    );
    await client.query(`
      insert into staff_users (email, display_name, password_hash, roles)
      select 'bench.colleague.' || g || '@practice.example', 'Bench colleague ' || g, 'not-a-login', '{practitioner}'
        from generate_series(1, 60) g
      on conflict do nothing`);
    await client.query(`
      with t as (select id, row_number() over (order by name) rn from teams where name like 'Bench team %'),
           u as (select id, row_number() over (order by email) rn from staff_users where email like 'bench.colleague.%'),
           p as (select id, row_number() over (order by id) rn from people)
      insert into stories (person_id, team_id, held_by_id, opened_at)
      select p.id, t.id, case when g % 50 = 0 then null else u.id end, now() - (g % 700) * interval '1 day'
        from generate_series(${have.rows[0]!.n + 1}, ${STORIES}) g
        join p on p.rn = 1 + (g::bigint * 104729) % (select count(*) from people)
        join t on t.rn = 1 + (g / 50) % 10
        join u on u.rn = 1 + g % 60`);
    await client.query(`
      insert into conversations (story_id, kind, author_id, status, strengths, resolved, unresolved_reason, started_at, concluded_at)
      select s.id, k, s.held_by_id_or_any, case when k = 1 then 'concluded' else 'open' end,
             '{"personalResources":["Gardening"],"networksOfSupport":["Daughter"],"communityResources":["Chapel"]}'::jsonb,
             case when k = 1 then false end, case when k = 1 then 'Needs more than connections' end,
             s.opened_at + (k - 1) * interval '3 days', case when k = 1 then s.opened_at + interval '2 days' end
        from (select st.id, st.opened_at, coalesce(st.held_by_id, (select id from staff_users where email like 'bench.colleague.%' limit 1)) as held_by_id_or_any
                from stories st where not exists (select 1 from conversations c where c.story_id = st.id)) s
       cross join generate_series(1, 2) k`);
    await client.query(`insert into story_events (story_id, kind, note) select id, 'hand_on', 'Needs someone on Thursdays' from stories where held_by_id is null
                          and not exists (select 1 from story_events e where e.story_id = stories.id)`);
    await client.query('analyze stories; analyze conversations; analyze story_events');
    console.log(
      `stories: seeded ${STORIES.toLocaleString('en-GB')} with two conversations each in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  await client.end();
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('set BENCH_DATABASE_URL (the server holding threefold_bench from pnpm bench:people)');
  const u = new URL(serverUrl);
  u.pathname = '/threefold_bench';
  const url = u.toString();
  await migrate(url);
  await seed(url);

  const { app, db, base } = await startBenchApi(url);
  const { headers } = await signInAs(app, db, { roles: ['practitioner'] });

  const teams = (await db.pool.query<{ id: string }>(`select id from teams where name like 'Bench team %'`)).rows.map(
    (r) => r.id,
  );
  const people = (
    await db.pool.query<{ person_id: string }>(`select person_id from stories order by md5(id::text) limit ${REQUESTS}`)
  ).rows.map((r) => r.person_id);
  const time = async (urls: string[]) => {
    const ms: number[] = [];
    for (const path of urls) {
      const t0 = performance.now();
      const res = await fetch(base + path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return `p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms`;
  };
  const board = await time(
    Array.from({ length: REQUESTS }, (_, i) => `/v1/teams/${teams[i % teams.length]}/board?limit=50`),
  );
  const timeline = await time(people.map((id) => `/v1/people/${id}/stories`));
  const counts = await db.pool.query<{ p: number; s: number; c: number; b: number }>(
    `select (select count(*) from people)::int as p, (select count(*) from stories)::int as s, (select count(*) from conversations)::int as c,
            (select count(*) from stories where held_by_id is null and status = 'open')::int as b`,
  );
  const r = counts.rows[0]!;
  console.log(
    `\nThreefold conversations benchmark — ${r.p.toLocaleString('en-GB')} people, ${r.s.toLocaleString('en-GB')} stories, ${r.c.toLocaleString('en-GB')} conversations, ${r.b.toLocaleString('en-GB')} on boards`,
  );
  console.log(`  team board (${REQUESTS} sequential, 10 teams):     ${board}`);
  console.log(`  person's story timeline (${people.length}):          ${timeline}`);
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
