/**
 * A person's chronology at volume. On the people benchmark's database (1,000,000 people; run
 * `pnpm bench:people` first, or pass --people to seed that many plain people here), seeds one
 * person with 2,000 events across every kind the chronology reads — contacts, story events,
 * conversations, final and draft notes, peer sign-offs, eligibility, budgets, reviews,
 * connections, safeguarding, warnings — (once; a later run reuses them), then prints over HTTP:
 * `GET /v1/people/{id}/chronology` latency for the first page and for a deep page (the cursor
 * ~1,500 entries in), as a safeguarding lead (every kind, safeguarding in full) and as a
 * practitioner (safeguarding filtered by involvement). Target: p95 under 50 ms.
 *
 *   pnpm bench:chronology [-- --people 1000000 --requests 300 --database threefold_bench]
 */
import { parseArgs } from 'node:util';
import { signInAs } from '../services/api/test/support/auth.js';
import { benchDatabase, n, percentile, pg, startBenchApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    people: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '300' },
    database: { type: 'string', default: 'threefold_bench' },
  },
});
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const SUBJECT = { given: 'Chronology', family: 'Benchmark' };

async function seed(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const have = (await client.query<{ n: number }>('select count(*)::int as n from people')).rows[0]!.n;
  if (have < PEOPLE) {
    const started = Date.now();
    for (let from = have + 1; from <= PEOPLE; from += 100_000) {
      const to = Math.min(PEOPLE, from + 99_999);
      await client.query(
        `insert into people (given_name, family_name, date_of_birth, postcode)
         select (array['Ada','Ivy','Tom','Raj','Mei','Ola'])[1 + g % 6], 'Person' || g,
                date '1930-01-01' + (g % 25000), 'SY1 ' || (g % 9) || 'AB'
           from generate_series(${from}, ${to}) g`,
      );
      // Others have a little history too, so the chronology's indexes are not scanning an empty world.
      await client.query(
        `insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, source, created_by_type)
         select id, now() - (abs(hashtext(id::text)) % 700) * interval '1 day', 'phone', 'self', 'community_other', 'console', 'user'
           from people where family_name like 'Person%' and substring(family_name from 7)::int between ${from} and ${to}`,
      );
    }
    await client.query('analyze people; analyze contacts');
    console.log(
      `people: seeded ${n(PEOPLE - have)} (with a contact each) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  const found = await client.query<{ id: string }>(`select id from people where given_name = $1 and family_name = $2`, [
    SUBJECT.given,
    SUBJECT.family,
  ]);
  if (found.rows[0]) {
    console.log('chronology person: already seeded');
    await client.end();
    return found.rows[0].id;
  }
  const started = Date.now();
  await client.query('begin');
  const person = (
    await client.query<{ id: string }>(
      `insert into people (given_name, family_name, date_of_birth) values ($1, $2, '1941-03-02') returning id`,
      [SUBJECT.given, SUBJECT.family],
    )
  ).rows[0]!.id;
  await client.query(`
    insert into staff_users (email, display_name, password_hash, roles)
    select 'bench.chronology.' || g || '@practice.example', 'Bench colleague ' || g, 'not-a-login', '{practitioner}'
      from generate_series(1, 10) g
    on conflict do nothing`);
  const q = (text: string) => client.query(text.replaceAll(':person', `'${person}'::uuid`));
  const staff = `(select id from staff_users where email = 'bench.chronology.' || (1 + g % 10) || '@practice.example')`;
  // 300 contacts over five years.
  await q(`insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, what_matters, source, created_by_type, created_by_id)
           select :person, now() - g * interval '6 days', 'phone', 'self', 'community_other', 'Wants to stay at home', 'console', 'user', ${staff}::text
             from generate_series(1, 300) g`);
  // 60 stories: opened, picked up, handed on (180 events); two conversations each, the first concluded (180).
  await q(
    `insert into stories (person_id, opened_at, status) select :person, now() - g * interval '30 days', 'open' from generate_series(1, 60) g`,
  );
  await q(`insert into story_events (story_id, kind, by_id, note, at)
           select s.id, k, (select id from staff_users where email like 'bench.chronology.%' limit 1), 'Bench', s.opened_at + (i - 1) * interval '1 day'
             from stories s, unnest(array['opened','pick_up','hand_on']) with ordinality as e(k, i) where s.person_id = :person`);
  await q(`insert into conversations (story_id, kind, author_id, status, resolved, unresolved_reason, started_at, concluded_at)
           select s.id, k, (select id from staff_users where email like 'bench.chronology.%' limit 1), case when k = 1 then 'concluded' else 'open' end,
                  case when k = 1 then false end, case when k = 1 then 'Needs more' end,
                  s.opened_at + k * interval '2 days', case when k = 1 then s.opened_at + interval '3 days' end
             from stories s cross join generate_series(1, 2) k where s.person_id = :person`);
  // 20 peer sign-offs.
  await q(`insert into peer_sign_offs (story_id, by_id, qualified, conversation_ids, note, at)
           select s.id, (select id from staff_users where email like 'bench.chronology.%' limit 1), true, '{}', 'Agreed', s.opened_at + interval '5 days'
             from stories s where s.person_id = :person order by s.opened_at limit 20`);
  // 600 final notes (one version each, a tenth amended) and 100 drafts.
  await q(`insert into case_notes (person_id, kind, occurred_at, author_id, status, version, created_at, updated_at, finalised_at)
           select :person, 'visit', now() - g * interval '3 days' - interval '1 hour', ${staff}, 'final', 1, now(), now(), now()
             from generate_series(1, 600) g`);
  await q(`insert into case_note_versions (note_id, version, summary, body, written_by_id, written_at)
           select id, 1, 'Visited at home', 'Talked about the garden.', author_id, now() from case_notes where person_id = :person`);
  await q(`insert into case_note_versions (note_id, version, summary, body, amendment_reason, written_by_id, written_at)
           select id, 2, 'Visited at home with her son', 'Talked about the garden.', 'Son was there', author_id, now()
             from case_notes where person_id = :person and abs(hashtext(id::text)) % 10 = 0`);
  await q(`insert into case_notes (person_id, kind, occurred_at, author_id, status, draft_summary, draft_body, created_at, updated_at)
           select :person, 'phone_call', now() - g * interval '5 days', ${staff}, 'draft', 'Draft', 'Unfinished', now(), now()
             from generate_series(1, 100) g`);
  // 10 determinations, 10 budgets (5 signed off), 10 completed reviews.
  await q(`insert into eligibility_determinations (person_id, kind, story_id, conversation_id, decided_by_id, decided_at, inputs, eligible, reasons, eligible_needs)
           select :person, 'adult', c.story_id, c.id, c.author_id, c.started_at + interval '1 day', '{}', true, '{}', '["Being appropriately clothed"]'
             from conversations c join stories s on s.id = c.story_id where s.person_id = :person and c.kind = 2 order by c.started_at limit 10`);
  await q(`insert into personal_budgets (person_id, story_id, conversation_id, determination_id, indicative_weekly_pence, created_by_id, created_at, signed_off_at, signed_off_by_id, status, agreed_weekly_pence)
           select :person, d.story_id, d.conversation_id, d.id, 12000, d.decided_by_id, d.decided_at + interval '1 day',
                  case when row_number() over (order by d.id) <= 5 then d.decided_at + interval '9 days' end,
                  case when row_number() over (order by d.id) <= 5 then d.decided_by_id end,
                  case when row_number() over (order by d.id) <= 5 then 'signed_off' else 'draft' end,
                  case when row_number() over (order by d.id) <= 5 then 12000 end
             from eligibility_determinations d where d.person_id = :person`);
  await q(`insert into reviews (budget_id, person_id, kind, due_from, due_by, status, outcome, completed_on, completed_at, completed_by_id)
           select b.id, :person, 'planned', (b.created_at + interval '300 days')::date, (b.created_at + interval '330 days')::date, 'completed', 'fully_met',
                  (b.created_at + interval '310 days')::date, b.created_at + interval '310 days', b.created_by_id
             from personal_budgets b where b.person_id = :person`);
  // 200 connections to a community organisation.
  await q(
    `insert into organisations (name) select 'Bench chronology lunch club' where not exists (select 1 from organisations where name = 'Bench chronology lunch club')`,
  );
  await q(`insert into connections (person_id, organisation_id, consent_to_share, contact_route, ask, created_by_id, created_at, updated_at)
           select :person, (select id from organisations where name = 'Bench chronology lunch club' limit 1), true, 'phone', 'Lunch on Thursdays', ${staff}, now() - g * interval '9 days', now()
             from generate_series(1, 200) g`);
  // 20 concerns, all decided, 10 leading to enquiries (50 safeguarding entries).
  await q(`insert into safeguarding_concerns (person_id, summary, status, raised_by_type, raised_by_id, raised_at, decided_at, decided_by_id, decision_rationale)
           select :person, 'Neighbour worried', case when g <= 10 then 'enquiry' else 'no_enquiry' end, 'user', ${staff}::text,
                  now() - g * interval '60 days', now() - g * interval '60 days' + interval '1 day', ${staff}, 'Read with the team'
             from generate_series(1, 20) g`);
  await q(`insert into safeguarding_enquiries (concern_id, person_id, kind, opened_at, lead_staff_id)
           select id, person_id, 's42', decided_at + interval '1 hour', decided_by_id from safeguarding_concerns where person_id = :person and status = 'enquiry'`);
  // 300 warnings, half ended (450 entries).
  await q(`insert into person_warnings (person_id, kind, details, review_on, status, created_by_id, created_at, ended_at, ended_by_id, end_reason)
           select :person, 'risk_to_staff', 'Visit in pairs', current_date + 30, case when g % 2 = 0 then 'ended' else 'active' end, ${staff},
                  now() - g * interval '6 days', case when g % 2 = 0 then now() - g * interval '6 days' + interval '20 days' end,
                  case when g % 2 = 0 then ${staff} end, case when g % 2 = 0 then 'No longer needed' end
             from generate_series(1, 300) g`);
  await client.query('commit');
  await client.query(
    'analyze contacts; analyze stories; analyze story_events; analyze conversations; analyze case_notes; analyze person_warnings; analyze connections',
  );
  console.log(`chronology person: seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await client.end();
  return person;
}

async function main(): Promise<void> {
  const url = await benchDatabase(values.database!);
  const person = await seed(url);
  const { app, db, base } = await startBenchApi(url);
  const lead = await signInAs(app, db, { roles: ['safeguarding_lead'] });
  const worker = await signInAs(app, db, { roles: ['practitioner'] });

  const get = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(base + path, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { items: unknown[]; nextCursor: string | null };
  };
  // Walk to ~1,500 entries in, to time a deep page; count every entry on the way.
  let cursor: string | null = null;
  let total = 0;
  let deep: string | null = null;
  const kinds = new Map<string, number>();
  do {
    const page = await get(
      `/v1/people/${person}/chronology?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      lead.headers,
    );
    total += page.items.length;
    for (const item of page.items as { kind: string }[]) kinds.set(item.kind, (kinds.get(item.kind) ?? 0) + 1);
    cursor = page.nextCursor;
    if (total >= 1400 && !deep) deep = cursor;
  } while (cursor);

  console.log(`entries by kind: ${[...kinds].map(([k, c]) => `${k} ${c}`).join(', ')}`);
  const time = async (path: string, headers: Record<string, string>) => {
    for (let i = 0; i < 10; i++) await get(path, headers); // warm
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      await get(path, headers);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return `p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms`;
  };
  const path = `/v1/people/${person}/chronology`;
  const first = await time(path, lead.headers);
  const deepPage = await time(`${path}?cursor=${deep}`, lead.headers);
  const practitioner = await time(path, worker.headers);
  const filtered = await time(`${path}?kinds=note&kinds=contact&from=2024-01-01`, worker.headers);
  const people = (await db.pool.query<{ n: number }>('select count(*)::int as n from people')).rows[0]!.n;
  console.log(`\nThreefold chronology benchmark — ${n(people)} people; one with ${n(total)} entries a lead sees`);
  console.log(`  first page, lead (${REQUESTS} sequential, 50 entries):    ${first}`);
  console.log(`  deep page (~1,400 in), lead:                      ${deepPage}`);
  console.log(`  first page, practitioner:                         ${practitioner}`);
  console.log(`  notes and contacts since 2024, practitioner:      ${filtered}`);
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
