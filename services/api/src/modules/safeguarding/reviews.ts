import type { Database } from '@threefold/db';
import { dateInEngland } from '@threefold/domain';
import { invalidField } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { adultReviewRepository, type AdultReviewRow } from './review-repository.js';
import type { AdultReviewBody, NewAdultReviewBody } from './review-schemas.js';

const view = (row: AdultReviewRow): AdultReviewBody => ({
  id: row.id,
  completedOn: row.completedOn,
  individualsDied: row.individualsDied,
  individualsSurvived: row.individualsSurvived,
  summary: row.summary,
  recordedAt: row.recordedAt.toISOString(),
});

/**
 * Safeguarding Adult Reviews (Care Act 2014 s44) the board completed: recorded by the safeguarding
 * lead so the Safeguarding Adults Collection can count them (SG5a, SG5b). No one's personal data.
 */
export class AdultReviewService {
  constructor(private readonly db: Database) {}

  async record(actor: Actor, body: NewAdultReviewBody): Promise<AdultReviewBody> {
    if (body.individualsDied + body.individualsSurvived === 0)
      throw invalidField('individualsDied', 'a review is about at least one individual who died or survived');
    if (body.completedOn > dateInEngland(actor.now()))
      throw invalidField('completedOn', 'a review is recorded once it is completed, not before');
    return this.db.transaction(async (tx) => {
      const row = await adultReviewRepository.insert(tx, {
        completedOn: body.completedOn,
        individualsDied: body.individualsDied,
        individualsSurvived: body.individualsSurvived,
        summary: body.summary ?? '',
        recordedById: actor.principal.kind === 'user' ? actor.principal.userId : null,
        recordedAt: actor.now(),
      });
      await actor.audit(tx, {
        action: 'safeguarding_adult_review.record',
        resourceType: 'safeguarding_adult_review',
        resourceId: row.id,
        personId: null,
      });
      return view(row);
    });
  }

  async list(from: string, to: string): Promise<{ items: AdultReviewBody[] }> {
    return { items: (await adultReviewRepository.completedBetween(this.db, from, to)).map(view) };
  }
}
