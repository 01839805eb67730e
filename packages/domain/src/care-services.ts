/**
 * Care services: what a signed-off personal budget becomes. Each service delivers one part of the
 * budget (a direct payment, council-managed support, an individual service fund) at a weekly cost
 * in pence, from a start date to an end date with a reason; suspensions (a hospital stay) pause it
 * without losing its dates. A service is never edited: a change of plan ends services and starts
 * new ones, so every past day's figures stay what they were.
 *
 * Money over a period is accrued day by day from the service's start: the amount accrued by the
 * end of day d is floor(weekly × live days up to d ÷ 7). The cost of any period is the difference
 * of two accruals, so adjacent periods add up exactly to the whole, and any run of whole live
 * weeks costs exactly the weekly amount times the weeks.
 */
import { addDays, daysBetween, isIsoDate, type IsoDate } from './calendar.js';
import type { RuleProblem } from './conversations.js';
import { isPence, type Pence } from './money.js';

/** The parts a budget is managed in, as `StoredManagement.parts` names them. */
export const careServiceParts = ['direct_payment', 'council_managed', 'individual_service_fund'] as const;
export type CareServicePart = (typeof careServiceParts)[number];

/** Why a service ended: the practice's fixed list. */
export const careServiceEndReasons = [
  'needs_met',
  'deceased',
  'moved_to_another_council',
  'moved_into_nhs_care',
  'no_longer_eligible',
  'declined',
  'replaced_by_new_plan',
] as const;
export type CareServiceEndReason = (typeof careServiceEndReasons)[number];

/**
 * Each end reason as the Adult Social Care Client Level Data return reports it: the release 2
 * `Event_Outcome` of a Service event. Source: DataS-DHSC/ASC-CLD-LA-Dashboard,
 * Main_tables/docs/methodology/3-data-cleaning.md (commit e6f57490), "Event outcome hierarchy",
 * the `_Cleaned` (release 2) values — the same list the returns module holds as
 * `cldEventOutcomeList` (services/api/src/modules/returns/code-lists.ts). A test checks every value
 * here is on that list. "No longer eligible" has no value of its own in release 2: it is "Support
 * ended for other reason"; a service replaced by a new plan is a continuation of support.
 */
export const careServiceEndReasonCld: Readonly<Record<CareServiceEndReason, string>> = Object.freeze({
  needs_met: 'NFA: Support ended as planned',
  deceased: 'NFA: Deceased',
  moved_to_another_council: 'NFA: Responsibility moved to another local authority',
  moved_into_nhs_care: 'NFA: Referral to NHS services or NHS funded social care',
  no_longer_eligible: 'NFA: Support ended for other reason',
  declined: 'NFA: Support declined',
  replaced_by_new_plan: 'Continuation of support or services',
});

export const suspensionReasons = ['hospital_stay', 'respite', 'person_away', 'other'] as const;
export type SuspensionReason = (typeof suspensionReasons)[number];

/** A pause in a service: from the first day not delivered, to the last (null while it lasts). */
export interface Suspension {
  from: IsoDate;
  to: IsoDate | null;
}

/** What the rules need of a service. */
export interface ServiceTerm {
  weeklyPence: Pence;
  start: IsoDate;
  /** The last day delivered; null while open. */
  end: IsoDate | null;
  suspensions: readonly Suspension[];
}

export type ServiceStatus = 'planned' | 'live' | 'suspended' | 'ended';

function suspendedOn(service: ServiceTerm, day: IsoDate): boolean {
  return service.suspensions.some((s) => s.from <= day && (s.to === null || day <= s.to));
}

/** Where a service stands on a day: before its start, live, suspended, or after its end. */
export function serviceStatusOn(service: ServiceTerm, day: IsoDate): ServiceStatus {
  if (day < service.start) return 'planned';
  if (service.end !== null && day > service.end) return 'ended';
  return suspendedOn(service, day) ? 'suspended' : 'live';
}

/** True when the service is delivered (and paid for) on that day. */
export function isLiveOn(service: ServiceTerm, day: IsoDate): boolean {
  return serviceStatusOn(service, day) === 'live';
}

/** A budget's weekly total on a day: the sum of its services live that day. */
export function weeklyTotalOn(services: readonly ServiceTerm[], day: IsoDate): Pence {
  let total = 0n;
  for (const s of services) if (isLiveOn(s, day)) total += BigInt(s.weeklyPence);
  return Number(total);
}

/** Days the service is live from its start up to and including `day` (0 before it starts). */
export function liveDaysThrough(service: ServiceTerm, day: IsoDate): number {
  if (day < service.start) return 0;
  const last = service.end !== null && service.end < day ? service.end : day;
  let days = daysBetween(service.start, last) + 1;
  for (const s of service.suspensions) {
    const from = s.from < service.start ? service.start : s.from;
    const to = s.to === null || s.to > last ? last : s.to;
    if (from <= to) days -= daysBetween(from, to) + 1;
  }
  return Math.max(0, days);
}

