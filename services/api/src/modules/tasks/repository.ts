import { people, staffUsers, stories, tasks, teams, teamMembers, type DbOrTx } from '@threefold/db';
import { aliasedTable, and, asc, eq, gt, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { personRepository } from '../people/repository.js';

export type TaskRow = typeof tasks.$inferSelect;
export type NewTaskRow = typeof tasks.$inferInsert;

/** A task with the names it is shown with. */
export interface TaskRecord extends TaskRow {
  assigneeName: string | null;
  teamName: string | null;
  personName: string | null;
  personRestricted: boolean;
  createdByName: string | null;
  closedByName: string | null;
}

const assignee = aliasedTable(staffUsers, 'assignee');
const creator = aliasedTable(staffUsers, 'creator');
const closer = aliasedTable(staffUsers, 'closer');

function withNames(db: DbOrTx) {
  return db
    .select({
      task: tasks,
      assigneeName: assignee.displayName,
      teamName: teams.name,
      personName: sql<
        string | null
      >`coalesce(${people.preferredName}, ${people.givenName}) || ' ' || ${people.familyName}`,
      personRestricted: sql<boolean>`coalesce(${people.restricted}, false)`,
      createdByName: creator.displayName,
      closedByName: closer.displayName,
    })
    .from(tasks)
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .leftJoin(teams, eq(teams.id, tasks.teamId))
    .leftJoin(people, eq(people.id, tasks.personId))
    .leftJoin(creator, eq(creator.id, tasks.createdById))
    .leftJoin(closer, eq(closer.id, tasks.closedById));
}

type Named = Awaited<ReturnType<ReturnType<typeof withNames>['execute']>>[number];
const record = (r: Named): TaskRecord => ({
  ...r.task,
  assigneeName: r.assigneeName,
  teamName: r.teamName,
  personName: r.task.personId ? r.personName : null,
  personRestricted: r.personRestricted,
  createdByName: r.createdByName,
  closedByName: r.closedByName,
});

/** Who is reading: what the task lists may show them. */
export interface TaskReader {
  userId: string;
  teamIds: string[];
  seesRestricted: boolean;
  seesSafeguarding: boolean;
}

/**
 * The tasks a colleague may see, as SQL: theirs, their teams', ones they wrote; never a restricted
 * person's without `people:restricted`, never a safeguarding clock's without `safeguarding:read`
 * (the lead also sees safeguarding clocks that no team was named for).
 */
export function visibleTo(reader: TaskReader): SQL {
  const teamsOf = reader.teamIds.length ? inArray(tasks.teamId, reader.teamIds) : sql`false`;
  const mine = or(eq(tasks.assigneeId, reader.userId), teamsOf, eq(tasks.createdById, reader.userId))!;
  const nobodys = reader.seesSafeguarding
    ? and(eq(tasks.source, 'safeguarding_clock'), sql`${tasks.teamId} is null and ${tasks.assigneeId} is null`)!
    : sql`false`;
  return and(
    or(mine, nobodys),
    reader.seesSafeguarding ? undefined : sql`${tasks.source} <> 'safeguarding_clock'`,
    reader.seesRestricted ? undefined : sql`coalesce(${people.restricted}, false) = false`,
  )!;
}

export interface TaskFilter {
  scope?: 'mine' | 'team' | undefined;
  teamId?: string | undefined;
  personId?: string | undefined;
  status?: 'open' | 'done' | 'cancelled' | undefined;
  dueBefore?: string | undefined;
}

export const tasksRepository = {
  async insert(db: DbOrTx, values: NewTaskRow): Promise<TaskRow> {
    const [row] = await db.insert(tasks).values(values).returning();
    return row!;
  },

  /** Makes an automatic task unless its source key was used before; true when made. */
  async insertOnce(db: DbOrTx, values: NewTaskRow): Promise<TaskRow | undefined> {
    const [row] = await db.insert(tasks).values(values).onConflictDoNothing({ target: tasks.sourceKey }).returning();
    return row;
  },

  async byId(db: DbOrTx, id: string): Promise<TaskRecord | undefined> {
    const [row] = await withNames(db).where(eq(tasks.id, id));
    return row && record(row);
  },

  /** Changes a task if it is still at `expected`; undefined when someone else changed it first. */
  /** Cancels every open task about a person (the end of support); returns their ids. */
  async cancelOpenOfPerson(db: DbOrTx, personId: string, at: Date, byId: string | null): Promise<string[]> {
    const rows = await db
      .update(tasks)
      .set({ status: 'cancelled', closedAt: at, closedById: byId, updatedAt: at, version: sql`${tasks.version} + 1` })
      .where(and(eq(tasks.personId, personId), eq(tasks.status, 'open')))
      .returning({ id: tasks.id });
    return rows.map((r) => r.id);
  },

  async update(
    db: DbOrTx,
    id: string,
    expected: number,
    values: Partial<Omit<TaskRow, 'id' | 'createdAt' | 'createdById' | 'source' | 'sourceKey'>>,
  ): Promise<TaskRow | undefined> {
    const [row] = await db
      .update(tasks)
      .set({ ...values, version: expected + 1 })
      .where(and(eq(tasks.id, id), eq(tasks.version, expected)))
      .returning();
    return row;
  },

  /** A page of the tasks a reader may see, by due day then id, after the cursor's (dueOn, id). */
  async page(db: DbOrTx, reader: TaskReader, filter: TaskFilter, after: [string, string] | undefined, limit: number) {
    const conditions: (SQL | undefined)[] = [visibleTo(reader)];
    if (filter.scope === 'mine') conditions.push(eq(tasks.assigneeId, reader.userId));
    if (filter.scope === 'team') {
      conditions.push(reader.teamIds.length ? inArray(tasks.teamId, reader.teamIds) : sql`false`);
    }
    if (filter.teamId) conditions.push(eq(tasks.teamId, filter.teamId));
    if (filter.personId) conditions.push(eq(tasks.personId, filter.personId));
    if (filter.status) conditions.push(eq(tasks.status, filter.status));
    if (filter.dueBefore) conditions.push(sql`${tasks.dueOn} < ${filter.dueBefore}`);
    if (after) {
      conditions.push(or(gt(tasks.dueOn, after[0]), and(eq(tasks.dueOn, after[0]), gt(tasks.id, after[1]))));
    }
    const rows = await withNames(db)
      .where(and(...conditions))
      .orderBy(asc(tasks.dueOn), asc(tasks.id))
      .limit(limit + 1);
    return rows.map(record);
  },

  /** Open tasks for me or my teams (what home shows), soonest due first, and how many in all. */
  async openFor(db: DbOrTx, reader: TaskReader, limit: number) {
    const forMe = or(
      eq(tasks.assigneeId, reader.userId),
      reader.teamIds.length ? inArray(tasks.teamId, reader.teamIds) : sql`false`,
      // The safeguarding lead's: decision clocks no team was named for.
      reader.seesSafeguarding
        ? sql`${tasks.source} = 'safeguarding_clock' and ${tasks.teamId} is null and ${tasks.assigneeId} is null`
        : sql`false`,
    );
    const where = and(eq(tasks.status, 'open'), forMe, visibleTo(reader));
    const [rows, [count]] = await Promise.all([
      withNames(db).where(where).orderBy(asc(tasks.dueOn), asc(tasks.id)).limit(limit),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(tasks)
        .leftJoin(people, eq(people.id, tasks.personId))
        .where(where),
    ]);
    return { rows: rows.map(record), total: count?.n ?? 0 };
  },

  async teamExists(db: DbOrTx, teamId: string): Promise<boolean> {
    const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    return row !== undefined;
  },

  async activeColleague(db: DbOrTx, userId: string): Promise<boolean> {
    const [row] = await db
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(and(eq(staffUsers.id, userId), sql`${staffUsers.disabledAt} is null`));
    return row !== undefined;
  },

  /** The people module's own read (one owner for the people table). */
  personOf: personRepository.accessOf,

  async storyOf(db: DbOrTx, storyId: string): Promise<{ personId: string } | undefined> {
    const [row] = await db.select({ personId: stories.personId }).from(stories).where(eq(stories.id, storyId));
    return row;
  },

  async isMember(db: DbOrTx, userId: string, teamId: string): Promise<boolean> {
    const [row] = await db
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.userId, userId), eq(teamMembers.teamId, teamId)));
    return row !== undefined;
  },

  /**
   * Claims up to `batch` open tasks whose due day has passed on `today` and that were never
   * announced as overdue, marking them announced. SKIP LOCKED: two instances never claim the same.
   */
  async claimOverdue(db: DbOrTx, today: string, batch: number) {
    const claimed = await db.execute<{
      id: string;
      source: string;
      person_id: string | null;
      team_id: string | null;
    }>(sql`
      update tasks t set overdue_notified_at = now()
       where t.id in (
         select id from tasks
          where status = 'open' and overdue_notified_at is null and due_on < ${today}
          order by due_on
          limit ${batch}
          for update skip locked)
      returning t.id, t.source, t.person_id, t.team_id`);
    return claimed.rows;
  },

  /** Open automatic touchpoint tasks of a conversation that are not for `dueOn` (a touchpoint moved the clock on). */
  async staleTouchpointTasks(db: DbOrTx, conversationId: string, currentKey: string) {
    return db
      .select({ id: tasks.id, version: tasks.version })
      .from(tasks)
      .where(
        and(
          eq(tasks.source, 'touchpoint'),
          eq(tasks.status, 'open'),
          isNotNull(tasks.sourceKey),
          // A range on the unique index: every key that starts `touchpoint:<conversation>:`.
          sql`${tasks.sourceKey} >= ${`touchpoint:${conversationId}:`} and ${tasks.sourceKey} < ${`touchpoint:${conversationId};`}`,
          sql`${tasks.sourceKey} <> ${currentKey}`,
        ),
      );
  },

  /** Open tasks a clock made from `source`, a batch at a time after `afterId` (the partial index of open automatic tasks). */
  async openAutomatic(db: DbOrTx, source: 'review' | 'safeguarding_clock', afterId: string | null, batch: number) {
    return db
      .select({ id: tasks.id, version: tasks.version, sourceKey: tasks.sourceKey })
      .from(tasks)
      .where(
        and(
          eq(tasks.status, 'open'),
          sql`${tasks.source} <> 'manual'`,
          eq(tasks.source, source),
          afterId ? gt(tasks.id, afterId) : undefined,
        ),
      )
      .orderBy(asc(tasks.id))
      .limit(batch);
  },
};
