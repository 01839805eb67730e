import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';
import type { SignedIn } from '../support/auth.js';

const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let worker: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  worker = await ctx.signedIn('practitioner');
  colleague = await ctx.signedIn('social_worker');
  lead = await ctx.signedIn('safeguarding_lead');
  admin = await ctx.signedIn('practice_admin');
});
afterAll(() => ctx.close());

const lacking = (personId: string, over: Record<string, unknown> = {}) => ({
  personId,
  decisionArea: 'accommodation',
  decision: 'Where to live when she leaves hospital',
  impairment: true,
  impairmentDetail: 'Vascular dementia',
  unableTo: { understand: false, retain: true, useOrWeigh: true, communicate: false },
  inabilityBecauseOfImpairment: true,
  evidence: 'Could not recall the two options after five minutes.',
  practicableSteps: 'Two morning visits, photographs of both places, her daughter there.',
  outcome: 'lacks_capacity',
  assessorRole: 'social worker',
  assessedOn: '2026-11-28',
  ...over,
});

const bestInterests = (capacityAssessmentId: string, over: Record<string, unknown> = {}) => ({
  capacityAssessmentId,
  decidedOn: '2026-11-30',
  wishesAndFeelings: 'Has always wanted to stay near the sea.',
  consulted: [{ name: 'Ann Brown', relationship: 'daughter', views: 'Home with daily visits' }],
  lessRestrictiveOptions: ['Home with care four times a day'],
  outcome: 'Home with care four times a day, reviewed in six weeks.',
  ...over,
});

const assess = (body: Record<string, unknown>, as: Caller = worker, headers = {}) =>
  ctx.call(as, { method: 'POST', url: '/v1/capacity-assessments', headers, payload: body });
const decide = (body: Record<string, unknown>, as: Caller = worker, headers = {}) =>
  ctx.call(as, { method: 'POST', url: '/v1/best-interests-decisions', headers, payload: body });

