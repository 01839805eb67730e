import { compareByUrgency } from '@threefold/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableUser, type SignedIn } from '../support/auth.js';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';

// The team board made trustworthy: stage, days waiting and urgency per card, most urgent first;
// the holder named; restricted stories for those who may see them; paging, not a silent cap;
// a disabled colleague's stories back on their team's board, flagged.

let ctx: TestContext;
let teamId: string;
let holder: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext();
  teamId = (await ctx.newTeam()).id;
  holder = await ctx.signedIn('practitioner', { teamIds: [teamId] });
  colleague = await ctx.signedIn('social_worker', { teamIds: [teamId] });
  lead = await ctx.signedIn('safeguarding_lead', { teamIds: [teamId] });
});
afterAll(() => ctx.close());

type Card = {
  storyId: string;
  personName: string;
  stage: string;
  daysWaiting: number;
  waitingSince: string;
  urgency: { level: string; touchpointOverdue: boolean; atRiskUnheld: boolean };
  heldById: string | null;
  holderName: string | null;
  holderDisabled: boolean;
  openRequests: { kind: string }[];
};

async function openStory(team: string, as: SignedIn = holder, person?: { id: string }) {
  const who = person ?? (await ctx.newPerson({}, as));
  return (
    await ctx.call(as, { method: 'POST', url: '/v1/stories', payload: { personId: who.id, teamId: team } }, 201)
  ).json().id as string;
}
const handOn = (id: string, as: Caller = holder) =>
  ctx.call(as, { method: 'POST', url: `/v1/stories/${id}/hand-on`, payload: { note: 'Needs someone' } }, 200);
const start = async (id: string, kind: number, as: Caller = holder) =>
  (await ctx.call(as, { method: 'POST', url: `/v1/stories/${id}/conversations`, payload: { kind } }, 201)).json()
    .id as string;
