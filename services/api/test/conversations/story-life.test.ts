import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpAllInsights } from '../../src/modules/insights/facts.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';

// A fixed clock, in the past of the database's own clock, so a closing's day can be rolled up.
const NOW = new Date('2026-11-20T10:00:00Z');
const DAY = '2026-11-20';
let ctx: TestContext;
let holder: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;
let teamId: string;

const strengths = {
  personalResources: ['Knows every bus route in town'],
  networksOfSupport: ['Neighbour calls in most days'],
  communityResources: ['Lunch club on Wednesdays'],
};
const participants = [{ name: 'Elsie', role: 'the person' }];
const advocacy = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};
const contact = {
  channel: 'phone',
  madeBy: 'self',
  routeOfAccess: 'community_other',
  whatMatters: 'Getting out again',
};
const asked = { resolvedWhatMattered: 'yes', personsWords: 'I’m back at the lunch club and that is what I wanted.' };

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  teamId = (await ctx.newTeam()).id;
  holder = await ctx.signedIn('practitioner', { teamIds: [teamId] });
  colleague = await ctx.signedIn('social_worker', { teamIds: [teamId] });
  lead = await ctx.signedIn('safeguarding_lead', { teamIds: [teamId] });
});
afterAll(() => ctx.close());

const etag = (s: { id: string; version: number }) => `"${s.id}.v${s.version}"`;
const read = async (id: string, as: Caller = holder) =>
  (await ctx.call(as, { method: 'GET', url: `/v1/stories/${id}` }, 200)).json();

async function openStory(personId?: string) {
  const person = personId ?? (await ctx.newPerson()).id;
  const res = await ctx.call(
    holder,
    { method: 'POST', url: '/v1/stories', payload: { personId: person, teamId } },
    201,
  );
  return res.json() as { id: string; version: number; personId: string };
}

async function startConversation(storyId: string, kind: number) {
  return (
    await ctx.call(holder, { method: 'POST', url: `/v1/stories/${storyId}/conversations`, payload: { kind } }, 201)
  ).json() as { id: string };
}

