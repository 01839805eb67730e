import { countOf, formatDayDate } from '@/format';
import {
  desiredOutcomesStatuses,
  immediateSafetyValues,
  mentalCapacityValues,
  otherActionKinds,
  outcomesAchievedValues,
  riskAssessmentOutcomes,
  riskResults,
  safeguardingLocations,
  safeguardingRiskTypes,
  safeguardingSources,
  type DesiredOutcomesStatus,
  type ImmediateSafety,
  type MentalCapacity,
  type OtherActionKind,
  type OutcomesAchieved,
  type RiskAssessmentOutcome,
  type RiskResult,
  type SafeguardingLocation,
  type SafeguardingRiskType,
  type SafeguardingSource,
} from '@threefold/domain';
import type { Choice } from '@/components/ChoiceGroup.vue';

/** The national lists, in the words of the Safeguarding Adults Collection. */
export const riskTypeLabels: Readonly<Record<SafeguardingRiskType, string>> = {
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  psychological: 'Psychological abuse',
  financial_or_material: 'Financial or material abuse',
  discriminatory: 'Discriminatory abuse',
  organisational: 'Organisational abuse',
  neglect_and_acts_of_omission: 'Neglect and acts of omission',
  domestic_abuse: 'Domestic abuse',
  sexual_exploitation: 'Sexual exploitation',
  modern_slavery: 'Modern slavery',
  self_neglect: 'Self-neglect',
};

export const locationLabels: Readonly<Record<SafeguardingLocation, string>> = {
  own_home: 'Their own home',
  community: 'In the community (excluding community services)',
  community_service: 'In a community service',
  care_home_nursing: 'Care home – nursing',
  care_home_residential: 'Care home – residential',
  hospital_acute: 'Hospital – acute',
  hospital_mental_health: 'Hospital – mental health',
  hospital_community: 'Hospital – community',
  other: 'Other',
};

export const sourceLabels: Readonly<Record<SafeguardingSource, string>> = {
  service_provider: 'A service provider',
  other_known_to_individual: 'Someone else known to them',
  other_unknown_to_individual: 'Someone unknown to them',
};

export const riskAssessmentLabels: Readonly<Record<RiskAssessmentOutcome, string>> = {
  risk_identified_action_taken: 'Risk identified, and action taken',
  risk_identified_no_action_taken: 'Risk identified, no action taken',
  risk_assessment_inconclusive_action_taken: 'Risk assessment inconclusive, and action taken',
  risk_assessment_inconclusive_no_action_taken: 'Risk assessment inconclusive, no action taken',
  no_risk_identified_action_taken: 'No risk identified, and action taken',
  no_risk_identified_no_action_taken: 'No risk identified, no action taken',
};

export const resultLabels: Readonly<Record<RiskResult, string>> = {
  removed: 'Risk removed',
  reduced: 'Risk reduced',
  remains: 'Risk remains',
};

export const outcomesAchievedLabels: Readonly<Record<OutcomesAchieved, string>> = {
  fully: 'Fully achieved',
  partially: 'Partially achieved',
  not: 'Not achieved',
};

export const desiredOutcomesLabels: Readonly<Record<DesiredOutcomesStatus, string>> = {
  asked_expressed: 'Asked, and they told us what they want',
  asked_none_expressed: 'Asked, and they did not say what they want',
  not_asked: 'Not asked',
  not_known: 'Not known whether they were asked',
};

export const immediateSafetyLabels: Readonly<Record<ImmediateSafety, string>> = {
  safe_now: 'Safe for now',
  made_safe: 'Made safe (action already taken)',
  at_immediate_risk: 'At immediate risk',
  not_known: 'Not known',
};

export const capacityLabels: Readonly<Record<MentalCapacity, string>> = {
  has_capacity: 'Has capacity to make decisions about the enquiry',
  lacks_capacity: 'Lacks capacity to make decisions about the enquiry',
  not_assessed: 'Not assessed',
  not_known: 'Not known',
};

export const otherActionLabels: Readonly<Record<OtherActionKind, string>> = {
  information_and_advice: 'Information and advice',
  conversation: 'A conversation',
  connection: 'A connection to community support',
  other: 'Something else',
};

export const routeLabels = {
  s42_enquiry: 'Section 42 enquiry',
  other_enquiry: 'Other safeguarding enquiry',
  no_enquiry: 'No enquiry',
} as const;

const choices = <T extends string>(values: readonly T[], labels: Readonly<Record<T, string>>): Choice[] =>
  values.map((value) => ({ value, label: labels[value] }));

export const riskTypeChoices = choices(safeguardingRiskTypes, riskTypeLabels);
export const locationChoices = choices(safeguardingLocations, locationLabels);
export const sourceChoices = choices(safeguardingSources, sourceLabels);
export const riskAssessmentChoices = choices(riskAssessmentOutcomes, riskAssessmentLabels);
export const resultChoices = choices(riskResults, resultLabels);
export const outcomesAchievedChoices = choices(outcomesAchievedValues, outcomesAchievedLabels);
export const desiredOutcomesChoices = choices(desiredOutcomesStatuses, desiredOutcomesLabels);
export const immediateSafetyChoices = choices(immediateSafetyValues, immediateSafetyLabels);
export const capacityChoices = choices(mentalCapacityValues, capacityLabels);
export const otherActionChoices = choices(otherActionKinds, otherActionLabels);

export function labelOf<T extends string>(
  labels: Readonly<Record<T, string>>,
  value: string | null | undefined,
): string {
  return value && value in labels ? labels[value as T] : (value ?? '');
}

/**
 * "Due Wed 30 December (3 working days left)" or "Was due Wed 30 December (2 working days ago)",
 * for the decision and enquiry clocks. The words never say "Overdue" themselves: pages show that
 * as a tag beside them.
 */
export function clockText(clock: { dueOn: string; overdue: boolean; workingDaysLeft: number }): string {
  const due = formatDayDate(clock.dueOn);
  if (clock.overdue) {
    const late = Math.abs(clock.workingDaysLeft);
    return late > 0 ? `Was due ${due} (${countOf(late, 'working day')} ago)` : `Was due ${due}`;
  }
  if (clock.workingDaysLeft === 0) return `Due today, ${due}`;
  return `Due ${due} (${countOf(clock.workingDaysLeft, 'working day')} left)`;
}
