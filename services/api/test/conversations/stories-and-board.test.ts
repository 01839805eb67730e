import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, disableUser, signInAs, tokenFor, type SignedIn } from '../support/auth.js';

let t: TestApp;
let frontDoor: SignedIn;
let colleague: SignedIn;
let peer: SignedIn;
let council: Record<string, string>;
let teamId: string;

const contact = {
  channel: 'phone',
  madeBy: 'self',
  routeOfAccess: 'community_other',
  whatMatters: 'Getting back to the allotment',
};

beforeAll(async () => {
  t = await createTestApp();
  const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  teamId = (
    await t.app.inject({ method: 'POST', url: '/v1/admin/teams', headers: admin.headers, payload: { name: 'Ludlow' } })
  ).json().id;
  frontDoor = await signInAs(t.app, t.db, { roles: ['practitioner'], teamIds: [teamId] });
  colleague = await signInAs(t.app, t.db, { roles: ['practitioner'], teamIds: [teamId] });
  peer = await signInAs(t.app, t.db, { roles: ['social_worker'], teamIds: [teamId] });
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:write', 'contacts:read'] });
  council = (await tokenFor(t.app, client)).headers;
});
afterAll(() => t.close());

let born = 0;
async function newPerson(givenName: string) {
  born += 1;
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/people',
    headers: frontDoor.headers,
    payload: { givenName, familyName: 'Hughes', dateOfBirth: `1941-05-${String(born).padStart(2, '0')}` },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

const story = async (id: string, who = frontDoor) =>
  (await t.app.inject({ method: 'GET', url: `/v1/stories/${id}`, headers: who.headers })).json();

describe('a contact progressed to conversation 1', () => {
  it('opens the person’s story linked to the contact, in the same transaction, with story.opened', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: frontDoor.headers,
      payload: {
        ...contact,
        person: { givenName: 'Megan', familyName: 'Pryce', dateOfBirth: '1944-03-01' },
        outcome: 'progressed_to_conversation_1',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.storyId).toEqual(expect.any(String));
    const opened = await story(body.storyId);
    expect(opened).toMatchObject({
      personId: body.personId,
      contactId: body.id,
      contactIds: [body.id],
      status: 'open',
      heldById: frontDoor.user.id,
      teamId,
      conversations: [],
    });
    const events = await t.db.pool.query(`select type, data from outbox_events where subject_id = $1`, [body.storyId]);
    expect(events.rows).toEqual([{ type: 'story.opened', data: expect.objectContaining({ contactId: body.id }) }]);
    // The contact says which story, when read on its own and in a list.
    const read = await t.app.inject({ method: 'GET', url: `/v1/contacts/${body.id}`, headers: frontDoor.headers });
    expect(read.json().storyId).toBe(body.storyId);
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/contacts?personId=${body.personId}`,
      headers: frontDoor.headers,
    });
    expect(list.json().items.map((c: { storyId: string }) => c.storyId)).toEqual([body.storyId]);
    // Conversation 1 starts on it.
    const c1 = await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${body.storyId}/conversations`,
      headers: frontDoor.headers,
      payload: { kind: 1 },
    });
    expect(c1.statusCode).toBe(201);
  });

  it('reuses the person’s open story for a later contact, without a second story.opened', async () => {
    const personId = await newPerson('Ifor');
    const first = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/contacts',
        headers: frontDoor.headers,
        payload: { ...contact, personId, outcome: 'progressed_to_conversation_1' },
      })
    ).json();
    const later = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: colleague.headers,
      payload: { ...contact, personId, whatMatters: 'The allotment again' },
    });
    expect(later.json().storyId).toBeNull();
    const outcome = await t.app.inject({
      method: 'POST',
      url: `/v1/contacts/${later.json().id}/outcome`,
      headers: colleague.headers,
      payload: { outcome: 'progressed_to_conversation_1' },
    });
    expect(outcome.statusCode).toBe(200);
    expect(outcome.json().storyId).toBe(first.storyId);
    const joined = await story(first.storyId);
    expect(joined.contactIds).toEqual([first.id, later.json().id]);
    expect(joined.events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'contact']);
    const { rows } = await t.db.pool.query(
      `select (select count(*)::int from stories where person_id = $1) as stories,
              (select count(*)::int from outbox_events where type = 'story.opened' and data->>'personId' = $1::text) as opened`,
      [personId],
    );
    expect(rows[0]).toEqual({ stories: 1, opened: 1 });
  });

  it('from a council system leaves the story on the team’s board for a colleague to pick up', async () => {
    const personId = await newPerson('Gwen');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: council,
      payload: { ...contact, channel: 'council_system', personId, teamId, outcome: 'progressed_to_conversation_1' },
    });
    expect(res.statusCode).toBe(201);
    expect((await story(res.json().storyId)).heldById).toBeNull();
    const board = await t.app.inject({
      method: 'GET',
      url: `/v1/teams/${teamId}/board?limit=200`,
      headers: colleague.headers,
    });
    expect(board.json().items.map((i: { storyId: string }) => i.storyId)).toContain(res.json().storyId);
  });

  it('is refused when nobody knows who the person is, and nothing is recorded', async () => {
    const before = await t.db.pool.query(`select count(*)::int as n from contacts`);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: frontDoor.headers,
      payload: { ...contact, outcome: 'progressed_to_conversation_1' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'outcome' })]);
    const after = await t.db.pool.query(`select count(*)::int as n from contacts`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('information and advice opens no story', async () => {
    const personId = await newPerson('Rhys');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: frontDoor.headers,
      payload: { ...contact, personId, outcome: 'information_and_advice' },
    });
    expect(res.json().storyId).toBeNull();
    const { rows } = await t.db.pool.query(`select count(*)::int as n from stories where person_id = $1`, [personId]);
    expect(rows[0].n).toBe(0);
  });

  it('opening a story by hand checks the contact is about the same person', async () => {
    const personId = await newPerson('Nia');
    const other = await newPerson('Siân');
    const c = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/contacts',
        headers: frontDoor.headers,
        payload: { ...contact, personId },
      })
    ).json();
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/stories',
      headers: frontDoor.headers,
      payload: { personId: other, contactId: c.id },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('contactId');
    const right = await t.app.inject({
      method: 'POST',
      url: '/v1/stories',
      headers: frontDoor.headers,
      payload: { personId, contactId: c.id },
    });
    expect(right.statusCode).toBe(201);
    expect(right.json().contactIds).toEqual([c.id]);
  });
});

