import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpAllInsights, rollUpInsights } from '../../src/modules/insights/facts.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';
import { buildScenario, type Scenario } from './scenario.js';

let t: TestApp;
let s: Scenario;
let practitioner: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  s = await buildScenario(t.db);
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
});
afterAll(() => t.close());

async function insights(query: string, headers = practitioner.headers) {
  return t.app.inject({ method: 'GET', url: `/v1/insights/practice?${query}`, headers });
}

describe('the practice data for the week of 1–7 June 2026 (hand-computed)', () => {
  it('counts the whole practice’s front door, conversations, stories and money', async () => {
    const res = await insights('from=2026-06-01&to=2026-06-07');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toEqual({ from: '2026-06-01', to: '2026-06-07', days: 7 });
    expect(body.teamId).toBeNull();
    // c1 c2 c3 c4 c5 c6 c7 c9 c10 (c8 falls on 8 June in England, c11 in May)
    expect(body.contacts.total).toBe(9);
    expect(body.contacts.withOutcome).toBe(8);
    expect(body.contacts.resolvedAtFirstContact).toBe(4); // c1 c2 c6 c9
    expect(body.contacts.resolvedAtFirstContactShare).toBe(0.5);
    expect(body.contacts.byOutcome).toEqual([
      { outcome: 'progressed_to_conversation_1', count: 3 },
      { outcome: 'information_and_advice', count: 2 },
      { outcome: 'connected_to_community', count: 1 },
      { outcome: 'no_further_action', count: 1 },
      { outcome: 'progressed_to_conversation_2', count: 1 },
      { outcome: null, count: 1 },
    ]);
    expect(body.contacts.perDay).toEqual([
      { date: '2026-06-01', contacts: 2, resolved: 2 },
      { date: '2026-06-02', contacts: 2, resolved: 0 },
      { date: '2026-06-03', contacts: 2, resolved: 1 },
      { date: '2026-06-04', contacts: 1, resolved: 1 },
      { date: '2026-06-05', contacts: 1, resolved: 0 },
      { date: '2026-06-06', contacts: 1, resolved: 0 },
      { date: '2026-06-07', contacts: 0, resolved: 0 },
    ]);
    expect(body.conversations).toEqual([
      { kind: 1, opened: 2, concluded: 3, concludedResolved: 1 }, // opened S1 S2; concluded S0 S1 S2
      { kind: 2, opened: 2, concluded: 1, concludedResolved: 0 }, // opened S1 S3; concluded S1
      { kind: 3, opened: 1, concluded: 0, concludedResolved: 0 },
    ]);
    expect(body.stories).toEqual({
      opened: 4, // S1 S2 S3 S4
      reachedConversation3: 1,
      reachedConversation3Share: 0.25,
      longTermSupport: 1,
      longTermSupportShare: 0.25,
      assessmentRequested: 0,
      assessmentRequestedByPerson: 0,
    });
    expect(body.funnel).toEqual([
      { stage: 'contact', count: 9, shareOfContacts: 1 },
      { stage: 'conversation_1', count: 2, shareOfContacts: 0.2222 }, // c3 c4 (S4's is on 8 June)
      { stage: 'conversation_2', count: 2, shareOfContacts: 0.2222 }, // c3 c5
      { stage: 'conversation_3', count: 1, shareOfContacts: 0.1111 },
      { stage: 'long_term_support', count: 1, shareOfContacts: 0.1111 },
    ]);
    // c3: same day (0), c5: next day (1), c4: three days (3) → median 1, p90 1 + 0.8 × 2 = 2.6
    expect(body.contactToFirstConversation).toEqual({ measured: 3, medianDays: 1, p90Days: 2.6 });
    expect(body.intensivePlans).toEqual({ active: 2, activeAtEnd: 2, meanLengthDays: 28, longestDays: 42 });
    expect(body.contingency).toEqual({ spends: 3, totalPence: 41_550, stories: 2 });
    expect(body.eligibility).toEqual({ determinations: 2, eligible: 1 });
    expect(body.budgets).toEqual({ signedOff: 1, signedOffWeeklyPence: 15_500, referredToPanel: 1 });
    // R1 due by 1 June, done 2 June (late); R4 due by 24 May, still open.
    expect(body.reviews).toEqual({ due: 1, overdueAtEnd: 1, completed: 1, completedOnTime: 0 });
    expect(body.safeguarding).toEqual({
      concernsRaised: 3, // SC1 SC2 SC3
      decisionsMade: 2, // SC1 on time (Wed → Fri), SC2 late (Mon → Thu, due Wed)
      decisionsOnTime: 1,
      decisionsOnTimeShare: 0.5,
      awaitingDecisionAtEnd: 2, // SC3 (due Tue 9 June), SC4 (due Fri 29 May)
      overdueDecisionsAtEnd: 1,
      enquiriesStarted: { section42: 1, other: 1 },
      enquiriesConcluded: 1,
      enquiriesConcludedOnTime: 1,
      enquiriesConcludedOnTimeShare: 1,
      openEnquiriesAtEnd: 1,
      overdueEnquiriesAtEnd: 0,
      makingSafeguardingPersonal: {
        askedExpressed: 1,
        askedNoneExpressed: 0,
        notAsked: 0,
        achievedFully: 0,
        achievedPartially: 1,
        achievedNot: 0,
      },
    });
  });

  it('narrows every measure to one team', async () => {
    const a = (await insights(`from=2026-06-01&to=2026-06-07&teamId=${s.teamA}`)).json();
    expect(a.contacts.total).toBe(7);
    expect(a.contacts.resolvedAtFirstContact).toBe(3);
    expect(a.contacts.resolvedAtFirstContactShare).toBe(0.5);
    expect(a.stories).toEqual({
      opened: 3,
      reachedConversation3: 1,
      reachedConversation3Share: 0.3333,
      longTermSupport: 1,
      longTermSupportShare: 0.3333,
      assessmentRequested: 0,
      assessmentRequestedByPerson: 0,
    });
    expect(a.funnel.map((f: { count: number }) => f.count)).toEqual([7, 2, 2, 1, 1]);
    expect(a.eligibility).toEqual({ determinations: 1, eligible: 1 });
    expect(a.contingency.totalPence).toBe(41_550);
    expect(a.budgets).toEqual({ signedOff: 1, signedOffWeeklyPence: 15_500, referredToPanel: 1 });
    expect(a.reviews).toEqual({ due: 0, overdueAtEnd: 0, completed: 0, completedOnTime: 0 });
    expect(a.safeguarding).toMatchObject({
      concernsRaised: 2, // SC1 (from c5) and SC3 (from c7); SC2 and SC4 belong to no team
      decisionsMade: 1,
      decisionsOnTime: 1,
      decisionsOnTimeShare: 1,
      awaitingDecisionAtEnd: 1,
      overdueDecisionsAtEnd: 0,
      enquiriesStarted: { section42: 1, other: 0 },
      enquiriesConcluded: 1,
      openEnquiriesAtEnd: 0,
    });

    const b = (await insights(`from=2026-06-01&to=2026-06-07&teamId=${s.teamB}`)).json();
    expect(b.contacts.total).toBe(2);
    expect(b.contacts.perDay.map((d: { contacts: number }) => d.contacts)).toEqual([0, 0, 1, 0, 0, 1, 0]);
    expect(b.contacts.resolvedAtFirstContactShare).toBe(0.5);
    expect(
      b.conversations.every((k: { opened: number; concluded: number }) => k.opened === 0 && k.concluded === 0),
    ).toBe(true);
    expect(b.stories.opened).toBe(1);
    expect(b.stories.reachedConversation3Share).toBe(0);
    expect(b.funnel.map((f: { count: number }) => f.count)).toEqual([2, 0, 0, 0, 0]);
    expect(b.contactToFirstConversation).toEqual({ measured: 0, medianDays: null, p90Days: null });
    expect(b.intensivePlans).toEqual({ active: 0, activeAtEnd: 0, meanLengthDays: null, longestDays: null });
    expect(b.contingency).toEqual({ spends: 0, totalPence: 0, stories: 0 });
    expect(b.eligibility).toEqual({ determinations: 1, eligible: 0 });
    expect(b.budgets).toEqual({ signedOff: 0, signedOffWeeklyPence: 0, referredToPanel: 0 });
    expect(b.reviews).toEqual({ due: 1, overdueAtEnd: 1, completed: 1, completedOnTime: 0 });
    expect(b.safeguarding).toMatchObject({
      concernsRaised: 0,
      decisionsMade: 0,
      decisionsOnTimeShare: null,
      awaitingDecisionAtEnd: 0,
      enquiriesStarted: { section42: 0, other: 0 },
      enquiriesConcluded: 0,
      enquiriesConcludedOnTimeShare: null,
    });
  });

  it('answers an empty period with zeros and nulls, not errors', async () => {
    const body = (await insights('from=2025-01-01&to=2025-01-02')).json();
    expect(body.contacts.total).toBe(0);
    expect(body.contacts.resolvedAtFirstContactShare).toBeNull();
    expect(body.stories.reachedConversation3Share).toBeNull();
    expect(body.funnel[0]).toEqual({ stage: 'contact', count: 0, shareOfContacts: null });
  });
});

