import { dateInEngland, taskChangeProblems, taskOverdue, type TaskStatus } from '@threefold/domain';
import type { Database, DbOrTx } from '@threefold/db';
import { asUser, type UserPrincipal } from '../../auth/principal.js';
import { invalidField, notFound, ruleBreach } from '../../errors.js';
import { staleVersion } from '../../platform/concurrency.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { tasksRepository as repo, type TaskFilter, type TaskReader, type TaskRecord } from './repository.js';
import type { NewTaskBody, TaskChangesBody, TaskView } from './schemas.js';

const colleagueOnly = 'Tasks belong to colleagues.';

/** The end of support: every open task about the person is cancelled, in the caller's transaction, and audited. */
export async function cancelTasksForEndOfSupport(tx: DbOrTx, actor: Actor, personId: string): Promise<string[]> {
  const byId = actor.principal.kind === 'user' ? actor.principal.userId : null;
  const ids = await repo.cancelOpenOfPerson(tx, personId, actor.now(), byId);
  for (const id of ids) {
    await actor.audit(tx, { action: 'task.cancel', resourceType: 'task', resourceId: id, personId });
  }
  return ids;
}

export function readerOf(user: UserPrincipal): TaskReader {
  return {
    userId: user.userId,
    teamIds: user.teamIds,
    seesRestricted: user.permissions.has('people:restricted'),
    seesSafeguarding: user.permissions.has('safeguarding:read'),
  };
}

/** The same rule as `visibleTo` in the repository, for one task. */
export function mayRead(task: TaskRecord, reader: TaskReader): boolean {
  if (task.personRestricted && !reader.seesRestricted) return false;
  if (task.source === 'safeguarding_clock') return reader.seesSafeguarding;
  return (
    task.assigneeId === reader.userId ||
    task.createdById === reader.userId ||
    (task.teamId !== null && reader.teamIds.includes(task.teamId))
  );
}

export function taskView(row: TaskRecord, today: string): TaskView {
  const named = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);
  return {
    id: row.id,
    title: row.title,
    details: row.details,
    dueOn: row.dueOn,
    overdue: taskOverdue({ status: row.status, dueOn: row.dueOn }, today),
    assignee: named(row.assigneeId, row.assigneeName),
    team: named(row.teamId, row.teamName),
    person: named(row.personId, row.personName),
    storyId: row.storyId,
    status: row.status,
    source: row.source,
    createdBy: named(row.createdById, row.createdByName),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    closedBy: named(row.closedById, row.closedByName),
    version: row.version,
  };
}

/** Tasks and reminders written by colleagues, and the ones the clocks made. */
export class TasksService {
  constructor(private readonly db: Database) {}

  /** Whom a task is for: a colleague who can sign in, a team that exists. */
  private async checkFor(tx: DbOrTx, assigneeId: string | null, teamId: string | null) {
    if (assigneeId && !(await repo.activeColleague(tx, assigneeId))) {
      throw invalidField('assigneeId', 'is not a colleague who can sign in');
    }
    if (teamId && !(await repo.teamExists(tx, teamId))) throw invalidField('teamId', 'is not a team');
  }

  /** The person and story a task is about: one the writer may see; the story must be that person's. */
  private async checkAbout(tx: DbOrTx, reader: TaskReader, personId: string | null, storyId: string | null) {
    let person = personId;
    if (storyId) {
      const story = await repo.storyOf(tx, storyId);
      if (!story) throw invalidField('storyId', 'is not a story');
      if (person && story.personId !== person) throw invalidField('storyId', 'is not one of this person’s stories');
      person = story.personId;
    }
    if (person) {
      const found = await repo.personOf(tx, person);
      if (!found || (found.restricted && !reader.seesRestricted)) {
        throw invalidField(personId ? 'personId' : 'storyId', 'is not a person you may see');
      }
    }
    return person;
  }

  async create(actor: Actor, input: NewTaskBody): Promise<TaskView> {
    const user = asUser(actor.principal, colleagueOnly);
    const reader = readerOf(user);
    const now = actor.now();
    const assigneeId = input.assigneeId ?? (input.teamId ? null : user.userId);
    const teamId = input.teamId ?? null;
    return this.db.transaction(async (tx) => {
      await this.checkFor(tx, assigneeId, teamId);
      const personId = await this.checkAbout(tx, reader, input.personId ?? null, input.storyId ?? null);
      const row = await repo.insert(tx, {
        title: input.title.trim(),
        details: input.details ?? '',
        dueOn: input.dueOn,
        assigneeId,
        teamId,
        personId,
        storyId: input.storyId ?? null,
        source: 'manual',
        createdById: user.userId,
        createdAt: now,
        updatedAt: now,
      });
      await actor.audit(tx, { action: 'task.create', resourceType: 'task', resourceId: row.id, personId });
      const found = await repo.byId(tx, row.id);
      return taskView(found!, dateInEngland(now));
    });
  }

