/**
 * The practice data dashboard and the Client Level Data return at volume. On its own database
 * (`threefold_bench_insights`, kept between runs so seeding is paid once) it seeds 1,000,000
 * people, 2,000,000 contacts over the last two years in six teams, with the stories,
 * conversations, intensive plans, contingency spends, determinations, budgets, reviews and
 * safeguarding work that follow from them, plus older contacts so that the whole history holds
 * about 10,000,000 Client Level Data events. Then, over HTTP against the real API:
 *   - `GET /v1/insights/practice` for a week, a month and a quarter of the last two years, whole
 *     practice and by team (target p95 under 200 ms), and a whole year for reference;
 *   - `GET /v1/returns/client-level-data` over the whole history (target: 10,000,000 events in
 *     under two minutes), sampling the process's RSS and heap every second while it streams.
 *
 *   pnpm bench:insights [-- --contacts 2000000 --history 8300000 --requests 40 --skip-dashboard --skip-cld]
 *
 * Uses BENCH_DATABASE_URL, else DATABASE_URL (a server it may create a database on).
 */
import { parseArgs } from 'node:util';
import type PgModule from 'pg';
import { createDbClient } from '../packages/db/src/index.js';
import { rollUpAllInsights } from '../services/api/src/modules/insights/facts.js';
import { createMachineClient, signInAs, tokenFor } from '../services/api/test/support/auth.js';
import { benchDatabase, firstReviewsOf, n, percentile, pg, startBenchApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    people: { type: 'string', default: '1000000' },
    contacts: { type: 'string', default: '2000000' },
    history: { type: 'string', default: '7300000' },
    requests: { type: 'string', default: '40' },
    'skip-cld': { type: 'boolean', default: false },
    'skip-dashboard': { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const CONTACTS = Number(values.contacts);
const HISTORY = Number(values.history);
const REQUESTS = Number(values.requests);

async function step(client: PgModule.Client, label: string, sql: string) {
  const t0 = Date.now();
  const r = await client.query(sql);
  console.log(`  ${label}: ${n(r.rowCount ?? 0)} rows in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const count = async (sql: string) => (await client.query<{ n: number }>(sql)).rows[0]!.n;
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query(`set work_mem = '256MB'`);
  await client.query(`set synchronous_commit = off`);
  if ((await count(`select count(*)::int as n from teams where name like 'Insights team %'`)) < 6) {
    await client.query(
      `insert into teams (name) select 'Insights team ' || g from generate_series(1, 6) g on conflict do nothing`,
    );
    await client.query(`insert into staff_users (email, display_name, password_hash, roles)
                        values ('insights.bench@practice.example', 'Insights bench', 'not-a-login', '{social_worker}') on conflict do nothing`);
  }
  if ((await count('select count(*)::int as n from people')) < PEOPLE) {
    console.log('seeding…');
    await step(
      client,
      'people',
      `insert into people (given_name, family_name, date_of_birth, gender, ethnicity, nhs_number, postcode, primary_support_reason)
       select (array['Joan','Mary','Ann','Margaret','Dorothy','Robert','John','William','David','Tomasz','Aisha','Priya','Edith','Frank','Harold','Irene'])[1 + g % 16],
              (array['Talbot','Corbett','Pritchard','Lloyd','Hammond','Nowak','Khan','Bowen','Price','Evans','Jones','Davies','Morgan','Owen','Griffiths','Hughes','Rowlands','Edwards','Jenkins','Parry'])[1 + (g * 7) % 20],
              date '1925-01-01' + (g % 29000),
              case when g % 50 = 0 then null when g % 2 = 0 then 'female' else 'male' end,
              case when g % 40 = 0 then null else (array['A1','A1','A1','A1','A2','A4','B1','C1','C2','C3','D1','D2','E1'])[1 + g % 13] end,
              null,
              case when g % 60 = 0 then null else (array['SY1','SY2','SY3','TF1','TF2','SY10','SY8','WV16'])[1 + g % 8] || ' ' || (g % 10) || 'AB' end,
              (array['physical-support','memory-and-cognition','mental-health','learning-disability','social-support'])[1 + g % 5]
         from generate_series(1, ${PEOPLE}) g`,
    );
  }
  await client.query(
    `create table if not exists bench_people as select id, row_number() over (order by id) as rn from people`,
  );
  await client.query(`create index if not exists bench_people_rn on bench_people (rn)`);
  const outcome = `case when g % 100 < 40 then 'information_and_advice' when g % 100 < 58 then 'connected_to_community'
         when g % 100 < 66 then 'no_further_action' when g % 100 < 86 then 'progressed_to_conversation_1'
         when g % 100 < 94 then 'progressed_to_conversation_2' when g % 100 < 96 then 'progressed_to_conversation_3'
         when g % 100 < 98 then 'safeguarding_concern_raised' else null end`;
  const contactsSql = (from: number, to: number, daysBack: number, spanDays: number) => `
    insert into contacts (person_id, team_id, occurred_at, channel, made_by, route_of_access, what_matters, source, created_by_type, outcome, outcome_reason, resolved_at)
    select p.id, t.id, o.at,
           (array['phone','email','web','in_person','partner','council_system'])[1 + g % 6],
           (array['self','family_or_friend','gp','hospital','council'])[1 + g % 5],
           (array['community_other','community_other','discharge_from_hospital','planned_entry_transition','self_funder'])[1 + g % 5],
           'To stay at home', 'console', 'user', ${outcome},
           case when g % 100 between 58 and 65 then 'Sorted at the door' end,
           case when ${outcome} is null then null else o.at + interval '20 minutes' end
      from generate_series(${from}, ${to}) g
      join bench_people p on p.rn = 1 + (g::bigint * 7919) % ${PEOPLE}
      join (select id, row_number() over (order by name) rn from teams where name like 'Insights team %') t on t.rn = 1 + g % 6
      cross join lateral (select now() - ${daysBack} * interval '1 day' - ((g::bigint * 104729) % (${spanDays} * 86400)) * interval '1 second' as at) o`;
  const recent = await count(
    `select count(*)::int as n from contacts where occurred_at >= now() - interval '730 days'`,
  );
  if (recent < CONTACTS) await step(client, 'contacts (last two years)', contactsSql(recent + 1, CONTACTS, 0, 730));
  const older = await count(`select count(*)::int as n from contacts where occurred_at < now() - interval '730 days'`);
  if (older < HISTORY) {
    // Millions of rows load far faster without their indexes; they are rebuilt, as they were, after.
    const { rows: indexes } = await client.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes where tablename = 'contacts' and indexname <> 'contacts_pkey'`,
    );
    for (const index of indexes) await client.query(`drop index if exists "${index.name}"`);
    try {
      await step(
        client,
        'contacts (older history)',
        contactsSql(10_000_000 + older + 1, 10_000_000 + HISTORY, 730, 1825),
      );
    } finally {
      for (const index of indexes) await step(client, `index ${index.name}`, index.def);
    }
  }
  if ((await count('select count(*)::int as n from stories')) === 0) {
    await step(
      client,
      'stories',
      `insert into stories (person_id, team_id, contact_id, opened_at, status)
       select c.person_id, c.team_id, c.id, c.occurred_at + interval '1 hour', 'open'
         from contacts c where c.outcome like 'progressed%' and c.occurred_at >= now() - interval '730 days'`,
    );
    const author = `(select id from staff_users where email = 'insights.bench@practice.example')`;
    const h = `abs(hashtext(s.id::text))`;
    await step(
      client,
      'conversations 1',
      `insert into conversations (story_id, kind, author_id, status, started_at, concluded_at, resolved, unresolved_reason)
       select s.id, 1, ${author}, case when ${h} % 10 < 8 then 'concluded' else 'open' end,
              s.opened_at + (${h} % 10) * interval '1 day',
              case when ${h} % 10 < 8 then s.opened_at + (${h} % 10 + 2) * interval '1 day' end,
              case when ${h} % 10 < 8 then ${h} % 10 >= 4 end,
              case when ${h} % 10 < 4 then 'More is needed' end
         from stories s where ${h} % 20 < 19`,
    );
    await step(
      client,
      'conversations 2',
      `insert into conversations (story_id, kind, author_id, status, started_at, concluded_at, resolved, unresolved_reason)
       select s.id, 2, ${author}, 'concluded', s.opened_at + interval '12 days', s.opened_at + interval '40 days', ${h} % 3 = 0, 'Still at risk'
         from stories s where ${h} % 10 < 3`,
    );
    await step(
      client,
      'intensive plans',
      `insert into intensive_plans (conversation_id, starts_on, ends_on, what_must_change)
       select v.id, v.started_at::date, v.started_at::date + (14 + abs(hashtext(v.id::text)) % 29), 'Safe at home'
         from conversations v where v.kind = 2`,
    );
    await step(
      client,
      'contingency spends',
      `insert into contingency_spends (conversation_id, story_id, amount_pence, purpose, spent_on)
       select v.id, v.story_id, 2000 + abs(hashtext(v.id::text)) % 23000, 'Emergency help', v.started_at::date + 1
         from conversations v where v.kind = 2 and abs(hashtext(v.id::text)) % 2 = 0`,
    );
    await step(
      client,
      'conversations 3',
      `insert into conversations (story_id, kind, author_id, status, started_at, concluded_at, resolved)
       select s.id, 3, ${author}, 'concluded', s.opened_at + interval '45 days', s.opened_at + interval '60 days', false
         from stories s where ${h} % 10 < 1`,
    );
    await step(
      client,
      'eligibility determinations',
      `insert into eligibility_determinations (person_id, kind, story_id, conversation_id, decided_by_id, decided_at, inputs, eligible, reasons, eligible_needs, indicative_weekly_pence)
       select s.person_id, 'adult', s.id, v.id, ${author}, v.concluded_at, '{}', abs(hashtext(v.id::text)) % 10 < 7, '{}', '[]',
              case when abs(hashtext(v.id::text)) % 10 < 7 then 15000 end
         from conversations v join stories s on s.id = v.story_id where v.kind = 3`,
    );
    await step(
      client,
      'personal budgets',
      `insert into personal_budgets (person_id, story_id, team_id, conversation_id, determination_id, indicative_weekly_pence, status,
                                     signed_off_at, signed_off_by_id, agreed_weekly_pence, weekly_total_pence, live_on, management, created_by_id)
       select d.person_id, d.story_id, s.team_id, d.conversation_id, d.id, 15000, 'signed_off', d.decided_at + interval '7 days', ${author},
              12000 + abs(hashtext(d.id::text)) % 30000, 15000, (d.decided_at + interval '14 days')::date,
              jsonb_build_object('method', (array['direct_payment','council_managed','individual_service_fund'])[1 + abs(hashtext(d.id::text)) % 3], 'directPayment', null, 'parts', '[]'::jsonb),
              ${author}
         from eligibility_determinations d join stories s on s.id = d.story_id where d.eligible`,
    );
    await step(client, 'reviews', firstReviewsOf('personal_budgets b'));
    await step(
      client,
      'safeguarding concerns',
      `insert into safeguarding_concerns (person_id, contact_id, summary, status, raised_by_type, raised_at, decided_at, decision_route)
       select c.person_id, c.id, 'Concern', 'enquiry', 'user', c.occurred_at,
              c.occurred_at + (abs(hashtext(c.id::text)) % 5) * interval '1 day',
              case when abs(hashtext(c.id::text)) % 3 = 0 then 's42_enquiry' else 'other_enquiry' end
         from contacts c where c.outcome = 'safeguarding_concern_raised' and c.occurred_at >= now() - interval '730 days'`,
    );
    await step(
      client,
      'safeguarding enquiries',
      `insert into safeguarding_enquiries (concern_id, person_id, kind, opened_at, status, desired_outcomes_status, risk_types, location, source,
                                           risk_assessment, result, outcomes_achieved, concluded_at)
       select sc.id, sc.person_id, case when sc.decision_route = 's42_enquiry' then 's42' else 'other' end, sc.decided_at, 'concluded',
              (array['asked_expressed','asked_none_expressed','not_asked'])[1 + abs(hashtext(sc.id::text)) % 3],
              array[(array['physical','financial_or_material','neglect_and_acts_of_omission','self_neglect','psychological'])[1 + abs(hashtext(sc.id::text)) % 5]],
              (array['own_home','community','care_home_residential'])[1 + abs(hashtext(sc.id::text)) % 3],
              (array['service_provider','other_known_to_individual','other_unknown_to_individual'])[1 + abs(hashtext(sc.id::text)) % 3],
              'risk_identified_action_taken', (array['removed','reduced','remains'])[1 + abs(hashtext(sc.id::text)) % 3],
              (array['fully','partially','not'])[1 + abs(hashtext(sc.id::text)) % 3],
              sc.decided_at + (5 + abs(hashtext(sc.id::text)) % 40) * interval '1 day'
         from safeguarding_concerns sc`,
    );
  }
  // A practice's records arrive in time order, so a period's rows sit together on disk; rows made
  // by generate_series in scattered order do not. Put them in time order once, as a real table is.
  const clustered = await client.query<{ c: boolean }>(
    `select indisclustered as c from pg_index where indexrelid = 'contacts_occurred_idx'::regclass`,
  );
  if (!clustered.rows[0]?.c) {
    await step(client, 'contacts in time order', 'cluster contacts using contacts_occurred_idx');
    await step(client, 'stories in time order', 'cluster stories using stories_opened_idx');
    await step(client, 'conversations in time order', 'cluster conversations using conversations_started_idx');
  }
  await client.query('vacuum analyze');
  await client.end();
}

async function main(): Promise<void> {
  const url = await benchDatabase('threefold_bench_insights');
  await seed(url);
  // The dashboard reads rolled-up days, which the API's worker keeps current; roll up what seeding added.
  const roller = createDbClient({ connectionString: url, max: 1, statementTimeoutMs: 0 });
  const rollStart = Date.now();
  const rolled = await rollUpAllInsights(roller.db, 62);
  await roller.close();
  console.log(`  roll-up: ${n(rolled)} days rolled up in ${((Date.now() - rollStart) / 1000).toFixed(1)} s`);

  const { app, db, base } = await startBenchApi(url, { pool: 10, statementTimeoutMs: 120_000 });
  const { headers } = await signInAs(app, db, { roles: ['practitioner'] });
  const teams = (
    await db.pool.query<{ id: string }>(`select id from teams where name like 'Insights team %' order by name`)
  ).rows;
  const counts = (
    await db.pool.query<{ c: number; r: number }>(
      `select count(*) filter (where occurred_at >= now() - interval '730 days')::int as r, count(*)::int as c from contacts`,
    )
  ).rows[0]!;
  console.log(
    `\nThreefold practice data benchmark — ${n(counts.r)} contacts in the last two years (${n(counts.c)} in all), ${teams.length} teams`,
  );

  const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  const time = async (label: string, span: number, byTeam: boolean) => {
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      // Periods ending on different days across the two years, so the cache is not one page.
      const end = (i * 17) % (700 - span);
      const team = byTeam ? `&teamId=${teams[i % teams.length]!.id}` : '';
      const t0 = performance.now();
      const res = await fetch(`${base}/v1/insights/practice?from=${day(end + span - 1)}&to=${day(end)}${team}`, {
        headers,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(34)} p50 ${percentile(ms, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(ms, 95).toFixed(0).padStart(5)} ms  max ${ms.at(-1)!.toFixed(0).padStart(5)} ms`,
    );
    return ms;
  };
  if (!values['skip-dashboard']) {
    console.log('\nGET /v1/insights/practice');
    const dashboard = [
      ...(await time('a week, whole practice', 7, false)),
      ...(await time('a week, one team', 7, true)),
      ...(await time('30 days, whole practice', 30, false)),
      ...(await time('30 days, one team', 30, true)),
      ...(await time('a quarter, whole practice', 91, false)),
      ...(await time('a quarter, one team', 91, true)),
    ].sort((a, b) => a - b);
    console.log(`  all dashboard periods: p95 ${percentile(dashboard, 95).toFixed(0)} ms (target < 200 ms)`);
    await time('a year, whole practice (reference)', 365, false);
  }

  if (!values['skip-cld']) {
    const client = await createMachineClient(db, { kind: 'council', scopes: ['returns:read'] });
    const token = await tokenFor(app, client);
    // The whole history, up to the return's limit of ten years.
    const from = day(3652);
    const to = day(0);
    const samples: { rss: number; heap: number }[] = [];
    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      samples.push({ rss: m.rss, heap: m.heapUsed });
    }, 1000);
    const t0 = performance.now();
    const res = await fetch(`${base}/v1/returns/client-level-data?from=${from}&to=${to}`, { headers: token.headers });
    if (res.status !== 200) throw new Error(`CLD: ${res.status} ${await res.text()}`);
    let bytes = 0;
    let lines = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines++;
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const events = lines - 1;
    console.log(`\nGET /v1/returns/client-level-data ${from}..${to}`);
    console.log(
      `  ${n(events)} events, ${(bytes / 1024 / 1024).toFixed(0)} MB of CSV in ${seconds.toFixed(1)} s (${n(Math.round(events / seconds))} events/s; target 10,000,000 in < 120 s)`,
    );
    const rss = samples.map((s) => s.rss);
    const heap = samples.map((s) => s.heap);
    console.log(
      `  memory while streaming (${samples.length} samples, API and reader in one process): RSS ${mb(Math.min(...rss))}–${mb(Math.max(...rss))} MB, heap ${mb(Math.min(...heap))}–${mb(Math.max(...heap))} MB`,
    );
    const every = Math.max(1, Math.floor(samples.length / 12));
    console.log(
      `  RSS/heap by time: ${samples
        .filter((_, i) => i % every === 0)
        .map((s) => `${mb(s.rss)}/${mb(s.heap)}`)
        .join(' ')} MB`,
    );
  }
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
