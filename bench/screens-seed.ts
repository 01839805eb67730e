/**
 * A region's activity on top of the people benchmark's 10,000,000 people (`pnpm bench:people`,
 * whose ids are `benchPersonId(0 … count − 1)`): teams and colleagues, contacts at the front door
 * over two years, the stories and conversations that follow from them, determinations, live
 * personal budgets with plan lines and care services, reviews, safeguarding concerns and
 * enquiries, tasks, case notes, relationships, a community directory and imports. Plain SQL from
 * `generate_series` (deterministic: the same volume gives the same rows), run once; a marker row
 * in `bench_screens_seed` says it is done, so a later run skips it.
 */
import type PgModule from 'pg';
import { determineEligibility, type EligibilityInput } from '../packages/domain/src/index.js';
import { firstReviewsOf, n } from './support.js';

export interface RegionVolume {
  teams: number;
  colleagues: number;
  contacts: number;
  tasks: number;
  notes: number;
  relationships: number;
  services: number;
}

/** The uuid of bench person `expr` (an integer SQL expression), as `benchPersonId` spells it. */
const personId = (expr: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
/** A stable number 0 … 2³¹ from a row's id. */
const h = (column: string) => `abs(hashtext(${column}::text))`;
const author = `(select id from bench_staff where rn = 1)`;

/** A determination as the eligibility service stores it: the inputs, and the rules' decision on them. */
function determination(unmet: string[]) {
  const inputs = {
    kind: 'adult',
    needsArise: true,
    condition: 'Parkinson’s disease, diagnosed 2019',
    outcomes: unmet.map((outcome) => ({ outcome, unableWays: ['needs-assistance'] })),
    wellbeing: { significant: unmet.length > 1, areas: unmet.length > 1 ? ['dignity', 'health'] : [] },
    needsFluctuate: false,
  } as unknown as EligibilityInput;
  const decision = determineEligibility(inputs);
  return [
    JSON.stringify(inputs),
    JSON.stringify({ summary: decision.summary, findings: decision.findings }),
    JSON.stringify(decision.eligible ? decision.unmetNeeds : []),
  ];
}

async function step(client: PgModule.Client, label: string, sql: string, params: unknown[] = []): Promise<void> {
  const t0 = Date.now();
  const r = await client.query(sql, params);
  console.log(`  ${label}: ${n(r.rowCount ?? 0)} rows in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** Seeds the region once; answers false when the marker says it was already there. */
export async function seedRegion(client: PgModule.Client, people: number, v: RegionVolume): Promise<boolean> {
  await client.query(`create table if not exists bench_screens_seed (volume jsonb not null, at timestamptz not null)`);
  const done = await client.query(`select volume from bench_screens_seed`);
  if (done.rowCount) {
    console.log(`region: already seeded (${JSON.stringify(done.rows[0].volume)})`);
    return false;
  }
  const started = Date.now();
  console.log(`region: seeding ${JSON.stringify(v)} over ${n(people)} people…`);
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query(`set work_mem = '128MB'`);
  await client.query(`set synchronous_commit = off`);
  // All or nothing: a run stopped half way leaves nothing behind, and the next run starts again.
  await client.query('begin');
  try {
    await seedInTransaction(client, people, v);
    await client.query(`insert into bench_screens_seed (volume, at) values ($1, now())`, [JSON.stringify(v)]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  const t0 = Date.now();
  await client.query('vacuum analyze');
  console.log(`  vacuum analyze in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`region: seeded in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  return true;
}

async function seedInTransaction(client: PgModule.Client, people: number, v: RegionVolume): Promise<void> {
  // One of the row's team's colleagues, spread over them by `n` (with `t` the row's bench team).
  const teamColleague = (n: string) =>
    `join bench_staff st on st.rn = t.rn + ${v.teams} * (${n} % ${Math.max(1, Math.floor(v.colleagues / v.teams))})`;
  await step(
    client,
    'teams',
    `insert into teams (name, description)
     select 'Region team ' || lpad(g::text, 2, '0'), 'Community team ' || g from generate_series(1, ${v.teams}) g`,
  );
  await client.query(`create table bench_teams as
    select id, row_number() over (order by name) as rn from teams where name like 'Region team %'`);
  await step(
    client,
    'colleagues',
    `insert into staff_users (email, display_name, password_hash, roles)
     select 'region.' || lpad(g::text, 4, '0') || '@practice.example',
            (array['Sian','Gareth','Nia','Rhys','Ffion','Dylan','Carys','Owain'])[1 + g % 8] || ' ' ||
            (array['Price','Evans','Jones','Davies','Morgan','Owen','Hughes','Parry'])[1 + (g / 8) % 8],
            'not-a-login', case when g % 40 = 0 then '{social_worker}' else '{practitioner}' end::text[]
       from generate_series(1, ${v.colleagues}) g`,
  );
  // Colleague rn sits in team 1 + (rn − 1) mod teams.
  await client.query(`create table bench_staff as
    select s.id, r.rn, t.id as team_id
      from (select id, row_number() over (order by email) as rn from staff_users where email like 'region.%') r
      join staff_users s on s.id = r.id
      join bench_teams t on t.rn = 1 + (r.rn - 1) % ${v.teams}`);
  await client.query(`create index on bench_staff (rn)`);
  await step(client, 'team members', `insert into team_members (team_id, user_id) select team_id, id from bench_staff`);

  // Contacts: two years at the front door; a fortnight's worth still awaiting an outcome.
  const outcome = `case when g % 100 < 40 then 'information_and_advice' when g % 100 < 58 then 'connected_to_community'
         when g % 100 < 66 then 'no_further_action' when g % 100 < 82 then 'progressed_to_conversation_1'
         when g % 100 < 98 then 'information_and_advice' else 'safeguarding_concern_raised' end`;
  // Millions of rows load far faster without their indexes; they are rebuilt, as they were, after.
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes where tablename = 'contacts' and indexname <> 'contacts_pkey'`,
  );
  for (const index of indexes) await client.query(`drop index if exists "${index.name}"`);
  await step(
    client,
    'contacts',
    `insert into contacts (person_id, team_id, occurred_at, channel, made_by, route_of_access, what_matters, source,
                           created_by_type, outcome, outcome_reason, resolved_at)
     select ${personId(`(g::bigint * 7919) % ${people}`)}, t.id, o.at,
            (array['phone','email','web','in_person','partner','council_system'])[1 + g % 6],
            (array['self','family_or_friend','gp','hospital','council'])[1 + g % 5],
            (array['community_other','community_other','discharge_from_hospital','planned_entry_transition','self_funder'])[1 + g % 5],
            'To stay at home', 'console', 'user',
            case when o.at > now() - interval '3 days' and g % 7 = 0 then null else ${outcome} end,
            case when g % 100 between 58 and 65 then 'Sorted at the door' end,
            case when o.at > now() - interval '3 days' and g % 7 = 0 then null else o.at + interval '20 minutes' end
       from generate_series(1, ${v.contacts}) g
       join bench_teams t on t.rn = 1 + g % ${v.teams}
       cross join lateral (select now() - ((g::bigint * 104729) % (730 * 86400)) * interval '1 second' as at) o`,
  );
  for (const index of indexes) await step(client, `index ${index.name}`, index.def);
  await client.query('analyze contacts');

  // Stories from the contacts that went on; those of the last six weeks are open, nearly all held.
  await step(
    client,
    'stories',
    `insert into stories (person_id, team_id, contact_id, opened_at, status, held_by_id, closed_at, closed_reason, closed_stage, resolved_what_mattered)
     select c.person_id, c.team_id, c.id, c.occurred_at + interval '1 hour', o.status,
            case when o.status = 'open' and o.k % 25 <> 0 then st.id end, -- one in 25 waits on the team's board
            case when o.status = 'closed' then c.occurred_at + interval '60 days' end,
            case when o.status = 'closed' then 'resolved_in_conversation_1' end,
            case when o.status = 'closed' then 'conversation_1' end,
            case when o.status = 'closed' then 'yes' end
       from contacts c
       cross join lateral (select case when c.occurred_at > now() - interval '42 days' then 'open' else 'closed' end as status,
                                  ${h('c.id')} as k) o
       join bench_teams t on t.id = c.team_id
       ${teamColleague('o.k')}
      where c.outcome = 'progressed_to_conversation_1'`,
  );
  const sh = h('s.id');
  await step(
    client,
    'conversations 1',
    `insert into conversations (story_id, kind, author_id, status, started_at, concluded_at, resolved, unresolved_reason, what_matters)
     select s.id, 1, coalesce(s.held_by_id, ${author}), case when s.status = 'open' and ${sh} % 3 = 0 then 'open' else 'concluded' end,
            s.opened_at + interval '1 day', case when s.status = 'open' and ${sh} % 3 = 0 then null else s.opened_at + interval '3 days' end,
            case when s.status = 'open' and ${sh} % 3 = 0 then null else ${sh} % 10 >= 4 end,
            case when ${sh} % 10 < 4 then 'More is needed' end, 'To stay at home'
       from stories s join bench_teams t on t.id = s.team_id`,
  );
  await step(
    client,
    'conversations 2',
    `insert into conversations (story_id, kind, author_id, status, started_at, concluded_at, resolved, unresolved_reason)
     select s.id, 2, coalesce(s.held_by_id, ${author}), 'concluded', s.opened_at + interval '5 days', s.opened_at + interval '20 days',
            ${sh} % 3 = 0, 'Still at risk'
       from stories s join bench_teams t on t.id = s.team_id where ${sh} % 100 < 40`,
  );
  await step(
    client,
    'conversations 3',
    `insert into conversations (story_id, kind, author_id, status, started_at, concluded_at, resolved)
     select s.id, 3, coalesce(s.held_by_id, ${author}), 'concluded', s.opened_at + interval '22 days', s.opened_at + interval '30 days', false
       from stories s join bench_teams t on t.id = s.team_id where ${sh} % 100 < 33`,
  );
  await step(
    client,
    'eligibility determinations',
    `insert into eligibility_determinations (person_id, kind, story_id, conversation_id, decided_by_id, decided_at, inputs, eligible,
                                             reasons, eligible_needs, indicative_weekly_pence)
     select s.person_id, 'adult', s.id, c.id, c.author_id, c.concluded_at, case when e.yes then $1 else $4 end::jsonb, e.yes,
            case when e.yes then $2 else $5 end::jsonb, case when e.yes then $3 else $6 end::jsonb,
            case when e.yes then 15000 + ${h('c.id')} % 20000 end
       from conversations c join stories s on s.id = c.story_id join bench_teams t on t.id = s.team_id
       cross join lateral (select ${h('c.id')} % 10 < 8 as yes) e
      where c.kind = 3`,
    [...determination(['nutrition', 'toilet-needs']), ...determination(['nutrition'])],
  );
  const plan = `jsonb_build_array(
      jsonb_build_object('what','Help to get up and washed','provider','organisation','providerName','Marches Home Care','paid',true,
                         'unitCostPence',2450,'unitCostId',null,'unit','hour','unitsPerWeek',7,'frequency','weekly','weeklyPence',17150),
      jsonb_build_object('what','A personal assistant for the allotment','provider','personal_assistant','providerName','','paid',true,
                         'unitCostPence',1400,'unitCostId',null,'unit','hour','unitsPerWeek',3,'frequency','weekly','weeklyPence',4200),
      jsonb_build_object('what','Sunday lunch with her daughter','provider','family','providerName','','paid',false,
                         'unitCostPence',0,'unitCostId',null,'unit','visit','unitsPerWeek',1,'frequency','weekly','weeklyPence',0))`;
  const management = `'{"method":"mixed","directPayment":{"section":"s31","authorisedPerson":null,"conditions":[]},"parts":[{"method":"council_managed","weeklyPence":17150},{"method":"direct_payment","weeklyPence":4200}]}'::jsonb`;
  await step(
    client,
    'personal budgets',
    `insert into personal_budgets (person_id, story_id, team_id, conversation_id, determination_id, indicative_weekly_pence, status,
                                   good_life, plan_lines, signed_off_at, signed_off_by_id, agreed_weekly_pence, weekly_total_pence,
                                   live_on, management, created_by_id)
     select d.person_id, d.story_id, s.team_id, d.conversation_id, d.id, d.indicative_weekly_pence, 'signed_off',
            'Living at home, with the allotment', ${plan}, d.decided_at + interval '7 days', d.decided_by_id, 21350, 21350,
            (d.decided_at + interval '14 days')::date, ${management}, d.decided_by_id
       from eligibility_determinations d join stories s on s.id = d.story_id join bench_teams t on t.id = s.team_id where d.eligible`,
  );
  await step(
    client,
    'care providers',
    `insert into care_providers (name, cqc_location_id, created_by_id, created_at, updated_at)
     select 'Region Home Care ' || g, '1-' || (100000000 + g), ${author}, now(), now() from generate_series(1, 60) g`,
  );
  await step(
    client,
    'care services',
    `with pr as (select id, row_number() over (order by name) rn from care_providers where name like 'Region Home Care %')
     insert into care_services (budget_id, person_id, part, plan_line, what, provider_id, weekly_pence, start_on, created_by_id, created_at)
     select b.id, b.person_id, 'council_managed', 0, 'Help to get up and washed', pr.id, 17150, b.live_on, b.created_by_id, b.signed_off_at
       from personal_budgets b join bench_teams t on t.id = b.team_id join pr on pr.rn = 1 + ${h('b.id')} % 60
     union all
     select b.id, b.person_id, 'direct_payment', 1, 'A personal assistant for the allotment', null, 4200, b.live_on, b.created_by_id, b.signed_off_at
       from personal_budgets b join bench_teams t on t.id = b.team_id`,
  );
  await step(client, 'reviews', firstReviewsOf('personal_budgets b join bench_teams t on t.id = b.team_id'));

  // Safeguarding: concerns from the contacts that raised one; the last fortnight's await a decision.
  await step(
    client,
    'safeguarding concerns',
    `insert into safeguarding_concerns (person_id, contact_id, summary, status, raised_by_type, raised_at, decided_at, decision_route,
                                        decided_by_id, suspected_risk_types, team_id)
     select c.person_id, c.id, 'Bruising seen by the carer', case when r.fresh then 'awaiting_decision' else 'enquiry' end, 'user',
            c.occurred_at, case when not r.fresh then c.occurred_at + (${h('c.id')} % 5) * interval '1 day' end,
            case when not r.fresh then (case when ${h('c.id')} % 3 = 0 then 's42_enquiry' else 'other_enquiry' end) end,
            case when not r.fresh then ${author} end, array['physical'], c.team_id
       from contacts c cross join lateral (select c.occurred_at > now() - interval '14 days' as fresh) r
       join bench_teams t on t.id = c.team_id
      where c.outcome = 'safeguarding_concern_raised'`,
  );
  const ch = h('sc.id');
  await step(
    client,
    'safeguarding enquiries',
    `insert into safeguarding_enquiries (concern_id, person_id, kind, opened_at, status, desired_outcomes_status, risk_types, location, source,
                                         risk_assessment, result, outcomes_achieved, concluded_at, lead_staff_id)
     select sc.id, sc.person_id, case when sc.decision_route = 's42_enquiry' then 's42' else 'other' end, sc.decided_at, o.status,
            (array['asked_expressed','asked_none_expressed','not_asked'])[1 + ${ch} % 3], array['physical'],
            (array['own_home','community','care_home_residential'])[1 + ${ch} % 3],
            (array['service_provider','other_known_to_individual','other_unknown_to_individual'])[1 + ${ch} % 3],
            case when o.status = 'concluded' then 'risk_identified_action_taken' end,
            case when o.status = 'concluded' then (array['removed','reduced','remains'])[1 + ${ch} % 3] end,
            case when o.status = 'concluded' then (array['fully','partially','not'])[1 + ${ch} % 3] end,
            case when o.status = 'concluded' then sc.decided_at + (5 + ${ch} % 40) * interval '1 day' end, ${author}
       from safeguarding_concerns sc
       cross join lateral (select case when sc.decided_at > now() - interval '60 days' then 'open' else 'concluded' end as status) o
       join bench_teams t on t.id = sc.team_id
      where sc.status = 'enquiry'`,
  );

  // Everyday casework on the people with stories: tasks, case notes, relationships.
  await client.query(`create table bench_story_people as
    select s.person_id, s.id as story_id, s.team_id, s.held_by_id, row_number() over (order by s.id) as rn
      from stories s join bench_teams t on t.id = s.team_id`);
  await client.query(`create index on bench_story_people (rn)`);
  const storyCount = (await client.query<{ n: number }>(`select count(*)::int as n from bench_story_people`)).rows[0]!
    .n;
  await step(
    client,
    'tasks',
    `insert into tasks (title, due_on, assignee_id, team_id, person_id, story_id, status, source, created_by_id, created_at, updated_at, closed_at)
     select (array['Ring her daughter back','Chase the OT assessment','Book the review visit','Send the support plan'])[1 + g % 4],
            current_date + 14 - (g % 700), case when g % 5 = 0 then null else coalesce(p.held_by_id, st.id) end, p.team_id, p.person_id,
            p.story_id, case when g % 700 < 60 then 'open' else 'done' end, 'manual', st.id,
            now() - (g % 700) * interval '1 day', now() - (g % 700) * interval '1 day',
            case when g % 700 < 60 then null else now() - (g % 700) * interval '1 day' + interval '2 days' end
       from generate_series(1, ${v.tasks}) g
       join bench_story_people p on p.rn = 1 + (g::bigint * 7919) % ${storyCount}
       join bench_teams t on t.id = p.team_id
       ${teamColleague('g')}`,
  );
  await step(
    client,
    'case notes',
    `insert into case_notes (person_id, story_id, kind, occurred_at, author_id, status, version, created_at, updated_at, finalised_at)
     select p.person_id, p.story_id, (array['visit','phone_call','meeting','email_or_letter','observation'])[1 + g % 5],
            now() - (g % 700) * interval '1 day', st.id, 'final', 1, now() - (g % 700) * interval '1 day',
            now() - (g % 700) * interval '1 day', now() - (g % 700) * interval '1 day'
       from generate_series(1, ${v.notes}) g
       join bench_story_people p on p.rn = 1 + (g::bigint * 104729) % ${storyCount}
       join bench_teams t on t.id = p.team_id
       ${teamColleague('g')}`,
  );
  await step(
    client,
    'case note versions',
    `insert into case_note_versions (note_id, version, summary, body, written_by_id, written_at)
     select n.id, 1, 'Visited at home', 'Talked about what matters: getting to the allotment and seeing her grandchildren.',
            n.author_id, n.finalised_at
       from case_notes n join bench_story_people p on p.story_id = n.story_id`,
  );
  await step(
    client,
    'relationships',
    `with pairs as (
       select p.person_id as a, ${personId(`(g::bigint * 15485863) % ${people}`)} as b, gen_random_uuid() as pair_id,
              (array['spouse_or_partner','parent_of','sibling_of','friend_of','unpaid_carer_of'])[1 + g % 5] as type,
              (array['spouse_or_partner','child_of','sibling_of','friend_of','cared_for_by'])[1 + g % 5] as inverse
         from generate_series(1, ${v.relationships}) g
         join bench_story_people p on p.rn = 1 + (g::bigint * 7919) % ${storyCount})
     insert into relationships (pair_id, person_id, related_person_id, type)
     select pair_id, a, b, type from pairs where a <> b
     union all select pair_id, b, a, inverse from pairs where a <> b`,
  );

  // A community directory and a year of imports.
  await step(
    client,
    'directory organisations',
    `insert into organisations (name, kind) select 'Region community group ' || g, 'community' from generate_series(1, 500) g`,
  );
  await step(
    client,
    'directory services',
    `insert into directory_services (organisation_id, name, description, minimum_age, cost_pence)
     select o.id, w.a || ' ' || w.b || ' ' || (array['club','group','cafe','service'])[1 + g % 4],
            'A ' || w.c || ' ' || w.a || ' group in ' || w.b || ' for people who enjoy company, with tea and a chat.',
            case when g % 5 = 0 then 60 end, (g % 3) * 250
       from generate_series(1, ${v.services}) g
       cross join lateral (select
         (array['Walking','Knitting','Singing','Gardening','Lunch','Memory','Carers','Men''s shed','Dementia','Friendship','Reading','Art'])[1 + g % 12] as a,
         (array['Shrewsbury','Oswestry','Ludlow','Telford','Bridgnorth','Whitchurch','Market Drayton','Church Stretton'])[1 + (g / 12) % 8] as b,
         (array['friendly','weekly','quiet','lively','free','local'])[1 + (g / 96) % 6] as c) w
       join (select id, row_number() over (order by id) as rn from organisations where name like 'Region community group %') o
         on o.rn = 1 + g % 500`,
  );
  await step(
    client,
    'directory locations',
    `insert into directory_locations (name, postcode, latitude, longitude)
     select 'Region hall ' || g, (array['SY1','SY2','SY3','TF1','TF2','SY10','SY8','WV16'])[1 + g % 8] || ' ' || (g % 10) || 'AB',
            52.4 + (g % 100) * 0.006, -3.1 + (g % 97) * 0.012
       from generate_series(1, ${v.services}) g`,
  );
  await step(
    client,
    'postcode centroids',
    `insert into postcode_centroids (postcode, outcode, latitude, longitude)
     select postcode, split_part(postcode, ' ', 1), avg(latitude), avg(longitude)
       from directory_locations where name like 'Region hall %' group by postcode
     on conflict do nothing`,
  );
  await step(
    client,
    'services at locations',
    `insert into service_at_locations (service_id, location_id)
     select s.id, l.id
       from (select s.id, row_number() over (order by s.id) as rn from directory_services s
               join organisations o on o.id = s.organisation_id where o.name like 'Region community group %') s
       join (select id, row_number() over (order by id) as rn from directory_locations where name like 'Region hall %') l using (rn)`,
  );
  await client.query(
    `insert into import_mappings (name, kind, source, definition, created_by_id, created_at)
     values ('Region people', 'people', 'csv', '{"columns":{}}', ${author}, now())`,
  );
  await step(
    client,
    'imports',
    `insert into import_jobs (kind, mapping_id, source, file_name, format, size_bytes, status, total_rows, committed_rows, batches,
                              created_by_id, created_at, updated_at, finished_at)
     select 'people', m.id, 'csv', 'people-' || g || '.csv', 'csv', 1000000 + g, 'committed', 5000, 5000, 5, ${author},
            now() - g * interval '1 day', now() - g * interval '1 day', now() - g * interval '1 day'
       from generate_series(1, 365) g cross join (select id from import_mappings where name = 'Region people') m`,
  );
}
