import { eligibilityDeterminations } from '@threefold/db';
import { addDays, dateInEngland, daysBetween } from '@threefold/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markReviewsDue } from '../../src/modules/budgets/reviews.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';

let t: TestApp;
let admin: SignedIn;
let practitioner: SignedIn;
let socialWorker: SignedIn;
let teamId: string;
let personId: string;
let council: Record<string, string>;

const strengths = {
  personalResources: ['Sings in the choir'],
  networksOfSupport: ['Neighbour checks in'],
  communityResources: ['Library on Tuesdays'],
};
const participants = [{ name: 'Ivy', role: 'the person' }];
const advocacy = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

// £245 a week: 7 hours at £24.50, fortnightly day centre (£84 → £42 a week), 2 unpaid lines … see `lines`.
const lines = [
  {
    what: 'Help to get up and washed',
    provider: 'organisation',
    providerName: 'Kind Care Ltd',
    paid: true,
    unitCostPence: 2450,
    unit: 'hour',
    unitsPerWeek: 7,
    frequency: 'weekly',
  },
  {
    what: 'Day centre',
    provider: 'organisation',
    paid: true,
    unitCostPence: 8400,
    unitsPerWeek: 1,
    frequency: 'fortnightly',
  },
  {
    what: 'Sunday lunch with her daughter',
    provider: 'family',
    paid: false,
    unitCostPence: 0,
    unitsPerWeek: 3,
    frequency: 'weekly',
  },
];
const weekly = 17_150 + 4_200;

async function api(
  method: string,
  url: string,
  who: Record<string, string>,
  payload?: unknown,
  extra: Record<string, string> = {},
) {
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...who, ...extra },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  teamId = (await api('POST', '/v1/admin/teams', admin.headers, { name: 'Ludlow' })).json().id;
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'], teamIds: [teamId] });
  socialWorker = await signInAs(t.app, t.db, { roles: ['social_worker'], teamIds: [teamId] });
  personId = (
    await api('POST', '/v1/people', practitioner.headers, {
      givenName: 'Ivy',
      familyName: 'Hope',
      dateOfBirth: '1941-05-05',
    })
  ).json().id;
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['decisions:read', 'panel:decide'] });
  council = (await tokenFor(t.app, client)).headers;
  const limits = await api('PUT', '/v1/reference/delegated-limits', admin.headers, {
    limits: [{ role: 'social_worker', weeklyLimitPence: 30_000 }],
  });
  expect(limits.statusCode, limits.body).toBe(200);
});
afterAll(() => t.close());

async function conversation(storyId: string, kind: number, conclude: boolean) {
  const started = await api('POST', `/v1/stories/${storyId}/conversations`, practitioner.headers, { kind });
  expect(started.statusCode).toBe(201);
  const c = started.json();
  if (!conclude) return c.id as string;
  const recorded = await api(
    'PATCH',
    `/v1/conversations/${c.id}`,
    practitioner.headers,
    { strengths, participants, advocacy },
    {
      'if-match': started.headers.etag as string,
    },
  );
  expect(recorded.statusCode).toBe(200);
  const concluded = await api('POST', `/v1/conversations/${c.id}/conclude`, practitioner.headers, {
    resolved: false,
    unresolvedReason: 'Needs more than connections can give',
  });
  expect(concluded.statusCode).toBe(200);
  return c.id as string;
}

/** A story at conversation 3, with an eligibility determination giving an indicative figure. */
async function conversationThree(indicativeWeeklyPence = 25_000) {
  const storyId = (await api('POST', '/v1/stories', practitioner.headers, { personId })).json().id as string;
  const c1 = await conversation(storyId, 1, true);
  const signed = await api('POST', `/v1/stories/${storyId}/peer-steps`, socialWorker.headers, {
    outcome: 'exhausted',
    why: 'Agreed',
  });
  expect(signed.statusCode).toBe(201);
  const c3 = await conversation(storyId, 3, false);
  const [determination] = await t.db.db
    .insert(eligibilityDeterminations)
    .values({
      personId,
      kind: 'adult',
      storyId,
      conversationId: c3,
      decidedById: socialWorker.user.id,
      inputs: {},
      eligible: true,
      reasons: {},
      eligibleNeeds: ['nutrition', 'personal-hygiene'],
      indicativeWeeklyPence,
    })
    .returning();
  return { storyId, c1, c3, determinationId: determination!.id };
}

