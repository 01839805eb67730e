import {
  addDays,
  dateInEngland,
  nextTouchpointDue,
  taskSourceKey,
  workingDayClock,
  type IsoDate,
} from '@threefold/domain';
import type { Database } from '@threefold/db';
import { publishClaimed } from '../../outbox/publish-claimed.js';
import { dueReviewsRepository, reviewsNoLongerOpen } from '../budgets/due.repository.js';
import { heldStoriesRepository, type OpenConversationTwoRow } from '../conversations/held.repository.js';
import { concernsDecided, safeguardingClocksRepository } from '../safeguarding/clocks.repository.js';
import { tasksRepository as repo } from './repository.js';

export interface ClockSettings {
  /** The longest a person on conversation 2 goes without a touchpoint (TOUCHPOINT_MAX_GAP_DAYS). */
  touchpointMaxGapDays: number;
  /** Working days to the section 42 decision (SAFEGUARDING_DECISION_WORKING_DAYS). */
  decisionWorkingDays: number;
}

/** A touchpoint task is made the day before it falls due, so there is a day to arrange it. */
export const TOUCHPOINT_NOTICE_DAYS = 1;
const BATCH = 500;

/** When the next touchpoint of an open conversation 2 is due, or null once its plan has ended. */
export function touchpointDueOf(row: OpenConversationTwoRow, maxGapDays: number): IsoDate | null {
  const start = row.plan_starts_on ?? dateInEngland(new Date(row.started_at));
  const due = nextTouchpointDue(row.last_touchpoint_at ? [new Date(row.last_touchpoint_at)] : [], start, maxGapDays);
  if (row.plan_ends_on && due > row.plan_ends_on) return null;
  return due;
}

async function eachBatch<R>(
  fetch: (after: string | null) => Promise<R[]>,
  idOf: (r: R) => string,
  work: (r: R) => Promise<void>,
) {
  let after: string | null = null;
  for (;;) {
    const rows = await fetch(after);
    for (const row of rows) await work(row);
    if (rows.length < BATCH) return;
    after = idOf(rows.at(-1)!);
  }
}

/**
 * Makes the tasks the practice's clocks call for, each once (its source key): a conversation 2
 * touchpoint falling due, for the story's holder (else its team); a review whose window has
 * opened, for the colleague holding the budget's story and the review's team; a concern awaiting
 * its section 42 decision, for the concern's team and the safeguarding leads. A touchpoint task
 * whose clock moved on (someone was in touch) is closed by the clock. Returns how many were made.
 */
