import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';

// The caseload list: mine, my team's, all I may see; filtered by stage and waiting; paged.

let ctx: TestContext;
let teamA: string;
let teamB: string;
let me: SignedIn;
let teammate: SignedIn;
let other: SignedIn;
let lead: SignedIn;
const s: Record<string, string> = {};

async function openStory(team: string, as: SignedIn, person?: { id: string }) {
  const who = person ?? (await ctx.newPerson({}, as));
  return (
    await ctx.call(as, { method: 'POST', url: '/v1/stories', payload: { personId: who.id, teamId: team } }, 201)
  ).json().id as string;
}
async function backdate(storyId: string, days: number) {
  const q = (text: string) => ctx.db.pool.query(text, [storyId, `${days} days`]);
  await q(`update stories set opened_at = opened_at - $2::interval where id = $1`);
  await q(`update story_events set at = at - $2::interval where story_id = $1`);
  await q(`update conversations set started_at = started_at - $2::interval where story_id = $1`);
}
type Row = {
  storyId: string;
  stage: string;
  daysWaiting: number;
  holderName: string | null;
  urgency: { level: string };
};
async function caseload(as: Caller, query: string) {
  return (await ctx.call(as, { method: 'GET', url: `/v1/stories?${query}` }, 200)).json() as {
    items: Row[];
    nextCursor: string | null;
  };
}
const ids = async (as: Caller, query: string) => (await caseload(as, query)).items.map((r) => r.storyId);

beforeAll(async () => {
  ctx = await createTestContext();
  teamA = (await ctx.newTeam()).id;
  teamB = (await ctx.newTeam()).id;
  me = await ctx.signedIn('practitioner', { teamIds: [teamA] });
  teammate = await ctx.signedIn('social_worker', { teamIds: [teamA] });
  other = await ctx.signedIn('practitioner', { teamIds: [teamB] });
  lead = await ctx.signedIn('safeguarding_lead', { teamIds: [teamB] });
  s.mine = await openStory(teamA, me);
  s.mineInTwo = await openStory(teamA, me);
  await ctx.call(me, { method: 'POST', url: `/v1/stories/${s.mineInTwo}/conversations`, payload: { kind: 2 } }, 201);
  await backdate(s.mine, 30);
  s.teammates = await openStory(teamA, teammate);
  s.otherTeam = await openStory(teamB, other);
  s.restricted = await openStory(teamB, lead, await ctx.newPerson({ restricted: true }, lead));
  s.closed = await openStory(teamA, me);
  await ctx.db.pool.query(`update stories set status = 'closed', closed_at = now() where id = $1`, [s.closed]);
});
afterAll(() => ctx.close());

describe('scope', () => {
  it('mine is the open stories I hold, with stage, days waiting, urgency and my name', async () => {
    const { items } = await caseload(me, 'scope=mine');
    expect(items.map((r) => r.storyId).sort()).toEqual([s.mine, s.mineInTwo].sort());
    expect(items[0]).toMatchObject({
      storyId: s.mineInTwo,
      stage: 'conversation_2',
      urgency: { level: 'conversation_2' },
    });
    expect(items[1]).toMatchObject({
      storyId: s.mine,
      stage: 'contact',
      daysWaiting: 30,
      urgency: { level: 'waiting_long' },
    });
    expect(items[1]!.holderName).toBeTruthy();
    expect(await ids(me, '')).toEqual(items.map((r) => r.storyId)); // mine by default
  });

  it('team is my teams’ stories, not another team’s', async () => {
    const team = await ids(me, 'scope=team');
    expect(team).toEqual(expect.arrayContaining([s.mine, s.mineInTwo, s.teammates]));
    expect(team).not.toContain(s.otherTeam);
  });

  it('all is every story I may see: restricted people’s only for colleagues who may see them', async () => {
    const all = await ids(me, 'scope=all&limit=200');
    expect(all).toEqual(expect.arrayContaining([s.mine, s.teammates, s.otherTeam]));
    expect(all).not.toContain(s.restricted);
    expect(await ids(lead, 'scope=all&limit=200')).toContain(s.restricted);
    expect(await ids(me, 'scope=team')).not.toContain(s.restricted);
  });

  it('is open stories unless closed ones are asked for', async () => {
    expect(await ids(me, 'scope=all&limit=200')).not.toContain(s.closed);
    expect(await ids(me, 'scope=mine&status=closed')).toEqual([s.closed]);
  });
});

describe('filters and paging', () => {
  it('filters by stage and by waiting longer than some days', async () => {
    expect(await ids(me, 'scope=mine&stage=conversation_2')).toEqual([s.mineInTwo]);
    expect(await ids(me, 'scope=mine&stage=contact')).toEqual([s.mine]);
    expect(await ids(me, 'scope=mine&waitingLongerThan=29')).toEqual([s.mine]);
    expect(await ids(me, 'scope=mine&waitingLongerThan=30')).toEqual([]);
    const bad = await ctx.call(me, { method: 'GET', url: '/v1/stories?stage=conversation_9' });
    expect(bad.statusCode).toBe(400);
  });

  it('pages with no gaps or duplicates', async () => {
    const whole = await ids(me, 'scope=all&limit=200');
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await caseload(me, `scope=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.items.map((r) => r.storyId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(whole);
    expect(new Set(walked).size).toBe(walked.length);
  });

  it('audits each story read, and is for colleagues only', async () => {
    await caseload(me, 'scope=mine');
    const { rows } = await ctx.db.pool.query(
      `select count(*)::int as n from audit_events where action = 'story.caseload_read' and resource_id = $1`,
      [s.mine],
    );
    expect(rows[0].n).toBeGreaterThan(0);
    const council = await ctx.council(['contacts:read']);
    expect((await ctx.call(council, { method: 'GET', url: '/v1/stories' })).statusCode).toBe(403);
  });
});
