/**
 * Eligibility under the Care and Support (Eligibility Criteria) Regulations 2015, and the
 * resource allocation table that turns eligible needs into an indicative weekly budget.
 *
 * The decision is a pure function of what the social worker recorded: the same inputs always give
 * the same decision and the same reasons, so a stored determination can be re-read and checked.
 * Reasons are written to the person ("you"), in plain words, because they go into the written
 * record the person receives; they never carry the codes used here.
 *
 * Adults, regulation 2: all of (a) needs arise from or relate to a physical or mental impairment or
 * illness; (b) as a result the adult is unable to achieve two or more of the ten outcomes in 2(2);
 * (c) as a consequence there is, or is likely to be, a significant impact on wellbeing.
 * "Unable" (2(3)): cannot without assistance; can, but with significant pain, distress or anxiety;
 * can, but it endangers them or others; can, but it takes significantly longer than expected.
 *
 * Carers, regulation 3: all of (a) needs arise as a consequence of providing necessary care for an
 * adult; (b) as a result the carer's physical or mental health is, or is at risk of, deteriorating,
 * or the carer is unable to achieve any one of the eight outcomes in 3(3); (c) as a consequence
 * there is, or is likely to be, a significant impact on wellbeing. "Unable" for a carer (3(4)) has
 * three ways: there is no "takes significantly longer" test.
 *
 * Fluctuating needs (regulation 4): the decision looks at the person's circumstances over a stated
 * period, not at a good day; the period is part of the inputs and of the record.
 */

import { isIsoDate, type IsoDate } from './calendar.js';
import type { RuleProblem } from './conversations.js';
import { assertPence, formatPounds, type Pence } from './money.js';

export type EligibilityKind = 'adult' | 'carer';

// ——— The regulations' lists, with the words the person reads ———

/** Regulation 2(2), in order (a)–(j). */
export const adultOutcomes = [
  'nutrition',
  'personal-hygiene',
  'toilet-needs',
  'appropriately-clothed',
  'using-home-safely',
  'habitable-home',
  'relationships',
  'work-training-education-volunteering',
  'community-facilities',
  'caring-for-child',
] as const;
export type AdultOutcome = (typeof adultOutcomes)[number];

/** Regulation 3(3), in order (a)–(h). */
export const carerOutcomes = [
  'caring-for-child',
  'caring-for-others',
  'habitable-home',
  'nutrition',
  'relationships',
  'work-training-education-volunteering',
  'community-facilities',
  'recreation',
] as const;
export type CarerOutcome = (typeof carerOutcomes)[number];

/** Regulation 2(3), (a)–(d). */
export const adultUnableWays = [
  'needs-assistance',
  'significant-pain-distress-anxiety',
  'endangers-health-or-safety',
  'takes-significantly-longer',
] as const;
export type AdultUnableWay = (typeof adultUnableWays)[number];

/** Regulation 3(4), (a)–(c): no "takes significantly longer" test for carers. */
export const carerUnableWays = [
  'needs-assistance',
  'significant-pain-distress-anxiety',
  'endangers-health-or-safety',
] as const;
export type CarerUnableWay = (typeof carerUnableWays)[number];

/** Care Act 2014 s1(2), the areas of wellbeing. */
export const wellbeingAreas = [
  'dignity',
  'health',
  'protection-from-abuse',
  'control-over-daily-life',
  'participation',
  'social-and-economic',
  'relationships',
  'accommodation',
  'contribution-to-society',
] as const;
export type WellbeingArea = (typeof wellbeingAreas)[number];

/** A carer's need that is not one of the eight outcomes: health deteriorating (regulation 3(2)(a)). */
export const CARER_HEALTH_NEED = 'health-deteriorating';

