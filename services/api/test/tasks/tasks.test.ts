import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markTasksOverdue, runTaskClocks } from '../../src/modules/tasks/clocks.js';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';
import type { SignedIn } from '../support/auth.js';
import { conversationTwo, heldStory, reviewFallingDue, touchpoint } from './fixtures.js';

// Monday 30 November 2026, mid-morning in England: every clock below is read at this moment.
const NOW = new Date('2026-11-30T10:00:00Z');
const settings = { touchpointMaxGapDays: 3, decisionWorkingDays: 2 };
let ctx: TestContext;
let team: { id: string };
let otherTeam: { id: string };
let worker: SignedIn;
let teammate: SignedIn;
let stranger: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  team = await ctx.newTeam();
  otherTeam = await ctx.newTeam();
  worker = await ctx.signedIn('practitioner', { teamIds: [team.id] });
  teammate = await ctx.signedIn('social_worker', { teamIds: [team.id] });
  stranger = await ctx.signedIn('practitioner', { teamIds: [otherTeam.id] });
  lead = await ctx.signedIn('safeguarding_lead', { teamIds: [otherTeam.id] });
});
afterAll(() => ctx.close());

const etagOf = (t: { id: string; version: number }) => `"${t.id}.v${t.version}"`;

async function create(body: Record<string, unknown>, as: Caller = worker, status = 201) {
  return (await ctx.call(as, { method: 'POST', url: '/v1/tasks', payload: body }, status)).json();
}
async function change(task: { id: string; version: number }, body: Record<string, unknown>, as: Caller = worker) {
  return ctx.call(as, {
    method: 'PATCH',
    url: `/v1/tasks/${task.id}`,
    headers: { 'if-match': etagOf(task) },
    payload: body,
  });
}
async function listed(as: Caller, query = '') {
  return ((await ctx.call(as, { method: 'GET', url: `/v1/tasks${query}` }, 200)).json().items as { id: string }[]).map(
    (t) => t.id,
  );
}
async function tasksOfSource(source: string, personId: string) {
  const { rows } = await ctx.db.pool.query(
    `select id, status, due_on::text as due_on, assignee_id, team_id, source_key from tasks where source = $1 and person_id = $2 order by created_at, id`,
    [source, personId],
  );
  return rows;
}

