import { outboxEvents, people } from '@threefold/db';
import { adultOutcomes, adultUnableWays, carerUnableWays, wellbeingAreas } from '@threefold/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';

let t: TestApp;
let author: SignedIn;
let peer: SignedIn;
let socialWorker: SignedIn;
let admin: SignedIn;
let personId: string;
let carerId: string;

const strengths = {
  personalResources: ['Loves gardening'],
  networksOfSupport: ['Daughter visits on Sundays'],
  communityResources: ['Chapel on Thursday'],
};
const advocacy = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

const adultInputs = (unmet: string[], significant = true) => ({
  kind: 'adult',
  needsArise: true,
  condition: 'Parkinson’s disease, diagnosed 2019',
  outcomes: unmet.map((outcome) => ({ outcome, unableWays: ['needs-assistance'] })),
  wellbeing: { significant, areas: significant ? ['dignity', 'health'] : [] },
  needsFluctuate: false,
});

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  const teamId = (
    await t.app.inject({ method: 'POST', url: '/v1/admin/teams', headers: admin.headers, payload: { name: 'Ludlow' } })
  ).json().id;
  author = await signInAs(t.app, t.db, { roles: ['practitioner'], teamIds: [teamId] });
  peer = await signInAs(t.app, t.db, { roles: ['social_worker'], teamIds: [teamId] });
  socialWorker = await signInAs(t.app, t.db, { roles: ['social_worker'], teamIds: [teamId] });
  const newPerson = async (givenName: string, familyName: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: author.headers,
        payload: { givenName, familyName, dateOfBirth: '1948-05-17', addressLine1: '4 Mill Lane', postcode: 'SY8 1AB' },
      })
    ).json().id as string;
  personId = await newPerson('Edith', 'Marsh');
  carerId = await newPerson('Roy', 'Marsh');
});
afterAll(() => t.close());