const adultOutcomeLabels: Record<AdultOutcome, string> = {
  nutrition: 'managing and maintaining nutrition',
  'personal-hygiene': 'maintaining personal hygiene',
  'toilet-needs': 'managing toilet needs',
  'appropriately-clothed': 'being appropriately clothed',
  'using-home-safely': 'being able to make use of your home safely',
  'habitable-home': 'maintaining a habitable home environment',
  relationships: 'developing and maintaining family or other personal relationships',
  'work-training-education-volunteering': 'accessing and engaging in work, training, education or volunteering',
  'community-facilities':
    'making use of necessary facilities or services in the local community, including public transport and recreational facilities or services',
  'caring-for-child': 'carrying out any caring responsibilities you have for a child',
};

const carerOutcomeLabels: Record<CarerOutcome, string> = {
  'caring-for-child': 'carrying out any caring responsibilities you have for a child',
  'caring-for-others': 'providing care to other people you care for',
  'habitable-home': 'maintaining a habitable home environment in your home',
  nutrition: 'managing and maintaining nutrition',
  relationships: 'developing and maintaining family or other personal relationships',
  'work-training-education-volunteering': 'engaging in work, training, education or volunteering',
  'community-facilities':
    'making use of necessary facilities or services in the local community, including recreational facilities or services',
  recreation: 'engaging in recreational activities',
};

const unableWayLabels: Record<AdultUnableWay, string> = {
  'needs-assistance': 'you cannot do this without help (including being prompted)',
  'significant-pain-distress-anxiety':
    'you can do this without help, but it causes you significant pain, distress or anxiety',
  'endangers-health-or-safety':
    'you can do this without help, but it puts, or is likely to put, your health or safety, or someone else’s, at risk',
  'takes-significantly-longer':
    'you can do this without help, but it takes you significantly longer than would normally be expected',
};

const wellbeingAreaLabels: Record<WellbeingArea, string> = {
  dignity: 'personal dignity, including being treated with respect',
  health: 'physical and mental health and emotional wellbeing',
  'protection-from-abuse': 'protection from abuse and neglect',
  'control-over-daily-life': 'control over day-to-day life, including the care and support you receive',
  participation: 'taking part in work, education, training or recreation',
  'social-and-economic': 'social and economic wellbeing',
  relationships: 'domestic, family and personal relationships',
  accommodation: 'suitability of where you live',
  'contribution-to-society': 'your contribution to society',
};

export function outcomeLabel(kind: EligibilityKind, outcome: string): string {
  if (kind === 'carer' && outcome === CARER_HEALTH_NEED) {
    return 'your physical or mental health is deteriorating, or is at risk of deteriorating';
  }
  const labels: Record<string, string> = kind === 'adult' ? adultOutcomeLabels : carerOutcomeLabels;
  return labels[outcome] ?? outcome;
}

export function unableWayLabel(way: AdultUnableWay | CarerUnableWay): string {
  return unableWayLabels[way];
}

export function wellbeingAreaLabel(area: WellbeingArea): string {
  return wellbeingAreaLabels[area];
}

// ——— Inputs ———

/** One outcome the person cannot achieve, and the ways in which they are unable. */
export interface OutcomeAssessment<Outcome extends string, Way extends string> {
  outcome: Outcome;
  /** Empty means the person can achieve it: it is then not an unmet outcome. */
  unableWays: readonly Way[];
  /** What the practitioner saw or heard, in words. */
  note?: string;
}

export interface WellbeingImpact {
  /** Is there, or is there likely to be, a significant impact on wellbeing as a consequence? */
  significant: boolean;
  /** The s1 areas the impact falls on; a significant impact names at least one. */
  areas: readonly WellbeingArea[];
  note?: string;
}

/** Regulation 4: fluctuating needs are judged over a stated period. */
export interface PeriodConsidered {
  from: IsoDate;
  to: IsoDate;
  /** How the needs varied over it, in words ("good and bad weeks with MS relapses"). */
  description: string;
}

export interface AdultEligibilityInput {
  kind: 'adult';
  /** Regulation 2(1)(a): the needs arise from or relate to a physical or mental impairment or illness. */
  needsArise: boolean;
  /** The impairment or illness, in words. */
  condition: string;
  outcomes: readonly OutcomeAssessment<AdultOutcome, AdultUnableWay>[];
  wellbeing: WellbeingImpact;
  needsFluctuate: boolean;
  periodConsidered?: PeriodConsidered;
}

