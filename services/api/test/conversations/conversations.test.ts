import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs, type SignedIn } from '../support/auth.js';

let t: TestApp;
let author: SignedIn;
let peer: SignedIn;
let practitionerPeer: SignedIn;
let personId: string;
let teamId: string;

const strengths = {
  personalResources: ['Loves gardening, knows every plant'],
  networksOfSupport: ['Daughter visits on Sundays'],
  communityResources: ['Chapel on Thursday'],
};
const participants = [{ name: 'Joan', role: 'the person' }];
const advocacy = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

beforeAll(async () => {
  t = await createTestApp();
  const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  teamId = (
    await t.app.inject({
      method: 'POST',
      url: '/v1/admin/teams',
      headers: admin.headers,
      payload: { name: 'Oswestry' },
    })
  ).json().id;
  author = await signInAs(t.app, t.db, { roles: ['practitioner'], teamIds: [teamId] });
  peer = await signInAs(t.app, t.db, { roles: ['social_worker'], teamIds: [teamId] });
  practitionerPeer = await signInAs(t.app, t.db, { roles: ['practitioner'], teamIds: [teamId] });
  personId = (
    await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: author.headers,
      payload: { givenName: 'Joan', familyName: 'Talbot', dateOfBirth: '1936-02-02' },
    })
  ).json().id;
});
afterAll(() => t.close());

async function openStory() {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/stories',
    headers: author.headers,
    payload: { personId },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

async function start(storyId: string, kind: number, who = author) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/stories/${storyId}/conversations`,
    headers: who.headers,
    payload: { kind },
  });
}

async function record(id: string, body: Record<string, unknown>) {
  const read = await t.app.inject({ method: 'GET', url: `/v1/conversations/${id}`, headers: author.headers });
  return t.app.inject({
    method: 'PATCH',
    url: `/v1/conversations/${id}`,
    headers: { ...author.headers, 'if-match': read.headers.etag as string },
    payload: body,
  });
}

async function concludeUnresolved(id: string) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/conversations/${id}/conclude`,
    headers: author.headers,
    payload: { resolved: false, unresolvedReason: 'Connections alone will not keep her safe at home' },
  });
}

