/**
 * Personal budgets, support plans and reviews (Care Act 2014 ss24–27, §3.6 of the spec).
 *
 * Money is integer pence throughout. A plan's figures are derived from ONE rounded number per
 * line — its weekly cost — and every other period is that weekly figure multiplied up:
 * four-weekly = 4 × weekly, annual = 52 × weekly (see `WEEKS_PER_YEAR` in money.ts: the
 * practice's statements state a year as exactly 52 weeks, 13 four-weekly periods). Nothing is
 * ever divided after rounding, so the weekly, four-weekly and annual totals agree to the penny
 * however they are added up, and a person reading the s26 statement can check it with a pencil.
 */
import { addDays, addMonths, daysBetween, type IsoDate } from './calendar.js';
import type { RuleProblem } from './conversations.js';
import { assertPence, sumPence, weeklyToAnnual, weeklyToFourWeekly, type Pence } from './money.js';

// ——— Support plan lines ———

/** Who provides a line of support. Family and community support is usually unpaid but still part of the plan. */
export const planLineProviders = ['organisation', 'personal_assistant', 'family', 'community'] as const;
export type PlanLineProvider = (typeof planLineProviders)[number];

/**
 * How often the line's weekly units happen: every week, every other week, or one week in four.
 * A fortnightly sitting service of 3 hours is `unitsPerWeek: 3, frequency: 'fortnightly'`.
 */
export const planLineFrequencies = ['weekly', 'fortnightly', 'four_weekly'] as const;
export type PlanLineFrequency = (typeof planLineFrequencies)[number];

/** Weeks in the cycle of each frequency: the units happen in one week of this many. */
export const weeksInCycle: Readonly<Record<PlanLineFrequency, number>> = Object.freeze({
  weekly: 1,
  fortnightly: 2,
  four_weekly: 4,
});

export interface PlanLine {
  what: string;
  provider: PlanLineProvider;
  /** Unpaid support (family, friends, community) costs nothing but is listed and counted. */
  paid: boolean;
  unitCostPence: Pence;
  /** Units (usually hours) in a week when the line happens; quarter-hour steps. */
  unitsPerWeek: number;
  frequency: PlanLineFrequency;
}

/**
 * Weekly cost of a plan line: unit cost × units × (1 / weeks in the cycle), rounded once, half
 * up, to whole pence (a fortnightly line of £25.01 costs £12.51 a week). Unpaid lines cost £0
 * whatever unit cost is typed. Units go in quarter steps (15-minute calls).
 */