export interface CarerEligibilityInput {
  kind: 'carer';
  /** Regulation 3(1)(a): the needs arise as a consequence of providing necessary care for an adult. */
  needsArise: boolean;
  /** The care the carer provides, in words. */
  condition: string;
  /** Regulation 3(2)(a): physical or mental health is, or is at risk of, deteriorating. */
  healthDeteriorating: boolean;
  outcomes: readonly OutcomeAssessment<CarerOutcome, CarerUnableWay>[];
  wellbeing: WellbeingImpact;
  needsFluctuate: boolean;
  periodConsidered?: PeriodConsidered;
}

export type EligibilityInput = AdultEligibilityInput | CarerEligibilityInput;

// ——— The decision ———

export type EligibilityCriterion = 'needs-arise' | 'outcomes' | 'wellbeing';

export interface CriterionFinding {
  criterion: EligibilityCriterion;
  met: boolean;
  /** Why, in plain words addressed to the person. */
  reason: string;
}

export interface EligibilityDecision {
  kind: EligibilityKind;
  eligible: boolean;
  /** The three conditions in the order the regulations give them; eligible exactly when all are met. */
  findings: CriterionFinding[];
  /** The outcomes the person is unable to achieve (for a carer, with `health-deteriorating` first when it applies). */
  unmetNeeds: string[];
  /** One sentence: eligible or not, and why. */
  summary: string;
  /** Present when needs fluctuate: the period the decision looked at. */
  periodConsidered?: PeriodConsidered;
}

export const eligibilityInputProblemCodes = [
  'outcome_repeated',
  'unable_way_repeated',
  'wellbeing_area_repeated',
  'condition_missing',
  'wellbeing_area_missing',
  'period_required',
  'period_invalid',
] as const;
export type EligibilityInputProblemCode = (typeof eligibilityInputProblemCodes)[number];

export interface EligibilityInputProblem extends RuleProblem<EligibilityInputProblemCode> {
  /** The field at fault, as a JSON pointer into the inputs. */
  field: string;
}

function hasText(value: string | undefined): boolean {
  return (value ?? '').trim() !== '';
}

/**
 * What makes these inputs unfit to decide on; empty when a decision can be made. Impossible
 * values (an outcome not in the list, the "takes longer" test for a carer) are the schema's job;
 * these are the things a well-formed form can still get wrong.
 */
export function eligibilityInputProblems(input: EligibilityInput): EligibilityInputProblem[] {
  const problems: EligibilityInputProblem[] = [];
  const seen = new Set<string>();
  input.outcomes.forEach((assessment, index) => {
    if (seen.has(assessment.outcome)) {
      problems.push({
        code: 'outcome_repeated',
        field: `/outcomes/${index}/outcome`,
        detail: `"${outcomeLabel(input.kind, assessment.outcome)}" is recorded more than once.`,
      });
    }
    seen.add(assessment.outcome);
    if (new Set(assessment.unableWays).size !== assessment.unableWays.length) {
      problems.push({
        code: 'unable_way_repeated',
        field: `/outcomes/${index}/unableWays`,
        detail: 'A way of being unable is listed twice for the same outcome.',
      });
    }
  });
  if (new Set(input.wellbeing.areas).size !== input.wellbeing.areas.length) {
    problems.push({
      code: 'wellbeing_area_repeated',
      field: '/wellbeing/areas',
      detail: 'An area of wellbeing is listed twice.',
    });
  }
  if (input.needsArise && !hasText(input.condition)) {
    problems.push({
      code: 'condition_missing',
      field: '/condition',
      detail:
        input.kind === 'adult'
          ? 'Say which impairment or illness the needs arise from.'
          : 'Say what care the carer provides that the needs arise from.',
    });
  }
  if (input.wellbeing.significant && input.wellbeing.areas.length === 0) {
    problems.push({
      code: 'wellbeing_area_missing',
      field: '/wellbeing/areas',
      detail: 'A significant impact on wellbeing must name at least one area of wellbeing it falls on.',
    });
  }
  if (input.needsFluctuate && input.periodConsidered === undefined) {
    problems.push({
      code: 'period_required',
      field: '/periodConsidered',
      detail: 'Needs that fluctuate are judged over a stated period, not a good day: give the period considered.',
    });
  }
  const period = input.periodConsidered;
  if (period !== undefined) {
    if (!isIsoDate(period.from) || !isIsoDate(period.to) || period.from >= period.to) {
      problems.push({
        code: 'period_invalid',
        field: '/periodConsidered',
        detail: 'The period considered must start before it ends, as dates (YYYY-MM-DD).',
      });
    } else if (!hasText(period.description)) {
      problems.push({
        code: 'period_invalid',
        field: '/periodConsidered/description',
        detail: 'Describe how the needs varied over the period considered.',
      });
    }
  }
  return problems;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')}; and ${items[items.length - 1]}`;
}