async function conclude(conversationId: string, resolved: boolean) {
  const current = await ctx.call(holder, { method: 'GET', url: `/v1/conversations/${conversationId}` }, 200);
  await ctx.call(
    holder,
    {
      method: 'PATCH',
      url: `/v1/conversations/${conversationId}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: { strengths, participants, advocacy },
    },
    200,
  );
  await ctx.call(
    holder,
    {
      method: 'POST',
      url: `/v1/conversations/${conversationId}/conclude`,
      payload: resolved ? { resolved: true } : { resolved: false, unresolvedReason: 'More is needed to be safe' },
    },
    200,
  );
}

async function close(storyId: string, body: Record<string, unknown>, as: Caller = holder) {
  const story = await read(storyId);
  return ctx.call(as, {
    method: 'POST',
    url: `/v1/stories/${storyId}/close`,
    headers: { 'if-match': etag(story) },
    payload: body,
  });
}

async function reopen(storyId: string, reason = 'Elsie rang again: the lunch club has closed') {
  const story = await read(storyId);
  return ctx.call(holder, {
    method: 'POST',
    url: `/v1/stories/${storyId}/reopen`,
    headers: { 'if-match': etag(story) },
    payload: { reason },
  });
}

async function resolvedInConversation1() {
  const story = await openStory();
  const c1 = await startConversation(story.id, 1);
  await conclude(c1.id, true);
  return story;
}

describe('closing a story', () => {
  it('closes with a reason and the person’s own words, records the stage, who and when, and emits story.closed', async () => {
    const story = await resolvedInConversation1();
    const res = await close(story.id, {
      reason: 'resolved_in_conversation_1',
      ...asked,
      note: 'Lunch club every week',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'closed',
      closure: {
        reason: 'resolved_in_conversation_1',
        stage: 'conversation_1',
        resolvedWhatMattered: 'yes',
        personsWords: asked.personsWords,
        note: 'Lunch club every week',
        closedAt: NOW.toISOString(),
        closedById: holder.user.id,
      },
    });
    expect(res.headers.etag).toBe(etag(res.json()));
    // (Entries written without the request's clock carry the database's time, so find it by kind.)
    expect(res.json().events.find((e: { kind: string }) => e.kind === 'closed')).toMatchObject({
      byId: holder.user.id,
      note: 'resolved_in_conversation_1: Lunch club every week',
      at: NOW.toISOString(),
    });
    const events = await ctx.db.pool.query(`select type, data from outbox_events where subject_id = $1 order by 1`, [
      story.id,
    ]);
    expect(events.rows.map((r) => r.type)).toContain('story.closed');
    expect(events.rows.find((r) => r.type === 'story.closed')!.data).toMatchObject({
      reason: 'resolved_in_conversation_1',
      stage: 'conversation_1',
    });
    const audit = await ctx.db.pool.query(
      `select 1 from audit_events where action = 'story.close' and resource_id = $1`,
      [story.id],
    );
    expect(audit.rowCount).toBe(1);
    // The person's stories show it closed too.
    const list = (await ctx.call(holder, { method: 'GET', url: `/v1/people/${story.personId}/stories` }, 200)).json();
    expect(list.items[0].closure.reason).toBe('resolved_in_conversation_1');
  });

  it('refuses a resolved reason the conversations do not back, listing every broken rule', async () => {
    const story = await openStory();
    const c1 = await startConversation(story.id, 1);
    const res = await close(story.id, { reason: 'resolved_in_conversation_1', resolvedWhatMattered: 'partly' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('story_cannot_close');
    expect(res.json().rules.map((r: { code: string }) => r.code)).toEqual([
      'conversation_not_held',
      'conversation_still_open',
      'persons_words_required',
    ]);
    await conclude(c1.id, false);
    const unresolved = await close(story.id, { reason: 'resolved_in_conversation_1', ...asked });
    expect(unresolved.json().rules.map((r: { code: string }) => r.code)).toEqual(['conversation_not_resolved']);
    const support = await close(story.id, { reason: 'long_term_support_arranged', ...asked });
    expect(support.json().rules.map((r: { code: string }) => r.code)).toEqual(['conversation_3_not_held']);
    expect((await read(story.id)).status).toBe('open');
  });

  it('closes for a reason outside the practice with a conversation still open; a person who died is not asked', async () => {
    const story = await openStory();
    await startConversation(story.id, 1);
    const asking = await close(story.id, { reason: 'died', ...asked });
    expect(asking.statusCode).toBe(409);
    expect(asking.json().rules.map((r: { code: string }) => r.code)).toEqual(['cannot_be_asked']);
    const res = await close(story.id, { reason: 'died', resolvedWhatMattered: 'not_asked' });
    expect(res.statusCode).toBe(200);
    expect(res.json().closure).toMatchObject({ stage: 'conversation_1', personsWords: null });
  });

  it('needs the version read (If-Match) and refuses to close a closed story', async () => {
    const story = await openStory();
    const body = { reason: 'moved_away', resolvedWhatMattered: 'not_asked' };
    const bare = await ctx.call(holder, { method: 'POST', url: `/v1/stories/${story.id}/close`, payload: body });
    expect(bare.statusCode).toBe(428);
    const stale = await ctx.call(holder, {
      method: 'POST',
      url: `/v1/stories/${story.id}/close`,
      headers: { 'if-match': `"${story.id}.v999"` },
      payload: body,
    });
    expect(stale.statusCode).toBe(412);
    expect((await close(story.id, body)).statusCode).toBe(200);
    const again = await close(story.id, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('story_closed');
  });

  it('rejects a reason outside the fixed list and unknown fields', async () => {
    const story = await openStory();
    expect((await close(story.id, { reason: 'bored', resolvedWhatMattered: 'not_asked' })).statusCode).toBe(400);
    expect(
      (await close(story.id, { reason: 'moved_away', resolvedWhatMattered: 'not_asked', extra: 1 })).statusCode,
    ).toBe(400);
  });
});

describe('a closed story', () => {
  it('accepts no new conversation, touchpoint, spend, plan, request, pick-up or peer step', async () => {
    const story = await openStory();
    const c2 = await startConversation(story.id, 2);
    expect((await close(story.id, { reason: 'moved_away', resolvedWhatMattered: 'not_asked' })).statusCode).toBe(200);
    const attempts = [
      { method: 'POST', url: `/v1/stories/${story.id}/conversations`, payload: { kind: 1 } },
      { method: 'POST', url: `/v1/conversations/${c2.id}/touchpoints`, payload: { how: 'visit' } },
      {
        method: 'POST',
        url: `/v1/conversations/${c2.id}/contingency-spends`,
        payload: { amountPence: 500, purpose: 'Taxi' },
      },
      {
        method: 'PUT',
        url: `/v1/conversations/${c2.id}/intensive-plan`,
        payload: { startsOn: DAY, endsOn: '2026-11-27', whatMustChange: 'Safe at night', actions: [] },
      },
      { method: 'POST', url: `/v1/stories/${story.id}/peer-step-request`, payload: { note: 'Please look' } },
      { method: 'POST', url: `/v1/stories/${story.id}/hand-on`, payload: { note: 'Over to you' } },
    ] as const;
    for (const attempt of attempts) {
      const res = await ctx.call(holder, { ...attempt });
      expect([res.statusCode, res.json().code, attempt.url]).toEqual([409, 'story_closed', attempt.url]);
    }
    const peerStep = await ctx.call(colleague, {
      method: 'POST',
      url: `/v1/stories/${story.id}/peer-steps`,
      payload: { outcome: 'advice', why: 'Try the lunch club' },
    });
    expect([peerStep.statusCode, peerStep.json().code]).toEqual([409, 'story_closed']);
  });

  it('leaves a new contact for the person to open a new story', async () => {
    const story = await openStory();
    expect((await close(story.id, { reason: 'declined_further_help', ...asked })).statusCode).toBe(200);
    const res = await ctx.call(
      holder,
      {
        method: 'POST',
        url: '/v1/contacts',
        payload: { ...contact, personId: story.personId, outcome: 'progressed_to_conversation_1' },
      },
      201,
    );
    const storyId = res.json().storyId as string;
    expect(storyId).toEqual(expect.any(String));
    expect(storyId).not.toBe(story.id);
    expect(await read(storyId)).toMatchObject({ status: 'open', closure: null, contactIds: [res.json().id] });
    expect((await read(story.id)).contactIds).toEqual([]);
  });
});

describe('reopening a story', () => {
  it('reopens with a reason, clears the closing, keeps both in the history and emits story.reopened', async () => {
    const story = await openStory();
    await close(story.id, { reason: 'moved_away', resolvedWhatMattered: 'not_asked' });
    const res = await reopen(story.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'open', closure: null, heldById: holder.user.id });
    expect(
      res
        .json()
        .events.map((e: { kind: string }) => e.kind)
        .sort(),
    ).toEqual(['closed', 'opened', 'reopened']);
    expect(res.json().events.find((e: { kind: string }) => e.kind === 'reopened')).toMatchObject({
      byId: holder.user.id,
      note: 'Elsie rang again: the lunch club has closed',
      at: NOW.toISOString(),
    });
    const events = await ctx.db.pool.query(`select type from outbox_events where subject_id = $1`, [story.id]);
    expect(events.rows.map((r) => r.type)).toEqual(expect.arrayContaining(['story.closed', 'story.reopened']));
    // Work goes on again.
    await startConversation(story.id, 1);
  });

  it('refuses an open story, and a story whose person has another open one', async () => {
    const story = await openStory();
    const open = await reopen(story.id);
    expect(open.statusCode).toBe(409);
    expect(open.json().rules.map((r: { code: string }) => r.code)).toEqual(['not_closed']);
    await close(story.id, { reason: 'moved_away', resolvedWhatMattered: 'not_asked' });
    await openStory(story.personId);
    const second = await reopen(story.id);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'story_cannot_reopen', rules: [{ code: 'person_has_open_story' }] });
  });

  it('needs a reason', async () => {
    const story = await openStory();
    await close(story.id, { reason: 'moved_away', resolvedWhatMattered: 'not_asked' });
    expect((await reopen(story.id, '')).statusCode).toBe(400);
  });
});

describe('who may close a story', () => {
  it('refuses machine clients, partners and colleagues without conversations', async () => {
    const story = await openStory();
    const body = { reason: 'moved_away', resolvedWhatMattered: 'not_asked' };
    const headers = { 'if-match': etag(story) };
    const partner = await ctx.partner(['connections:read', 'connections:write']);
    const council = await ctx.council(['contacts:write', 'people:read']);
    const admin = await ctx.signedIn('practice_admin');
    const auditor = await ctx.signedIn('auditor');
    for (const who of [partner, council, admin, auditor]) {
      const res = await ctx.call(who, { method: 'POST', url: `/v1/stories/${story.id}/close`, headers, payload: body });
      expect(res.statusCode).toBe(403);
      const again = await ctx.call(who, {
        method: 'POST',
        url: `/v1/stories/${story.id}/reopen`,
        headers,
        payload: { reason: 'x' },
      });
      expect(again.statusCode).toBe(403);
    }
    expect((await read(story.id)).status).toBe('open');
  });

  it('hides a restricted person’s story from a colleague who may not see restricted records', async () => {
    const person = await ctx.newPerson({}, lead);
    const story = (
      await ctx.call(lead, { method: 'POST', url: '/v1/stories', payload: { personId: person.id, teamId } }, 201)
    ).json();
    await ctx.db.pool.query(`update people set restricted = true where id = $1`, [person.id]);
    const res = await ctx.call(holder, {
      method: 'POST',
      url: `/v1/stories/${story.id}/close`,
      headers: { 'if-match': etag(story) },
      payload: { reason: 'moved_away', resolvedWhatMattered: 'not_asked' },
    });
    expect(res.statusCode).toBe(404);
    const byLead = await ctx.call(lead, {
      method: 'POST',
      url: `/v1/stories/${story.id}/close`,
      headers: { 'if-match': etag(story) },
      payload: { reason: 'moved_away', resolvedWhatMattered: 'not_asked' },
    });
    expect(byLead.statusCode).toBe(200);
  });
});

describe('practice data', () => {
  it('counts closed stories by reason, stage reached and the person’s answer, live and rolled up, and forgets a reopened one', async () => {
    const query = async () =>
      (
        await ctx.call(
          holder,
          { method: 'GET', url: `/v1/insights/practice?from=${DAY}&to=${DAY}&teamId=${teamId}` },
          200,
        )
      ).json().closedStories;
    const before = await query();
    const count = (list: { count: number }[], key: string, field: string) =>
      (list as Record<string, unknown>[]).find((r) => r[field] === key)!.count as number;

    const resolved = await resolvedInConversation1();
    await close(resolved.id, {
      reason: 'resolved_in_conversation_1',
      resolvedWhatMattered: 'partly',
      personsWords: 'Mostly, yes',
    });
    const early = await openStory();
    await close(early.id, {
      reason: 'handed_to_another_organisation',
      resolvedWhatMattered: 'no',
      personsWords: 'Not yet',
    });

    const live = await query();
    expect(live.total).toBe(before.total + 2);
    expect(count(live.byReason, 'resolved_in_conversation_1', 'reason')).toBe(
      count(before.byReason, 'resolved_in_conversation_1', 'reason') + 1,
    );
    expect(count(live.byReason, 'handed_to_another_organisation', 'reason')).toBe(
      count(before.byReason, 'handed_to_another_organisation', 'reason') + 1,
    );
    expect(count(live.byStage, 'contact', 'stage')).toBe(count(before.byStage, 'contact', 'stage') + 1);
    expect(count(live.byStage, 'conversation_1', 'stage')).toBe(count(before.byStage, 'conversation_1', 'stage') + 1);
    expect(count(live.byResolvedWhatMattered, 'partly', 'answer')).toBe(
      count(before.byResolvedWhatMattered, 'partly', 'answer') + 1,
    );
    expect(count(live.byResolvedWhatMattered, 'no', 'answer')).toBe(
      count(before.byResolvedWhatMattered, 'no', 'answer') + 1,
    );
    expect(live.byReason).toHaveLength(9);

    // Rolled up, the figures are the same; a reopening marks the day stale and the story leaves the count.
    await rollUpAllInsights(ctx.db.db);
    expect((await ctx.db.pool.query(`select 1 from insight_days where day = $1`, [DAY])).rowCount).toBe(1);
    expect((await ctx.db.pool.query(`select 1 from insight_stale_days where day = $1`, [DAY])).rowCount).toBe(0);
    expect(await query()).toEqual(live);
    await reopen(early.id);
    expect((await ctx.db.pool.query(`select 1 from insight_stale_days where day = $1`, [DAY])).rowCount).toBe(1);
    const after = await query();
    expect(after.total).toBe(live.total - 1);
    expect(count(after.byReason, 'handed_to_another_organisation', 'reason')).toBe(
      count(before.byReason, 'handed_to_another_organisation', 'reason'),
    );
  });
});
