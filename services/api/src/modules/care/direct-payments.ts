import type { Database } from '@threefold/db';
import { addDays, addMonths, firstReviewWindow } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, ruleBreach } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { budgetRepository } from '../budgets/repository.js';
import { reviewRepository } from '../budgets/review-repository.js';
import { careRepository as repo, type AgreementRow } from './repository.js';
import type { DirectPaymentAgreementView, NewDirectPaymentAgreementBody } from './schemas.js';

function agreementView(row: AgreementRow): DirectPaymentAgreementView {
  return {
    id: row.id,
    budgetId: row.budgetId,
    personId: row.personId,
    holder: row.holder,
    holderName: row.holderName,
    startOn: row.startOn,
    paymentFrequency: row.paymentFrequency,
    monitoringReviewOn: row.monitoringReviewOn,
    reviewId: row.reviewId,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The direct payment agreement of a signed-off budget with a direct payment part (Care Act 2014
 * ss31–33): who holds it, from when, how often it is paid; its first monitoring review is put
 * on the budget's reviews like any other, so it falls due and is flagged the same way.
 */
export class DirectPaymentsService {
  constructor(private readonly db: Database) {}

  private async budget(actor: Actor, budgetId: string, lock = false) {
    const budget = await budgetRepository.byId(this.db, budgetId, lock);
    if (!budget) throw notFound('personal budget');
    const person = await repo.personOf(this.db, budget.personId);
    if (person?.restricted && !actor.principal.permissions.has('people:restricted')) throw notFound('personal budget');
    return budget;
  }

  async get(actor: Actor, budgetId: string): Promise<DirectPaymentAgreementView> {
    const budget = await this.budget(actor, budgetId);
    const row = await repo.agreementOf(this.db, budgetId);
    if (!row) throw notFound('direct payment agreement');
    await actor.audit(this.db, {
      action: 'direct_payment_agreement.read',
      resourceType: 'direct_payment_agreement',
      resourceId: row.id,
      personId: budget.personId,
    });
    return agreementView(row);
  }

  async record(
    actor: Actor,
    budgetId: string,
    input: NewDirectPaymentAgreementBody,
  ): Promise<DirectPaymentAgreementView> {
    const user = asUser(actor.principal, 'Direct payment agreements are recorded by colleagues.');
    if (input.holder !== 'person' && !input.holderName?.trim()) {
      throw invalidField('holderName', 'Name the nominated or suitable person who holds the direct payment.');
    }
    const window = firstReviewWindow(input.startOn);
    const monitoringReviewOn = input.monitoringReviewOn ?? window.dueBy;
    if (monitoringReviewOn <= input.startOn || monitoringReviewOn > addMonths(input.startOn, 12)) {
      throw invalidField(
        'monitoringReviewOn',
        'The first monitoring review falls after the start and within 12 months.',
      );
    }
    return this.db.transaction(async (tx) => {
      const budget = await budgetRepository.byId(tx, budgetId, true);
      if (!budget) throw notFound('personal budget');
      await this.budget(actor, budgetId);
      if (budget.status !== 'signed_off') {
        throw ruleBreach('budget_not_signed_off', 'Budget not signed off', [
          { code: 'budget_not_signed_off', detail: 'A direct payment is agreed under a signed-off personal budget.' },
        ]);
      }
      const m = budget.management;
      const hasPart = m && (m.method === 'direct_payment' || m.parts.some((p) => p.method === 'direct_payment'));
      if (!hasPart) {
        throw ruleBreach('part_not_in_budget', 'No direct payment', [
          { code: 'part_not_in_budget', detail: 'This budget has no direct payment part.' },
        ]);
      }
      if (input.holder === 'suitable_person' && m?.directPayment?.section !== 's32') {
        throw new AppProblem(409, 'holder_not_s32', 'Not a section 32 direct payment', undefined, [
          {
            in: 'body',
            field: 'holder',
            pointer: '/holder',
            message: 'A suitable person holds a direct payment made under s32; this budget’s is under s31.',
          },
        ]);
      }
      if (budget.liveOn && input.startOn < budget.liveOn) {
        throw invalidField(
          'startOn',
          `The budget went live on ${budget.liveOn}; the direct payment cannot start before.`,
        );
      }
      if (await repo.agreementOf(tx, budgetId)) {
        throw ruleBreach('agreement_exists', 'Already agreed', [
          { code: 'agreement_exists', detail: 'This budget already has a direct payment agreement.' },
        ]);
      }
      const review = await reviewRepository.insert(tx, {
        budgetId,
        personId: budget.personId,
        teamId: budget.teamId,
        kind: 'planned',
        requestNote: 'First monitoring review of the direct payment',
        dueFrom:
          addDays(monitoringReviewOn, -14) < input.startOn ? monitoringReviewOn : addDays(monitoringReviewOn, -14),
        dueBy: monitoringReviewOn,
      });
      const row = await repo.insertAgreement(tx, {
        budgetId,
        personId: budget.personId,
        holder: input.holder,
        holderName: input.holder === 'person' ? null : input.holderName!.trim(),
        startOn: input.startOn,
        paymentFrequency: input.paymentFrequency,
        monitoringReviewOn,
        reviewId: review.id,
        createdById: user.userId,
        createdAt: actor.now(),
      });
      await actor.audit(tx, {
        action: 'direct_payment_agreement.create',
        resourceType: 'direct_payment_agreement',
        resourceId: row.id,
        personId: budget.personId,
      });
      return agreementView(row);
    });
  }
}
