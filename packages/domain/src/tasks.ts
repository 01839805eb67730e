import { addDays, dateInEngland, daysBetween, type IsoDate } from './calendar.js';
import type { RuleProblem } from './conversations.js';

/** Tasks and reminders: for a colleague or a team, with a due date, open until done or cancelled. */
export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** Where a task came from: written by a colleague, or made once by the practice's clocks. */
export const taskSources = ['manual', 'touchpoint', 'review', 'safeguarding_clock'] as const;
export type TaskSource = (typeof taskSources)[number];

/** The key that makes an automatic task once: one per clock and due date. */
export function taskSourceKey(source: Exclude<TaskSource, 'manual'>, subjectId: string, dueOn: IsoDate): string {
  return `${source}:${subjectId}:${dueOn}`;
}

/**
 * The day the next touchpoint is due on an intensive plan: the last day in touch (the plan's start
 * counts as being in touch) plus the longest allowed gap, in calendar days in England — in touch on
 * Monday with a three-day gap, the next touch is due by Thursday.
 */
export function nextTouchpointDue(
  touchpointInstants: readonly Date[],
  planStart: IsoDate,
  maxGapDays: number,
): IsoDate {
  if (!Number.isSafeInteger(maxGapDays) || maxGapDays < 1) {
    throw new RangeError(`the longest gap between touchpoints must be at least one day, got ${maxGapDays}`);
  }
  let last = planStart;
  for (const instant of touchpointInstants) {
    const day = dateInEngland(instant);
    if (daysBetween(last, day) > 0) last = day;
  }
  return addDays(last, maxGapDays);
}

/** Days until something is due (negative once overdue; 0 on the day). */
export function daysUntil(dueOn: IsoDate, today: IsoDate): number {
  return daysBetween(today, dueOn);
}

/** A task is overdue once its due day has passed and it is still open. */
export function taskOverdue(task: { status: TaskStatus; dueOn: IsoDate }, today: IsoDate): boolean {
  return task.status === 'open' && daysBetween(task.dueOn, today) > 0;
}

export type TaskChangeProblemCode = 'task_closed' | 'task_unassigned';

export interface TaskChange {
  /** The status asked for, if any. */
  status?: TaskStatus | undefined;
  /** Other fields edited (title, details, due date, who it is for, links). */
  edits: boolean;
  /** Who the task would be for after the change. */
  assigneeId: string | null;
  teamId: string | null;
}

/**
 * A task is changed only while open: once done or cancelled it is the record of what happened
 * (reopening is `status: open` on its own, with no other edits). An open task is always for
 * someone: a colleague, a team, or both.
 */
export function taskChangeProblems(current: TaskStatus, change: TaskChange): RuleProblem<TaskChangeProblemCode>[] {
  const problems: RuleProblem<TaskChangeProblemCode>[] = [];
  const reopening = change.status === 'open' && current !== 'open';
  if (current !== 'open' && !reopening) {
    problems.push({ code: 'task_closed', detail: `This task is ${current}: reopen it before changing it.` });
  } else if (reopening && change.edits) {
    problems.push({ code: 'task_closed', detail: 'Reopen the task first, then change it.' });
  }
  if (change.assigneeId === null && change.teamId === null) {
    problems.push({ code: 'task_unassigned', detail: 'A task is for a colleague or a team: say whom.' });
  }
  return problems;
}

/** Home's order: overdue first, then by due day, then by when written. */
export function compareForHome(
  a: { dueOn: IsoDate; createdAt: string },
  b: { dueOn: IsoDate; createdAt: string },
): number {
  return a.dueOn < b.dueOn
    ? -1
    : a.dueOn > b.dueOn
      ? 1
      : a.createdAt < b.createdAt
        ? -1
        : a.createdAt > b.createdAt
          ? 1
          : 0;
}