function count(n: number): string {
  const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  return words[n] ?? String(n);
}

/** The outcomes with at least one way of being unable, in the regulations' order. */
function unmetOutcomes<O extends string>(
  order: readonly O[],
  assessments: readonly OutcomeAssessment<O, string>[],
): O[] {
  const unmet = new Set(assessments.filter((a) => a.unableWays.length > 0).map((a) => a.outcome));
  return order.filter((o) => unmet.has(o));
}

function wellbeingFinding(wellbeing: WellbeingImpact, unmetCount: number, kind: EligibilityKind): CriterionFinding {
  const areas = wellbeingAreas.filter((a) => wellbeing.areas.includes(a)).map(wellbeingAreaLabel);
  if (unmetCount === 0) {
    return {
      criterion: 'wellbeing',
      met: false,
      reason:
        kind === 'adult'
          ? 'As there are no outcomes you are unable to achieve, there is no significant impact on your wellbeing as a consequence of them.'
          : 'As your needs do not affect your health or any of the outcomes, there is no significant impact on your wellbeing as a consequence of them.',
    };
  }
  if (wellbeing.significant && areas.length > 0) {
    return {
      criterion: 'wellbeing',
      met: true,
      reason: `As a consequence, there is, or is likely to be, a significant impact on your wellbeing, in particular on ${listInWords(areas)}.`,
    };
  }
  return {
    criterion: 'wellbeing',
    met: false,
    reason: 'We did not find that this has, or is likely to have, a significant impact on your wellbeing.',
  };
}

/** Regulation 2: the three conditions for an adult, each with its reason. */
export function determineAdultEligibility(input: AdultEligibilityInput): EligibilityDecision {
  const condition = input.condition.trim();
  const needsArise: CriterionFinding = input.needsArise
    ? {
        criterion: 'needs-arise',
        met: true,
        reason: `Your needs arise from or are related to a physical or mental impairment or illness: ${condition}.`,
      }
    : {
        criterion: 'needs-arise',
        met: false,
        reason:
          'We did not find that your needs arise from or are related to a physical or mental impairment or illness.',
      };

  const unmet = unmetOutcomes(adultOutcomes, input.outcomes);
  const labels = unmet.map((o) => outcomeLabel('adult', o));
  let outcomesReason: string;
  if (unmet.length === 0) {
    outcomesReason = 'You are able to achieve all ten of the outcomes the regulations list. At least two are needed.';
  } else if (unmet.length === 1) {
    outcomesReason = `You are unable to achieve one of the ten outcomes the regulations list (${labels[0]}). The regulations need two or more.`;
  } else {
    outcomesReason = `You are unable to achieve ${count(unmet.length)} of the ten outcomes the regulations list: ${listInWords(labels)}. The regulations need two or more.`;
  }
  const outcomes: CriterionFinding = { criterion: 'outcomes', met: unmet.length >= 2, reason: outcomesReason };
  const wellbeing = wellbeingFinding(input.wellbeing, unmet.length, 'adult');
  return decision('adult', [needsArise, outcomes, wellbeing], unmet, input);
}