async function readyBudget(opts: { indicative?: number; extraLine?: boolean } = {}) {
  const { c3, determinationId } = await conversationThree(opts.indicative);
  const created = await api('POST', '/v1/personal-budgets', practitioner.headers, {
    conversationId: c3,
    determinationId,
  });
  expect(created.statusCode).toBe(201);
  const planLines = opts.extraLine
    ? [
        ...lines,
        {
          what: 'Night sitting',
          provider: 'organisation',
          paid: true,
          unitCostPence: 15_000,
          unitsPerWeek: 1,
          frequency: 'weekly',
        },
      ]
    : lines;
  const total = weekly + (opts.extraLine ? 15_000 : 0);
  const changed = await api(
    'PATCH',
    `/v1/personal-budgets/${created.json().id}`,
    practitioner.headers,
    {
      planLines,
      fundingSources: [
        { kind: 'person_contribution', weeklyPence: 3_000 },
        { kind: 'nhs', weeklyPence: 1_350 },
        { kind: 'council', weeklyPence: total - 4_350 },
      ],
      management: {
        method: 'direct_payment',
        directPayment: { section: 's31', conditions: ['Keep receipts for 12 months'] },
      },
    },
    { 'if-match': created.headers.etag as string },
  );
  expect(changed.statusCode, changed.body).toBe(200);
  return changed;
}

