import type { Database } from '@threefold/db';
import { assertMayOpen, notFound, ruleBreach } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { senderOf, type WrittenRecord } from '../../platform/written-record.js';
import { BudgetService } from '../budgets/budgets.js';
import { ReviewService } from '../budgets/reviews.js';
import { ConversationService } from '../conversations/conversations.js';
import { personRepository } from '../people/repository.js';
import { practiceDetailsOf } from '../reference/service.js';
import { carePlan, conversationRecord, reviewRecord, type Recipient } from './documents.js';

/**
 * The written records a person is given. Each is read through the module that owns it (with its
 * access rules), checked against the restricted-person rule, built in plain words, signed with the
 * practice's details and audited as printed.
 */
export class WrittenRecordsService {
  private readonly conversations: ConversationService;
  private readonly budgets: BudgetService;
  private readonly reviews: ReviewService;

  constructor(private readonly db: Database) {
    this.conversations = new ConversationService(db);
    this.budgets = new BudgetService(db);
    this.reviews = new ReviewService(db);
  }

  private async recipient(
    actor: Actor,
    personId: string,
    reason: string | undefined,
    what: string,
  ): Promise<Recipient> {
    const person = await personRepository.byId(this.db, personId);
    assertMayOpen(person, actor.principal, reason, () => notFound(what));
    return person!;
  }

  private async audited(
    actor: Actor,
    action: string,
    resourceType: string,
    resourceId: string,
    personId: string,
    reason: string | undefined,
  ) {
    await actor.audit(this.db, { action, resourceType, resourceId, personId, reason: reason ?? null });
  }

  async conversation(actor: Actor, id: string, reason: string | undefined): Promise<WrittenRecord> {
    const { view, personId } = await this.conversations.conversation(actor, id);
    const person = await this.recipient(actor, personId, reason, 'conversation');
    const sender = senderOf(await practiceDetailsOf(this.db));
    await this.audited(actor, 'conversation.record', 'conversation', id, personId, reason);
    return conversationRecord(view, person, sender, actor.now());
  }

  async plan(actor: Actor, id: string, reason: string | undefined): Promise<WrittenRecord> {
    const budget = await this.budgets.get(actor, id);
    const person = await this.recipient(actor, budget.personId, reason, 'personal budget');
    const { view } = await this.conversations.conversation(actor, budget.conversationId);
    const sender = senderOf(await practiceDetailsOf(this.db));
    await this.audited(actor, 'budget.plan', 'personal_budget', id, budget.personId, reason);
    return carePlan(budget, view, person, sender, actor.now());
  }

  async review(actor: Actor, id: string, reason: string | undefined): Promise<WrittenRecord> {
    const review = await this.reviews.review(actor, id);
    const person = await this.recipient(actor, review.personId, reason, 'review');
    if (review.status !== 'completed') {
      throw ruleBreach('review_not_completed', 'Review not completed', [
        { code: 'review_not_completed', detail: 'A review’s outcome can be printed once the review is completed.' },
      ]);
    }
    const sender = senderOf(await practiceDetailsOf(this.db));
    await this.audited(actor, 'review.record', 'review', id, review.personId, reason);
    return reviewRecord(review, person, sender, actor.now());
  }
}
