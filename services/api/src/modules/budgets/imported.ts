import type { DbOrTx, Tx } from '@threefold/db';
import type { BudgetManagement, IsoDate } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import type { Actor } from '../../platform/actor.js';
import { placeForImportedBudget } from '../conversations/imported.js';
import { budgetRepository as repo } from './repository.js';
import { schedulePlannedReview } from './reviews.js';

/** A live budget from a council's file, its person already imported. */
export interface ImportedBudget {
  id: string;
  personId: string;
  /** The weekly amount the council agreed, whole pence. */
  weeklyPence: number;
  /** The day it started: it is live from then. */
  startOn: IsoDate;
  management: BudgetManagement;
  nextReviewOn: IsoDate;
  /** The council system it came from (the import's source). */
  source: string;
}

/** Which of these people already have a live budget (one live budget a person). */
export function peopleWithLiveBudget(db: DbOrTx, personIds: string[]): Promise<Set<string>> {
  return repo.peopleWithLiveBudget(db, personIds);
}

/**
 * Records live budgets from an import in `tx`, each as the fact it is: agreed by the council on
 * its start date and live from then, marked as imported from the council's system — never drafted,
 * signed off or sent to panel here, so no colleague's sign-off or panel decision is recorded, and
 * no eligibility determination is invented (the council made its own). Each sits in the person's
 * open story at conversation 3 (a new imported one when they have none), and its next review is
 * set for the day the council set. The plan's lines are not in a council's export: the plan is
 * the agreed weekly amount, managed as the council had it. The import audits the batch.
 */
export async function recordImportedBudgets(tx: Tx, actor: Actor, batch: ImportedBudget[]): Promise<void> {
  const user = asUser(actor.principal, 'Budgets are imported by colleagues.');
  for (const b of batch) {
    const startedAt = new Date(`${b.startOn}T00:00:00.000Z`);
    const place = await placeForImportedBudget(tx, actor, b.personId, startedAt);
    const row = await repo.insert(tx, {
      id: b.id,
      personId: b.personId,
      ...place,
      determinationId: null,
      indicativeWeeklyPence: b.weeklyPence,
      status: 'signed_off',
      management: {
        method: b.management.method,
        directPayment: b.management.directPayment
          ? {
              section: b.management.directPayment.section,
              authorisedPerson: b.management.directPayment.authorisedPerson ?? null,
              conditions: [...b.management.directPayment.conditions],
            }
          : null,
        parts: [...(b.management.parts ?? [])],
      },
      weeklyTotalPence: b.weeklyPence,
      agreedWeeklyPence: b.weeklyPence,
      signedOffAt: startedAt,
      signedOffById: null,
      liveOn: b.startOn,
      importedFrom: b.source,
      createdById: user.userId,
      createdAt: actor.now(),
      updatedAt: actor.now(),
    });
    await schedulePlannedReview(tx, row, b.nextReviewOn);
  }
}