/** Moves everything that happened on a story `days` into the past. */
async function backdate(storyId: string, days: number) {
  const q = (text: string) => ctx.db.pool.query(text, [storyId, `${days} days`]);
  await q(`update stories set opened_at = opened_at - $2::interval where id = $1`);
  await q(`update story_events set at = at - $2::interval where story_id = $1`);
  await q(`update conversations set started_at = started_at - $2::interval,
             concluded_at = concluded_at - $2::interval where story_id = $1`);
  await q(
    `update touchpoints set at = at - $2::interval where conversation_id in (select id from conversations where story_id = $1)`,
  );
}
async function board(team: string, as: Caller = holder, query = '') {
  return (await ctx.call(as, { method: 'GET', url: `/v1/teams/${team}/board${query}` }, 200)).json() as {
    items: Card[];
    nextCursor: string | null;
  };
}
async function wholeBoard(team: string, as: Caller, limit: number) {
  const all: Card[] = [];
  let cursor: string | null = null;
  do {
    const page = await board(team, as, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe('a card', () => {
  it('shows the stage from the story’s conversations, days waiting since it went on the board, and urgency', async () => {
    const team = (await ctx.newTeam()).id;
    const atContact = await openStory(team);
    await handOn(atContact);
    await backdate(atContact, 3);
    const inTwo = await openStory(team);
    await start(inTwo, 1);
    await start(inTwo, 2);
    await handOn(inTwo);
    await backdate(inTwo, 90);
    const { items } = await board(team);
    const two = items.find((c) => c.storyId === inTwo)!;
    expect(two).toMatchObject({
      stage: 'conversation_2',
      daysWaiting: 90,
      heldById: null,
      holderName: null,
      urgency: { level: 'touchpoint_overdue', touchpointOverdue: true, atRiskUnheld: true },
    });
    const contact = items.find((c) => c.storyId === atContact)!;
    expect(contact).toMatchObject({
      stage: 'contact',
      daysWaiting: 3,
      urgency: { level: 'routine', atRiskUnheld: false },
    });
    // Conversation 2 and overdue touchpoints first.
    expect(items.map((c) => c.storyId)).toEqual([inTwo, atContact]);
  });

  it('is back in conversation 1 when conversation 1 started again after 2, and flags a long wait', async () => {
    const team = (await ctx.newTeam()).id;
    const id = await openStory(team);
    await start(id, 2);
    await backdate(id, 1);
    await start(id, 1);
    await handOn(id);
    await backdate(id, 20);
    const [card] = (await board(team)).items;
    expect(card).toMatchObject({ storyId: id, stage: 'conversation_1', urgency: { level: 'waiting_long' } });
  });

  it('names the holder of a held story asking for a peer step', async () => {
    const team = (await ctx.newTeam()).id;
    const id = await openStory(team);
    await ctx.call(
      holder,
      { method: 'POST', url: `/v1/stories/${id}/peer-step-request`, payload: { note: 'Falls' } },
      200,
    );
    const colleagues = (await ctx.call(holder, { method: 'GET', url: '/v1/colleagues' }, 200)).json().items as {
      id: string;
      displayName: string;
    }[];
    const [card] = (await board(team)).items;
    expect(card).toMatchObject({
      storyId: id,
      heldById: holder.user.id,
      holderName: colleagues.find((c) => c.id === holder.user.id)!.displayName,
      holderDisabled: false,
      openRequests: [expect.objectContaining({ kind: 'peer_step' })],
    });
  });

  it('leaves a held story with nothing asked off the board, and a closed story never on it', async () => {
    const team = (await ctx.newTeam()).id;
    const held = await openStory(team);
    const closed = await openStory(team);
    await handOn(closed);
    await ctx.db.pool.query(`update stories set status = 'closed', closed_at = now() where id = $1`, [closed]);
    const ids = (await board(team)).items.map((c) => c.storyId);
    expect(ids).not.toContain(held);
    expect(ids).not.toContain(closed);
  });
});

describe('restricted people', () => {
  it('shows their stories to colleagues who may see restricted people, and hides them from others', async () => {
    const team = (await ctx.newTeam()).id;
    const person = await ctx.newPerson({ restricted: true }, lead);
    const id = await openStory(team, lead, person);
    await handOn(id, lead);
    expect((await board(team, lead)).items.map((c) => c.storyId)).toContain(id);
    expect((await board(team, holder)).items.map((c) => c.storyId)).not.toContain(id);
    expect((await board(team, colleague)).items.map((c) => c.storyId)).not.toContain(id);
  });
});

describe('a disabled colleague’s stories', () => {
  it('return to their team’s board flagged, named, and can be picked up', async () => {
    const team = (await ctx.newTeam()).id;
    const leaver = await ctx.signedIn('practitioner', { teamIds: [team], fresh: true });
    const id = await openStory(team, leaver);
    expect((await board(team)).items.map((c) => c.storyId)).not.toContain(id);
    await disableUser(ctx.db, leaver.user.id);
    const card = (await board(team)).items.find((c) => c.storyId === id);
    expect(card).toMatchObject({ heldById: leaver.user.id, holderDisabled: true });
    expect(card!.holderName).toBeTruthy();
    await ctx.call(holder, { method: 'POST', url: `/v1/stories/${id}/pick-up`, payload: {} }, 200);
    expect((await board(team)).items.map((c) => c.storyId)).not.toContain(id);
  });
});

describe('paging', () => {
  it('walks the whole board a page at a time with no gaps and no duplicates, in urgency order', async () => {
    const team = (await ctx.newTeam()).id;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = await openStory(team);
      if (i % 3 === 0) await start(id, 2);
      else if (i % 3 === 1) await start(id, 1);
      await handOn(id);
      await backdate(id, i * 4);
      made.push(id);
    }
    // Two with the same wait: the story id breaks the tie.
    await ctx.db.pool.query(`update stories set opened_at = $2 where id = any($1)`, [made.slice(0, 2), new Date(0)]);
    await ctx.db.pool.query(`update story_events set at = $2 where story_id = any($1)`, [
      made.slice(0, 2),
      new Date(0),
    ]);
    const everything = await wholeBoard(team, holder, 200);
    expect(everything.map((c) => c.storyId).sort()).toEqual([...made].sort());
    const paged = await wholeBoard(team, holder, 2);
    expect(paged.map((c) => c.storyId)).toEqual(everything.map((c) => c.storyId));
    const rank = (l: string) => ['touchpoint_overdue', 'conversation_2', 'waiting_long', 'routine'].indexOf(l);
    const keys = paged.map((c) => ({
      rank: rank(c.urgency.level),
      waitingSince: new Date(c.waitingSince),
      storyId: c.storyId,
    }));
    for (let i = 1; i < keys.length; i++) expect(compareByUrgency(keys[i - 1]!, keys[i]!)).toBeLessThanOrEqual(0);
  });

  it('refuses a cursor it did not issue, and answers 404 for an unknown team', async () => {
    const bad = await ctx.call(holder, { method: 'GET', url: `/v1/teams/${teamId}/board?cursor=bm9wZQ` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
    // Well-formed JSON with a sort key the API never issues is refused too, not a 500.
    const forged = Buffer.from(
      JSON.stringify([new Date().toISOString(), 0, 'not a time', '00000000-0000-4000-8000-000000000000']),
    ).toString('base64url');
    const refused = await ctx.call(holder, { method: 'GET', url: `/v1/teams/${teamId}/board?cursor=${forged}` });
    expect(refused.statusCode).toBe(400);
    await ctx.call(holder, { method: 'GET', url: '/v1/teams/00000000-0000-4000-8000-000000000000/board' }, 404);
  });
});
