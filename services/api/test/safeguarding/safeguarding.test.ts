import { organisations } from '@threefold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';

let t: TestApp;
let lead: SignedIn;
let practitioner: SignedIn;
let colleague: SignedIn;
let council: Record<string, string>;
let partner: Record<string, string>;
let personId: string;
let otherPersonId: string;

const all = {
  hasCareAndSupportNeeds: true,
  experiencingOrAtRiskOfAbuseOrNeglect: true,
  unableToProtectThemselves: true,
};

beforeAll(async () => {
  t = await createTestApp();
  lead = await signInAs(t.app, t.db, { roles: ['safeguarding_lead'] });
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
  colleague = await signInAs(t.app, t.db, { roles: ['practitioner'] });
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['safeguarding:raise', 'people:read'] });
  council = (await tokenFor(t.app, client)).headers;
  const [org] = await t.db.db
    .insert(organisations)
    .values({ name: 'Meadows Befriending', kind: 'partner' })
    .returning();
  const partnerClient = await createMachineClient(t.db, {
    kind: 'partner',
    scopes: ['connections:read', 'connections:write'],
    organisationId: org!.id,
  });
  partner = (await tokenFor(t.app, partnerClient)).headers;
  const person = async (givenName: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: practitioner.headers,
        payload: { givenName, familyName: 'Pryce', dateOfBirth: '1941-03-03' },
      })
    ).json().id as string;
  personId = await person('Ivy');
  otherPersonId = await person('Glenys');
});
afterAll(() => t.close());

async function raise(body: Record<string, unknown> = {}, headers = practitioner.headers) {
  return t.app.inject({
    method: 'POST',
    url: '/v1/safeguarding/concerns',
    headers,
    payload: {
      personId,
      summary: 'Neighbour saw a carer shouting and taking her bank card',
      raisedByKind: 'family_or_friend',
      raisedByName: 'Mr Evans, next door',
      immediateSafety: 'safe_now',
      suspectedRiskTypes: ['financial_or_material', 'psychological'],
      ...body,
    },
  });
}