/** A story with conversations 1 and 3 (1 concluded unresolved, peer signed off); returns their ids. */
async function storyToConversationThree(who = personId) {
  const story = (
    await t.app.inject({ method: 'POST', url: '/v1/stories', headers: author.headers, payload: { personId: who } })
  ).json().id as string;
  const start = (kind: number) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/conversations`,
      headers: author.headers,
      payload: { kind },
    });
  const c1 = (await start(1)).json();
  const read = await t.app.inject({ method: 'GET', url: `/v1/conversations/${c1.id}`, headers: author.headers });
  const recorded = await t.app.inject({
    method: 'PATCH',
    url: `/v1/conversations/${c1.id}`,
    headers: { ...author.headers, 'if-match': read.headers.etag as string },
    payload: { strengths, participants: [{ name: 'Edith', role: 'the person' }], advocacy },
  });
  expect(recorded.statusCode).toBe(200);
  const concluded = await t.app.inject({
    method: 'POST',
    url: `/v1/conversations/${c1.id}/conclude`,
    headers: author.headers,
    payload: { resolved: false, unresolvedReason: 'Connections alone will not keep her safe at home' },
  });
  expect(concluded.statusCode).toBe(200);
  const signed = await t.app.inject({
    method: 'POST',
    url: `/v1/stories/${story}/peer-steps`,
    headers: peer.headers,
    payload: { outcome: 'exhausted', why: 'A fair budget is needed' },
  });
  expect(signed.statusCode).toBe(201);
  const c3 = await start(3);
  expect(c3.statusCode).toBe(201);
  return { story, c1: c1.id as string, c3: c3.json().id as string };
}

function determine(payload: Record<string, unknown>, who: SignedIn = socialWorker) {
  return t.app.inject({ method: 'POST', url: '/v1/eligibility-determinations', headers: who.headers, payload });
}

describe('eligibility determinations', () => {
  it('are for social workers only: a practitioner is refused', async () => {
    const { c3 } = await storyToConversationThree();
    const res = await determine({ conversationId: c3, inputs: adultInputs(['nutrition', 'toilet-needs']) }, author);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('come from conversation 3 only: conversation 1 is refused with a reason in words', async () => {
    const { c1 } = await storyToConversationThree();
    const res = await determine({ conversationId: c1, inputs: adultInputs(['nutrition', 'toilet-needs']) });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('eligibility_needs_conversation_3');
  });

  it('find an adult unable to achieve only one outcome not eligible, with the reasons', async () => {
    const { c3 } = await storyToConversationThree();
    const res = await determine({ conversationId: c3, inputs: adultInputs(['nutrition']) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.eligible).toBe(false);
    expect(body.personId).toBe(personId);
    expect(body.findings.find((f: { criterion: string }) => f.criterion === 'outcomes')).toMatchObject({ met: false });
    expect(body.findings.find((f: { criterion: string }) => f.criterion === 'outcomes').reason).toContain(
      'two or more',
    );
    expect(body.indicativeBudget).toBeNull();
    expect(body.eligibleNeeds).toEqual([]);
  });

  it('find an adult with two unmet outcomes eligible, with an indicative budget derived from the table in use', async () => {
    const { c3 } = await storyToConversationThree();
    const res = await determine({ conversationId: c3, inputs: adultInputs(['nutrition', 'toilet-needs']) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.eligible).toBe(true);
    expect(body.eligibleNeeds).toEqual(['nutrition', 'toilet-needs']);
    // The starting table: 12 + 12 points at £5.00 a point.
    expect(body.indicativeBudget).toMatchObject({
      rasVersion: 1,
      totalPoints: 24,
      pencePerPoint: 500,
      weeklyPence: 12000,
    });
    expect(body.indicativeBudget.lines.map((l: { need: string; points: number }) => [l.need, l.points])).toEqual([
      ['nutrition', 12],
      ['toilet-needs', 12],
    ]);
    const events = await t.db.db.select().from(outboxEvents).where(eq(outboxEvents.subjectId, body.id));
    expect(events.map((e) => e.type)).toEqual(['eligibility.determined']);

    const read = await t.app.inject({
      method: 'GET',
      url: `/v1/eligibility-determinations/${body.id}`,
      headers: author.headers,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
  });

  it('find a carer unable to achieve any one outcome eligible, linked to the person cared for', async () => {
    const { c3 } = await storyToConversationThree(carerId);
    const res = await determine({
      conversationId: c3,
      caredForPersonId: personId,
      inputs: {
        kind: 'carer',
        needsArise: true,
        condition: 'Cares for his wife Edith day and night',
        healthDeteriorating: false,
        outcomes: [{ outcome: 'recreation', unableWays: ['significant-pain-distress-anxiety'] }],
        wellbeing: { significant: true, areas: ['health'] },
        needsFluctuate: false,
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'carer', eligible: true, personId: carerId, caredForPersonId: personId });
    expect(body.eligibleNeeds).toEqual(['recreation']);
    // The person cared for finds it in their list too.
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/eligibility-determinations?personId=${personId}`,
      headers: author.headers,
    });
    expect(list.json().items.map((d: { id: string }) => d.id)).toContain(body.id);
  });

  it("refuses a carer's determination without the person cared for, and the 'takes longer' test for a carer", async () => {
    const { c3 } = await storyToConversationThree(carerId);
    const inputs = {
      kind: 'carer',
      needsArise: true,
      condition: 'Cares for Edith',
      healthDeteriorating: true,
      outcomes: [],
      wellbeing: { significant: true, areas: ['health'] },
      needsFluctuate: false,
    };
    const missing = await determine({ conversationId: c3, inputs });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('caredForPersonId');
    const longer = await determine({
      conversationId: c3,
      caredForPersonId: personId,
      inputs: { ...inputs, outcomes: [{ outcome: 'nutrition', unableWays: ['takes-significantly-longer'] }] },
    });
    expect(longer.statusCode).toBe(400);
  });

  it('needs the period considered when needs fluctuate, and keeps it', async () => {
    const { c3 } = await storyToConversationThree();
    const inputs = { ...adultInputs(['nutrition', 'personal-hygiene']), needsFluctuate: true };
    const missing = await determine({ conversationId: c3, inputs });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/inputs/periodConsidered']);
    const period = { from: '2026-08-01', to: '2026-10-31', description: 'Good and bad weeks with the tremor' };
    const res = await determine({ conversationId: c3, inputs: { ...inputs, periodConsidered: period } });
    expect(res.statusCode).toBe(201);
    expect(res.json().periodConsidered).toEqual(period);
  });

  it('answer bad input with problems, never a 500', async () => {
    const { c3 } = await storyToConversationThree();
    for (const payload of [
      { conversationId: c3, inputs: { ...adultInputs([]), outcomes: [{ outcome: 'flying', unableWays: [] }] } },
      { conversationId: c3, inputs: adultInputs(['nutrition', 'nutrition']) },
      { conversationId: '00000000-0000-4000-8000-000000000000', inputs: adultInputs(['nutrition']) },
      { conversationId: c3, inputs: adultInputs(['nutrition']), extra: true },
      { conversationId: c3, caredForPersonId: personId, inputs: adultInputs(['nutrition']) },
    ]) {
      const res = await determine(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });

  it('print a letter as HTML and as a PDF, in plain words without codes', async () => {
    const { c3 } = await storyToConversationThree();
    const unmet = ['nutrition', 'toilet-needs', 'community-facilities'];
    const made = (await determine({ conversationId: c3, inputs: adultInputs(unmet) })).json();
    const html = await t.app.inject({
      method: 'GET',
      url: `/v1/eligibility-determinations/${made.id}/letter`,
      headers: { ...author.headers, accept: 'text/html' },
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    const text = html.body;
    expect(text).toContain('Dear Edith Marsh');
    expect(text).toContain('managing toilet needs');
    expect(text).toContain('£150.00 a week'); // 12 + 12 + 6 points at £5.00
    for (const code of [...adultOutcomes, ...adultUnableWays, ...carerUnableWays, ...wellbeingAreas]) {
      if (code.includes('-')) expect(text, code).not.toContain(code);
    }
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no identifiers

    const pdf = await t.app.inject({
      method: 'GET',
      url: `/v1/eligibility-determinations/${made.id}/letter?format=pdf`,
      headers: author.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const byAccept = await t.app.inject({
      method: 'GET',
      url: `/v1/eligibility-determinations/${made.id}/letter`,
      headers: { ...author.headers, accept: 'application/pdf' },
    });
    expect(byAccept.headers['content-type']).toBe('application/pdf');
  });

  it('keep the indicative budget they were made with when the table changes', async () => {
    const { c3 } = await storyToConversationThree();
    const made = (await determine({ conversationId: c3, inputs: adultInputs(['nutrition', 'toilet-needs']) })).json();
    const current = await t.app.inject({ method: 'GET', url: '/v1/reference/ras', headers: admin.headers });
    const table = current.json();
    const changed = await t.app.inject({
      method: 'PUT',
      url: '/v1/reference/ras',
      headers: { ...admin.headers, 'if-match': current.headers.etag as string },
      payload: { rows: table.rows, pencePerPoint: 800, maximumWeeklyPence: null, note: 'Council uplift 2027' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().version).toBe(table.version + 1);
    const again = await t.app.inject({
      method: 'GET',
      url: `/v1/eligibility-determinations/${made.id}`,
      headers: author.headers,
    });
    expect(again.json().indicativeBudget).toEqual(made.indicativeBudget);
    // A new determination uses the new table.
    const { c3: next } = await storyToConversationThree();
    const later = (
      await determine({ conversationId: next, inputs: adultInputs(['nutrition', 'toilet-needs']) })
    ).json();
    expect(later.indicativeBudget).toMatchObject({ rasVersion: table.version + 1, weeklyPence: 24 * 800 });
    // And the old version can still be read.
    const old = await t.app.inject({
      method: 'GET',
      url: `/v1/reference/ras/versions/${table.version}`,
      headers: author.headers,
    });
    expect(old.json().pencePerPoint).toBe(table.pencePerPoint);
  });

  it('about a restricted person: hidden without access, and opened only with a reason', async () => {
    const hidden = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: author.headers,
        payload: { givenName: 'Ada', familyName: 'Quill', dateOfBirth: '1950-01-01' },
      })
    ).json().id as string;
    const { c3 } = await storyToConversationThree(hidden);
    const made = (await determine({ conversationId: c3, inputs: adultInputs(['nutrition', 'toilet-needs']) })).json();
    await t.db.db.update(people).set({ restricted: true }).where(eq(people.id, hidden));
    const url = `/v1/eligibility-determinations/${made.id}`;
    expect((await t.app.inject({ method: 'GET', url, headers: author.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `${url}/letter`, headers: author.headers })).statusCode).toBe(404);
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/eligibility-determinations?personId=${hidden}`,
      headers: author.headers,
    });
    expect(list.json().items).toEqual([]);
    const lead = await signInAs(t.app, t.db, { roles: ['safeguarding_lead'] });
    const noReason = await t.app.inject({ method: 'GET', url, headers: lead.headers });
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().code).toBe('reason_required');
    const withReason = await t.app.inject({
      method: 'GET',
      url,
      headers: { ...lead.headers, 'x-access-reason': 'Section 42 enquiry open' },
    });
    expect(withReason.statusCode).toBe(200);
  });

  it('can be read by the council with decisions:read', async () => {
    const { c3 } = await storyToConversationThree();
    const made = (await determine({ conversationId: c3, inputs: adultInputs(['nutrition', 'toilet-needs']) })).json();
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['decisions:read'] });
    const { headers } = await tokenFor(t.app, client);
    const res = await t.app.inject({ method: 'GET', url: `/v1/eligibility-determinations/${made.id}`, headers });
    expect(res.statusCode).toBe(200);
  });
});
