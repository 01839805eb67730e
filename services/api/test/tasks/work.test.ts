import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaskClocks } from '../../src/modules/tasks/clocks.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import type { SignedIn } from '../support/auth.js';
import { conversationTwo, heldStory, reviewFallingDue, touchpoint } from './fixtures.js';

const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let worker: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;
let team: { id: string };

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  team = await ctx.newTeam();
  worker = await ctx.signedIn('practitioner', { teamIds: [team.id] });
  colleague = await ctx.signedIn('practitioner', { teamIds: [(await ctx.newTeam()).id] });
  lead = await ctx.signedIn('safeguarding_lead');
});
afterAll(() => ctx.close());

const work = async (as: SignedIn) => (await ctx.call(as, { method: 'GET', url: '/v1/me/work' }, 200)).json();

describe('GET /v1/me/work', () => {
  it('shows my stories with stage and days waiting, touchpoints due, my tasks overdue first, reviews and recent people', async () => {
    const waiting = await ctx.newPerson({ givenName: 'Ivy', familyName: 'Hope' });
    const crisis = await ctx.newPerson({ givenName: 'Bert', familyName: 'Lane' });
    const hidden = await ctx.newPerson({ restricted: true }, lead);
    const quiet = await heldStory(ctx.db, {
      personId: waiting.id,
      heldById: worker.user.id,
      teamId: team.id,
      openedAt: new Date('2026-11-16T10:00:00Z'),
    });
    const busy = await heldStory(ctx.db, {
      personId: crisis.id,
      heldById: worker.user.id,
      teamId: team.id,
      openedAt: new Date('2026-11-20T10:00:00Z'),
    });
    await heldStory(ctx.db, { personId: hidden.id, heldById: worker.user.id, teamId: team.id, openedAt: NOW });
    const c2 = await conversationTwo(ctx.db, {
      storyId: busy.id,
      authorId: worker.user.id,
      startedAt: new Date('2026-11-26T10:00:00Z'),
      planStartsOn: '2026-11-26',
      planEndsOn: '2026-12-20',
    });
    await touchpoint(ctx.db, c2.id, new Date('2026-11-28T12:00:00Z'), worker.user.id);
    const budgetStory = await heldStory(ctx.db, {
      personId: waiting.id,
      heldById: null,
      teamId: team.id,
      openedAt: NOW,
    });
    await reviewFallingDue(ctx.db, {
      personId: waiting.id,
      storyId: budgetStory.id,
      teamId: team.id,
      authorId: worker.user.id,
      dueFrom: '2026-11-20',
      dueBy: '2026-11-29',
    });
    // A review of a budget on a story I hold, with no team named: still mine.
    const heldBudgetStory = await heldStory(ctx.db, {
      personId: crisis.id,
      heldById: worker.user.id,
      teamId: null,
      openedAt: new Date('2026-11-29T10:00:00Z'),
    });
    await reviewFallingDue(ctx.db, {
      personId: crisis.id,
      storyId: heldBudgetStory.id,
      teamId: null,
      authorId: worker.user.id,
      dueFrom: '2026-11-25',
      dueBy: '2026-12-24',
    });
    const later = (
      await ctx.call(
        worker,
        { method: 'POST', url: '/v1/tasks', payload: { title: 'Later', dueOn: '2026-12-09' } },
        201,
      )
    ).json();
    const overdue = (
      await ctx.call(
        worker,
        { method: 'POST', url: '/v1/tasks', payload: { title: 'Late', dueOn: '2026-11-25', personId: waiting.id } },
        201,
      )
    ).json();
    const teams = (
      await ctx.call(
        colleague,
        { method: 'POST', url: '/v1/tasks', payload: { title: 'For the team', dueOn: '2026-12-01', teamId: team.id } },
        201,
      )
    ).json();
    await ctx.call(worker, { method: 'GET', url: `/v1/people/${crisis.id}` }, 200);
    await ctx.call(worker, { method: 'GET', url: `/v1/people/${waiting.id}` }, 200);

    const mine = await work(worker);
    expect(mine.today).toBe('2026-11-30');
    expect(mine.stories.total).toBe(3);
    expect(mine.stories.items).toEqual([
      expect.objectContaining({
        storyId: quiet.id,
        stage: 'contact',
        daysWaiting: 14,
        person: { id: waiting.id, name: 'Ivy Hope' },
      }),
      // Last touchpoint 28 Nov 12:00, now 30 Nov 10:00: 46 hours, one whole day (the board's and the
      // caseload's count; home used to say 2, counting England calendar days).
      expect.objectContaining({
        storyId: busy.id,
        stage: 'conversation_2',
        conversationStatus: 'open',
        daysWaiting: 1,
      }),
      expect.objectContaining({ storyId: heldBudgetStory.id, stage: 'conversation_3', daysWaiting: 1 }),
    ]);
    // One meaning of "days waiting": home says what my caseload says, story by story.
    const caseload = (await ctx.call(worker, { method: 'GET', url: '/v1/stories?scope=mine' }, 200)).json();
    const caseloadDays = new Map(
      caseload.items.map((c: { storyId: string; daysWaiting: number }) => [c.storyId, c.daysWaiting]),
    );
    for (const story of mine.stories.items) expect(story.daysWaiting).toBe(caseloadDays.get(story.storyId));
    expect(mine.touchpoints.items).toEqual([
      expect.objectContaining({
        conversationId: c2.id,
        dueOn: '2026-12-01',
        daysLeft: 1,
        person: { id: crisis.id, name: 'Bert Lane' },
      }),
    ]);
    expect(mine.tasks.items.map((t: { id: string }) => t.id)).toEqual([overdue.id, teams.id, later.id]);
    expect(mine.tasks.items[0].overdue).toBe(true);
    expect(mine.reviews.items).toEqual([
      expect.objectContaining({ person: { id: waiting.id, name: 'Ivy Hope' }, overdue: true }),
      expect.objectContaining({ person: { id: crisis.id, name: 'Bert Lane' }, dueBy: '2026-12-24', overdue: false }),
    ]);
    expect(mine.recentPeople.items.map((p: { id: string }) => p.id)).toEqual([waiting.id, crisis.id]);
    expect(mine.safeguarding).toEqual({ items: [], total: 0 });
    expect(JSON.stringify(mine)).not.toContain(hidden.id);

    // Each person named is audited as read by this colleague.
    const audit = await ctx.db.pool.query(
      `select distinct person_id from audit_events where action = 'work.read' and actor_id = $1`,
      [worker.user.id],
    );
    expect(audit.rows.map((r) => r.person_id).sort()).toEqual([waiting.id, crisis.id].sort());

    // Someone else's home is theirs.
    const theirs = await work(colleague);
    expect(theirs.stories.total).toBe(0);
    expect(theirs.tasks.items.map((t: { id: string }) => t.id)).not.toContain(teams.id);
  });

  it('shows the safeguarding lead the decision clocks, and the clock task on their tasks', async () => {
    const person = await ctx.newPerson();
    const concern = (
      await ctx.call(
        colleague,
        {
          method: 'POST',
          url: '/v1/safeguarding/concerns',
          payload: {
            personId: person.id,
            summary: 'Money going missing',
            raisedByKind: 'family_or_friend',
            raisedByName: 'Her son',
            immediateSafety: 'safe_now',
            suspectedRiskTypes: ['financial_or_material'],
          },
        },
        201,
      )
    ).json();
    await runTaskClocks(ctx.db.db, NOW, { touchpointMaxGapDays: 3, decisionWorkingDays: 2 });
    const home = await work(lead);
    expect(home.safeguarding.items).toContainEqual(
      expect.objectContaining({
        kind: 'decision',
        id: concern.id,
        role: 'decide',
        dueOn: '2026-12-02',
        overdue: false,
      }),
    );
    expect(home.tasks.items.map((t: { source: string }) => t.source)).toContain('safeguarding_clock');
    const colleagues = await work(colleague);
    expect(colleagues.safeguarding.items).toEqual([]);
    expect(colleagues.tasks.items.map((t: { source: string }) => t.source)).not.toContain('safeguarding_clock');
  });
});
