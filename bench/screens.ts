/**
 * Every console screen's main call at the stated volume: 10,000,000 people. On the people
 * benchmark's database (`bench_search10m`, from `pnpm bench:people -- --people 10000000`) it seeds
 * once a region's activity on top (see `screens-seed.ts`: 40 teams, 400 colleagues, 2,000,000
 * contacts, the stories, conversations, determinations, live budgets with plan lines and care
 * services, safeguarding, tasks, case notes, relationships, a directory, imports), starts the real
 * API on 127.0.0.1 with audit on, signs in as a practitioner holding a team's caseload (and a
 * safeguarding lead and a practice administrator for their screens), and times over HTTP the
 * first call each screen makes, with ids drawn at random from the seeded data: N sequential
 * requests, then N more at a small concurrency. Prints p50/p95/p99, the rows in the screen's main
 * table, the goal (p95 < 200 ms unless the README states a tighter one) and the load average.
 *
 *   pnpm bench:screens [-- --database bench_search10m --requests 100 --concurrency 4 --reuse]
 *
 * --reuse measures only (the region must already be seeded); without it a missing region is
 * seeded (5.3 minutes on the loaded 2-core machine at the default volume, which the --teams,
 * --colleagues, --contacts, --tasks, --notes, --relationships and --services knobs scale).
 * --only WORD times the screens whose name holds WORD; --explain-over MS has PostgreSQL log the
 * plan (EXPLAIN ANALYZE, BUFFERS, via auto_explain) of every API query slower than MS.
 * Uses BENCH_DATABASE_URL, else DATABASE_URL.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { TRIGRAM_THRESHOLD, createDbClient } from '../packages/db/src/index.js';
import { hashSecret, totp } from '../services/api/src/auth/secrets.js';
import { rollUpAllInsights } from '../services/api/src/modules/insights/facts.js';
import { signInAs } from '../services/api/test/support/auth.js';
import { seedRegion } from './screens-seed.js';
import { benchDatabase, n, percentile, pg, startBenchApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    database: { type: 'string', default: 'bench_search10m' },
    requests: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    reuse: { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
    'explain-over': { type: 'string', default: '' },
    teams: { type: 'string', default: '40' },
    colleagues: { type: 'string', default: '400' },
    contacts: { type: 'string', default: '2000000' },
    tasks: { type: 'string', default: '300000' },
    notes: { type: 'string', default: '600000' },
    relationships: { type: 'string', default: '200000' },
    services: { type: 'string', default: '5000' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

type Who = 'practitioner' | 'lead' | 'admin';
interface Screen {
  screen: string;
  call: string;
  who: Who;
  /** The request path for the i-th request. */
  path: (i: number) => string;
  /** p95 goal in ms: 200 unless the README states a tighter one for the screen. */
  goal?: number;
  /** Rows in the screen's main table, from the answer. */
  rows?: (body: unknown) => number;
}

const pick = <T>(list: T[], i: number): T => list[(i * 7919) % list.length]!;
const itemsOf = (body: unknown): number => {
  if (Array.isArray(body)) return body.length;
  const b = body as Record<string, unknown>;
  for (const key of ['items', 'entries', 'stories', 'services', 'results'])
    if (Array.isArray(b?.[key])) return (b[key] as unknown[]).length;
  return 1;
};

/** Signs in as an existing seeded colleague, giving them a known password and authenticator first. */
async function signInAsColleague(
  app: Parameters<typeof signInAs>[0],
  db: Parameters<typeof signInAs>[1],
  email: string,
) {
  const password = `pw-bench-${Date.now()}`;
  const totpSecret = totp.newSecret();
  const { rows } = await db.pool.query<{ id: string }>(
    `update staff_users set password_hash = $2, totp_secret = $3, totp_enrolled_at = now(), totp_last_step = null,
            password_must_change = false, disabled_at = null
      where email = $1 returning id`,
    [email, await hashSecret(password), totpSecret],
  );
  if (!rows[0]) throw new Error(`no colleague ${email}: is the region seeded?`);
  return signInAs(app, db, { id: rows[0].id, email, password, totpSecret });
}

async function sample(client: InstanceType<typeof pg.Client>, sql: string): Promise<string[]> {
  const { rows } = await client.query<{ v: string }>(sql);
  if (!rows.length) throw new Error(`nothing to sample: ${sql}`);
  return rows.map((r) => r.v);
}

