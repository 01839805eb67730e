import type { Database } from '@threefold/db';
import type { StoryStage, UrgencyLimits } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/actor.js';
import { cardsOf, queueCursor, urgencyLimitsOf } from './board.js';
import { caseloadRepository } from './caseload.repository.js';

export interface CaseloadRequest {
  scope?: 'mine' | 'team' | 'all' | undefined;
  stage?: StoryStage | undefined;
  waitingLongerThan?: number | undefined;
  status?: 'open' | 'closed' | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * A colleague's caseload: the stories they hold, their teams' stories, or every story they may
 * see, filtered by stage and by how long they have waited, most urgent first (the board's order).
 * Restricted people's stories only for readers with `people:restricted`; each row read is audited.
 */
export class CaseloadService {
  private readonly limits: UrgencyLimits;
  constructor(
    private readonly db: Database,
    config: Pick<Config, 'TOUCHPOINT_MAX_GAP_DAYS'>,
  ) {
    this.limits = urgencyLimitsOf(config);
  }

  async list(actor: Actor, query: CaseloadRequest) {
    const user = asUser(actor.principal, 'A caseload belongs to a colleague.');
    const { now, after } = queueCursor(query.cursor, actor.now());
    const rows = await caseloadRepository.stories(
      this.db,
      {
        scope: query.scope ?? 'mine',
        userId: user.userId,
        teamIds: user.teamIds,
        seesRestricted: user.permissions.has('people:restricted'),
        status: query.status ?? 'open',
        stage: query.stage,
        waitingLongerThan: query.waitingLongerThan,
      },
      { now, limits: this.limits, after, limit: query.limit },
    );
    const page = await cardsOf(this.db, rows, query.limit, now, this.limits);
    // One group commit for the page, not one round trip per story.
    await Promise.all(
      page.items.map((card) =>
        actor.audit(this.db, {
          action: 'story.caseload_read',
          resourceType: 'story',
          resourceId: card.storyId,
          personId: card.personId,
        }),
      ),
    );
    return page;
  }
}
