import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';

// One peer step (replacing peer review and peer sign-off): asked for or not, given by a colleague
// who is not the story's author, with who/when/outcome/why on the story; `exhausted` answers the
// conversation 3 gate from a qualified peer.

let ctx: TestContext;
let teamId: string;
let author: SignedIn;
let peer: SignedIn;
let practitionerPeer: SignedIn;

const strengths = {
  personalResources: ['Loves gardening'],
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
  ctx = await createTestContext();
  teamId = (await ctx.newTeam()).id;
  author = await ctx.signedIn('practitioner', { teamIds: [teamId] });
  peer = await ctx.signedIn('social_worker', { teamIds: [teamId] });
  practitionerPeer = await ctx.signedIn('practitioner', { teamIds: [teamId], fresh: true });
});
afterAll(() => ctx.close());

async function openStory(as: SignedIn = author) {
  const person = await ctx.newPerson({}, as);
  return (
    await ctx.call(as, { method: 'POST', url: '/v1/stories', payload: { personId: person.id, teamId } }, 201)
  ).json().id as string;
}
const story = async (id: string, as: Caller) =>
  (await ctx.call(as, { method: 'GET', url: `/v1/stories/${id}` }, 200)).json();
const give = (id: string, as: Caller, outcome: string, why = 'Because') =>
  ctx.call(as, { method: 'POST', url: `/v1/stories/${id}/peer-steps`, payload: { outcome, why } });
const start = (id: string, kind: number, as: Caller = author) =>
  ctx.call(as, { method: 'POST', url: `/v1/stories/${id}/conversations`, payload: { kind } });

/** Conversation 1 by the author, concluded unresolved with a reason. */
async function exhaustedOne(id: string, as: SignedIn = author) {
  const c1 = (await start(id, 1, as)).json();
  const read = await ctx.call(as, { method: 'GET', url: `/v1/conversations/${c1.id}` }, 200);
  await ctx.call(
    as,
    {
      method: 'PATCH',
      url: `/v1/conversations/${c1.id}`,
      headers: { 'if-match': read.headers.etag as string },
      payload: { strengths, participants, advocacy },
    },
    200,
  );
  await ctx.call(
    as,
    {
      method: 'POST',
      url: `/v1/conversations/${c1.id}/conclude`,
      payload: { resolved: false, unresolvedReason: 'Connections alone will not keep her safe' },
    },
    200,
  );
  return c1.id as string;
}

describe('who may give a peer step', () => {
  it('never the holder, nor anyone who led a conversation on the story: 409, and the story says so', async () => {
    const id = await openStory();
    await exhaustedOne(id);
    const byHolder = await give(id, author, 'advice');
    expect(byHolder.statusCode).toBe(409);
    expect(byHolder.json().code).toBe('peer_step_by_author');
    expect((await story(id, author)).mayGivePeerStep).toBe(false);
    expect((await story(id, peer)).mayGivePeerStep).toBe(true);

    // Handed on, the author who led conversation 1 is still its author; a colleague who picks it up holds it.
    await ctx.call(author, { method: 'POST', url: `/v1/stories/${id}/hand-on`, payload: { note: 'Over to you' } }, 200);
    await ctx.call(practitionerPeer, { method: 'POST', url: `/v1/stories/${id}/pick-up`, payload: {} }, 200);
    expect((await give(id, author, 'advice')).json().code).toBe('peer_step_by_author');
    expect((await give(id, practitionerPeer, 'advice')).json().code).toBe('peer_step_by_author');
    expect((await story(id, author)).mayGivePeerStep).toBe(false);
    expect((await story(id, practitionerPeer)).mayGivePeerStep).toBe(false);
    expect((await give(id, peer, 'advice', 'Fine')).statusCode).toBe(201);
  });

  it('signs off conversations as exhausted only from a qualified colleague (403), who may still advise', async () => {
    const id = await openStory();
    await exhaustedOne(id);
    const unqualified = await give(id, practitionerPeer, 'exhausted');
    expect(unqualified.statusCode).toBe(403);
    expect(unqualified.json().code).toBe('peer_step_not_qualified');
    expect((await give(id, practitionerPeer, 'not_exhausted', 'Try the lunch club first')).statusCode).toBe(201);
  });

  it('needs a why', async () => {
    const id = await openStory();
    expect((await give(id, peer, 'advice', '   ')).statusCode).toBe(400);
    expect(
      (
        await ctx.call(peer, {
          method: 'POST',
          url: `/v1/stories/${id}/peer-steps`,
          payload: { outcome: 'odd', why: 'x' },
        })
      ).statusCode,
    ).toBe(400);
  });
});

describe('a peer step given', () => {
  it('answers an open request and shows who, when, the outcome and why on the story and its history', async () => {
    const id = await openStory();
    const asked = await ctx.call(
      author,
      { method: 'POST', url: `/v1/stories/${id}/peer-step-request`, payload: { note: 'Am I missing the risks?' } },
      200,
    );
    expect(asked.json().openRequests).toEqual([expect.objectContaining({ kind: 'peer_step', byId: author.user.id })]);
    const again = await ctx.call(author, { method: 'POST', url: `/v1/stories/${id}/peer-step-request`, payload: {} });
    expect(again.json().code).toBe('request_already_open');

    const given = await give(id, peer, 'advice', 'Talk to the GP about falls before the plan');
    expect(given.statusCode).toBe(201);
    const body = given.json();
    expect(body.openRequests).toEqual([]);
    expect(body.peerSteps).toEqual([
      expect.objectContaining({
        byId: peer.user.id,
        outcome: 'advice',
        why: 'Talk to the GP about falls before the plan',
        qualified: true,
        at: expect.any(String),
      }),
    ]);
    expect(body.events.at(-1)).toMatchObject({
      kind: 'peer_step_advice',
      byId: peer.user.id,
      note: 'Talk to the GP about falls before the plan',
    });
    // Not on the board any more: nothing is asked.
    const boardIds = (await ctx.call(author, { method: 'GET', url: `/v1/teams/${teamId}/board?limit=200` }, 200))
      .json()
      .items.map((c: { storyId: string }) => c.storyId);
    expect(boardIds).not.toContain(id);
  });

  it('may be given unasked', async () => {
    const id = await openStory();
    expect((await give(id, peer, 'advice', 'A second look')).statusCode).toBe(201);
  });
});

describe('the conversation 3 gate', () => {
  it('opens only on an `exhausted` peer step from a qualified colleague, not on advice or not_exhausted', async () => {
    const id = await openStory();
    const c1 = await exhaustedOne(id);
    await give(id, peer, 'advice', 'Looks hard');
    await give(id, practitionerPeer, 'not_exhausted', 'Try the lunch club');
    const closed = await start(id, 3);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().rules.map((r: { code: string }) => r.code)).toEqual(['peer_sign_off_missing']);
    const signed = await give(id, peer, 'exhausted', 'Everything local was tried; a fair budget is needed');
    expect(signed.statusCode).toBe(201);
    expect(signed.json().conversation3Gate).toEqual({ open: true, route: 'peer_step', unmet: [] });
    expect(signed.json().peerSteps.at(-1)).toMatchObject({ outcome: 'exhausted', conversationIds: [c1] });
    expect((await start(id, 3)).statusCode).toBe(201);
  });
});
