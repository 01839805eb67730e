import type { Static } from 'typebox';
import { advocacyResultOf, advocacyStepProblems, storedAdvocacy } from '../conversations/advocacy.js';
import type { Advocacy } from '../conversations/schemas.js';
import type { DbOrTx, StoredFundingSource, StoredManagement, StoredPlanLine } from '@threefold/db';
import {
  budgetStatement,
  fundingProblems,
  managementProblems,
  planLineProblems,
  planLineWeeklyCost,
  planTotals,
  type PlanLine as RulePlanLine,
  type RuleProblem,
} from '@threefold/domain';
import { AppProblem, invalidField, type FieldIssue } from '../../errors.js';
import { budgetRepository as budgets, type BudgetRow, type BudgetValues } from './repository.js';
import { reviewRepository } from './review-repository.js';
import { MAX_WEEKLY_PENCE, type PersonalBudgetBody } from './schemas.js';

export interface PlanLineInputBody {
  what: string;
  provider: StoredPlanLine['provider'];
  providerName?: string | undefined;
  paid: boolean;
  unitCostPence: number;
  unitCostId?: string | null | undefined;
  unit?: string | undefined;
  unitsPerWeek: number;
  frequency: StoredPlanLine['frequency'];
}
export interface ManagementBody {
  method: StoredManagement['method'];
  directPayment?:
    { section: 's31' | 's32'; authorisedPerson?: string | null | undefined; conditions: string[] } | null | undefined;
  parts?: StoredManagement['parts'] | undefined;
}
export interface BudgetChanges {
  goodLife?: string | undefined;
  planLines?: PlanLineInputBody[] | undefined;
  fundingSources?:
    { kind: StoredFundingSource['kind']; weeklyPence: number; description?: string | undefined }[] | undefined;
  management?: ManagementBody | null | undefined;
  /** The advocacy test for preparing the plan (Care Act s67(3)(c), reg 4). */
  advocacy?: Static<typeof Advocacy> | undefined;
}

function rulePlanLine(line: StoredPlanLine): RulePlanLine {
  return {
    what: line.what,
    provider: line.provider,
    paid: line.paid,
    unitCostPence: line.unitCostPence,
    unitsPerWeek: line.unitsPerWeek,
    frequency: line.frequency,
  };
}

function ruleManagement(m: StoredManagement) {
  return {
    method: m.method,
    directPayment: m.directPayment
      ? {
          section: m.directPayment.section,
          authorisedPerson: m.directPayment.authorisedPerson ?? undefined,
          conditions: m.directPayment.conditions,
        }
      : undefined,
    parts: m.parts,
  };
}

/** Everything that stops a draft being signed off, in plain words. */
export function signOffReadiness(
  row: Pick<BudgetRow, 'planLines' | 'fundingSources' | 'management' | 'advocacy'>,
): RuleProblem[] {
  const out: RuleProblem[] = [];
  const lines = row.planLines.map(rulePlanLine);
  const total = planTotals(lines).weeklyPence;
  if (lines.length === 0) out.push({ code: 'plan_has_no_lines', detail: 'The support plan has no lines yet.' });
  out.push(...fundingProblems(total, row.fundingSources));
  if (!row.management) out.push({ code: 'management_missing', detail: 'Say how the budget will be managed.' });
  else out.push(...managementProblems(ruleManagement(row.management), total));
  // The whole advocacy test (s67 with reg 4): a required advocate is recorded before sign-off.
  out.push(...advocacyStepProblems(row.advocacy, 'the plan is signed off'));
  return out;
}

/**
 * The changes as stored: texts trimmed, plan lines checked line by line (each problem at its
 * field) and their weekly total with them, management's parts only for a mixed budget.
 */