describe('personal budgets', () => {
  it('are refused from conversation 1 and from conversation 2, each with its stable code', async () => {
    const { storyId, c1, determinationId } = await conversationThree();
    const fromOne = await api('POST', '/v1/personal-budgets', practitioner.headers, {
      conversationId: c1,
      determinationId,
    });
    expect(fromOne.statusCode).toBe(409);
    expect(fromOne.json().code).toBe('long_term_support_needs_conversation_3');

    const story2 = (await api('POST', '/v1/stories', practitioner.headers, { personId })).json().id as string;
    await conversation(story2, 1, true);
    const c2 = await conversation(story2, 2, false);
    const fromTwo = await api('POST', '/v1/personal-budgets', practitioner.headers, {
      conversationId: c2,
      determinationId,
    });
    expect(fromTwo.statusCode).toBe(409);
    expect(fromTwo.json().code).toBe('conversation_2_is_short_term');
    expect(fromTwo.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(storyId).toBeTruthy();
    const none = await t.db.pool.query(
      'select count(*)::int as n from personal_budgets where conversation_id = any($1)',
      [[c1, c2]],
    );
    expect(none.rows[0].n).toBe(0);
  });

  it('start from the determination’s indicative figure and keep exact weekly, four-weekly and annual totals', async () => {
    const res = await readyBudget();
    const b = res.json();
    expect(b.indicativeWeeklyPence).toBe(25_000);
    expect(b.planLines.map((l: { weeklyPence: number }) => l.weeklyPence)).toEqual([17_150, 4_200, 0]);
    expect(b.totals).toEqual({
      weeklyPence: weekly,
      fourWeeklyPence: weekly * 4,
      annualPence: weekly * 52,
      paidLines: 2,
      unpaidLines: 1,
      differenceFromIndicativePence: weekly - 25_000,
    });
    expect(b.statement.otherPublic.weeklyPence).toBe(0);
    expect(b.statement.nhs.annualPence).toBe(1_350 * 52);
    expect(b.statement.balanced).toBe(true);
    expect(b.readyToSignOff).toBe(true);
  });

  it('explain what blocks sign-off, refuse bad lines field by field, and need If-Match', async () => {
    const { c3, determinationId } = await conversationThree();
    const created = await api('POST', '/v1/personal-budgets', practitioner.headers, {
      conversationId: c3,
      determinationId,
    });
    const id = created.json().id as string;
    expect(created.json().notReadyBecause.map((r: { code: string }) => r.code)).toEqual([
      'plan_has_no_lines',
      'management_missing',
    ]);

    const noIfMatch = await api('PATCH', `/v1/personal-budgets/${id}`, practitioner.headers, {
      goodLife: 'Singing again',
    });
    expect(noIfMatch.statusCode).toBe(428);
    const bad = await api(
      'PATCH',
      `/v1/personal-budgets/${id}`,
      practitioner.headers,
      { planLines: [{ ...lines[0], what: '   ', unitCostPence: 0 }] },
      { 'if-match': created.headers.etag as string },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'planLines.0.what',
      'planLines.0.unitCostPence',
    ]);
    const quarter = await api(
      'PATCH',
      `/v1/personal-budgets/${id}`,
      practitioner.headers,
      { planLines: [{ ...lines[0], unitsPerWeek: 1.1 }] },
      { 'if-match': created.headers.etag as string },
    );
    expect(quarter.statusCode).toBe(400);

    const unbalanced = await api(
      'PATCH',
      `/v1/personal-budgets/${id}`,
      practitioner.headers,
      {
        planLines: lines,
        fundingSources: [{ kind: 'council', weeklyPence: 100 }],
        management: { method: 'council_managed' },
      },
      { 'if-match': created.headers.etag as string },
    );
    expect(unbalanced.statusCode).toBe(200);
    const stale = await api(
      'PATCH',
      `/v1/personal-budgets/${id}`,
      practitioner.headers,
      { goodLife: 'x' },
      {
        'if-match': created.headers.etag as string,
      },
    );
    expect(stale.statusCode).toBe(412);
    const refused = await api('POST', `/v1/personal-budgets/${id}/sign-off`, socialWorker.headers, undefined, {
      'if-match': unbalanced.headers.etag as string,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('budget_not_ready');
    expect(refused.json().rules.map((r: { code: string }) => r.code)).toEqual(['funding_does_not_match_total']);
  });

  it('cannot be signed off by a practitioner', async () => {
    const b = await readyBudget();
    const res = await api('POST', `/v1/personal-budgets/${b.json().id}/sign-off`, practitioner.headers, undefined, {
      'if-match': b.headers.etag as string,
    });
    expect(res.statusCode).toBe(403);
    expect((await api('GET', `/v1/personal-budgets/${b.json().id}`, practitioner.headers)).json().status).toBe('draft');
  });

  it('signed off within the limit: the plan goes live and the first review is set 6–8 weeks out', async () => {
    const b = await readyBudget();
    const id = b.json().id as string;
    const res = await api('POST', `/v1/personal-budgets/${id}/sign-off`, socialWorker.headers, undefined, {
      'if-match': b.headers.etag as string,
    });
    expect(res.statusCode, res.body).toBe(200);
    const signed = res.json();
    const today = dateInEngland(new Date());
    expect(signed).toMatchObject({
      status: 'signed_off',
      signedOffById: socialWorker.user.id,
      agreedWeeklyPence: weekly,
      liveOn: today,
    });
    expect(daysBetween(today, signed.nextReview.dueFrom)).toBe(42);
    expect(daysBetween(today, signed.nextReview.dueBy)).toBe(56);
    const events = await t.db.pool.query('select type, data from outbox_events where subject_id = $1', [id]);
    expect(events.rows.map((r) => r.type)).toEqual(['budget.signed-off']);
    expect(events.rows[0].data).toMatchObject({ by: 'practice', weeklyPence: weekly });

    const again = await api(
      'PATCH',
      `/v1/personal-budgets/${id}`,
      practitioner.headers,
      { goodLife: 'x' },
      {
        'if-match': res.headers.etag as string,
      },
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('budget_not_editable');
  });

  it('above the limit is refused and routed to the council’s panel, which records its decision', async () => {
    const b = await readyBudget({ extraLine: true }); // £363.50 a week, above the £300 limit
    const id = b.json().id as string;
    const res = await api('POST', `/v1/personal-budgets/${id}/sign-off`, socialWorker.headers, undefined, {
      'if-match': b.headers.etag as string,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('above_delegated_limit');
    expect(res.json().detail).toMatch(/council’s panel/);

    const referred = await api('GET', '/v1/personal-budgets?status=awaiting_panel', council);
    expect(referred.statusCode).toBe(200);
    expect(referred.json().items.map((x: { id: string }) => x.id)).toContain(id);
    const events = await t.db.pool.query('select type from outbox_events where subject_id = $1 order by seq', [id]);
    expect(events.rows.map((r) => r.type)).toEqual(['budget.referred-to-panel']);

    // Nobody at the practice can sign it now, nor may a colleague record the panel's decision.
    const byColleague = await api('POST', `/v1/personal-budgets/${id}/panel-decision`, socialWorker.headers, {
      decision: 'approved',
      note: 'x',
    });
    expect(byColleague.statusCode).toBe(403);

    const decided = await api('POST', `/v1/personal-budgets/${id}/panel-decision`, council, {
      decision: 'approved',
      note: 'Night sitting agreed for three months, then review',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'signed_off',
      signedOffById: null,
      panel: { decision: 'approved' },
    });
    expect(decided.json().nextReview.kind).toBe('first');
    const twice = await api('POST', `/v1/personal-budgets/${id}/panel-decision`, council, {
      decision: 'returned',
      note: '',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('budget_not_awaiting_panel');
    const after = await t.db.pool.query('select type, data from outbox_events where subject_id = $1 order by seq', [
      id,
    ]);
    expect(after.rows.map((r) => r.type)).toEqual(['budget.referred-to-panel', 'budget.signed-off']);
    expect(after.rows[1].data.by).toBe('council_panel');
  });

  it('returned by the panel is a draft again that the practice can change', async () => {
    const b = await readyBudget({ extraLine: true });
    const id = b.json().id as string;
    await api('POST', `/v1/personal-budgets/${id}/sign-off`, socialWorker.headers, undefined, {
      'if-match': b.headers.etag as string,
    });
    const returned = await api('POST', `/v1/personal-budgets/${id}/panel-decision`, council, {
      decision: 'returned',
      note: 'Try the community sitting service first',
    });
    expect(returned.json()).toMatchObject({ status: 'draft', panel: { decision: 'returned' } });
    const edit = await api(
      'PATCH',
      `/v1/personal-budgets/${id}`,
      practitioner.headers,
      { goodLife: 'Home, with the choir' },
      {
        'if-match': returned.headers.etag as string,
      },
    );
    expect(edit.statusCode).toBe(200);
  });
});

describe('delegated sign-off limits', () => {
  it('are read by the administrators who set them and by colleagues, not by council systems', async () => {
    const read = await api('GET', '/v1/reference/delegated-limits', admin.headers);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().limits).toEqual([{ role: 'social_worker', weeklyLimitPence: 30_000 }]);
    expect((await api('GET', '/v1/reference/delegated-limits', practitioner.headers)).statusCode).toBe(200);
    expect((await api('GET', '/v1/reference/delegated-limits', council)).statusCode).toBe(403);
    const bad = await api('PUT', '/v1/reference/delegated-limits', admin.headers, {
      limits: [{ role: 'social_worker', weeklyLimitPence: -1 }],
    });
    expect(bad.statusCode).toBe(400);
    expect((await api('PUT', '/v1/reference/delegated-limits', socialWorker.headers, { limits: [] })).statusCode).toBe(
      403,
    );
  });
});

describe('the sign-off limit a colleague sees before signing off', () => {
  it('is the same figure sign-off uses: their own, else their roles’ highest, else none (the panel)', async () => {
    const mine = await api('GET', '/v1/personal-budgets/my-sign-off-limit', socialWorker.headers);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toEqual({ weeklyLimitPence: 30_000, from: 'role' });
    const own = await signInAs(t.app, t.db, { roles: ['social_worker'], delegatedWeeklyLimitPence: 50_000 });
    expect((await api('GET', '/v1/personal-budgets/my-sign-off-limit', own.headers)).json()).toEqual({
      weeklyLimitPence: 50_000,
      from: 'own',
    });
    // A qualified colleague whose roles carry no limit: every budget they sign off goes to the panel.
    const lead = await signInAs(t.app, t.db, { roles: ['social_worker', 'safeguarding_lead'] });
    await api('PUT', '/v1/reference/delegated-limits', admin.headers, { limits: [] });
    try {
      expect((await api('GET', '/v1/personal-budgets/my-sign-off-limit', lead.headers)).json()).toEqual({
        weeklyLimitPence: null,
        from: 'none',
      });
    } finally {
      await api('PUT', '/v1/reference/delegated-limits', admin.headers, {
        limits: [{ role: 'social_worker', weeklyLimitPence: 30_000 }],
      });
    }
    // Only those who may sign off ask.
    expect((await api('GET', '/v1/personal-budgets/my-sign-off-limit', practitioner.headers)).statusCode).toBe(403);
  });
});

describe('who sees a budget', () => {
  it('a restricted person’s budget is as hidden as the person from colleagues without access', async () => {
    const b = await readyBudget();
    const id = b.json().id as string;
    expect(b.json().personName).toBe('Ivy Hope');
    await t.db.pool.query('update people set restricted = true where id = $1', [personId]);
    try {
      expect((await api('GET', `/v1/personal-budgets/${id}`, practitioner.headers)).statusCode).toBe(404);
      const listed = await api('GET', `/v1/personal-budgets?personId=${personId}`, practitioner.headers);
      expect(listed.json().items).toEqual([]);
    } finally {
      await t.db.pool.query('update people set restricted = false where id = $1', [personId]);
    }
    expect((await api('GET', `/v1/personal-budgets/${id}`, practitioner.headers)).statusCode).toBe(200);
  });

  it('the panel decision replays for the same Idempotency-Key and is refused for a different body', async () => {
    const b = await readyBudget({ extraLine: true });
    const id = b.json().id as string;
    await api('POST', `/v1/personal-budgets/${id}/sign-off`, socialWorker.headers, undefined, {
      'if-match': b.headers.etag as string,
    });
    const key = { 'idempotency-key': `panel-${id}` };
    const first = await api(
      'POST',
      `/v1/personal-budgets/${id}/panel-decision`,
      council,
      { decision: 'approved', note: 'Agreed' },
      key,
    );
    const again = await api(
      'POST',
      `/v1/personal-budgets/${id}/panel-decision`,
      council,
      { decision: 'approved', note: 'Agreed' },
      key,
    );
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await api(
      'POST',
      `/v1/personal-budgets/${id}/panel-decision`,
      council,
      { decision: 'returned', note: 'No' },
      key,
    );
    expect(other.statusCode).toBe(422);
    const events = await t.db.pool.query(`select type from outbox_events where subject_id = $1 order by seq`, [id]);
    expect(events.rows.map((r) => r.type)).toEqual(['budget.referred-to-panel', 'budget.signed-off']);
  });
});

describe('reviews', () => {
  async function liveBudget() {
    const b = await readyBudget();
    const res = await api('POST', `/v1/personal-budgets/${b.json().id}/sign-off`, socialWorker.headers, undefined, {
      'if-match': b.headers.etag as string,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { id: string; nextReview: { id: string; dueFrom: string; dueBy: string } };
  }

  it('a review that would lower the budget is refused; one that keeps it completes and sets the next ≤ 12 months on', async () => {
    const budget = await liveBudget();
    const read = await api('GET', `/v1/reviews/${budget.nextReview.id}`, practitioner.headers);
    expect(read.json()).toMatchObject({ kind: 'first', status: 'open', timing: 'upcoming', personName: 'Ivy Hope' });
    const etag = read.headers.etag as string;
    const today = dateInEngland(new Date());

    const lower = await api(
      'POST',
      `/v1/reviews/${budget.nextReview.id}/complete`,
      practitioner.headers,
      { outcome: 'fully_met', notes: 'Going well', weeklyPence: weekly - 1, nextReviewOn: addDays(today, 300) },
      { 'if-match': etag },
    );
    expect(lower.statusCode).toBe(409);
    expect(lower.json().code).toBe('review_cannot_lower_budget');

    const tooLate = await api(
      'POST',
      `/v1/reviews/${budget.nextReview.id}/complete`,
      practitioner.headers,
      { outcome: 'fully_met', notes: 'Going well', weeklyPence: weekly, nextReviewOn: addDays(today, 400) },
      { 'if-match': etag },
    );
    expect(tooLate.json().code).toBe('next_review_too_late');

    const done = await api(
      'POST',
      `/v1/reviews/${budget.nextReview.id}/complete`,
      practitioner.headers,
      {
        outcome: 'partially_met',
        notes: 'Choir yes; mornings still hard',
        weeklyPence: weekly + 500,
        nextReviewOn: addDays(today, 300),
      },
      { 'if-match': etag },
    );
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'completed',
      outcome: 'partially_met',
      weeklyBeforePence: weekly,
      weeklyAfterPence: weekly + 500,
    });
    const after = (await api('GET', `/v1/personal-budgets/${budget.id}`, practitioner.headers)).json();
    expect(after.agreedWeeklyPence).toBe(weekly + 500);
    expect(after.nextReview).toMatchObject({ kind: 'planned', dueFrom: addDays(today, 300) });
    const events = await t.db.pool.query(`select type from outbox_events where subject_id = $1`, [
      budget.nextReview.id,
    ]);
    expect(events.rows.map((r) => r.type)).toEqual(['review.completed']);
  });

  it('lists due and overdue reviews for a team, judged on a fixed date, and announces each due review once', async () => {
    const budget = await liveBudget();
    const { dueFrom, dueBy } = budget.nextReview;
    const list = async (status: string, asOf: string) =>
      (await api('GET', `/v1/reviews?teamId=${teamId}&status=${status}&asOf=${asOf}`, practitioner.headers))
        .json()
        .items.map((r: { id: string }) => r.id);
    expect(await list('due', addDays(dueFrom, -1))).not.toContain(budget.nextReview.id);
    expect(await list('due', dueFrom)).toContain(budget.nextReview.id);
    expect(await list('due', dueBy)).toContain(budget.nextReview.id);
    expect(await list('overdue', dueBy)).not.toContain(budget.nextReview.id);
    expect(await list('overdue', addDays(dueBy, 1))).toContain(budget.nextReview.id);
    const overdue = await api('GET', `/v1/reviews?teamId=${teamId}&status=overdue&asOf=${addDays(dueBy, 1)}`, council);
    expect(overdue.statusCode).toBe(200);
    expect(overdue.json().items.find((r: { id: string }) => r.id === budget.nextReview.id).timing).toBe('overdue');
    const otherTeam = await api(
      'GET',
      `/v1/reviews?teamId=${crypto.randomUUID()}&status=overdue&asOf=${addDays(dueBy, 1)}`,
      council,
    );
    expect(otherTeam.json().items).toEqual([]);

    expect(await markReviewsDue(t.db.db, addDays(dueFrom, -1))).toBe(0);
    expect(await markReviewsDue(t.db.db, dueFrom)).toBeGreaterThanOrEqual(1);
    expect(await markReviewsDue(t.db.db, dueFrom)).toBe(0);
    const events = await t.db.pool.query(`select type from outbox_events where subject_id = $1`, [
      budget.nextReview.id,
    ]);
    expect(events.rows.map((r) => r.type)).toEqual(['review.due']);
  });

  it('an unplanned review is asked for with a national reason and is due at once', async () => {
    const budget = await liveBudget();
    const res = await api('POST', '/v1/reviews', practitioner.headers, {
      budgetId: budget.id,
      reason: 'hospital',
      note: 'Fell; three nights in the Royal Shrewsbury',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'unplanned', reason: 'hospital', timing: 'due' });
    const badReason = await api('POST', '/v1/reviews', practitioner.headers, { budgetId: budget.id, reason: 'bored' });
    expect(badReason.statusCode).toBe(400);
    const events = await t.db.pool.query(`select type from outbox_events where subject_id = $1`, [res.json().id]);
    expect(events.rows.map((r) => r.type)).toEqual(['review.due']);
  });
});