/** Regulation 3: the three conditions for a carer, each with its reason. */
export function determineCarerEligibility(input: CarerEligibilityInput): EligibilityDecision {
  const condition = input.condition.trim();
  const needsArise: CriterionFinding = input.needsArise
    ? {
        criterion: 'needs-arise',
        met: true,
        reason: `Your needs arise because you provide necessary care for an adult: ${condition}.`,
      }
    : {
        criterion: 'needs-arise',
        met: false,
        reason: 'We did not find that your needs arise because you provide necessary care for an adult.',
      };

  const unmet = unmetOutcomes(carerOutcomes, input.outcomes);
  const labels = unmet.map((o) => outcomeLabel('carer', o));
  const parts: string[] = [];
  if (input.healthDeteriorating) {
    parts.push('your physical or mental health is deteriorating, or is at risk of deteriorating');
  }
  if (unmet.length === 1) parts.push(`you are unable to achieve one of the eight outcomes (${labels[0]})`);
  if (unmet.length > 1) {
    parts.push(`you are unable to achieve ${count(unmet.length)} of the eight outcomes: ${listInWords(labels)}`);
  }
  const met = input.healthDeteriorating || unmet.length >= 1;
  const outcomesReason = met
    ? `As a result of caring, ${parts.join(', and ')}. Either one of these is enough.`
    : 'Your health is not deteriorating or at risk of deteriorating, and you are able to achieve all eight of the outcomes the regulations list for carers.';
  const outcomes: CriterionFinding = { criterion: 'outcomes', met, reason: outcomesReason };
  const needs = [...(input.healthDeteriorating ? [CARER_HEALTH_NEED] : []), ...unmet];
  const wellbeing = wellbeingFinding(input.wellbeing, needs.length, 'carer');
  return decision('carer', [needsArise, outcomes, wellbeing], needs, input);
}

function decision(
  kind: EligibilityKind,
  findings: CriterionFinding[],
  unmetNeeds: string[],
  input: EligibilityInput,
): EligibilityDecision {
  const eligible = findings.every((f) => f.met);
  const who = kind === 'adult' ? 'care and support' : 'support as a carer';
  const notMet = findings.filter((f) => !f.met).length;
  const summary = eligible
    ? `Your needs meet the national eligibility criteria for ${who}: all three conditions are met.`
    : `Your needs do not meet the national eligibility criteria for ${who}: ${count(notMet)} of the three conditions ${notMet === 1 ? 'is' : 'are'} not met.`;
  return {
    kind,
    eligible,
    findings,
    unmetNeeds,
    summary,
    ...(input.needsFluctuate && input.periodConsidered ? { periodConsidered: { ...input.periodConsidered } } : {}),
  };
}

export function determineEligibility(input: EligibilityInput): EligibilityDecision {
  return input.kind === 'adult' ? determineAdultEligibility(input) : determineCarerEligibility(input);
}

// ——— Resource allocation ———

export interface RasTableRow {
  kind: EligibilityKind;
  need: string;
  /** Whole points, zero or more. */
  points: number;
}

export interface RasTable {
  version: number;
  rows: readonly RasTableRow[];
  pencePerPoint: Pence;
  /** Indicative budgets above this are capped; null for no cap. */
  maximumWeeklyPence: Pence | null;
}

export interface DerivationLine {
  need: string;
  /** The need in words, as the person reads it. */
  label: string;
  points: number;
  /** False when the table has no row for this need: it then counts for nothing, and says so. */
  inTable: boolean;
}

export interface IndicativeBudget {
  rasVersion: number;
  lines: DerivationLine[];
  totalPoints: number;
  pencePerPoint: Pence;
  /** totalPoints × pencePerPoint before any cap. */
  uncappedWeeklyPence: Pence;
  weeklyPence: Pence;
  capped: boolean;
  /** The derivation in one sentence of plain words. */
  explanation: string;
}

