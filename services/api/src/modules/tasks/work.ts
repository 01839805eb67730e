import {
  addDays,
  dateInEngland,
  daysBetween,
  daysWaiting,
  stageOfKind,
  workingDayClock,
  type ConversationKind,
  type StoryStage,
} from '@threefold/domain';
import type { Database } from '@threefold/db';
import { asUser } from '../../auth/principal.js';
import type { Actor } from '../../platform/actor.js';
import { recentReadsRepository } from '../audit/recent.repository.js';
import { dueReviewsRepository } from '../budgets/due.repository.js';
import { heldStoriesRepository } from '../conversations/held.repository.js';
import { safeguardingClocksRepository } from '../safeguarding/clocks.repository.js';
import { touchpointDueOf, type ClockSettings } from './clocks.js';
import { tasksRepository } from './repository.js';
import type { MyWorkBody } from './schemas.js';
import { readerOf, taskView } from './service.js';

/** How many of each a section shows; `total` says how many there are. */
export const WORK_LIST_SIZE = 10;
const TASK_LIST_SIZE = 20;
/** Reviews show from two weeks before their window opens. */
export const REVIEW_HORIZON_DAYS = 14;

/** The story's stage as the board and caseload name it (the latest conversation, else the contact). */
const stageOf = (kind: number | null): StoryStage => (kind ? stageOfKind(kind as ConversationKind) : 'contact');

/** Home: a colleague's day — the stories they hold, what is falling due, their tasks, whom they saw last. */
export class WorkService {
  constructor(
    private readonly db: Database,
    private readonly settings: ClockSettings & { enquiryWorkingDays: number },
  ) {}

  async myWork(actor: Actor): Promise<MyWorkBody> {
    const user = asUser(actor.principal, 'Home is a colleague’s own work.');
    const reader = readerOf(user);
    const now = actor.now();
    const today = dateInEngland(now);
    const db = this.db;
    const lead = user.permissions.has('safeguarding:read');
    const [held, twos, tasks, reviews, enquiries, awaiting, recent] = await Promise.all([
      heldStoriesRepository.heldBy(db, user.userId, reader.seesRestricted, WORK_LIST_SIZE),
      heldStoriesRepository.conversationTwosHeldBy(db, user.userId, reader.seesRestricted),
      tasksRepository.openFor(db, reader, TASK_LIST_SIZE),
      dueReviewsRepository.forColleague(
        db,
        { userId: user.userId, teamIds: user.teamIds, includeRestricted: reader.seesRestricted },
        addDays(today, REVIEW_HORIZON_DAYS),
        WORK_LIST_SIZE,
      ),
      safeguardingClocksRepository.enquiriesOf(db, user.userId, WORK_LIST_SIZE),
      lead ? safeguardingClocksRepository.oldestAwaiting(db, WORK_LIST_SIZE) : Promise.resolve({ rows: [], total: 0 }),
      recentReadsRepository.peopleReadBy(db, user.userId, WORK_LIST_SIZE),
    ]);

    const touchpoints = twos
      .map((c) => ({ c, due: touchpointDueOf(c, this.settings.touchpointMaxGapDays) }))
      .filter((t): t is { c: (typeof twos)[number]; due: string } => t.due !== null)
      .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));

    const safeguarding = [
      ...awaiting.rows.map((c) => {
        const clock = workingDayClock(new Date(c.raised_at), this.settings.decisionWorkingDays, now);
        return {
          kind: 'decision' as const,
          id: c.concern_id,
          personId: c.person_id,
          role: 'decide' as const,
          ...clock,
        };
      }),
      ...enquiries.rows.map((e) => {
        const clock = workingDayClock(new Date(e.opened_at), this.settings.enquiryWorkingDays, now);
        return {
          kind: 'enquiry' as const,
          id: e.enquiry_id,
          personId: e.person_id,
          role: e.role === 'lead' ? ('lead' as const) : ('involved' as const),
          ...clock,
        };
      }),
    ]
      .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
      .slice(0, WORK_LIST_SIZE);

    // Recently viewed: names of the people still visible to this colleague.
    const recentPeople = await heldStoriesRepository.peopleNamed(
      db,
      recent.map((r) => r.person_id),
      reader.seesRestricted,
    );
    const recentItems = recent.flatMap((r) => {
      const name = recentPeople.get(r.person_id);
      return name ? [{ id: r.person_id, name, viewedAt: new Date(r.viewed_at).toISOString() }] : [];
    });

    const work: MyWorkBody = {
      today,
      stories: {
        total: held.total,
        items: held.rows.map((s) => ({
          storyId: s.story_id,
          person: { id: s.person_id, name: s.person_name },
          stage: stageOf(s.kind),
          conversationStatus: s.conversation_status,
          openedAt: new Date(s.opened_at).toISOString(),
          lastActivityAt: new Date(s.last_activity_at).toISOString(),
          // The board's and the caseload's figure: whole days since the wait began.
          daysWaiting: daysWaiting(
            { held: s.held, unheldSince: new Date(s.unheld_since), lastActivityAt: new Date(s.last_activity_at) },
            now,
          ),
        })),
      },
      touchpoints: {
        total: touchpoints.length,
        items: touchpoints.slice(0, WORK_LIST_SIZE).map(({ c, due }) => ({
          conversationId: c.conversation_id,
          storyId: c.story_id,
          person: { id: c.person_id, name: c.person_name },
          lastTouchpointAt: c.last_touchpoint_at ? new Date(c.last_touchpoint_at).toISOString() : null,
          dueOn: due,
          daysLeft: daysBetween(today, due),
        })),
      },
      tasks: { total: tasks.total, items: tasks.rows.map((t) => taskView(t, today)) },
      reviews: {
        total: reviews.total,
        items: reviews.rows.map((r) => ({
          reviewId: r.review_id,
          budgetId: r.budget_id,
          person: { id: r.person_id, name: r.person_name },
          kind: r.kind,
          dueFrom: r.due_from,
          dueBy: r.due_by,
          overdue: r.due_by < today,
        })),
      },
      safeguarding: {
        total: awaiting.total + enquiries.total,
        items: safeguarding.map((s) => ({
          kind: s.kind,
          id: s.id,
          personId: s.personId,
          role: s.role,
          dueOn: s.dueOn,
          workingDaysLeft: s.workingDaysLeft,
          overdue: s.overdue,
        })),
      },
      recentPeople: { total: recentItems.length, items: recentItems },
    };

    // Every person home names is a read of their record: one group commit for the lot.
    const shown = new Set<string>([
      ...work.stories.items.map((s) => s.person.id),
      ...work.touchpoints.items.map((t) => t.person.id),
      ...work.tasks.items.flatMap((t) => (t.person ? [t.person.id] : [])),
      ...work.reviews.items.map((r) => r.person.id),
      ...work.recentPeople.items.map((p) => p.id),
    ]);
    await Promise.all(
      [...shown].map((personId) =>
        actor.audit(db, { action: 'work.read', resourceType: 'person', resourceId: personId, personId }),
      ),
    );
    return work;
  }
}