describe('writing and changing tasks', () => {
  it('writes a task for the writer by default, about a person, and audits it', async () => {
    const person = await ctx.newPerson();
    const task = await create({ title: 'Phone Ivy’s GP', dueOn: '2026-12-02', personId: person.id });
    expect(task).toMatchObject({
      status: 'open',
      source: 'manual',
      assignee: { id: worker.user.id },
      team: null,
      person: { id: person.id },
      createdBy: { id: worker.user.id },
      overdue: false,
      version: 1,
    });
    const audit = await ctx.db.pool.query(`select action from audit_events where resource_id = $1`, [task.id]);
    expect(audit.rows.map((r) => r.action)).toContain('task.create');
    const got = await ctx.call(worker, { method: 'GET', url: `/v1/tasks/${task.id}` }, 200);
    expect(got.headers.etag).toBe(etagOf(task));
  });

  it('marks done with who and when, refuses edits once closed, and reopens on its own', async () => {
    const task = await create({ title: 'Send the letter', dueOn: '2026-12-01', teamId: team.id });
    expect(task.assignee).toBeNull();
    const done = await change(task, { status: 'done' }, teammate);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      closedAt: NOW.toISOString(),
      closedBy: { id: teammate.user.id },
    });

    const edit = await change(done.json(), { title: 'Send two letters' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('task_closed');
    const reopened = await change(done.json(), { status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', closedAt: null, closedBy: null });
    const cancelled = await change(reopened.json(), { status: 'cancelled' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', closedBy: { id: worker.user.id } });
  });

  it('refuses a stale change (412), a missing If-Match (428) and a task for nobody (409)', async () => {
    const task = await create({ title: 'Book the interpreter', dueOn: '2026-12-03' });
    expect((await change(task, { title: 'Book the Polish interpreter' })).statusCode).toBe(200);
    expect((await change(task, { title: 'Stale' })).statusCode).toBe(412);
    const noMatch = await ctx.call(worker, { method: 'PATCH', url: `/v1/tasks/${task.id}`, payload: { title: 'x' } });
    expect(noMatch.statusCode).toBe(428);
    const current = (await ctx.call(worker, { method: 'GET', url: `/v1/tasks/${task.id}` }, 200)).json();
    const nobody = await change(current, { assigneeId: null });
    expect(nobody.statusCode).toBe(409);
    expect(nobody.json().code).toBe('task_unassigned');
  });

  it('refuses bad input with stable codes, never a 500', async () => {
    const person = await ctx.newPerson();
    const other = await ctx.newPerson();
    const story = await heldStory(ctx.db, { personId: other.id, heldById: null, teamId: team.id, openedAt: NOW });
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'x', dueOn: '2026-12-01', teamId: crypto.randomUUID() }, 'teamId'],
      [{ title: 'x', dueOn: '2026-12-01', assigneeId: crypto.randomUUID() }, 'assigneeId'],
      [{ title: 'x', dueOn: '2026-12-01', personId: crypto.randomUUID() }, 'personId'],
      [{ title: 'x', dueOn: '2026-12-01', personId: person.id, storyId: story.id }, 'storyId'],
    ];
    for (const [body, field] of cases) {
      const res = await ctx.call(worker, { method: 'POST', url: '/v1/tasks', payload: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
    const unknown = await ctx.call(worker, {
      method: 'POST',
      url: '/v1/tasks',
      payload: { title: 'x', dueOn: '2026-12-01', priority: 'high' },
    });
    expect(unknown.statusCode).toBe(400);
    const badDay = await ctx.call(worker, {
      method: 'POST',
      url: '/v1/tasks',
      payload: { title: 'x', dueOn: '1 Dec' },
    });
    expect(badDay.statusCode).toBe(400);
    // A task about a story takes the story's person.
    const onStory = await create({ title: 'Pick up', dueOn: '2026-12-01', storyId: story.id });
    expect(onStory.person.id).toBe(other.id);
  });
});

describe('who sees a task', () => {
  it('shows a task to its colleague, its team and its writer; not to another team', async () => {
    const task = await create({ title: 'Team meeting notes', dueOn: '2026-12-04', teamId: team.id });
    expect(await listed(teammate, '?scope=team')).toContain(task.id);
    expect(await listed(worker)).toContain(task.id);
    expect(await listed(stranger)).not.toContain(task.id);
    expect(await listed(stranger, `?teamId=${team.id}`)).toEqual([]);
    expect((await ctx.call(stranger, { method: 'GET', url: `/v1/tasks/${task.id}` })).statusCode).toBe(404);
    expect((await change(task, { status: 'done' }, stranger)).statusCode).toBe(404);
  });

  it('hides a restricted person’s tasks from colleagues without access to restricted records', async () => {
    const person = await ctx.newPerson({ restricted: true }, lead);
    const refused = await ctx.call(worker, {
      method: 'POST',
      url: '/v1/tasks',
      payload: { title: 'Visit', dueOn: '2026-12-01', personId: person.id },
    });
    expect(refused.statusCode).toBe(400);
    const task = await create({ title: 'Visit', dueOn: '2026-12-01', personId: person.id, teamId: team.id }, lead);
    expect(await listed(lead)).toContain(task.id);
    expect(await listed(worker, '?scope=team')).not.toContain(task.id);
    expect((await ctx.call(worker, { method: 'GET', url: `/v1/tasks/${task.id}` })).statusCode).toBe(404);
  });

  it('refuses council and partner systems: tasks are colleagues’ work', async () => {
    const council = await ctx.council(['people:read', 'contacts:read']);
    const partner = await ctx.partner(['connections:read']);
    for (const caller of [council, partner]) {
      expect((await ctx.call(caller, { method: 'GET', url: '/v1/tasks' })).statusCode).toBe(403);
      expect((await ctx.call(caller, { method: 'GET', url: '/v1/me/work' })).statusCode).toBe(403);
      const post = await ctx.call(caller, {
        method: 'POST',
        url: '/v1/tasks',
        payload: { title: 'x', dueOn: '2026-12-01' },
      });
      expect(post.statusCode).toBe(403);
    }
  });

  it('pages by due day with a cursor, and filters by person, status and due day', async () => {
    const person = await ctx.newPerson();
    const ids: string[] = [];
    for (const day of ['2026-12-05', '2026-12-01', '2026-12-03']) {
      ids.push((await create({ title: `Due ${day}`, dueOn: day, personId: person.id })).id);
    }
    const first = (
      await ctx.call(worker, { method: 'GET', url: `/v1/tasks?personId=${person.id}&limit=2` }, 200)
    ).json();
    expect(first.items.map((t: { dueOn: string }) => t.dueOn)).toEqual(['2026-12-01', '2026-12-03']);
    const second = (
      await ctx.call(
        worker,
        { method: 'GET', url: `/v1/tasks?personId=${person.id}&limit=2&cursor=${first.nextCursor}` },
        200,
      )
    ).json();
    expect(second.items.map((t: { dueOn: string }) => t.dueOn)).toEqual(['2026-12-05']);
    expect(second.nextCursor).toBeNull();
    expect(await listed(worker, `?personId=${person.id}&dueBefore=2026-12-03`)).toEqual([ids[1]]);
    expect(await listed(worker, `?personId=${person.id}&status=done`)).toEqual([]);
  });
});

describe('tasks the clocks make, once each', () => {
  it('makes a touchpoint task for the story’s holder as it falls due, once; closes it when someone is in touch', async () => {
    const person = await ctx.newPerson();
    const story = await heldStory(ctx.db, {
      personId: person.id,
      heldById: worker.user.id,
      teamId: team.id,
      openedAt: new Date('2026-11-20T09:00:00Z'),
    });
    const c2 = await conversationTwo(ctx.db, {
      storyId: story.id,
      authorId: worker.user.id,
      startedAt: new Date('2026-11-25T09:00:00Z'),
      planStartsOn: '2026-11-25',
      planEndsOn: '2026-12-31',
    });
    await touchpoint(ctx.db, c2.id, new Date('2026-11-27T15:00:00Z'), worker.user.id);

    await runTaskClocks(ctx.db.db, NOW, settings);
    await runTaskClocks(ctx.db.db, NOW, settings);
    const made = await tasksOfSource('touchpoint', person.id);
    expect(made).toEqual([
      expect.objectContaining({ status: 'open', due_on: '2026-11-30', assignee_id: worker.user.id, team_id: team.id }),
    ]);
    expect(await listed(worker, '?scope=mine')).toContain(made[0].id);

    // In touch today: the next is due on Thursday, more than a day off, and the clock closes today's.
    await touchpoint(ctx.db, c2.id, new Date('2026-11-30T09:30:00Z'), worker.user.id);
    await runTaskClocks(ctx.db.db, NOW, settings);
    expect((await tasksOfSource('touchpoint', person.id)).map((t) => t.status)).toEqual(['done']);
    // On Wednesday the next falls due (Thursday): one new task.
    await runTaskClocks(ctx.db.db, new Date('2026-12-02T08:00:00Z'), settings);
    await runTaskClocks(ctx.db.db, new Date('2026-12-02T09:00:00Z'), settings);
    expect((await tasksOfSource('touchpoint', person.id)).map((t) => [t.status, t.due_on])).toEqual([
      ['done', '2026-11-30'],
      ['open', '2026-12-03'],
    ]);
  });

  it('makes a review task for whoever holds the story and the review’s team, once the window opens', async () => {
    const person = await ctx.newPerson();
    const story = await heldStory(ctx.db, {
      personId: person.id,
      heldById: teammate.user.id,
      teamId: team.id,
      openedAt: NOW,
    });
    const review = await reviewFallingDue(ctx.db, {
      personId: person.id,
      storyId: story.id,
      teamId: team.id,
      authorId: teammate.user.id,
      dueFrom: '2026-12-01',
      dueBy: '2026-12-15',
    });
    await runTaskClocks(ctx.db.db, NOW, settings);
    expect(await tasksOfSource('review', person.id)).toEqual([]);
    await runTaskClocks(ctx.db.db, new Date('2026-12-01T09:00:00Z'), settings);
    await runTaskClocks(ctx.db.db, new Date('2026-12-02T09:00:00Z'), settings);
    expect(await tasksOfSource('review', person.id)).toEqual([
      expect.objectContaining({
        status: 'open',
        due_on: '2026-12-15',
        assignee_id: teammate.user.id,
        team_id: team.id,
        source_key: `review:${review.id}:2026-12-15`,
      }),
    ]);
    // Once the review is done (the budgets module's journey), the clock closes its task.
    await ctx.db.pool.query(`update reviews set status = 'completed', completed_at = now() where id = $1`, [review.id]);
    await runTaskClocks(ctx.db.db, new Date('2026-12-03T09:00:00Z'), settings);
    expect((await tasksOfSource('review', person.id)).map((t) => t.status)).toEqual(['done']);
  });

  it('makes a safeguarding decision task once, seen only by the safeguarding lead', async () => {
    const person = await ctx.newPerson();
    const concern = await ctx.call(
      worker,
      {
        method: 'POST',
        url: '/v1/safeguarding/concerns',
        payload: {
          personId: person.id,
          summary: 'Bruises her neighbour noticed',
          raisedByKind: 'family_or_friend',
          raisedByName: 'Mrs Lewis',
          immediateSafety: 'safe_now',
          suspectedRiskTypes: ['physical'],
        },
      },
      201,
    );
    await runTaskClocks(ctx.db.db, NOW, settings);
    await runTaskClocks(ctx.db.db, NOW, settings);
    const made = await tasksOfSource('safeguarding_clock', person.id);
    expect(made).toEqual([
      expect.objectContaining({
        status: 'open',
        due_on: '2026-12-02',
        source_key: `safeguarding_clock:${concern.json().id}:2026-12-02`,
      }),
    ]);
    expect(await listed(lead)).toContain(made[0].id);
    expect(await listed(worker)).not.toContain(made[0].id);
    expect((await ctx.call(worker, { method: 'GET', url: `/v1/tasks/${made[0].id}` })).statusCode).toBe(404);
    const got = (await ctx.call(lead, { method: 'GET', url: `/v1/tasks/${made[0].id}` }, 200)).json();
    expect(got).toMatchObject({ source: 'safeguarding_clock', title: 'Section 42 decision due', createdBy: null });

    // The decision made, the clock closes its task (and never makes another).
    await ctx.call(
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
    await runTaskClocks(ctx.db.db, NOW, settings);
    expect((await tasksOfSource('safeguarding_clock', person.id)).map((t) => t.status)).toEqual(['done']);
  });

  it('announces an open task as overdue exactly once, and never a done one', async () => {
    const late = await create({ title: 'Overdue letter', dueOn: '2026-11-27' });
    const finished = await create({ title: 'Done letter', dueOn: '2026-11-27' });
    await change(finished, { status: 'done' });
    expect(await markTasksOverdue(ctx.db.db, '2026-11-27')).toBe(0);
    expect(await markTasksOverdue(ctx.db.db, '2026-11-30')).toBeGreaterThanOrEqual(1);
    expect(await markTasksOverdue(ctx.db.db, '2026-11-30')).toBe(0);
    await runTaskClocks(ctx.db.db, new Date('2026-12-01T09:00:00Z'), settings);
    const events = await ctx.db.pool.query(
      `select type, subject_id, data from outbox_events where type = 'task.overdue'`,
    );
    expect(events.rows.filter((e) => e.subject_id === late.id)).toHaveLength(1);
    expect(events.rows.filter((e) => e.subject_id === finished.id)).toHaveLength(0);
    const got = (await ctx.call(worker, { method: 'GET', url: `/v1/tasks/${late.id}` }, 200)).json();
    expect(got.overdue).toBe(true);
  });
});
