import type { Database, DbOrTx } from '@threefold/db';
import {
  daysWaiting,
  isRole,
  permissionsOfRoles,
  stageOfKind,
  storyUrgency,
  type ConversationKind,
  type StoryStage,
  type UrgencyLimits,
} from '@threefold/domain';
import type { Config } from '../../config.js';
import { AppProblem, notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { boardRepository, type QueueCursor, type QueueRow } from './board.repository.js';
import { requestView } from './views.js';

export const urgencyLimitsOf = (config: Pick<Config, 'TOUCHPOINT_MAX_GAP_DAYS'>): UrgencyLimits => ({
  touchpointMaxGapDays: config.TOUCHPOINT_MAX_GAP_DAYS,
  waitingLongDays: 14,
});

/**
 * Where a queue's next page starts. The first page's instant travels in the cursor, so every page
 * of one walk computes waits and urgency at the same moment: no story moves between pages and none
 * is shown twice or skipped, however long the reader takes.
 */
export function queueCursor(cursor: string | undefined, now: Date): { now: Date; after: QueueCursor | undefined } {
  const after = decodeCursor<QueueCursor>(cursor, 4);
  if (!after) return { now, after: undefined };
  const at = new Date(after[0]);
  if (
    Number.isNaN(at.getTime()) ||
    !Number.isInteger(after[1]) ||
    !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(String(after[2])) ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(String(after[3]))
  )
    throw new AppProblem(400, 'invalid_cursor', 'Invalid cursor', 'The cursor is not one this API issued.');
  return { now: at, after };
}

/** A page of queue rows as story cards: stage, days waiting and urgency from the domain's rules. */
export async function cardsOf(db: DbOrTx, rows: QueueRow[], limit: number, now: Date, limits: UrgencyLimits) {
  const page = pageOf(rows, limit, (r) => [now.toISOString(), r.rank, r.waiting_since_key, r.story_id]);
  const ids = page.items.map((r) => r.story_id);
  const requests = ids.length ? await boardRepository.openRequestsOfStories(db, ids) : [];
  return {
    items: page.items.map((r) => {
      const stage: StoryStage = r.stage_kind === null ? 'contact' : stageOfKind(r.stage_kind as ConversationKind);
      const held = r.held_by_id !== null && !r.holder_disabled;
      const days = daysWaiting(
        { held, unheldSince: new Date(r.unheld_since), lastActivityAt: new Date(r.last_activity) },
        now,
      );
      const urgency = storyUrgency(
        { stage, held, daysWaiting: days, daysSinceTouchpoint: r.days_since_touchpoint },
        limits,
      );
      return {
        storyId: r.story_id,
        personId: r.person_id,
        personName: `${r.given_name} ${r.family_name}`,
        teamId: r.team_id,
        status: r.status,
        openedAt: new Date(r.opened_at).toISOString(),
        stage,
        daysWaiting: days,
        waitingSince: new Date(r.waiting_since).toISOString(),
        urgency: {
          level: urgency.level,
          touchpointOverdue: urgency.touchpointOverdue,
          atRiskUnheld: urgency.atRiskUnheld,
        },
        heldById: r.held_by_id,
        holderName: r.holder_name,
        holderDisabled: r.holder_disabled,
        openRequests: requests.filter((q) => q.storyId === r.story_id).map(requestView),
        lastNote: r.note,
      };
    }),
    nextCursor: page.nextCursor,
  };
}

/** The team's board (stories that need someone) and the colleagues a story can be shared with. */
export class BoardService {
  private readonly limits: UrgencyLimits;
  constructor(
    private readonly db: Database,
    config: Pick<Config, 'TOUCHPOINT_MAX_GAP_DAYS'>,
  ) {
    this.limits = urgencyLimitsOf(config);
  }

  /**
   * The team's open stories that need someone — nobody holds them, they ask for a peer step or a
   * risk panel, or their holder is disabled (flagged) — most urgent first, keyset-paged. Restricted
   * people's stories show only to readers who may see restricted people.
   */
  async board(actor: Actor, teamId: string, query: { limit: number; cursor?: string | undefined }) {
    const { now, after } = queueCursor(query.cursor, actor.now());
    if (!(await boardRepository.teamExists(this.db, teamId))) throw notFound('team');
    const seesRestricted = actor.principal.permissions.has('people:restricted');
    const rows = await boardRepository.board(this.db, teamId, seesRestricted, {
      now,
      limits: this.limits,
      after,
      limit: query.limit,
    });
    return cardsOf(this.db, rows, query.limit, now, this.limits);
  }

  /** Active colleagues, to invite onto a story and to name on its timeline. */
  async colleagues(_actor: Actor) {
    const rows = await boardRepository.activeColleagues(this.db);
    return {
      items: rows.map((r) => ({
        id: r.id,
        displayName: r.displayName,
        teamIds: r.teamIds,
        qualified: permissionsOfRoles(r.roles.filter(isRole)).has('conversations:peer-sign-off'),
        seesConversations: permissionsOfRoles(r.roles.filter(isRole)).has('conversations:read'),
      })),
    };
  }
}