describe('board actions', () => {
  async function heldStory() {
    const personId = await newPerson('Owain');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/stories',
      headers: frontDoor.headers,
      payload: { personId },
    });
    return res.json().id as string;
  }
  const act = (id: string, path: string, who: SignedIn, payload: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `/v1/stories/${id}/${path}`, headers: who.headers, payload });

  it('invites only an active colleague who is someone else', async () => {
    const id = await heldStory();
    expect((await act(id, 'invite', frontDoor, {})).statusCode).toBe(400);
    const self = await act(id, 'invite', frontDoor, { colleagueId: frontDoor.user.id });
    expect(self.statusCode).toBe(400);
    const unknown = await act(id, 'invite', frontDoor, { colleagueId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('colleagueId');
    const leaver = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    await disableUser(t.db, leaver.user.id);
    expect((await act(id, 'invite', frontDoor, { colleagueId: leaver.user.id })).statusCode).toBe(400);
    // An administrator cannot read stories, so cannot be invited to one; the list says who can.
    const administrator = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
    const refused = await act(id, 'invite', frontDoor, { colleagueId: administrator.user.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'colleagueId' });
    expect(refused.json().errors[0].message).toMatch(/cannot see stories/);
    const ok = await act(id, 'invite', frontDoor, { colleagueId: colleague.user.id, note: 'You know the family' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().events.at(-1)).toMatchObject({
      kind: 'invite',
      byId: frontDoor.user.id,
      colleagueId: colleague.user.id,
      note: 'You know the family',
    });
    expect(ok.json().heldById).toBe(frontDoor.user.id);
    const list = await t.app.inject({ method: 'GET', url: '/v1/colleagues', headers: frontDoor.headers });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((c: { id: string }) => c.id);
    expect(ids).toContain(colleague.user.id);
    expect(ids).not.toContain(leaver.user.id);
    expect(list.json().items.find((c: { id: string }) => c.id === peer.user.id)).toMatchObject({
      qualified: true,
      seesConversations: true,
      teamIds: [teamId],
    });
    expect(list.json().items.find((c: { id: string }) => c.id === administrator.user.id)).toMatchObject({
      qualified: false,
      seesConversations: false,
    });
  });

  it('a peer step asked for shows on the story and the board until a peer gives it', async () => {
    const id = await heldStory();
    const asked = await act(id, 'peer-step-request', frontDoor, { note: 'Am I missing something about the risks?' });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().openRequests).toEqual([
      expect.objectContaining({
        kind: 'peer_step',
        byId: frontDoor.user.id,
        note: 'Am I missing something about the risks?',
      }),
    ]);
    expect((await act(id, 'peer-step-request', frontDoor)).json().code).toBe('request_already_open');

    const board = await t.app.inject({
      method: 'GET',
      url: `/v1/teams/${teamId}/board?limit=200`,
      headers: peer.headers,
    });
    const item = board.json().items.find((i: { storyId: string }) => i.storyId === id);
    expect(item).toMatchObject({
      heldById: frontDoor.user.id,
      openRequests: [expect.objectContaining({ kind: 'peer_step' })],
    });

    const give = (who: SignedIn, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/v1/stories/${id}/peer-steps`, headers: who.headers, payload });
    const byHolder = await give(frontDoor, { outcome: 'advice', why: 'Looks fine to me' });
    expect(byHolder.statusCode).toBe(409);
    expect(byHolder.json().code).toBe('peer_step_by_author');
    expect((await give(peer, { outcome: 'advice' })).statusCode).toBe(400);
    const given = await give(peer, { outcome: 'advice', why: 'Talk to the GP about falls before the plan' });
    expect(given.statusCode).toBe(201);
    expect(given.json().openRequests).toEqual([]);
    const after = await t.app.inject({
      method: 'GET',
      url: `/v1/teams/${teamId}/board?limit=200`,
      headers: peer.headers,
    });
    expect(after.json().items.map((i: { storyId: string }) => i.storyId)).not.toContain(id);
    // Asked again later, it is open again.
    expect((await act(id, 'peer-step-request', frontDoor)).json().openRequests).toHaveLength(1);
  });

  it('a risk panel asked for is recorded with what was agreed', async () => {
    const id = await heldStory();
    expect((await act(id, 'risk-panel/held', colleague, { note: 'Agreed' })).json().code).toBe('no_open_request');
    await act(id, 'risk-panel', frontDoor, { note: 'She wants to keep driving' });
    const held = await act(id, 'risk-panel/held', colleague, { note: 'Driving assessment first; review in a month' });
    expect(held.statusCode).toBe(200);
    expect(held.json().openRequests).toEqual([]);
    expect(held.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'risk_panel_requested',
      'risk_panel_held',
    ]);
  });
});
