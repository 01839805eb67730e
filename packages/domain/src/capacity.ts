/**
 * Mental capacity and best interests, as rules that need no database.
 *
 * Mental Capacity Act 2005 (https://www.legislation.gov.uk/ukpga/2005/9):
 * - s1(2) a person is assumed to have capacity unless it is established that they lack it;
 * - s1(3) not treated as unable to make a decision unless all practicable steps to help them have
 *   been taken without success;
 * - s1(4) not treated as unable merely because the decision is unwise;
 * - s1(6) before acting, regard to whether the purpose can be as effectively achieved in a way less
 *   restrictive of the person's rights and freedom of action;
 * - s2(1) a person lacks capacity in relation to a matter if at the material time they are unable
 *   to make a decision for themselves in relation to the matter because of an impairment of, or a
 *   disturbance in the functioning of, the mind or brain (the test is for one decision, at one time);
 * - s3(1) unable to make a decision if unable (a) to understand the information relevant to the
 *   decision, (b) to retain that information, (c) to use or weigh it as part of the process of
 *   making the decision, or (d) to communicate the decision;
 * - s4 best interests: the person's past and present wishes and feelings, beliefs and values
 *   (s4(6)), and the views of those consulted (s4(7)).
 */
import type { RuleProblem } from './conversations.js';

/** The kinds of decision an assessment is about; the decision itself is in words beside it. */
export const capacityDecisionAreas = [
  'care_and_support',
  'accommodation',
  'finances',
  'safeguarding',
  'medical_treatment',
  'contact_with_others',
  'other',
] as const;
export type CapacityDecisionArea = (typeof capacityDecisionAreas)[number];

/** MCA 2005 s3(1)(a)–(d): the four abilities a decision needs. */
export const capacityInabilities = ['understand', 'retain', 'useOrWeigh', 'communicate'] as const;
export type CapacityInability = (typeof capacityInabilities)[number];

export const capacityOutcomes = ['has_capacity', 'lacks_capacity'] as const;
export type CapacityOutcome = (typeof capacityOutcomes)[number];

/** A capacity assessment as the rules see it: one decision, the two stages, the steps taken. */
export interface CapacityTest {
  decisionArea: CapacityDecisionArea;
  /** The specific decision, in words ("where to live when she leaves hospital"). */
  decision: string;
  /** Stage 1 (s2(1)): is there an impairment of, or disturbance in the functioning of, the mind or brain? */
  impairment: boolean;
  impairmentDetail: string;
  /** Stage 2 (s3(1)): for this decision, is the person unable to… */
  unableTo: Readonly<Record<CapacityInability, boolean>>;
  /** s2(1) "because of": the inability is caused by the impairment, not by something else. */
  inabilityBecauseOfImpairment: boolean;
  /** s1(3): what was done to help the person make the decision themselves. */
  practicableSteps: string;
  outcome: CapacityOutcome;
}

const hasText = (s: string | undefined | null): boolean => typeof s === 'string' && s.trim().length > 0;

/** Whether any of the four inabilities is found. */
export function anyInability(unableTo: Readonly<Record<CapacityInability, boolean>>): boolean {
  return capacityInabilities.some((k) => unableTo[k]);
}

/**
 * What the two-stage test itself concludes: the person lacks capacity for this decision only if
 * there is an impairment, at least one of the four inabilities, and the inability is because of
 * the impairment. Anything else leaves the s1(2) presumption of capacity standing.
 */
export function capacityConclusion(
  test: Pick<CapacityTest, 'impairment' | 'unableTo' | 'inabilityBecauseOfImpairment'>,
): CapacityOutcome {
  return test.impairment && anyInability(test.unableTo) && test.inabilityBecauseOfImpairment
    ? 'lacks_capacity'
    : 'has_capacity';
}

export const capacityProblemCodes = [
  'decision_required',
  'impairment_not_found',
  'no_inability_found',
  'inability_not_caused_by_impairment',
  'practicable_steps_required',
  'impairment_detail_required',
  'outcome_contradicts_test',
] as const;
export type CapacityProblemCode = (typeof capacityProblemCodes)[number];

/**
 * Everything wrong with recording this assessment; empty when it may be recorded. A finding that
 * the person lacks capacity must rest on both stages for the named decision and on the practicable
 * steps taken; a finding that they have capacity must not contradict the test's own answers.
 */