describe('the daily roll-up', () => {
  const periods = () => [
    'from=2026-06-01&to=2026-06-07',
    `from=2026-06-01&to=2026-06-07&teamId=${s.teamA}`,
    `from=2026-06-01&to=2026-06-07&teamId=${s.teamB}`,
    'from=2026-05-15&to=2026-06-30',
    'from=2026-06-03&to=2026-06-04',
    'from=2026-06-08&to=2026-06-21',
  ];
  const all = async () => Promise.all(periods().map(async (q) => (await insights(q)).json()));
  const week = async () => (await insights('from=2026-06-01&to=2026-06-07')).json();
  const pool = () => t.db.pool;

  it('gives, rolled up, exactly the figures the records give live', async () => {
    const live = await all();
    expect(live[0].contacts.total).toBe(9);
    const rolled = await rollUpAllInsights(t.db.db);
    // Every day from the scenario's first record (20 May 2026) to yesterday (from one in the morning).
    const { rows } = await pool().query<{ days: number; first: string; stale: number; facts: number }>(
      `select (select count(*)::int from insight_days) as days, (select min(day)::text from insight_days) as first,
              (select count(*)::int from insight_stale_days) as stale, (select count(*)::int from insight_facts) as facts`,
    );
    expect(rows[0]).toMatchObject({ days: rolled, stale: 0 });
    expect(rows[0]!.first <= '2026-05-20').toBe(true);
    expect(rows[0]!.facts).toBeGreaterThan(20);
    expect(await rollUpInsights(t.db.db)).toEqual([]); // nothing left to roll
    expect(await all()).toEqual(live);
  });

  it('reads rolled-up days from the roll-up, not the records', async () => {
    await rollUpAllInsights(t.db.db);
    await pool().query(
      `update insight_facts set n = n + 100 where day = '2026-06-05' and measure = 'contact' and key is null`,
    );
    expect((await week()).contacts.total).toBe(109);
    // Marked stale, the day is computed live again until it is rolled up once more.
    await pool().query(`insert into insight_stale_days (day) values ('2026-06-05')`);
    expect((await week()).contacts.total).toBe(9);
    expect(await rollUpInsights(t.db.db)).toEqual(['2026-06-05']);
    expect((await week()).contacts.total).toBe(9);
  });

  it('shows a change to a rolled-up day at once, then rolls it up again', async () => {
    await rollUpAllInsights(t.db.db);
    const before = await all();
    const { c7 } = s.contacts;
    const client = await pool().connect();
    try {
      await client.query('begin');
      // c7's outcome recorded late, and S4's conversation 1 moved from 8 June into the week.
      await client.query(`update contacts set outcome = 'information_and_advice' where id = $1`, [c7]);
      await client.query(`update conversations set started_at = '2026-06-07T09:00:00Z' where id = $1`, [
        s.conversations.S4c1,
      ]);
      // Saving a conversation's notes changes no figure and marks nothing.
      await client.query(`update conversations set version = version + 1 where id = $1`, [s.conversations.S1c1]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const { rows } = await pool().query<{ day: string }>(`select day::text from insight_stale_days order by day`);
    // c7's day; S4's day (and its contact c10's), its conversation's new and old days.
    expect(rows.map((r) => r.day)).toEqual(['2026-06-05', '2026-06-06', '2026-06-07', '2026-06-08']);
    const changed = await week();
    expect(changed.contacts.withOutcome).toBe(before[0].contacts.withOutcome + 1);
    expect(changed.funnel.map((f: { count: number }) => f.count)).toEqual([9, 3, 2, 1, 1]); // c10 now reached 1
    expect(changed.conversations[0].opened).toBe(3);
    await rollUpAllInsights(t.db.db);
    expect(await week()).toEqual(changed);
    expect((await pool().query('select 1 from insight_stale_days')).rowCount).toBe(0);
  });
});

describe('the roll-up under change', () => {
  const pool = () => t.db.pool;
  const queries = () => [
    'from=2026-06-01&to=2026-06-07',
    `from=2026-06-01&to=2026-06-07&teamId=${s.teamA}`,
    `from=2026-06-01&to=2026-06-07&teamId=${s.teamB}`,
    'from=2026-05-01&to=2026-07-31',
    `from=2026-05-01&to=2026-07-31&teamId=${s.teamB}`,
  ];
  const all = async () =>
    Promise.all(queries().map(async (q) => (await insights(q)).json() as Record<string, unknown>));

  it('after changes to every kind of record, rolled-up-and-stale, all-live and rolled-again agree', async () => {
    await rollUpAllInsights(t.db.db);
    const before = await all();
    const { S1, S3 } = s.stories;
    const client = await pool().connect();
    try {
      await client.query('begin');
      // A contingency spend on 2 June; S1's plan a week longer; S1's determination found not eligible;
      // B1 signed off on 5 June for more; S3 moved to team B.
      await client.query(
        `insert into contingency_spends (conversation_id, story_id, amount_pence, purpose, spent_on)
         values ($1, $2, 9900, 'Taxi to the GP', '2026-06-02')`,
        [s.conversations.S3c2, S3],
      );
      await client.query(`update intensive_plans set ends_on = ends_on + 7 where conversation_id = $1`, [
        s.conversations.S1c2,
      ]);
      await client.query(`update eligibility_determinations set eligible = not eligible where story_id = $1`, [S1]);
      await client.query(
        `update personal_budgets set signed_off_at = '2026-06-05T10:00:00Z', agreed_weekly_pence = agreed_weekly_pence + 1000
          where id = $1 and signed_off_at is not null`,
        [s.budgets.B1],
      );
      await client.query(`update stories set team_id = $1 where id = $2`, [s.teamB, S3]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
    const mixed = await all();
    expect(mixed).not.toEqual(before);
    expect((mixed[0]!.contingency as { spends: number }).spends).toBe(
      (before[0]!.contingency as { spends: number }).spends + 1,
    );
    // With no day rolled up, every figure comes from the records.
    await pool().query('delete from insight_days');
    expect(await all()).toEqual(mixed);
    await rollUpAllInsights(t.db.db);
    expect((await pool().query('select 1 from insight_stale_days')).rowCount).toBe(0);
    expect(await all()).toEqual(mixed);
  });

  it('a roll-up that meets a change still being written waits for it, so the change is never lost', async () => {
    await rollUpAllInsights(t.db.db);
    // 5 June is marked stale and committed; a writer then changes it again and has not committed.
    await pool().query(`insert into insight_stale_days (day) values ('2026-06-05')`);
    const writer = await pool().connect();
    try {
      await writer.query('begin');
      await writer.query(`update contacts set outcome = 'no_further_action' where id = $1`, [s.contacts.c7]);
      let done = false;
      const rolling = rollUpInsights(t.db.db).then((days) => {
        done = true;
        return days;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(done).toBe(false); // waiting on the writer's mark
      await writer.query('commit');
      expect(await rolling).toEqual(['2026-06-05']);
    } finally {
      writer.release();
    }
    const { rows } = await pool().query<{ n: number }>(
      `select n from insight_facts where whole and day = '2026-06-05' and measure = 'contact' and key = 'no_further_action'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
    expect((await pool().query('select 1 from insight_stale_days')).rowCount).toBe(0);
  });
});

describe('bad input and access', () => {
  it('refuses a period that ends before it starts, or is too long, naming the field', async () => {
    const backwards = await insights('from=2026-06-07&to=2026-06-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0]).toMatchObject({ in: 'query', field: 'to' });
    const long = await insights('from=2020-01-01&to=2026-01-01');
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('to');
    const notADate = await insights('from=2026-02-30&to=2026-03-01');
    expect(notADate.statusCode).toBe(400);
    const unknownTeam = await insights('from=2026-06-01&to=2026-06-07&teamId=00000000-0000-4000-8000-000000000000');
    expect(unknownTeam.statusCode).toBe(400);
    expect(unknownTeam.json().errors[0].field).toBe('teamId');
    const missing = await insights('from=2026-06-01');
    expect(missing.statusCode).toBe(400);
  });

  it('is for colleagues with insights:read, not auditors or council systems', async () => {
    const auditor = await signInAs(t.app, t.db, { roles: ['auditor'] });
    expect((await insights('from=2026-06-01&to=2026-06-07', auditor.headers)).statusCode).toBe(403);
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['returns:read'] });
    const { headers } = await tokenFor(t.app, client);
    expect((await insights('from=2026-06-01&to=2026-06-07', headers)).statusCode).toBe(403);
    const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
    expect((await insights('from=2026-06-01&to=2026-06-07', admin.headers)).statusCode).toBe(200);
  });
});