/** What the service has cost from its start to the end of `day`, in whole pence (rounded down). */
export function accruedThrough(service: ServiceTerm, day: IsoDate): Pence {
  const live = BigInt(liveDaysThrough(service, day));
  return Number((BigInt(service.weeklyPence) * live) / 7n);
}

/** What the service costs over the days from `from` to `to`, both included. */
export function serviceCost(service: ServiceTerm, from: IsoDate, to: IsoDate): Pence {
  if (to < from) return 0;
  return accruedThrough(service, to) - accruedThrough(service, addDays(from, -1));
}

/** What a set of services costs over a period: the sum of each one's cost. */
export function servicesCost(services: readonly ServiceTerm[], from: IsoDate, to: IsoDate): Pence {
  let total = 0n;
  for (const s of services) total += BigInt(serviceCost(s, from, to));
  return Number(total);
}

/** A weekly contribution from a date (the council's financial assessment); the next one replaces it. */
export interface ContributionRate {
  from: IsoDate;
  weeklyPence: Pence;
}

/** The weekly contribution on a day: the latest rate that has started by then (0 before the first). */
export function contributionOn(rates: readonly ContributionRate[], day: IsoDate): Pence {
  let found: ContributionRate | null = null;
  for (const r of rates) if (r.from <= day && (found === null || r.from >= found.from)) found = r;
  return found?.weeklyPence ?? 0;
}

/**
 * The person's contribution accrued from the first rate to the end of `day` (floor of the sum of
 * daily weekly rates ÷ 7), so that periods add up exactly like services do.
 */
export function contributionAccruedThrough(rates: readonly ContributionRate[], day: IsoDate): Pence {
  const sorted = [...rates].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let sum = 0n;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    if (r.from > day) break;
    const next = sorted[i + 1];
    const last = next && next.from <= day ? addDays(next.from, -1) : day;
    if (last >= r.from) sum += BigInt(r.weeklyPence) * BigInt(daysBetween(r.from, last) + 1);
  }
  return Number(sum / 7n);
}

export function contributionCost(rates: readonly ContributionRate[], from: IsoDate, to: IsoDate): Pence {
  if (to < from) return 0;
  return contributionAccruedThrough(rates, to) - contributionAccruedThrough(rates, addDays(from, -1));
}

export interface PeriodStatement {
  from: IsoDate;
  to: IsoDate;
  days: number;
  /** What the services cost over the period. */
  totalPence: Pence;
  /** The person's assessed contribution over the period, never more than the total. */
  personPence: Pence;
  /** The council's part: the total less the person's. */
  councilPence: Pence;
}

/** A budget's statement for a period: what its services cost, and who pays which part. */
export function periodStatement(
  services: readonly ServiceTerm[],
  rates: readonly ContributionRate[],
  from: IsoDate,
  to: IsoDate,
): PeriodStatement {
  const totalPence = servicesCost(services, from, to);
  const assessed = contributionCost(rates, from, to);
  const personPence = Math.min(assessed, totalPence);
  return { from, to, days: daysBetween(from, to) + 1, totalPence, personPence, councilPence: totalPence - personPence };
}

/** Two date ranges (end null = open) share at least one day. */
export function rangesOverlap(a: { start: IsoDate; end: IsoDate | null }, b: { start: IsoDate; end: IsoDate | null }) {
  return (a.end === null || b.start <= a.end) && (b.end === null || a.start <= b.end);
}

export type CareServiceProblemCode =
  'weekly_amount_not_pence' | 'weekly_amount_negative' | 'end_before_start' | 'invalid_date';

/** What is wrong with a new service's own figures (the field each problem is about). */
export function newServiceProblems(input: {
  weeklyPence: number;
  start: IsoDate;
  end?: IsoDate | null;
}): (RuleProblem<CareServiceProblemCode> & { field: string })[] {
  const out: (RuleProblem<CareServiceProblemCode> & { field: string })[] = [];
  if (!isPence(input.weeklyPence)) {
    out.push({
      code: 'weekly_amount_not_pence',
      field: 'weeklyPence',
      detail: 'The weekly amount must be a whole number of pence.',
    });
  } else if (input.weeklyPence < 0) {
    out.push({ code: 'weekly_amount_negative', field: 'weeklyPence', detail: 'The weekly amount cannot be negative.' });
  }
  if (!isIsoDate(input.start)) {
    out.push({ code: 'invalid_date', field: 'startOn', detail: 'The start must be a real date, YYYY-MM-DD.' });
  } else if (input.end != null && input.end < input.start) {
    out.push({ code: 'end_before_start', field: 'endOn', detail: 'A service cannot end before it starts.' });
  }
  return out;
}