export async function makeClockTasks(db: Database, now: Date, settings: ClockSettings) {
  const today = dateInEngland(now);
  const made = { touchpoint: 0, review: 0, safeguarding: 0, closed: 0 };

  await eachBatch(
    (after) => heldStoriesRepository.openConversationTwos(db, after, BATCH),
    (r) => r.conversation_id,
    async (c) => {
      const due = touchpointDueOf(c, settings.touchpointMaxGapDays);
      const key = due ? taskSourceKey('touchpoint', c.conversation_id, due) : `touchpoint:${c.conversation_id}:ended`;
      for (const stale of await repo.staleTouchpointTasks(db, c.conversation_id, key)) {
        if (
          await repo.update(db, stale.id, stale.version, {
            status: 'done',
            closedAt: now,
            closedById: null,
            updatedAt: now,
          })
        ) {
          made.closed += 1;
        }
      }
      if (!due || due > addDays(today, TOUCHPOINT_NOTICE_DAYS)) return;
      if (!c.held_by_id && !c.team_id) return;
      const row = await repo.insertOnce(db, {
        title: 'Conversation 2: be in touch',
        details: `The next touchpoint is due by ${due} (at most ${settings.touchpointMaxGapDays} days between touchpoints).`,
        dueOn: due,
        assigneeId: c.held_by_id,
        teamId: c.team_id,
        personId: c.person_id,
        storyId: c.story_id,
        source: 'touchpoint',
        sourceKey: key,
        createdAt: now,
        updatedAt: now,
      });
      if (row) made.touchpoint += 1;
    },
  );

  await eachBatch(
    (after) => dueReviewsRepository.openDueBy(db, today, after, BATCH),
    (r) => r.review_id,
    async (r) => {
      if (!r.held_by_id && !r.team_id) return;
      const row = await repo.insertOnce(db, {
        title: r.kind === 'first' ? 'First review of the support plan' : 'Review of the support plan',
        details: `Due between ${r.due_from} and ${r.due_by}.`,
        dueOn: r.due_by,
        assigneeId: r.held_by_id,
        teamId: r.team_id,
        personId: r.person_id,
        storyId: r.story_id,
        source: 'review',
        sourceKey: taskSourceKey('review', r.review_id, r.due_by),
        createdAt: now,
        updatedAt: now,
      });
      if (row) made.review += 1;
    },
  );

  await eachBatch(
    (after) => safeguardingClocksRepository.awaitingDecision(db, after, BATCH),
    (r) => r.concern_id,
    async (c) => {
      const clock = workingDayClock(new Date(c.raised_at), settings.decisionWorkingDays, now);
      const row = await repo.insertOnce(db, {
        title: 'Section 42 decision due',
        details: `A safeguarding concern awaits its decision: due by ${clock.dueOn}.`,
        dueOn: clock.dueOn,
        assigneeId: null,
        teamId: c.team_id,
        personId: c.person_id,
        storyId: null,
        source: 'safeguarding_clock',
        sourceKey: taskSourceKey('safeguarding_clock', c.concern_id, clock.dueOn),
        createdAt: now,
        updatedAt: now,
      });
      if (row) made.safeguarding += 1;
    },
  );
  made.closed += await closeFinished(db, now, 'review', reviewsNoLongerOpen);
  made.closed += await closeFinished(db, now, 'safeguarding_clock', concernsDecided);
  return made;
}

/**
 * Closes (done, by the clock: no colleague named) the open tasks a clock made whose subject is
 * finished — the review completed, the decision made — so home lists only what is still owed.
 */
async function closeFinished(
  db: Database,
  now: Date,
  source: 'review' | 'safeguarding_clock',
  finished: (db: Database, ids: string[]) => Promise<Set<string>>,
): Promise<number> {
  let closed = 0;
  let after: string | null = null;
  for (;;) {
    const open = await repo.openAutomatic(db, source, after, BATCH);
    const subjectOf = (key: string | null) => key?.split(':')[1] ?? '';
    const done = await finished(
      db,
      open.map((t) => subjectOf(t.sourceKey)),
    );
    for (const t of open) {
      if (!done.has(subjectOf(t.sourceKey))) continue;
      const updated = await repo.update(db, t.id, t.version, {
        status: 'done',
        closedAt: now,
        closedById: null,
        updatedAt: now,
      });
      if (updated) closed += 1;
    }
    if (open.length < BATCH) return closed;
    after = open.at(-1)!.id;
  }
}

/**
 * Publishes `task.overdue` once for each open task whose due day has passed: the claim marks it
 * announced in the same transaction as the event, so a task is announced once whatever runs when.
 */
export async function markTasksOverdue(db: Database, today: IsoDate, batch = 500): Promise<number> {
  return publishClaimed(
    db,
    (tx) => repo.claimOverdue(tx, today, batch),
    (t) => ({
      type: 'task.overdue',
      subjectType: 'task',
      subjectId: t.id,
      data: { source: t.source, personId: t.person_id, teamId: t.team_id },
    }),
  );
}

/** One run of the tasks clock: make what the clocks call for, then announce what is overdue. */
export async function runTaskClocks(db: Database, now: Date, settings: ClockSettings) {
  const made = await makeClockTasks(db, now, settings);
  const overdue = await markTasksOverdue(db, dateInEngland(now));
  return { ...made, overdue };
}