describe('a capacity assessment', () => {
  it('records the two-stage test for one decision, who assessed and when, and the steps taken', async () => {
    const person = await ctx.newPerson();
    const res = await assess(lacking(person.id));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      personId: person.id,
      decision: 'Where to live when she leaves hospital',
      outcome: 'lacks_capacity',
      unableTo: { retain: true, useOrWeigh: true },
      assessedBy: { id: worker.user.id },
      assessedOn: '2026-11-28',
      recordedAt: NOW.toISOString(),
      bestInterestsDecisionIds: [],
    });
    const got = await ctx.call(colleague, { method: 'GET', url: `/v1/capacity-assessments/${res.json().id}` }, 200);
    expect(got.json().practicableSteps).toContain('photographs');
  });

  it('refuses "lacks capacity" without an impairment, an inability or the steps taken, naming every rule', async () => {
    const person = await ctx.newPerson();
    const none = { understand: false, retain: false, useOrWeigh: false, communicate: false };
    const res = await assess(lacking(person.id, { impairment: false, unableTo: none, practicableSteps: '' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('capacity_assessment_refused');
    expect(res.json().rules.map((r: { code: string }) => r.code)).toEqual([
      'impairment_not_found',
      'no_inability_found',
      'practicable_steps_required',
    ]);
    const contradicts = await assess(lacking(person.id, { outcome: 'has_capacity' }));
    expect(contradicts.statusCode).toBe(409);
    expect(contradicts.json().rules[0].code).toBe('outcome_contradicts_test');
    const ok = await assess(lacking(person.id, { impairment: false, impairmentDetail: '', outcome: 'has_capacity' }));
    expect(ok.statusCode).toBe(201);
    const { rows } = await ctx.db.pool.query(`select outcome from capacity_assessments where person_id = $1`, [
      person.id,
    ]);
    expect(rows).toEqual([{ outcome: 'has_capacity' }]);
  });

  it('refuses bad input with 400: a future date, unknown fields, an unknown area, someone else’s story', async () => {
    const person = await ctx.newPerson();
    const future = await assess(lacking(person.id, { assessedOn: '2026-12-01' }));
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'assessed_in_future', errors: [{ field: 'assessedOn' }] });
    expect((await assess({ ...lacking(person.id), colour: 'blue' })).statusCode).toBe(400);
    expect((await assess(lacking(person.id, { decisionArea: 'vibes' }))).statusCode).toBe(400);
    expect((await assess(lacking(person.id, { decision: '   ' }))).statusCode).toBe(400);
    const other = await ctx.newPerson();
    const story = await ctx.db.pool.query(`insert into stories (person_id) values ($1) returning id`, [other.id]);
    const wrong = await assess(lacking(person.id, { storyId: story.rows[0].id }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('story_not_of_person');
    const mine = await ctx.db.pool.query(`insert into stories (person_id) values ($1) returning id`, [person.id]);
    const linked = await assess(lacking(person.id, { storyId: mine.rows[0].id }));
    expect(linked.statusCode).toBe(201);
    expect(linked.json().storyId).toBe(mine.rows[0].id);
  });

  it('is for colleagues who work with people; a restricted person’s needs the lead and a reason', async () => {
    const person = await ctx.newPerson();
    expect((await assess(lacking(person.id), admin)).statusCode).toBe(403);
    const council = await ctx.council(['people:read']);
    expect((await ctx.call(council, { method: 'GET', url: `/v1/people/${person.id}/capacity` })).statusCode).toBe(403);
    const hidden = await ctx.newPerson({ restricted: true }, lead);
    const reason = { 'x-access-reason': 'Best-interests meeting' };
    expect((await assess(lacking(hidden.id), worker)).statusCode).toBe(404);
    expect((await assess(lacking(hidden.id), lead)).json().code).toBe('reason_required');
    const a = (await assess(lacking(hidden.id), lead, reason)).json();
    expect((await ctx.call(worker, { method: 'GET', url: `/v1/capacity-assessments/${a.id}` })).statusCode).toBe(404);
    expect((await ctx.call(worker, { method: 'GET', url: `/v1/people/${hidden.id}/capacity` })).statusCode).toBe(404);
  });
});

describe('a best-interests decision', () => {
  it('is made on a lacking-capacity assessment of that decision, and both appear on the person', async () => {
    const person = await ctx.newPerson();
    const a = (await assess(lacking(person.id))).json();
    const res = await decide(bestInterests(a.id), colleague);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      personId: person.id,
      capacityAssessmentId: a.id,
      decision: a.decision,
      decisionArea: 'accommodation',
      decidedBy: { id: colleague.user.id },
      consulted: [{ name: 'Ann Brown' }],
    });
    const all = (await ctx.call(worker, { method: 'GET', url: `/v1/people/${person.id}/capacity` }, 200)).json();
    expect(all.assessments.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(all.assessments[0].bestInterestsDecisionIds).toEqual([res.json().id]);
    expect(all.bestInterestsDecisions.map((x: { id: string }) => x.id)).toEqual([res.json().id]);
  });

  it('is refused on an assessment that found capacity, before the assessment, or without what s4 and s1(6) need', async () => {
    const person = await ctx.newPerson();
    const has = (
      await assess(lacking(person.id, { impairment: false, impairmentDetail: '', outcome: 'has_capacity' }))
    ).json();
    const refused = await decide(bestInterests(has.id));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'best_interests_refused', rules: [{ code: 'capacity_not_lacking' }] });
    const a = (await assess(lacking(person.id))).json();
    const early = await decide(bestInterests(a.id, { decidedOn: '2026-11-27' }));
    expect(early.json().rules.map((r: { code: string }) => r.code)).toEqual(['decided_before_assessment']);
    const bare = await decide(
      bestInterests(a.id, { wishesAndFeelings: '', consulted: [], lessRestrictiveOptions: [] }),
    );
    expect(bare.json().rules.map((r: { code: string }) => r.code)).toEqual([
      'wishes_required',
      'consultation_required',
      'less_restrictive_options_required',
    ]);
    const missing = await decide(bestInterests('00000000-0000-4000-8000-000000000000'));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('capacity_assessment_not_found');
    const { rows } = await ctx.db.pool.query(
      `select count(*)::int as n from best_interests_decisions where person_id = $1`,
      [person.id],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('the record of it', () => {
  it('audits every write and read, and shows both in the person’s chronology', async () => {
    const person = await ctx.newPerson();
    const a = (await assess(lacking(person.id))).json();
    const d = (await decide(bestInterests(a.id))).json();
    await ctx.call(colleague, { method: 'GET', url: `/v1/people/${person.id}/capacity` }, 200);
    const { rows } = await ctx.db.pool.query(
      `select action, actor_id from audit_events where resource_id = any($1) order by seq`,
      [[a.id, d.id]],
    );
    expect(rows).toEqual([
      { action: 'capacity_assessment.create', actor_id: worker.user.id },
      { action: 'best_interests_decision.create', actor_id: worker.user.id },
      { action: 'capacity_assessment.read', actor_id: colleague.user.id },
      { action: 'best_interests_decision.read', actor_id: colleague.user.id },
    ]);
    const chronology = (
      await ctx.call(worker, { method: 'GET', url: `/v1/people/${person.id}/chronology` }, 200)
    ).json();
    const kinds = chronology.items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['capacity_assessment', 'best_interests_decision']));
    const entry = chronology.items.find((i: { kind: string }) => i.kind === 'capacity_assessment');
    expect(entry.title).toContain('lacks capacity');
  });

  it('cannot be changed or removed once recorded', async () => {
    const person = await ctx.newPerson();
    const a = (await assess(lacking(person.id))).json();
    await expect(
      ctx.db.pool.query(`update capacity_assessments set outcome = 'has_capacity' where id = $1`, [a.id]),
    ).rejects.toThrow();
  });
});

describe('a safeguarding enquiry’s capacity answer', () => {
  it('can rest on a capacity assessment of the same person, whose outcome it takes; not on someone else’s', async () => {
    const person = await ctx.newPerson();
    const concern = await ctx.call(
      worker,
      {
        method: 'POST',
        url: '/v1/safeguarding/concerns',
        payload: {
          personId: person.id,
          summary: 'A carer was seen taking her bank card',
          raisedByKind: 'family_or_friend',
          raisedByName: 'A neighbour',
          immediateSafety: 'safe_now',
          suspectedRiskTypes: ['financial_or_material'],
        },
      },
      201,
    );
    const decided = await ctx.call(
      lead,
      {
        method: 'POST',
        url: `/v1/safeguarding/concerns/${concern.json().id}/decision`,
        payload: {
          rationale: 'Read with the team',
          criteria: {
            hasCareAndSupportNeeds: true,
            experiencingOrAtRiskOfAbuseOrNeglect: true,
            unableToProtectThemselves: true,
          },
        },
      },
      200,
    );
    const enquiryId = decided.json().enquiryId as string;
    const a = (await assess(lacking(person.id, { decisionArea: 'finances', enquiryId }), lead)).json();
    expect(a.enquiryId).toBe(enquiryId);
    // Made for the enquiry: hidden, like the enquiry, from a colleague not involved in it.
    expect((await ctx.call(worker, { method: 'GET', url: `/v1/capacity-assessments/${a.id}` })).statusCode).toBe(404);
    const list = await ctx.call(worker, { method: 'GET', url: `/v1/people/${person.id}/capacity` }, 200);
    expect(list.json().assessments).toEqual([]);
    const chronology = await ctx.call(worker, { method: 'GET', url: `/v1/people/${person.id}/chronology` }, 200);
    expect(chronology.json().items.map((i: { kind: string }) => i.kind)).not.toContain('capacity_assessment');
    expect((await assess(lacking(person.id, { enquiryId }), worker)).json().code).toBe('enquiry_not_of_person');
    const leadList = await ctx.call(lead, { method: 'GET', url: `/v1/people/${person.id}/capacity` }, 200);
    expect(leadList.json().assessments.map((x: { id: string }) => x.id)).toEqual([a.id]);
    const other = (await assess(lacking((await ctx.newPerson()).id))).json();
    const patch = async (body: Record<string, unknown>) => {
      const read = await ctx.call(lead, { method: 'GET', url: `/v1/safeguarding/enquiries/${enquiryId}` }, 200);
      return ctx.call(lead, {
        method: 'PATCH',
        url: `/v1/safeguarding/enquiries/${enquiryId}`,
        headers: { 'if-match': read.headers.etag as string },
        payload: body,
      });
    };
    const wrong = await patch({ mentalCapacityAssessmentId: other.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('mentalCapacityAssessmentId');
    const linked = await patch({ mentalCapacityAssessmentId: a.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ mentalCapacityAssessmentId: a.id, mentalCapacity: 'lacks_capacity' });
  });
});