export type LifecycleProblemCode =
  | 'service_ended'
  | 'service_suspended'
  | 'service_not_suspended'
  | 'suspension_before_start'
  | 'suspension_overlaps'
  | 'resume_before_suspension'
  | 'end_before_start'
  | 'end_before_suspension';

/** Open suspension, if any. */
export function openSuspension(service: ServiceTerm): Suspension | undefined {
  return service.suspensions.find((s) => s.to === null);
}

/** Why a service cannot be suspended from `from` (its first day not delivered); null when it can. */
export function suspendProblem(service: ServiceTerm, from: IsoDate): RuleProblem<LifecycleProblemCode> | null {
  if (service.end !== null) return { code: 'service_ended', detail: 'This service has ended.' };
  if (openSuspension(service)) return { code: 'service_suspended', detail: 'This service is already suspended.' };
  if (from < service.start) {
    return { code: 'suspension_before_start', detail: 'A suspension cannot begin before the service starts.' };
  }
  if (service.suspensions.some((s) => s.to !== null && from <= s.to)) {
    return { code: 'suspension_overlaps', detail: 'A suspension cannot begin before the last one ended.' };
  }
  return null;
}

/** Why a service cannot resume on `on` (its first day delivered again); null when it can. */
export function resumeProblem(service: ServiceTerm, on: IsoDate): RuleProblem<LifecycleProblemCode> | null {
  if (service.end !== null) return { code: 'service_ended', detail: 'This service has ended.' };
  const open = openSuspension(service);
  if (!open) return { code: 'service_not_suspended', detail: 'This service is not suspended.' };
  if (on <= open.from) {
    return { code: 'resume_before_suspension', detail: 'A service resumes on a day after its suspension began.' };
  }
  return null;
}

/** Why a service cannot end on `on` (its last day); null when it can. */
export function endProblem(service: ServiceTerm, on: IsoDate): RuleProblem<LifecycleProblemCode> | null {
  if (service.end !== null) return { code: 'service_ended', detail: 'This service has already ended.' };
  if (on < service.start) {
    return { code: 'end_before_start', detail: 'A service cannot end before it starts.' };
  }
  const last = service.suspensions.reduce<IsoDate | null>((m, s) => (m === null || s.from > m ? s.from : m), null);
  if (last !== null && on < last) {
    return { code: 'end_before_suspension', detail: 'A service cannot end before a suspension it already has.' };
  }
  return null;
}

/**
 * Ends a service on `on` (its last day): an open suspension closes that day too. A service that
 * had not started by then ends the day before its start, so it was never delivered.
 */
export function endService<T extends ServiceTerm>(service: T, on: IsoDate): T {
  const end = on < service.start ? addDays(service.start, -1) : on;
  return {
    ...service,
    end,
    suspensions: service.suspensions.map((s) => (s.to === null ? { ...s, to: end < s.from ? s.from : end } : s)),
  };
}

/** True when the service is still open after `on`: no end, or an end still to come. */
export function openAfter(service: ServiceTerm, on: IsoDate): boolean {
  return service.end === null || service.end > on;
}

/**
 * The end of support: every service still open after `on` ends that day (one that had not started
 * ends before its start); those already ended by then keep their dates.
 */
export function endAllOpen<T extends ServiceTerm>(services: readonly T[], on: IsoDate): T[] {
  return services.map((s) => (openAfter(s, on) ? endService({ ...s, end: null }, on) : s));
}

/** A CQC location id: "1-" followed by digits (e.g. 1-123456789). */
export const CQC_LOCATION_ID = /^1-\d{1,11}$/;

export function isCqcLocationId(value: string): boolean {
  return CQC_LOCATION_ID.test(value);
}

// ——— Carers' own budgets ———

/**
 * Under a carer's own budget (Care Act 2014 s10, s20), support is either for the carer directly or
 * provided to the adult they care for so that the carer's needs are met (s20(7)); Client Level Data
 * release 2 reports the two as different service types.
 */
export const carerSupportKinds = ['direct_to_carer', 'to_cared_for_person'] as const;
export type CarerSupport = (typeof carerSupportKinds)[number];

/**
 * Whom a new service under a budget supports: null under an adult's budget (where naming it is a
 * problem), and under a carer's budget the kind given, or support direct to the carer when none is.
 */
export function carerSupportFor(
  budgetKind: 'adult' | 'carer',
  given: CarerSupport | null | undefined,
): { carerSupport: CarerSupport | null } | { problem: { code: 'carer_support_not_carer_budget'; detail: string } } {
  if (budgetKind === 'adult') {
    if (given == null) return { carerSupport: null };
    return {
      problem: {
        code: 'carer_support_not_carer_budget',
        detail: 'Only a service under a carer’s own budget is direct to the carer or to the person cared for.',
      },
    };
  }
  return { carerSupport: given ?? 'direct_to_carer' };
}