export function budgetValues(changes: BudgetChanges): BudgetValues {
  const values: BudgetValues = {};
  if (changes.goodLife !== undefined) values.goodLife = changes.goodLife;
  if (changes.planLines !== undefined) {
    const errors: FieldIssue[] = [];
    const lines: StoredPlanLine[] = changes.planLines.map((l) => ({
      what: l.what.trim(),
      provider: l.provider,
      providerName: l.providerName?.trim() ?? '',
      paid: l.paid,
      unitCostPence: l.unitCostPence,
      unitCostId: l.unitCostId ?? null,
      unit: l.unit?.trim() || 'hour',
      unitsPerWeek: l.unitsPerWeek,
      frequency: l.frequency,
    }));
    lines.forEach((line, i) => {
      for (const p of planLineProblems(rulePlanLine(line))) {
        errors.push({
          in: 'body',
          field: `planLines.${i}.${p.field}`,
          pointer: `/planLines/${i}/${p.field}`,
          message: p.message,
        });
      }
    });
    if (errors.length > 0)
      throw new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', errors);
    const total = planTotals(lines.map(rulePlanLine)).weeklyPence;
    if (total > MAX_WEEKLY_PENCE)
      throw invalidField('planLines', `add up to more than £${MAX_WEEKLY_PENCE / 100} a week`);
    values.planLines = lines;
    values.weeklyTotalPence = total;
  }
  if (changes.fundingSources !== undefined) {
    values.fundingSources = changes.fundingSources.map((s) => ({
      kind: s.kind,
      weeklyPence: s.weeklyPence,
      description: s.description?.trim() ?? '',
    }));
  }
  if (changes.advocacy !== undefined) values.advocacy = changes.advocacy as unknown as Record<string, unknown>;
  if (changes.management !== undefined) {
    const m = changes.management;
    values.management = m
      ? {
          method: m.method,
          directPayment: m.directPayment
            ? {
                section: m.directPayment.section,
                authorisedPerson: m.directPayment.authorisedPerson?.trim() || null,
                conditions: m.directPayment.conditions,
              }
            : null,
          parts: m.method === 'mixed' ? (m.parts ?? []) : [],
        }
      : null;
  }
  return values;
}

/** A budget as the API shows it: totals, the s26 statement, readiness and its next review. */
export async function budgetView(db: DbOrTx, row: BudgetRow): Promise<PersonalBudgetBody> {
  const lines = row.planLines.map(rulePlanLine);
  const totals = planTotals(lines);
  const notReady = row.status === 'draft' ? signOffReadiness(row) : [];
  const personName = await budgets.personNameOf(db, row.personId);
  const next = await reviewRepository.nextOpen(db, row.id);
  return {
    id: row.id,
    personId: row.personId,
    personName: personName ?? '',
    storyId: row.storyId,
    teamId: row.teamId,
    conversationId: row.conversationId,
    determinationId: row.determinationId,
    importedFrom: row.importedFrom,
    status: row.status,
    indicativeWeeklyPence: row.indicativeWeeklyPence,
    goodLife: row.goodLife,
    planLines: row.planLines.map((l) => ({ ...l, weeklyPence: planLineWeeklyCost(rulePlanLine(l)) })),
    fundingSources: row.fundingSources.map((s) => ({
      kind: s.kind,
      weeklyPence: s.weeklyPence,
      description: s.description,
    })),
    management: row.management,
    totals: { ...totals, differenceFromIndicativePence: totals.weeklyPence - row.indicativeWeeklyPence },
    statement: budgetStatement(lines, row.fundingSources),
    advocacy: storedAdvocacy(row.advocacy),
    advocacyResult: advocacyResultOf(row.advocacy),
    readyToSignOff: row.status === 'draft' && notReady.length === 0,
    notReadyBecause: notReady.map((p) => ({ code: p.code, detail: p.detail })),
    referredAt: row.referredAt?.toISOString() ?? null,
    panel:
      row.panelDecision && row.panelDecidedAt
        ? { decision: row.panelDecision, note: row.panelNote ?? '', decidedAt: row.panelDecidedAt.toISOString() }
        : null,
    signedOffAt: row.signedOffAt?.toISOString() ?? null,
    signedOffById: row.signedOffById,
    agreedWeeklyPence: row.agreedWeeklyPence,
    liveOn: row.liveOn,
    nextReview: next ?? null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}