async function main(): Promise<void> {
  const url = await benchDatabase(values.database);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const people = (
    await client.query<{ n: number }>(`select reltuples::bigint::int as n from pg_class where relname = 'people'`)
  ).rows[0]!.n;
  console.log(`people: about ${n(people)}`);
  if (people < 1_000)
    throw new Error(
      `${values.database} holds no bench people: seed them first, ` +
        `pnpm bench:people -- --people 10000000 --database ${values.database}`,
    );
  if (values.reuse) {
    const marked = await client.query(`select 1 from pg_tables where tablename = 'bench_screens_seed'`);
    if (!marked.rowCount || !(await client.query('select 1 from bench_screens_seed')).rowCount)
      throw new Error('--reuse: the region is not seeded yet; run once without --reuse');
  } else {
    const seeded = await seedRegion(client, people, {
      teams: Number(values.teams),
      colleagues: Number(values.colleagues),
      contacts: Number(values.contacts),
      tasks: Number(values.tasks),
      notes: Number(values.notes),
      relationships: Number(values.relationships),
      services: Number(values.services),
    });
    if (seeded) {
      // The dashboard reads rolled-up days, which the API's worker keeps current; roll up what seeding added.
      const roller = createDbClient({ connectionString: url, max: 1, statementTimeoutMs: 0 });
      const t0 = Date.now();
      const rolled = await rollUpAllInsights(roller.db, 62);
      await roller.close();
      console.log(`  insights roll-up: ${n(rolled)} days in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }

  // Ids to ask for, drawn at random from the seeded data.
  const rnd = (table: string, column = 'id') =>
    sample(client, `select ${column}::text as v from ${table} order by random() limit 500`);
  const known = await rnd('contacts', 'person_id');
  const ids = {
    people: known,
    names: await sample(
      client,
      `select given_name || ' ' || family_name as v from people where id = any('{${known.join(',')}}'::uuid[])`,
    ),
    contacts: await rnd('contacts'),
    stories: await rnd('stories'),
    conversations: await rnd('conversations'),
    determinations: await rnd('eligibility_determinations'),
    budgets: await rnd('personal_budgets'),
    withServices: await rnd('personal_budgets', 'person_id'),
    concerns: await rnd('safeguarding_concerns'),
    enquiries: await rnd('safeguarding_enquiries'),
    teams: await sample(client, `select id::text as v from teams where name like 'Region team %'`),
    services: await rnd('directory_services'),
  };
  const words = ['walking', 'singing', 'lunch', 'memory', 'carers', 'friendship', 'gardening', 'art'];
  const places = ['SY1 2AB', 'SY3 4AB', 'TF1 5AB', 'SY8 6AB', 'WV16 7AB']; // where the seeded halls are
  const firstTeam = (await client.query<{ id: string }>(`select id from bench_teams where rn = 1`)).rows[0]!.id;
  // A practitioner of the first team who holds a share of its open stories.
  const holder = (
    await client.query<{ email: string }>(
      `select u.email from bench_staff s join staff_users u on u.id = s.id where s.rn = (select count(*) + 1 from bench_teams)`,
    )
  ).rows[0]!.email;
  await client.end();

  // --explain-over MS: the server logs the plan (EXPLAIN ANALYZE, BUFFERS) of every API query slower than MS.
  // `options` in the URL replaces the db client's own (node-postgres lets the connection string win),
  // so it repeats them: without the trigram threshold and the role the logged plans are not the API's.
  const apiUrl = new URL(url);
  if (values['explain-over'])
    apiUrl.searchParams.set(
      'options',
      `-c timezone=UTC -c pg_trgm.similarity_threshold=${TRIGRAM_THRESHOLD} -c role=threefold_app ` +
        `-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=${Number(values['explain-over'])} ` +
        '-c auto_explain.log_analyze=on -c auto_explain.log_buffers=on',
    );
  const { app, db, base } = await startBenchApi(apiUrl.toString(), { pool: 10, statementTimeoutMs: 60_000 });
  const practitioner = await signInAsColleague(app, db, holder);
  const lead = await signInAs(app, db, { roles: ['safeguarding_lead'], teamIds: [firstTeam] });
  const administrator = await signInAs(app, db, { roles: ['practice_admin'] });
  const headers: Record<Who, Record<string, string>> = {
    practitioner: practitioner.headers,
    lead: lead.headers,
    admin: administrator.headers,
  };
  const today = new Date().toISOString().slice(0, 10);
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
  const midnight = `${today}T00:00:00.000Z`;
  const enc = encodeURIComponent;

  const all: Screen[] = [
    {
      screen: 'Home',
      call: 'GET /v1/me/work',
      who: 'practitioner',
      path: () => '/v1/me/work',
      goal: 50,
      // Every list on the page: stories held, touchpoints, tasks, reviews, safeguarding clocks, recent people.
      rows: (b) =>
        Object.values(b as Record<string, { items?: unknown[] }>).reduce((s, v) => s + (v?.items?.length ?? 0), 0),
    },
    {
      screen: 'Caseload (mine)',
      call: 'GET /v1/stories?scope=mine',
      who: 'practitioner',
      path: () => '/v1/stories?scope=mine',
    },
    {
      screen: 'Caseload (team)',
      call: 'GET /v1/stories?scope=team',
      who: 'practitioner',
      path: () => '/v1/stories?scope=team',
    },
    {
      screen: 'Team board',
      call: 'GET /v1/teams/{id}/board',
      who: 'practitioner',
      path: (i) => `/v1/teams/${pick(ids.teams, i)}/board`,
      goal: 50,
    },
    {
      screen: 'Find a person',
      call: 'GET /v1/people?q=',
      who: 'practitioner',
      path: (i) => `/v1/people?q=${enc(pick(ids.names, i))}&limit=20`,
      goal: 20,
    },
    {
      screen: 'Person',
      call: 'GET /v1/people/{id}',
      who: 'practitioner',
      path: (i) => `/v1/people/${pick(ids.people, i)}`,
    },
    {
      screen: 'Person: chronology',
      call: 'GET /v1/people/{id}/chronology',
      who: 'practitioner',
      path: (i) => `/v1/people/${pick(ids.people, i)}/chronology`,
      goal: 50,
    },
    {
      screen: 'Person: stories',
      call: 'GET /v1/people/{id}/stories',
      who: 'practitioner',
      path: (i) => `/v1/people/${pick(ids.people, i)}/stories`,
      goal: 50,
    },
    {
      screen: 'Person: notes',
      call: 'GET /v1/people/{id}/notes',
      who: 'practitioner',
      path: (i) => `/v1/people/${pick(ids.people, i)}/notes`,
    },
    {
      screen: 'Person: relationships',
      call: 'GET /v1/people/{id}/relationships',
      who: 'practitioner',
      path: (i) => `/v1/people/${pick(ids.people, i)}/relationships`,
    },
    {
      screen: 'Person: services',
      call: 'GET /v1/care-services?personId=',
      who: 'practitioner',
      path: (i) => `/v1/care-services?personId=${pick(ids.withServices, i)}`,
      goal: 20,
    },
    {
      screen: 'Front door (today)',
      call: 'GET /v1/contacts?from=&teamId=',
      who: 'practitioner',
      path: (i) => `/v1/contacts?from=${enc(midnight)}&teamId=${pick(ids.teams, i)}&limit=200`,
    },
    {
      screen: 'Contact',
      call: 'GET /v1/contacts/{id}',
      who: 'practitioner',
      path: (i) => `/v1/contacts/${pick(ids.contacts, i)}`,
    },
    {
      screen: 'Story',
      call: 'GET /v1/stories/{id}',
      who: 'practitioner',
      path: (i) => `/v1/stories/${pick(ids.stories, i)}`,
    },
    {
      screen: 'Conversation',
      call: 'GET /v1/conversations/{id}',
      who: 'practitioner',
      path: (i) => `/v1/conversations/${pick(ids.conversations, i)}`,
    },
    {
      screen: 'Eligibility determination',
      call: 'GET /v1/eligibility-determinations/{id}',
      who: 'practitioner',
      path: (i) => `/v1/eligibility-determinations/${pick(ids.determinations, i)}`,
    },
    {
      screen: 'Budget',
      call: 'GET /v1/personal-budgets/{id}',
      who: 'practitioner',
      path: (i) => `/v1/personal-budgets/${pick(ids.budgets, i)}`,
    },
    {
      screen: 'Budget: services',
      call: 'GET /v1/care-services?budgetId=',
      who: 'practitioner',
      path: (i) => `/v1/care-services?budgetId=${pick(ids.budgets, i)}`,
    },
    {
      screen: 'Reviews',
      call: 'GET /v1/reviews?teamId=&status=open',
      who: 'practitioner',
      path: (i) => `/v1/reviews?teamId=${pick(ids.teams, i)}&status=open`,
    },
    {
      screen: 'Safeguarding queue',
      call: 'GET /v1/safeguarding/concerns',
      who: 'lead',
      path: () => '/v1/safeguarding/concerns',
    },
    {
      screen: 'Safeguarding: open enquiries',
      call: 'GET /v1/safeguarding/enquiries?status=open',
      who: 'lead',
      path: () => '/v1/safeguarding/enquiries?status=open',
    },
    {
      screen: 'Concern',
      call: 'GET /v1/safeguarding/concerns/{id}',
      who: 'lead',
      path: (i) => `/v1/safeguarding/concerns/${pick(ids.concerns, i)}`,
    },
    {
      screen: 'Enquiry',
      call: 'GET /v1/safeguarding/enquiries/{id}',
      who: 'lead',
      path: (i) => `/v1/safeguarding/enquiries/${pick(ids.enquiries, i)}`,
    },
    {
      screen: 'Tasks (mine, open)',
      call: 'GET /v1/tasks?scope=mine&status=open',
      who: 'practitioner',
      path: () => '/v1/tasks?scope=mine&status=open',
    },
    {
      screen: 'Tasks (team, open)',
      call: 'GET /v1/tasks?scope=team&status=open',
      who: 'practitioner',
      path: () => '/v1/tasks?scope=team&status=open',
    },
    {
      screen: 'Community directory',
      call: 'GET /v1/directory/services?q=&postcode=',
      who: 'practitioner',
      path: (i) => `/v1/directory/services?q=${pick(words, i)}&postcode=${enc(pick(places, i))}&radiusKm=10&limit=20`,
      goal: 50,
    },
    {
      screen: 'Directory service',
      call: 'GET /v1/directory/services/{id}',
      who: 'practitioner',
      path: (i) => `/v1/directory/services/${pick(ids.services, i)}`,
    },
    {
      screen: 'Practice data (30 days)',
      call: 'GET /v1/insights/practice',
      who: 'practitioner',
      path: () => `/v1/insights/practice?from=${daysAgo(30)}&to=${today}`,
    },
    {
      screen: 'Practice data (team, quarter)',
      call: 'GET /v1/insights/practice?teamId=',
      who: 'practitioner',
      path: (i) => `/v1/insights/practice?from=${daysAgo(91)}&to=${today}&teamId=${pick(ids.teams, i)}`,
    },
    {
      screen: 'Team (administration)',
      call: 'GET /v1/admin/teams/{id}',
      who: 'admin',
      path: (i) => `/v1/admin/teams/${pick(ids.teams, i)}`,
    },
    { screen: 'Colleagues', call: 'GET /v1/admin/users', who: 'admin', path: () => '/v1/admin/users' },
    { screen: 'Imports', call: 'GET /v1/imports', who: 'admin', path: () => '/v1/imports' },
  ];
  const screens = all.filter((s) => !values.only || s.screen.toLowerCase().includes(values.only.toLowerCase()));

  const failing = new Set<string>();
  const once = async (s: Screen, i: number): Promise<{ ms: number; status: number; rows: number }> => {
    const t0 = performance.now();
    const res = await fetch(base + s.path(i), { headers: headers[s.who] });
    const body = await res.json();
    const ms = performance.now() - t0;
    if (res.status !== 200 && !failing.has(s.screen)) {
      failing.add(s.screen);
      console.log(`${s.screen}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    return { ms, status: res.status, rows: res.status === 200 ? (s.rows ?? itemsOf)(body) : 0 };
  };
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  console.log(
    `\n${n(REQUESTS)} sequential requests per screen, then ${n(REQUESTS)} at concurrency ${CONCURRENCY}; audit on; load average at start ${load}\n`,
  );
  const lines: string[] = [
    '| screen | main call | p50 | p95 | p99 | p95 at ' + CONCURRENCY + ' at once | rows | goal p95 | |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const over: string[] = [];
  for (const s of screens) {
    for (let i = 0; i < 3; i++) await once(s, i); // warm the connection and the plan
    const times: number[] = [];
    const rows: number[] = [];
    const failures = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const r = await once(s, i);
      times.push(r.ms);
      rows.push(r.rows);
      if (r.status !== 200) failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
    }
    const together: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) together.push((await once(s, REQUESTS + next++)).ms);
      }),
    );
    times.sort((a, b) => a - b);
    together.sort((a, b) => a - b);
    rows.sort((a, b) => a - b);
    const goal = s.goal ?? 200;
    const p95 = percentile(times, 95);
    const met = failures.size
      ? `failed ${[...failures].map(([c, k]) => `${k}×${c}`).join(' ')}`
      : p95 < goal
        ? 'met'
        : 'over';
    if (met !== 'met') over.push(s.screen);
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    const rowText = rows[0] === rows[rows.length - 1] ? n(rows[0]!) : `${n(rows[0]!)}–${n(rows[rows.length - 1]!)}`;
    const line = `| ${s.screen} | \`${s.call}\` | ${ms(percentile(times, 50))} | ${ms(p95)} | ${ms(percentile(times, 99))} | ${ms(percentile(together, 95))} | ${rowText} | < ${goal} ms | ${met} |`;
    lines.push(line);
    console.log(line);
  }
  console.log(
    `\nload average at end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}\n`,
  );
  console.log(lines.join('\n'));
  console.log(over.length ? `\nover goal or failing: ${over.join(', ')}` : '\nevery screen met its goal');
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