export function planLineWeeklyCost(
  line: Pick<PlanLine, 'paid' | 'unitCostPence' | 'unitsPerWeek' | 'frequency'>,
): Pence {
  assertPence(line.unitCostPence, 'unit cost');
  if (line.unitCostPence < 0) throw new RangeError(`unit cost cannot be negative, got ${line.unitCostPence}`);
  const quarters = line.unitsPerWeek * 4;
  if (!Number.isSafeInteger(quarters) || quarters < 0) {
    throw new RangeError(`units per week must be zero or more in steps of 0.25, got ${line.unitsPerWeek}`);
  }
  if (!line.paid) return 0;
  const weeks = BigInt(weeksInCycle[line.frequency]);
  const numerator = BigInt(line.unitCostPence) * BigInt(quarters);
  const denominator = 4n * weeks;
  // For non-negative n and d, floor((2n + d) / 2d) is n/d rounded to the nearest whole, halves upward.
  const pence = (2n * numerator + denominator) / (2n * denominator);
  if (pence > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('line cost is too large to be held exactly');
  return Number(pence);
}

/** What is wrong with one plan line, field by field (empty when it is fine). */
export function planLineProblems(line: PlanLine): { field: keyof PlanLine; message: string }[] {
  const out: { field: keyof PlanLine; message: string }[] = [];
  if (line.what.trim() === '') out.push({ field: 'what', message: 'must say what the support is' });
  if (!Number.isSafeInteger(line.unitCostPence) || line.unitCostPence < 0)
    out.push({ field: 'unitCostPence', message: 'must be a whole number of pence, zero or more' });
  if (!Number.isSafeInteger(line.unitsPerWeek * 4) || line.unitsPerWeek < 0)
    out.push({ field: 'unitsPerWeek', message: 'must be zero or more in steps of 0.25 (quarter hours)' });
  if (line.paid && line.unitCostPence === 0)
    out.push({ field: 'unitCostPence', message: 'a paid line needs a unit cost; mark it unpaid if it costs nothing' });
  return out;
}

export interface PlanTotals {
  weeklyPence: Pence;
  fourWeeklyPence: Pence;
  annualPence: Pence;
  paidLines: number;
  /** Unpaid lines are counted even though they cost nothing: they are part of the good life planned. */
  unpaidLines: number;
}

/** A period's figure from the weekly one, the only way the practice states money for a period. */
export function periodFigures(weeklyPence: Pence): { weeklyPence: Pence; fourWeeklyPence: Pence; annualPence: Pence } {
  return {
    weeklyPence,
    fourWeeklyPence: weeklyToFourWeekly(weeklyPence),
    annualPence: weeklyToAnnual(weeklyPence),
  };
}

export function planTotals(lines: readonly PlanLine[]): PlanTotals {
  const weekly = sumPence(lines.map(planLineWeeklyCost));
  const paidLines = lines.filter((l) => l.paid).length;
  return { ...periodFigures(weekly), paidLines, unpaidLines: lines.length - paidLines };
}

// ——— Funding and the s26 personal budget statement ———

/** Where the money comes from. Other public money (e.g. Independent Living Fund, housing-related support) is shown apart. */
export const fundingKinds = ['council', 'nhs', 'person_contribution', 'other_public'] as const;
export type FundingKind = (typeof fundingKinds)[number];

export interface FundingSource {
  kind: FundingKind;
  weeklyPence: Pence;
  /** e.g. "NHS continuing healthcare (joint package)", "Disabled Facilities Grant". */
  description?: string;
}

export type FundingProblemCode = 'funding_does_not_match_total' | 'funding_amount_negative';

/**
 * The funding must add up to the weekly total exactly: a budget with money unaccounted for (or
 * counted twice) cannot be signed off. Also returns the council's balancing figure — what the
 * council would pay if it met whatever the other sources leave.
 */
export function fundingProblems(
  totalWeekly: Pence,
  sources: readonly FundingSource[],
): RuleProblem<FundingProblemCode>[] {
  const out: RuleProblem<FundingProblemCode>[] = [];
  if (sources.some((s) => !Number.isSafeInteger(s.weeklyPence) || s.weeklyPence < 0)) {
    out.push({
      code: 'funding_amount_negative',
      detail: 'Each funding source is a whole number of pence, zero or more.',
    });
    return out;
  }
  const funded = sumPence(sources.map((s) => s.weeklyPence));
  if (funded !== totalWeekly) {
    const gap = totalWeekly - funded;
    out.push({
      code: 'funding_does_not_match_total',
      detail:
        gap > 0
          ? `The funding sources add up to ${gap}p a week less than the plan costs.`
          : `The funding sources add up to ${-gap}p a week more than the plan costs.`,
    });
  }
  return out;
}

/** What the council pays when it meets whatever the person, the NHS and other public money leave (never below nothing). */
export function councilBalance(totalWeekly: Pence, sources: readonly FundingSource[]): Pence {
  const others = sumPence(sources.filter((s) => s.kind !== 'council').map((s) => s.weeklyPence));
  return Math.max(0, totalWeekly - others);
}

export interface PeriodAmounts {
  weeklyPence: Pence;
  fourWeeklyPence: Pence;
  annualPence: Pence;
}

/** The personal budget statement the person is given (Care Act 2014 s26). */
export interface BudgetStatement {
  total: PeriodAmounts;
  personContribution: PeriodAmounts;
  council: PeriodAmounts;
  nhs: PeriodAmounts;
  /** Other public money, shown separately as s26(1)(c) requires. */
  otherPublic: PeriodAmounts;
  /** True when the four parts add up to the total (they must before sign-off). */
  balanced: boolean;
}

export function budgetStatement(lines: readonly PlanLine[], sources: readonly FundingSource[]): BudgetStatement {
  const totals = planTotals(lines);
  const of = (kind: FundingKind) =>
    periodFigures(sumPence(sources.filter((s) => s.kind === kind).map((s) => s.weeklyPence)));
  const statement = {
    total: periodFigures(totals.weeklyPence),
    personContribution: of('person_contribution'),
    council: of('council'),
    nhs: of('nhs'),
    otherPublic: of('other_public'),
  };
  return { ...statement, balanced: fundingProblems(totals.weeklyPence, sources).length === 0 };
}

// ——— How the budget is managed ———

export const managementMethods = ['direct_payment', 'council_managed', 'individual_service_fund', 'mixed'] as const;
export type ManagementMethod = (typeof managementMethods)[number];
/** A mix is made of the three single methods. */
export type SingleManagementMethod = Exclude<ManagementMethod, 'mixed'>;

export interface DirectPaymentTerms {
  /** s31: the adult has capacity and asks; s32: the adult lacks capacity and an authorised person receives it. */
  section: 's31' | 's32';
  /** Required under s32: who receives and manages the payment for the adult. */
  authorisedPerson?: string | undefined;
  /** The conditions attached (Care and Support (Direct Payments) Regulations 2014). */
  conditions: readonly string[];
}

export interface BudgetManagement {
  method: ManagementMethod;
  directPayment?: DirectPaymentTerms | undefined;
  /** For a mix: how much of the weekly total each method manages. */
  parts?: readonly { method: SingleManagementMethod; weeklyPence: Pence }[] | undefined;
}

export type ManagementProblemCode =
  | 'direct_payment_terms_missing'
  | 'authorised_person_required'
  | 'mixed_needs_two_methods'
  | 'mixed_parts_do_not_match_total';

/** Does the management arrangement make sense for this weekly total? Every problem, in plain words. */
export function managementProblems(
  management: BudgetManagement,
  totalWeekly: Pence,
): RuleProblem<ManagementProblemCode>[] {
  const out: RuleProblem<ManagementProblemCode>[] = [];
  const usesDirectPayment =
    management.method === 'direct_payment' ||
    (management.method === 'mixed' && (management.parts ?? []).some((p) => p.method === 'direct_payment'));
  if (usesDirectPayment) {
    const terms = management.directPayment;
    if (!terms) {
      out.push({
        code: 'direct_payment_terms_missing',
        detail: 'A direct payment records whether it is made under s31 or s32 and the conditions agreed.',
      });
    } else if (terms.section === 's32' && !terms.authorisedPerson?.trim()) {
      out.push({
        code: 'authorised_person_required',
        detail:
          'A direct payment under s32 (the person lacks capacity to ask for it) names the authorised person who receives it.',
      });
    }
  }
  if (management.method === 'mixed') {
    const parts = management.parts ?? [];
    if (new Set(parts.map((p) => p.method)).size < 2) {
      out.push({
        code: 'mixed_needs_two_methods',
        detail: 'A mixed arrangement splits the budget between at least two ways of managing it.',
      });
    }
    if (
      parts.some((p) => !Number.isSafeInteger(p.weeklyPence) || p.weeklyPence < 0) ||
      sumPence(parts.map((p) => p.weeklyPence)) !== totalWeekly
    ) {
      out.push({
        code: 'mixed_parts_do_not_match_total',
        detail: 'The parts of a mixed arrangement add up to the weekly total exactly.',
      });
    }
  }
  return out;
}

// ——— Sign-off against a delegated limit ———

/**
 * The weekly amount a colleague may sign off: their own limit where the practice set one,
 * otherwise the highest limit among their roles' limits. Null when nothing is delegated to them.
 */
export function effectiveDelegatedLimit(
  roles: readonly string[],
  roleLimits: Readonly<Record<string, Pence | undefined>>,
  personalLimit: Pence | null,
): Pence | null {
  if (personalLimit !== null) return personalLimit;
  const limits = roles.map((r) => roleLimits[r]).filter((l): l is Pence => l !== undefined);
  return limits.length === 0 ? null : Math.max(...limits);
}

export type SignOffProblemCode = 'no_delegated_limit' | 'above_delegated_limit';

/** Null when a colleague with this weekly limit may sign off a budget of this weekly total. */
export function delegatedLimitProblem(
  totalWeekly: Pence,
  limitWeekly: Pence | null,
): RuleProblem<SignOffProblemCode> | null {
  if (limitWeekly === null) {
    return {
      code: 'no_delegated_limit',
      detail: 'No weekly limit is delegated to you, so the budget goes to the council’s panel.',
    };
  }
  if (totalWeekly > limitWeekly) {
    return {
      code: 'above_delegated_limit',
      detail: `The weekly total (${totalWeekly}p) is above your delegated limit (${limitWeekly}p), so the budget goes to the council’s panel.`,
    };
  }
  return null;
}

// ——— Reviews (s27) ———

/** First review: 6 to 8 calendar weeks after the plan goes live. */
export const FIRST_REVIEW_EARLIEST_DAYS = 42;
export const FIRST_REVIEW_LATEST_DAYS = 56;
/** After that, at most 12 months between reviews. */
export const REVIEW_MAX_INTERVAL_MONTHS = 12;
/** An unplanned review, once asked for, is due within four weeks (the practice's standard). */
export const UNPLANNED_REVIEW_WITHIN_DAYS = 28;

export interface ReviewWindow {
  /** From this date the review is due. */
  dueFrom: IsoDate;
  /** After this date it is overdue. */
  dueBy: IsoDate;
}

/**
 * The first review of a plan that went live on `liveOn`: due 6 weeks after, overdue after 8.
 * Calendar weeks, not working days — the statutory guidance speaks of weeks.
 */
export function firstReviewWindow(liveOn: IsoDate): ReviewWindow {
  return { dueFrom: addDays(liveOn, FIRST_REVIEW_EARLIEST_DAYS), dueBy: addDays(liveOn, FIRST_REVIEW_LATEST_DAYS) };
}

/** The latest date the next planned review may be set, counting from the review just completed. */
export function latestNextReview(completedOn: IsoDate): IsoDate {
  return addMonths(completedOn, REVIEW_MAX_INTERVAL_MONTHS);
}

export type NextReviewProblemCode = 'next_review_too_late' | 'next_review_not_after_completion';

export function nextReviewProblem(completedOn: IsoDate, nextOn: IsoDate): RuleProblem<NextReviewProblemCode> | null {
  if (daysBetween(completedOn, nextOn) <= 0) {
    return {
      code: 'next_review_not_after_completion',
      detail: 'The next review is set after the review being completed.',
    };
  }
  if (nextOn > latestNextReview(completedOn)) {
    return {
      code: 'next_review_too_late',
      detail: `Reviews are at most 12 months apart: the next one is due by ${latestNextReview(completedOn)}.`,
    };
  }
  return null;
}

/** A planned review after the first: due on the chosen date, overdue the day after. */
export function plannedReviewWindow(on: IsoDate): ReviewWindow {
  return { dueFrom: on, dueBy: on };
}

export function unplannedReviewWindow(requestedOn: IsoDate): ReviewWindow {
  return { dueFrom: requestedOn, dueBy: addDays(requestedOn, UNPLANNED_REVIEW_WITHIN_DAYS) };
}

export type ReviewTiming = 'upcoming' | 'due' | 'overdue';

/** Where an open review stands on `today`. */
export function reviewTiming(window: ReviewWindow, today: IsoDate): ReviewTiming {
  if (today < window.dueFrom) return 'upcoming';
  if (today > window.dueBy) return 'overdue';
  return 'due';
}

/** Reasons for an unplanned review, after the significant events of the national SALT return (LTS002a). */
export const unplannedReviewReasons = [
  'hospital',
  'change_in_carer_circumstances',
  'safeguarding_concern',
  'provider_failure',
  'person_or_family_request',
  'other',
] as const;
export type UnplannedReviewReason = (typeof unplannedReviewReasons)[number];

export const reviewOutcomes = ['fully_met', 'partially_met', 'not_met'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

/**
 * A review may keep the budget or raise it, never lower it: a reduction needs a new assessment
 * and eligibility determination (spec §3.6), so the person is never cut at a review.
 */
export function reviewBudgetProblem(
  currentWeekly: Pence,
  proposedWeekly: Pence,
): RuleProblem<'review_cannot_lower_budget'> | null {
  assertPence(currentWeekly, 'current weekly budget');
  assertPence(proposedWeekly, 'proposed weekly budget');
  if (proposedWeekly < currentWeekly) {
    return {
      code: 'review_cannot_lower_budget',
      detail: 'A review cannot lower the budget. A reduction needs a new assessment and eligibility determination.',
    };
  }
  return null;
}
