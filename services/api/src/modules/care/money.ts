/**
 * The money side of care after the decision: the council's financial assessments (the person's
 * weekly contribution from a date) and a budget's statement for any period, exact in pence.
 */
import type { Database } from '@threefold/db';
import {
  contributionOn,
  daysBetween,
  periodFigures,
  periodStatement,
  rangesOverlap,
  serviceCost,
  weeklyTotalOn,
  type ContributionRate,
} from '@threefold/domain';
import { invalidField, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { senderOf } from '../../platform/written-record.js';
import { budgetRepository, type BudgetRow } from '../budgets/repository.js';
import { practiceDetailsOf } from '../reference/service.js';
import {
  careRepository as repo,
  type AssessmentRow,
  type ServiceRecord,
  type ServiceRow,
  type SuspensionRow,
} from './repository.js';
import type { BudgetStatementView, NewFinancialAssessmentBody } from './schemas.js';
import { assertPersonVisible, lifecycleBreach, termOf } from './services.js';

/** The contribution rates a person's assessments give: for each effective date, the latest received. */
export function ratesOf(rows: readonly AssessmentRow[]): ContributionRate[] {
  const byDay = new Map<string, AssessmentRow>();
  for (const r of rows) {
    const seen = byDay.get(r.effectiveFrom);
    if (!seen || seen.receivedAt <= r.receivedAt) byDay.set(r.effectiveFrom, r);
  }
  return [...byDay.values()].map((r) => ({ from: r.effectiveFrom, weeklyPence: r.weeklyContributionPence }));
}

export class CareMoneyService {
  constructor(private readonly db: Database) {}

  /** The council's financial assessment for a person: their weekly contribution from a date. */
  async recordAssessment(actor: Actor, personId: string, input: NewFinancialAssessmentBody) {
    const clientId = actor.principal.kind === 'client' ? actor.principal.clientId : null;
    return this.db.transaction(async (tx) => {
      const person = await repo.personOf(tx, personId);
      if (!person) throw notFound('person');
      const first = await repo.firstServiceStart(tx, personId);
      if (first === null || input.effectiveFrom < first) {
        throw lifecycleBreach(
          {
            code: 'contribution_before_first_service',
            detail:
              first === null
                ? 'This person has no services yet; a contribution takes effect from their first service.'
                : `A contribution cannot take effect before the person’s first service (${first}).`,
          },
          'effectiveFrom',
        );
      }
      const before = ratesOf(await repo.assessmentsOf(tx, [personId]));
      const row = await repo.insertAssessment(tx, {
        personId,
        weeklyContributionPence: input.weeklyContributionPence,
        effectiveFrom: input.effectiveFrom,
        reference: input.reference ?? null,
        clientId,
        receivedAt: actor.now(),
      });
      const previous = contributionOn(before, input.effectiveFrom);
      if (previous !== input.weeklyContributionPence || before.length === 0) {
        await recordEvent(tx, {
          type: 'contribution.changed',
          subjectType: 'person',
          subjectId: personId,
          data: {
            weeklyPence: input.weeklyContributionPence,
            previousWeeklyPence: previous,
            effectiveFrom: input.effectiveFrom,
          },
        });
      }
      await actor.audit(tx, {
        action: 'financial_assessment.record',
        resourceType: 'financial_assessment',
        resourceId: row.id,
        personId,
      });
      return {
        id: row.id,
        personId,
        weeklyContributionPence: row.weeklyContributionPence,
        effectiveFrom: row.effectiveFrom,
        reference: row.reference,
        receivedAt: row.receivedAt.toISOString(),
      };
    });
  }

  /** The statement with the person's name and the practice's details, for printing. */
  async statementForPrint(actor: Actor, budgetId: string, from: string, to: string) {
    const statement = await this.statement(actor, budgetId, from, to);
    const personName = (await budgetRepository.personNameOf(this.db, statement.personId)) ?? '';
    const sender = senderOf(await practiceDetailsOf(this.db));
    return { statement, personName, sender };
  }

  /** A budget's statement for a period: services' cost accrued day by day, the person's part and the council's. */
  async statement(actor: Actor, budgetId: string, from: string, to: string): Promise<BudgetStatementView> {
    if (to < from) throw invalidField('to', 'The period ends before it starts.', 'query');
    if (daysBetween(from, to) >= 5 * 366) throw invalidField('to', 'A statement covers at most five years.', 'query');
    const budget = await budgetRepository.byId(this.db, budgetId);
    if (!budget) throw notFound('personal budget');
    await assertPersonVisible(this.db, actor, budget.personId, () => notFound('personal budget'));
    const rows = await repo.servicesOfBudget(this.db, budgetId);
    const suspensions = await repo.suspensionsOf(
      this.db,
      rows.map((r) => r.id),
    );
    const rates = ratesOf(await repo.assessmentsOf(this.db, [budget.personId]));
    await actor.audit(this.db, {
      action: 'personal_budget.statement',
      resourceType: 'personal_budget',
      resourceId: budgetId,
      personId: budget.personId,
    });
    return statementOf(budget, rows, suspensions, rates, from, to);
  }
}

export function statementOf(
  budget: Pick<BudgetRow, 'id' | 'personId'>,
  rows: readonly ServiceRecord[] | readonly ServiceRow[],
  suspensions: readonly SuspensionRow[],
  rates: readonly ContributionRate[],
  from: string,
  to: string,
): BudgetStatementView {
  const terms = rows.map((r) => termOf(r, suspensions));
  const st = periodStatement(terms, rates, from, to);
  return {
    budgetId: budget.id,
    personId: budget.personId,
    ...st,
    asAt: {
      on: to,
      services: periodFigures(weeklyTotalOn(terms, to)),
      personContribution: periodFigures(contributionOn(rates, to)),
    },
    services: rows
      .map((r, i) => ({
        id: r.id,
        what: r.what,
        part: r.part,
        providerName: 'providerName' in r ? r.providerName : null,
        weeklyPence: r.weeklyPence,
        costPence: serviceCost(terms[i]!, from, to),
      }))
      .filter(
        (s, i) =>
          s.costPence > 0 || rangesOverlap({ start: terms[i]!.start, end: terms[i]!.end }, { start: from, end: to }),
      ),
  };
}