describe('the three conversations', () => {
  it('will not conclude without a strength recorded, naming every broken rule', async () => {
    const story = await openStory();
    const c1 = (await start(story, 1)).json();
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/conversations/${c1.id}/conclude`,
      headers: author.headers,
      payload: { resolved: false },
    });
    expect(res.statusCode).toBe(409);
    const codes = res.json().rules.map((r: { code: string }) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining(['no_strength_recorded', 'unresolved_reason_required', 'advocacy_test_missing']),
    );
  });

  it('needs an independent advocate when the person would struggle and nobody can help', async () => {
    const story = await openStory();
    const c1 = (await start(story, 1)).json();
    await record(c1.id, {
      strengths,
      participants,
      advocacy: {
        substantialDifficulty: { understanding: true, retaining: false, weighing: false, communicating: false },
        appropriatePersonAvailable: false,
        advocateRecorded: false,
      },
    });
    const res = await concludeUnresolved(c1.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().rules.map((r: { code: string }) => r.code)).toEqual(['advocate_required']);
  });

  it('keeps conversation 2 short-term and its contingency money within the caps', async () => {
    const story = await openStory();
    const c2 = (await start(story, 2)).json();
    const tooLong = await t.app.inject({
      method: 'PUT',
      url: `/v1/conversations/${c2.id}/intensive-plan`,
      headers: author.headers,
      payload: { startsOn: '2026-11-01', endsOn: '2027-01-31', whatMustChange: 'Safe at night', actions: [] },
    });
    expect(tooLong.statusCode).toBe(409);
    expect(tooLong.json().code).toBe('horizon_too_long');
    const ok = await t.app.inject({
      method: 'PUT',
      url: `/v1/conversations/${c2.id}/intensive-plan`,
      headers: author.headers,
      payload: {
        startsOn: '2026-11-01',
        endsOn: '2026-12-10',
        whatMustChange: 'Safe at night',
        actions: [{ action: 'Key safe fitted', who: 'Handyperson scheme' }],
      },
    });
    expect(ok.statusCode).toBe(200);
    const spend = (amountPence: number) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/conversations/${c2.id}/contingency-spends`,
        headers: author.headers,
        payload: { amountPence, purpose: 'Key safe' },
      });
    const over = await spend(25_001);
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('over_per_spend_cap');
    for (let i = 0; i < 4; i++) expect((await spend(25_000)).statusCode).toBe(201);
    const fifth = await spend(100);
    expect(fifth.statusCode).toBe(409);
    expect(fifth.json().code).toBe('over_story_cap');
    const ledger = await t.app.inject({
      method: 'GET',
      url: `/v1/conversations/${c2.id}/contingency-spends`,
      headers: author.headers,
    });
    expect(ledger.json()).toMatchObject({
      storySpentPence: 100_000,
      perSpendCapPence: 25_000,
      perStoryCapPence: 100_000,
    });
  });

  it('flags a gap between touchpoints longer than three days', async () => {
    const story = await openStory();
    const c2 = (await start(story, 2)).json();
    await t.app.inject({
      method: 'PUT',
      url: `/v1/conversations/${c2.id}/intensive-plan`,
      headers: author.headers,
      payload: { startsOn: '2026-11-10', endsOn: '2026-11-20', whatMustChange: 'Eating again', actions: [] },
    });
    const log = async (at: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/conversations/${c2.id}/touchpoints`,
        headers: author.headers,
        payload: { at, how: 'visit' },
      });
    await log('2026-11-10T10:00:00Z');
    await log('2026-11-12T10:00:00Z');
    const res = await log('2026-11-18T10:00:00Z');
    expect(res.statusCode).toBe(201);
    expect(res.json().gaps).toEqual([{ from: '2026-11-12', to: '2026-11-18', days: 6, open: false }]);
  });

  it('opens conversation 3 only through the gate: not without a sign-off, not signed by the author or an unqualified colleague', async () => {
    const story = await openStory();
    const c1 = (await start(story, 1)).json();
    await record(c1.id, { strengths, participants, advocacy });
    expect((await concludeUnresolved(c1.id)).statusCode).toBe(200);
    const c2 = (await start(story, 2)).json();
    await record(c2.id, { strengths, participants, advocacy });

    const early = await start(story, 3);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('conversation_3_gate_closed');
    expect(early.json().rules.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['conversation_2_not_concluded', 'peer_sign_off_missing']),
    );
    expect((await concludeUnresolved(c2.id)).statusCode).toBe(200);

    const selfSign = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/peer-steps`,
      headers: author.headers,
      payload: { outcome: 'exhausted', why: 'Mine' },
    });
    expect(selfSign.statusCode).toBe(409); // the author is never a peer
    expect(selfSign.json().code).toBe('peer_step_by_author');
    const unqualified = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/peer-steps`,
      headers: practitionerPeer.headers,
      payload: { outcome: 'exhausted', why: 'Looks exhausted' },
    });
    expect(unqualified.statusCode).toBe(403);
    expect((await start(story, 3)).json().rules.map((r: { code: string }) => r.code)).toEqual([
      'peer_sign_off_missing',
    ]);

    const signed = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/peer-steps`,
      headers: peer.headers,
      payload: { outcome: 'exhausted', why: 'Both conversations tried everything local; a fair budget is needed' },
    });
    expect(signed.statusCode).toBe(201);
    expect(signed.json().conversation3Gate).toEqual({ open: true, route: 'peer_step', unmet: [] });
    const c3 = await start(story, 3);
    expect(c3.statusCode).toBe(201);
    const events = await t.db.pool.query(`select type from outbox_events where subject_id = $1 order by seq`, [story]);
    expect(events.rows.map((r) => r.type)).toEqual(['story.opened', 'conversation3.gate-passed']);
  });

  it('refuses a peer step by a qualified colleague who held one of the conversations', async () => {
    const story = await openStory();
    const c1 = (await start(story, 1, peer)).json();
    const read = await t.app.inject({ method: 'GET', url: `/v1/conversations/${c1.id}`, headers: peer.headers });
    await t.app.inject({
      method: 'PATCH',
      url: `/v1/conversations/${c1.id}`,
      headers: { ...peer.headers, 'if-match': read.headers.etag as string },
      payload: { strengths, participants, advocacy },
    });
    await t.app.inject({
      method: 'POST',
      url: `/v1/conversations/${c1.id}/conclude`,
      headers: peer.headers,
      payload: { resolved: false, unresolvedReason: 'Needs more' },
    });
    const own = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/peer-steps`,
      headers: peer.headers,
      payload: { outcome: 'exhausted', why: 'I think so' },
    });
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('peer_step_by_author');
  });
});

describe('the team board', () => {
  it('shows stories nobody holds; a colleague picks one up, and hands it on with a note', async () => {
    const story = await openStory();
    const handOn = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/hand-on`,
      headers: author.headers,
      payload: { note: 'Needs someone who speaks Welsh' },
    });
    expect(handOn.statusCode).toBe(200);
    const board = await t.app.inject({
      method: 'GET',
      url: `/v1/teams/${teamId}/board?limit=200`,
      headers: peer.headers,
    });
    const item = board.json().items.find((i: { storyId: string }) => i.storyId === story);
    expect(item).toMatchObject({ personName: 'Joan Talbot', lastNote: 'Needs someone who speaks Welsh' });
    const picked = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/pick-up`,
      headers: peer.headers,
      payload: {},
    });
    expect(picked.statusCode).toBe(200);
    expect(picked.json().heldById).toBe(peer.user.id);
    const again = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/pick-up`,
      headers: author.headers,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    const after = await t.app.inject({
      method: 'GET',
      url: `/v1/teams/${teamId}/board?limit=200`,
      headers: peer.headers,
    });
    expect(after.json().items.map((i: { storyId: string }) => i.storyId)).not.toContain(story);
    const noNote = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/hand-on`,
      headers: peer.headers,
      payload: {},
    });
    expect(noNote.statusCode).toBe(400);
  });
});