async function decide(concernId: string, body: Record<string, unknown>, headers = lead.headers) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/safeguarding/concerns/${concernId}/decision`,
    headers,
    payload: { rationale: 'Read with the team', ...body },
  });
}

async function openS42() {
  const concern = (await raise()).json().id as string;
  const decided = await decide(concern, { criteria: all });
  expect(decided.statusCode).toBe(200);
  return { concernId: concern, enquiryId: decided.json().enquiryId as string };
}

async function record(enquiryId: string, body: Record<string, unknown>, who = lead) {
  const read = await t.app.inject({
    method: 'GET',
    url: `/v1/safeguarding/enquiries/${enquiryId}`,
    headers: who.headers,
  });
  return t.app.inject({
    method: 'PATCH',
    url: `/v1/safeguarding/enquiries/${enquiryId}`,
    headers: { ...who.headers, 'if-match': (read.headers.etag as string) ?? '"x.v1"' },
    payload: body,
  });
}

const conclusion = {
  riskTypes: ['financial_or_material', 'psychological'],
  location: 'own_home',
  source: 'service_provider',
  riskAssessment: 'risk_identified_action_taken',
  result: 'reduced',
  outcomesAchieved: 'partially',
};

describe('raising a concern', () => {
  it('from a contact at the front door: the concern joins the lead’s queue with its decision clock', async () => {
    const contact = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: practitioner.headers,
      payload: {
        channel: 'phone',
        madeBy: 'family_or_friend',
        routeOfAccess: 'community_other',
        whatMatters: 'Staying in her own home',
        personId,
        outcome: 'safeguarding_concern_raised',
        concernSummary: 'Daughter worried about a new lodger',
      },
    });
    expect(contact.statusCode).toBe(201);
    const concernId = contact.json().safeguardingConcernId as string;
    const queue = await t.app.inject({ method: 'GET', url: '/v1/safeguarding/concerns', headers: lead.headers });
    expect(queue.statusCode).toBe(200);
    const item = queue.json().items.find((c: { id: string }) => c.id === concernId);
    expect(item).toMatchObject({
      personId,
      personName: 'Ivy Pryce',
      contactId: contact.json().id,
      raisedVia: 'contact',
      status: 'awaiting_decision',
      decision: null,
      decisionClock: { overdue: false },
    });
    expect(item.decisionClock.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('on its own, from a contact or a conversation, or by the council’s system, with what is suspected', async () => {
    const direct = await raise();
    expect(direct.statusCode).toBe(201);
    expect(direct.json()).toMatchObject({
      raisedVia: 'direct',
      immediateSafety: 'safe_now',
      suspectedRiskTypes: ['financial_or_material', 'psychological'],
      raisedByName: 'Mr Evans, next door',
    });
    const byCouncil = await raise({ immediateSafety: 'at_immediate_risk' }, council);
    expect(byCouncil.statusCode).toBe(201);
    expect(byCouncil.json().raisedVia).toBe('council_system');

    const story = await t.app.inject({
      method: 'POST',
      url: '/v1/stories',
      headers: practitioner.headers,
      payload: { personId },
    });
    const conversation = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story.json().id}/conversations`,
      headers: practitioner.headers,
      payload: { kind: 1 },
    });
    const fromConversation = await raise({ conversationId: conversation.json().id });
    expect(fromConversation.statusCode).toBe(201);
    expect(fromConversation.json().raisedVia).toBe('conversation');
    const aboutSomeoneElse = await raise({ personId: otherPersonId, conversationId: conversation.json().id });
    expect(aboutSomeoneElse.statusCode).toBe(400);
    expect(aboutSomeoneElse.json().errors[0].field).toBe('conversationId');

    const events = await t.db.pool.query(
      `select type, data->>'raisedVia' as via from outbox_events where subject_id = any($1::text[]) order by seq`,
      [[direct.json().id, byCouncil.json().id]],
    );
    expect(events.rows).toEqual([
      { type: 'safeguarding.concern-raised', via: 'direct' },
      { type: 'safeguarding.concern-raised', via: 'council_system' },
    ]);
  });

  it('raised by the council’s system with an Idempotency-Key is raised once, however often it is sent', async () => {
    const headers = { ...council, 'idempotency-key': 'council-concern-0001' };
    const first = await raise({ summary: 'Police report: door-step fraud' }, headers);
    const again = await raise({ summary: 'Police report: door-step fraud' }, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const other = await raise({ summary: 'Something else' }, headers);
    expect(other.statusCode).toBe(422);
    const { rows } = await t.db.pool.query(`select count(*)::int as n from safeguarding_concerns where summary = $1`, [
      'Police report: door-step fraud',
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a type of risk off the national list, and unknown fields, with the field at fault', async () => {
    const bad = await raise({ suspectedRiskTypes: ['physical', 'bad_vibes'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    const unknown = await raise({ mood: 'grumpy' });
    expect(unknown.statusCode).toBe(400);
    const noPerson = await raise({ personId: '00000000-0000-4000-8000-000000000000' });
    expect(noPerson.statusCode).toBe(400);
    expect(noPerson.json().errors[0].field).toBe('personId');
  });
});

describe('the section 42 decision', () => {
  const combos = [true, false].flatMap((a) =>
    [true, false].flatMap((b) =>
      [true, false].map((c) => ({
        hasCareAndSupportNeeds: a,
        experiencingOrAtRiskOfAbuseOrNeglect: b,
        unableToProtectThemselves: c,
      })),
    ),
  );

  it.each(combos)('routes %o the way the Care Act says', async (criteria) => {
    const concernId = (await raise()).json().id as string;
    const dutyApplies = Object.values(criteria).every(Boolean);
    if (dutyApplies) {
      const refused = await decide(concernId, { criteria, route: 'no_enquiry', noEnquiryReason: 'x' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().rules.map((r: { code: string }) => r.code)).toEqual(['s42_duty_applies']);
      const res = await decide(concernId, { criteria });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'enquiry', decision: { route: 's42_enquiry', criteria } });
      const enquiry = await t.app.inject({
        method: 'GET',
        url: `/v1/safeguarding/enquiries/${res.json().enquiryId}`,
        headers: lead.headers,
      });
      expect(enquiry.json()).toMatchObject({ kind: 's42', leadKind: 'practice', leadStaffId: lead.user.id });
    } else {
      const s42 = await decide(concernId, { criteria, route: 's42_enquiry' });
      expect(s42.statusCode).toBe(409);
      expect(s42.json().rules[0].code).toBe('s42_criteria_not_met');
      const none = await decide(concernId, { criteria });
      expect(none.json().rules[0].code).toBe('route_required');
      const res = await decide(concernId, { criteria, route: 'other_enquiry' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'enquiry', decision: { route: 'other_enquiry' } });
      const enquiry = await t.app.inject({
        method: 'GET',
        url: `/v1/safeguarding/enquiries/${res.json().enquiryId}`,
        headers: lead.headers,
      });
      expect(enquiry.json().kind).toBe('other');
    }
  });

  it('no enquiry needs its reason, and records the other action taken instead', async () => {
    const concernId = (await raise()).json().id as string;
    const criteria = { ...all, unableToProtectThemselves: false };
    const noReason = await decide(concernId, { criteria, route: 'no_enquiry' });
    expect(noReason.statusCode).toBe(409);
    expect(noReason.json().rules.map((r: { code: string }) => r.code)).toEqual(['no_enquiry_reason_required']);
    const res = await decide(concernId, {
      criteria,
      route: 'no_enquiry',
      noEnquiryReason: 'She manages her money with her son; she wants advice, not an enquiry',
      otherActions: [
        { kind: 'information_and_advice', detail: 'Scams leaflet and the bank’s helpline' },
        { kind: 'connection', detail: 'Age UK befriending' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'no_enquiry', enquiryId: null });
    expect(res.json().decision.otherActions).toHaveLength(2);
    const again = await decide(concernId, { criteria: all });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_decided');
    const events = await t.db.pool.query(
      `select type, data->>'route' as route from outbox_events where subject_id = $1 order by seq`,
      [concernId],
    );
    expect(events.rows).toEqual([
      { type: 'safeguarding.concern-raised', route: null },
      { type: 'safeguarding.decision-made', route: 'no_enquiry' },
    ]);
  });

  it('opens an enquiry led by another organisation the practice caused to enquire', async () => {
    const concernId = (await raise()).json().id as string;
    const missing = await decide(concernId, { criteria: all, leadKind: 'other_organisation' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('leadOrganisationName');
    const res = await decide(concernId, {
      criteria: all,
      leadKind: 'other_organisation',
      leadOrganisationName: 'Oakfield Care Home (registered manager)',
    });
    expect(res.statusCode).toBe(200);
    const events = await t.db.pool.query(
      `select type, data->>'leadKind' as lead from outbox_events where subject_id = $1`,
      [res.json().enquiryId],
    );
    expect(events.rows).toEqual([{ type: 'safeguarding.enquiry-opened', lead: 'other_organisation' }]);
  });

  it('is the safeguarding lead’s: a practitioner may not decide', async () => {
    const concernId = (await raise()).json().id as string;
    const res = await decide(concernId, { criteria: all }, practitioner.headers);
    expect(res.statusCode).toBe(403);
  });
});

describe('who sees what', () => {
  it('a practitioner not involved gets only that a matter exists and whom to ask; every view is audited', async () => {
    const { concernId, enquiryId } = await openS42();
    const concern = await t.app.inject({
      method: 'GET',
      url: `/v1/safeguarding/concerns/${concernId}`,
      headers: colleague.headers,
    });
    expect(concern.statusCode).toBe(200);
    expect(concern.json()).toEqual({
      id: concernId,
      kind: 'concern',
      personId,
      restricted: true,
      message: 'A safeguarding matter exists. Ask Test safeguarding_lead.',
      askUserId: lead.user.id,
      askName: 'Test safeguarding_lead',
    });
    const enquiry = await t.app.inject({
      method: 'GET',
      url: `/v1/safeguarding/enquiries/${enquiryId}`,
      headers: colleague.headers,
    });
    expect(enquiry.json()).toMatchObject({ kind: 'enquiry', restricted: true, askUserId: lead.user.id });
    expect(enquiry.json()).not.toHaveProperty('desiredOutcomes');
    expect(enquiry.headers.etag).toBeUndefined();
    const patch = await record(enquiryId, { safetyPlan: 'x' }, colleague);
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('not_involved_in_enquiry');

    const page = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${personId}/safeguarding`,
      headers: colleague.headers,
    });
    expect(page.json().access).toBe('reduced');
    expect(page.json().concerns).toEqual([]);
    expect(page.json().matters.length).toBeGreaterThan(0);
    const list = await t.app.inject({ method: 'GET', url: '/v1/safeguarding/enquiries', headers: colleague.headers });
    expect(list.json().items).toEqual([]);

    const audit = await t.db.pool.query(
      `select action from audit_events where actor_id = $1 and resource_id in ($2, $3) order by seq`,
      [colleague.user.id, concernId, enquiryId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'safeguarding_concern.read_reduced',
      'safeguarding_enquiry.read_reduced',
      'safeguarding_enquiry.read_reduced',
      'safeguarding_enquiry.write_refused',
    ]);
  });

  it('a colleague involved in the enquiry sees it in full, and may record in it', async () => {
    const { concernId, enquiryId } = await openS42();
    const involve = await t.app.inject({
      method: 'POST',
      url: `/v1/safeguarding/enquiries/${enquiryId}/involvements`,
      headers: lead.headers,
      payload: { userId: colleague.user.id, role: 'visits with Ivy' },
    });
    expect(involve.statusCode).toBe(200);
    const concern = await t.app.inject({
      method: 'GET',
      url: `/v1/safeguarding/concerns/${concernId}`,
      headers: colleague.headers,
    });
    expect(concern.json().summary).toBe('Neighbour saw a carer shouting and taking her bank card');
    const patch = await record(enquiryId, { safetyPlan: 'Bank card cancelled; daughter holds the new one' }, colleague);
    expect(patch.statusCode).toBe(200);
    expect(patch.json().involved.map((i: { userId: string }) => i.userId)).toEqual([lead.user.id, colleague.user.id]);
    const list = await t.app.inject({ method: 'GET', url: '/v1/safeguarding/enquiries', headers: colleague.headers });
    expect(list.json().items.map((e: { id: string }) => e.id)).toEqual([enquiryId]);
    // Someone else still sees only that it exists.
    const other = await t.app.inject({
      method: 'GET',
      url: `/v1/safeguarding/concerns/${concernId}`,
      headers: practitioner.headers,
    });
    expect(other.json().restricted).toBe(true);
  });

  it('lists enquiries each with its own person, lead and colleagues involved, as each reads alone', async () => {
    const first = await openS42();
    const second = await openS42();
    const involve = await t.app.inject({
      method: 'POST',
      url: `/v1/safeguarding/enquiries/${second.enquiryId}/involvements`,
      headers: lead.headers,
      payload: { userId: colleague.user.id, role: 'sees her on Tuesdays' },
    });
    expect(involve.statusCode).toBe(200);
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/safeguarding/enquiries?status=open&limit=100',
      headers: lead.headers,
    });
    expect(list.statusCode).toBe(200);
    const listed = new Map(list.json().items.map((e: { id: string }) => [e.id, e]));
    for (const { enquiryId } of [first, second]) {
      const alone = await t.app.inject({
        method: 'GET',
        url: `/v1/safeguarding/enquiries/${enquiryId}`,
        headers: lead.headers,
      });
      expect(listed.get(enquiryId)).toEqual(alone.json());
    }
    const involvedIn = (id: string) =>
      (listed.get(id) as { involved: { userId: string; role: string }[] }).involved.map((i) => [i.userId, i.role]);
    expect(involvedIn(second.enquiryId)).toContainEqual([colleague.user.id, 'sees her on Tuesdays']);
    expect(involvedIn(first.enquiryId).map(([userId]) => userId)).not.toContain(colleague.user.id);
    expect((listed.get(first.enquiryId) as { personName: string }).personName).toBeTruthy();
  });

  it('the safeguarding lead sees everything in full on the person’s page; the queue is the lead’s alone', async () => {
    await openS42();
    const page = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${personId}/safeguarding`,
      headers: lead.headers,
    });
    expect(page.json().access).toBe('full');
    expect(page.json().matters).toEqual([]);
    expect(page.json().concerns.length).toBeGreaterThan(0);
    expect(page.json().enquiries.length).toBeGreaterThan(0);
    const none = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${otherPersonId}/safeguarding`,
      headers: colleague.headers,
    });
    expect(none.json()).toEqual({ personId: otherPersonId, access: 'none', concerns: [], enquiries: [], matters: [] });
    const queue = await t.app.inject({
      method: 'GET',
      url: '/v1/safeguarding/concerns',
      headers: practitioner.headers,
    });
    expect(queue.statusCode).toBe(403);
    const { rows } = await t.db.pool.query(
      `select count(*)::int as n from audit_events where actor_id = $1 and action = 'safeguarding_person.read' and person_id = $2`,
      [lead.user.id, personId],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('involves only colleagues who exist', async () => {
    const { enquiryId } = await openS42();
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/safeguarding/enquiries/${enquiryId}/involvements`,
      headers: lead.headers,
      payload: { userId: '00000000-0000-4000-8000-000000000000', role: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('userId');
  });

  it('a partner never: not found (404) before anything is looked up, the same for a real id as a made-up one', async () => {
    const { concernId, enquiryId } = await openS42();
    for (const url of [
      `/v1/safeguarding/concerns/${concernId}`,
      `/v1/safeguarding/enquiries/${enquiryId}`,
      '/v1/safeguarding/concerns/00000000-0000-4000-8000-000000000000',
      `/v1/people/${personId}/safeguarding`,
      '/v1/safeguarding/enquiries',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: partner });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });

  it('a restricted person’s concerns are not found by colleagues who may not see restricted records', async () => {
    const { concernId } = await openS42();
    const restricted = await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: practitioner.headers,
      payload: { givenName: 'Nia', familyName: 'Hidden', dateOfBirth: '1980-01-01' },
    });
    await t.db.pool.query(`update people set restricted = true where id = $1`, [restricted.json().id]);
    const hidden = await raise({ personId: restricted.json().id }, lead.headers);
    expect(hidden.statusCode).toBe(201);
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/safeguarding/concerns/${hidden.json().id}`,
      headers: colleague.headers,
    });
    expect(res.statusCode).toBe(404);
    expect(
      (
        await t.app.inject({ method: 'GET', url: `/v1/safeguarding/concerns/${concernId}`, headers: lead.headers })
      ).json().summary,
    ).toBeTruthy();
  });
});

describe('the enquiry and its conclusion', () => {
  it('records what the person wants in their words, and refuses words when none were expressed', async () => {
    const { enquiryId } = await openS42();
    const missingWords = await record(enquiryId, { desiredOutcomesStatus: 'asked_expressed', desiredOutcomes: [] });
    expect(missingWords.statusCode).toBe(400);
    expect(missingWords.json().errors[0].field).toBe('desiredOutcomes');
    const noReason = await record(enquiryId, { desiredOutcomesStatus: 'not_asked' });
    expect(noReason.json().errors[0].field).toBe('desiredOutcomesNotAskedReason');
    const ok = await record(enquiryId, {
      desiredOutcomesStatus: 'asked_expressed',
      desiredOutcomes: ['I want my money to be safe', 'I want to keep my carer but not her shouting'],
      mentalCapacity: 'has_capacity',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      desiredOutcomesStatus: 'asked_expressed',
      mentalCapacity: 'has_capacity',
      version: 2,
    });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/v1/safeguarding/enquiries/${enquiryId}`,
      headers: { ...lead.headers, 'if-match': `"${enquiryId}.v1"` },
      payload: { safetyPlan: 'x' },
    });
    expect(stale.statusCode).toBe(412);
    const noIfMatch = await t.app.inject({
      method: 'PATCH',
      url: `/v1/safeguarding/enquiries/${enquiryId}`,
      headers: lead.headers,
      payload: { safetyPlan: 'x' },
    });
    expect(noIfMatch.statusCode).toBe(428);
  });

  it('checks every list value of a conclusion, naming each one off the national lists', async () => {
    const { enquiryId } = await openS42();
    await record(enquiryId, { desiredOutcomesStatus: 'asked_expressed', desiredOutcomes: ['Feel safe at home'] });
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/safeguarding/enquiries/${enquiryId}/conclusion`,
      headers: lead.headers,
      payload: {
        riskTypes: ['physical', 'cyber_bullying', 'physical'],
        location: 'the_moon',
        source: 'a_stranger',
        riskAssessment: 'maybe',
        result: 'vanished',
        outcomesAchieved: 'mostly',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['location', 'outcomesAchieved', 'result', 'riskAssessment', 'riskTypes.1', 'riskTypes.2', 'source']);
    const empty = await t.app.inject({
      method: 'POST',
      url: `/v1/safeguarding/enquiries/${enquiryId}/conclusion`,
      headers: lead.headers,
      payload: { ...conclusion, riskTypes: [] },
    });
    expect(empty.json().errors[0].field).toBe('riskTypes');
  });

  it('records several locations and sources of risk, and keeps the single-value fields as the first of each', async () => {
    const { enquiryId } = await openS42();
    await record(enquiryId, { desiredOutcomesStatus: 'not_known' });
    const conclude = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/safeguarding/enquiries/${enquiryId}/conclusion`,
        headers: lead.headers,
        payload: body,
      });
    const { location: _l, source: _s, outcomesAchieved: _o, ...rest } = conclusion;
    const both = await conclude({
      ...rest,
      location: 'own_home',
      locations: ['own_home'],
      sources: ['service_provider'],
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors.map((e: { field: string }) => e.field)).toEqual(['locations']);
    const offList = await conclude({
      ...rest,
      locations: ['own_home', 'the_moon', 'own_home'],
      sources: [],
    });
    expect(offList.statusCode).toBe(400);
    expect(
      offList
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['locations.1', 'locations.2', 'sources']);
    const done = await conclude({
      ...rest,
      locations: ['care_home_residential', 'own_home'],
      sources: ['service_provider', 'other_known_to_individual'],
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().conclusion).toMatchObject({
      location: 'care_home_residential',
      locations: ['care_home_residential', 'own_home'],
      source: 'service_provider',
      sources: ['service_provider', 'other_known_to_individual'],
    });
  });

  it('will not conclude before the person is asked, nor without the s68 advocate, then concludes', async () => {
    const { enquiryId } = await openS42();
    const conclude = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/safeguarding/enquiries/${enquiryId}/conclusion`,
        headers: lead.headers,
        payload: body,
      });
    const early = await conclude(conclusion);
    expect(early.statusCode).toBe(409);
    expect(early.json().rules.map((r: { code: string }) => r.code)).toContain('desired_outcomes_not_recorded');
    await record(enquiryId, {
      desiredOutcomesStatus: 'asked_expressed',
      desiredOutcomes: ['Stop her taking my money'],
      mentalCapacity: 'lacks_capacity',
      advocacy: {
        substantialDifficulty: { understanding: true, retaining: true, weighing: false, communicating: false },
        appropriatePersonAvailable: false,
        advocateRecorded: false,
      },
    });
    const noAdvocate = await conclude(conclusion);
    expect(noAdvocate.json().rules.map((r: { code: string }) => r.code)).toEqual(['advocate_required']);
    await record(enquiryId, {
      advocacy: {
        substantialDifficulty: { understanding: true, retaining: true, weighing: false, communicating: false },
        appropriatePersonAvailable: false,
        advocateRecorded: true,
      },
      advocateName: 'Sian Morgan, Advocacy West',
    });
    const noOutcome = await conclude({ ...conclusion, outcomesAchieved: null });
    expect(noOutcome.json().rules.map((r: { code: string }) => r.code)).toEqual(['outcomes_achieved_required']);
    const done = await conclude(conclusion);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'concluded',
      conclusion: {
        riskTypes: ['financial_or_material', 'psychological'],
        result: 'reduced',
        outcomesAchieved: 'partially',
      },
    });
    const again = await conclude(conclusion);
    expect(again.json().code).toBe('enquiry_closed');
    const events = await t.db.pool.query(
      `select type, data->>'result' as result, data->>'outcomesAchieved' as achieved from outbox_events where subject_id = $1 order by seq`,
      [enquiryId],
    );
    expect(events.rows).toEqual([
      { type: 'safeguarding.enquiry-opened', result: null, achieved: null },
      { type: 'safeguarding.enquiry-concluded', result: 'reduced', achieved: 'partially' },
    ]);
  });

  it('ends early at the person’s request, recorded as such', async () => {
    const { enquiryId } = await openS42();
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/safeguarding/enquiries/${enquiryId}/end-early`,
      headers: lead.headers,
      payload: { reason: 'Ivy said she has sorted it with her son and wants us to stop' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ended_at_persons_request', conclusion: null });
    const { rows } = await t.db.pool.query(
      `select data->>'endedAtPersonsRequest' as early from outbox_events where subject_id = $1 and type = 'safeguarding.enquiry-concluded'`,
      [enquiryId],
    );
    expect(rows).toEqual([{ early: 'true' }]);
  });
});