export const rasTableProblemCodes = ['need_unknown', 'need_repeated', 'points_invalid', 'rate_invalid'] as const;
export type RasTableProblemCode = (typeof rasTableProblemCodes)[number];
export interface RasTableProblem extends RuleProblem<RasTableProblemCode> {
  field: string;
}

/** The needs a row may name for each kind: the outcomes, and for carers their health. */
export function rasNeedsOf(kind: EligibilityKind): readonly string[] {
  return kind === 'adult' ? adultOutcomes : [CARER_HEALTH_NEED, ...carerOutcomes];
}

/** What is wrong with a table an administrator wants to save; empty when it may be saved. */
export function rasTableProblems(table: Omit<RasTable, 'version'>): RasTableProblem[] {
  const problems: RasTableProblem[] = [];
  const seen = new Set<string>();
  table.rows.forEach((row, index) => {
    if (!rasNeedsOf(row.kind).includes(row.need)) {
      problems.push({
        code: 'need_unknown',
        field: `/rows/${index}/need`,
        detail: `"${row.need}" is not one of the ${row.kind === 'adult' ? "adult's" : "carer's"} needs in the regulations.`,
      });
    }
    const key = `${row.kind}:${row.need}`;
    if (seen.has(key)) {
      problems.push({
        code: 'need_repeated',
        field: `/rows/${index}/need`,
        detail: `The ${row.kind} need "${outcomeLabel(row.kind, row.need)}" has more than one row.`,
      });
    }
    seen.add(key);
    if (!Number.isSafeInteger(row.points) || row.points < 0 || row.points > 1000) {
      problems.push({
        code: 'points_invalid',
        field: `/rows/${index}/points`,
        detail: 'Points must be a whole number from 0 to 1000.',
      });
    }
  });
  if (!Number.isSafeInteger(table.pencePerPoint) || table.pencePerPoint < 0) {
    problems.push({
      code: 'rate_invalid',
      field: '/pencePerPoint',
      detail: 'Pence per point must be a whole number, 0 or more.',
    });
  }
  if (
    table.maximumWeeklyPence !== null &&
    (!Number.isSafeInteger(table.maximumWeeklyPence) || table.maximumWeeklyPence < 0)
  ) {
    problems.push({
      code: 'rate_invalid',
      field: '/maximumWeeklyPence',
      detail: 'The weekly maximum must be a whole number of pence, 0 or more.',
    });
  }
  return problems;
}

/**
 * Needs → points → an indicative weekly budget in whole pence, with each step shown. Each unmet
 * need scores the points its row gives (a need with no row scores nothing and the line says so);
 * the total is multiplied by the rate and capped at the table's maximum. It is a starting point
 * for planning, never an entitlement.
 */
export function indicativeBudget(kind: EligibilityKind, needs: readonly string[], table: RasTable): IndicativeBudget {
  assertPence(table.pencePerPoint, 'pence per point');
  const lines: DerivationLine[] = [...new Set(needs)].map((need) => {
    const row = table.rows.find((r) => r.kind === kind && r.need === need);
    return { need, label: outcomeLabel(kind, need), points: row?.points ?? 0, inTable: row !== undefined };
  });
  const totalPoints = lines.reduce((sum, line) => sum + line.points, 0);
  const uncapped = totalPoints * table.pencePerPoint;
  assertPence(uncapped, 'indicative budget');
  const capped = table.maximumWeeklyPence !== null && uncapped > table.maximumWeeklyPence;
  const weeklyPence = capped ? (table.maximumWeeklyPence as Pence) : uncapped;
  const explanation =
    `${totalPoints} point${totalPoints === 1 ? '' : 's'} at ${formatPounds(table.pencePerPoint)} a point gives ${formatPounds(uncapped)} a week` +
    (capped ? `, capped at the table's maximum of ${formatPounds(weeklyPence)} a week.` : '.');
  return {
    rasVersion: table.version,
    lines,
    totalPoints,
    pencePerPoint: table.pencePerPoint,
    uncappedWeeklyPence: uncapped,
    weeklyPence,
    capped,
    explanation,
  };
}