  /** One task the colleague may read, or 404 as if it did not exist. */
  private async readable(tx: DbOrTx, reader: TaskReader, id: string): Promise<TaskRecord> {
    const task = await repo.byId(tx, id);
    if (!task || !mayRead(task, reader)) throw notFound('task');
    return task;
  }

  async get(actor: Actor, id: string): Promise<TaskView> {
    const user = asUser(actor.principal, colleagueOnly);
    const task = await this.readable(this.db, readerOf(user), id);
    await actor.audit(this.db, { action: 'task.read', resourceType: 'task', resourceId: id, personId: task.personId });
    return taskView(task, dateInEngland(actor.now()));
  }

  async list(actor: Actor, query: TaskFilter & { limit: number; cursor?: string | undefined }) {
    const user = asUser(actor.principal, colleagueOnly);
    const reader = readerOf(user);
    if (query.teamId && !reader.teamIds.includes(query.teamId) && !reader.seesSafeguarding) {
      // Another team's tasks are theirs: the list is simply empty, as it would be for a stranger.
      return { items: [], nextCursor: null };
    }
    const after = decodeCursor<[string, string]>(query.cursor, 2);
    const rows = await repo.page(this.db, reader, query, after, query.limit);
    const page = pageOf(rows, query.limit, (r) => [r.dueOn, r.id]);
    await Promise.all(
      page.items.map((task) =>
        actor.audit(this.db, {
          action: 'task.read',
          resourceType: 'task',
          resourceId: task.id,
          personId: task.personId,
        }),
      ),
    );
    const today = dateInEngland(actor.now());
    return { items: page.items.map((t) => taskView(t, today)), nextCursor: page.nextCursor };
  }

  /** Edits, closes (done or cancelled, with who and when) or reopens a task. */
  async change(actor: Actor, id: string, expected: number, changes: TaskChangesBody): Promise<TaskView> {
    const user = asUser(actor.principal, colleagueOnly);
    const reader = readerOf(user);
    const now = actor.now();
    return this.db.transaction(async (tx) => {
      const task = await this.readable(tx, reader, id);
      if (task.version !== expected) throw staleVersion();
      const assigneeId = changes.assigneeId !== undefined ? changes.assigneeId : task.assigneeId;
      const teamId = changes.teamId !== undefined ? changes.teamId : task.teamId;
      const edits =
        (changes.title !== undefined && changes.title !== task.title) ||
        (changes.details !== undefined && changes.details !== task.details) ||
        (changes.dueOn !== undefined && changes.dueOn !== task.dueOn) ||
        assigneeId !== task.assigneeId ||
        teamId !== task.teamId;
      const status: TaskStatus | undefined = changes.status !== task.status ? changes.status : undefined;
      const problems = taskChangeProblems(task.status, {
        status,
        edits,
        assigneeId,
        teamId: task.source === 'safeguarding_clock' ? (teamId ?? 'any') : teamId,
      });
      if (problems.length > 0) throw ruleBreach(problems[0]!.code, 'This task cannot change that way', problems);
      if (assigneeId !== task.assigneeId || teamId !== task.teamId) await this.checkFor(tx, assigneeId, teamId);
      const closing = status === 'done' || status === 'cancelled';
      const updated = await repo.update(tx, id, expected, {
        title: changes.title?.trim() ?? task.title,
        details: changes.details ?? task.details,
        dueOn: changes.dueOn ?? task.dueOn,
        assigneeId,
        teamId,
        updatedAt: now,
        ...(status ? { status, closedAt: closing ? now : null, closedById: closing ? user.userId : null } : {}),
      });
      if (!updated) throw staleVersion();
      const action =
        status === 'done'
          ? 'task.done'
          : status === 'cancelled'
            ? 'task.cancel'
            : status === 'open'
              ? 'task.reopen'
              : 'task.update';
      await actor.audit(tx, { action, resourceType: 'task', resourceId: id, personId: task.personId });
      return taskView((await repo.byId(tx, id))!, dateInEngland(now));
    });
  }
}