export function capacityAssessmentProblems(test: CapacityTest): RuleProblem<CapacityProblemCode>[] {
  const problems: RuleProblem<CapacityProblemCode>[] = [];
  if (!hasText(test.decision)) {
    problems.push({
      code: 'decision_required',
      detail: 'Capacity is assessed for one specific decision: say which decision (Mental Capacity Act 2005 s2(1)).',
    });
  }
  if (test.impairment && !hasText(test.impairmentDetail)) {
    problems.push({
      code: 'impairment_detail_required',
      detail: 'Describe the impairment of, or disturbance in the functioning of, the mind or brain.',
    });
  }
  if (test.outcome === 'lacks_capacity') {
    if (!test.impairment) {
      problems.push({
        code: 'impairment_not_found',
        detail:
          'A person lacks capacity only because of an impairment of, or disturbance in the functioning of, the mind or brain (s2(1)); none was found.',
      });
    }
    if (!anyInability(test.unableTo)) {
      problems.push({
        code: 'no_inability_found',
        detail:
          'A person lacks capacity only if unable to understand, retain, use or weigh the information, or communicate the decision (s3(1)); none was found.',
      });
    }
    if (test.impairment && anyInability(test.unableTo) && !test.inabilityBecauseOfImpairment) {
      problems.push({
        code: 'inability_not_caused_by_impairment',
        detail: 'The inability must be because of the impairment (s2(1)) for the person to lack capacity.',
      });
    }
    if (!hasText(test.practicableSteps)) {
      problems.push({
        code: 'practicable_steps_required',
        detail:
          'Record the practicable steps taken to help the person make the decision themselves (s1(3)) before finding they cannot.',
      });
    }
  } else if (capacityConclusion(test) === 'lacks_capacity') {
    problems.push({
      code: 'outcome_contradicts_test',
      detail:
        'The answers show an impairment causing an inability to decide, but the outcome says the person has capacity: check the answers or the outcome.',
    });
  }
  return problems;
}

/** Two decisions are the same when their area matches and their words match, ignoring case and spacing. */
export function sameDecision(
  a: Pick<CapacityTest, 'decisionArea' | 'decision'>,
  b: Pick<CapacityTest, 'decisionArea' | 'decision'>,
): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return a.decisionArea === b.decisionArea && norm(a.decision) === norm(b.decision);
}

/** A best-interests decision as the rules see it (MCA 2005 s4, s1(5)–(6)). */
export interface BestInterestsDecision {
  personId: string;
  decisionArea: CapacityDecisionArea;
  decision: string;
  /** The day it was made (YYYY-MM-DD). */
  decidedOn: string;
  /** s4(6): past and present wishes and feelings, beliefs and values. */
  wishesAndFeelings: string;
  beliefsAndValues: string;
  /** s4(7): whose views were taken. */
  consulted: readonly { name: string; relationship: string; views: string }[];
  /** Why no one was consulted, when no one was. */
  notConsultedReason: string;
  /** s1(6): the less restrictive options considered, and why they were or were not chosen. */
  lessRestrictiveOptions: readonly string[];
  /** What was decided to be in the person's best interests. */
  outcome: string;
}

/** The assessment a best-interests decision rests on. */
export interface AssessmentBasis {
  personId: string;
  decisionArea: CapacityDecisionArea;
  decision: string;
  outcome: CapacityOutcome;
  /** The day the person was assessed (YYYY-MM-DD). */
  assessedOn: string;
}

export const bestInterestsProblemCodes = [
  'capacity_not_lacking',
  'different_person',
  'different_decision',
  'decided_before_assessment',
  'wishes_required',
  'consultation_required',
  'less_restrictive_options_required',
  'outcome_required',
] as const;
export type BestInterestsProblemCode = (typeof bestInterestsProblemCodes)[number];

/**
 * Everything that stops this best-interests decision being recorded on this assessment. A decision
 * is made for someone only when an assessment found they lack capacity for that same decision
 * (s2(1), s4); it weighs their wishes, feelings, beliefs and values (s4(6)), the views of those
 * consulted (s4(7)) and the less restrictive options (s1(6)).
 */
export function bestInterestsProblems(
  basis: AssessmentBasis | null,
  decision: BestInterestsDecision,
): RuleProblem<BestInterestsProblemCode>[] {
  const problems: RuleProblem<BestInterestsProblemCode>[] = [];
  if (!basis || basis.outcome !== 'lacks_capacity') {
    problems.push({
      code: 'capacity_not_lacking',
      detail:
        'A best-interests decision is made only for a person assessed as lacking capacity for that decision; otherwise they decide (Mental Capacity Act 2005 s1(2)).',
    });
  } else {
    if (basis.personId !== decision.personId) {
      problems.push({ code: 'different_person', detail: 'The capacity assessment is about someone else.' });
    }
    if (!sameDecision(basis, decision)) {
      problems.push({
        code: 'different_decision',
        detail: 'Capacity is decision-specific: the assessment was about a different decision.',
      });
    }
    if (decision.decidedOn < basis.assessedOn) {
      problems.push({
        code: 'decided_before_assessment',
        detail: 'The best-interests decision cannot come before the assessment it rests on.',
      });
    }
  }
  if (!hasText(decision.wishesAndFeelings) && !hasText(decision.beliefsAndValues)) {
    problems.push({
      code: 'wishes_required',
      detail: 'Record the person’s wishes and feelings, beliefs and values (s4(6)), or what is known of them.',
    });
  }
  const consulted = decision.consulted.filter((c) => hasText(c.name));
  if (consulted.length === 0 && !hasText(decision.notConsultedReason)) {
    problems.push({
      code: 'consultation_required',
      detail:
        'Record whose views were taken (carers, family, an attorney or deputy, an advocate — s4(7)), or why no one could be consulted.',
    });
  }
  if (!decision.lessRestrictiveOptions.some(hasText)) {
    problems.push({
      code: 'less_restrictive_options_required',
      detail:
        'Record the less restrictive options considered (s1(6)): could the purpose be achieved in a way that restricts the person less?',
    });
  }
  if (!hasText(decision.outcome)) {
    problems.push({ code: 'outcome_required', detail: 'Record what was decided in the person’s best interests.' });
  }
  return problems;
}
