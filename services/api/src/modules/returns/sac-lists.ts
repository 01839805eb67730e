/**
 * The national lists of the Safeguarding Adults Collection (SAC), table by table, and how the
 * practice's values map onto them. The collection (safeguarding-adults.ts) and its tests read
 * these tables; a mapping whose value is off its table's list does not compile.
 *
 * Sources, by the short names used below:
 * - [SAC-guidance]: NHS England, "Guidance for completing the Safeguarding Adults Collection (SAC)
 *   2024-25", SG1: Demographics (digital.nhs.uk/data-and-information/data-collections-and-data-sets/
 *   data-collections/social-care-collection-materials-2025/safeguarding-adults-collection/sg1-demographics),
 *   and DHSC, "Safeguarding adults collection (SAC) data return, 2025 to 2026: guidance for local
 *   authorities" (gov.uk, 29 January 2026: "no changes to the data requirements").
 * - [SAC-publication]: NHSDigital/ASC-Safeguarding-Adults (commit c596464c),
 *   publication_outputs/data_tables_export_outputs.py (the data tables' columns, e.g.
 *   "SG2c Enquiry ceased at individual's request and no action taken", "SG4a Don't Know"),
 *   data_tables_produce_all_measures.py (table references SG1a–SG1f, SG2a–SG2e, SG3a, SG4a, SG5a
 *   and the enquiry types "Safeguarding Concerns", "Section 42 Enquiries", "Other Enquiries",
 *   "Concluded Section 42 Enquiries", "Count of Safeguarding Adult Reviews"),
 *   pbi_risk_table.py (SG2a: type of risk by source of risk; SG2b: location of risk by source of
 *   risk) and pbi_safeguarding_adult_reviews.py (SG5a/SG5b).
 */
import {
  type desiredOutcomesStatuses,
  type mentalCapacityValues,
  type outcomesAchievedValues,
  type riskAssessmentOutcomes,
  type riskResults,
  type safeguardingLocations,
  type safeguardingRiskTypes,
  type safeguardingSources,
} from '@threefold/domain';

/** The metrics ("enquiry types") the tables count, as [SAC-publication] names them. */
export const sacMeasures = {
  concerns: 'Safeguarding Concerns',
  s42: 'Section 42 Enquiries',
  other: 'Other Enquiries',
  concludedS42: 'Concluded Section 42 Enquiries',
  reviews: 'Count of Safeguarding Adult Reviews',
  reviewIndividuals: 'Count of Individuals Involved in Safeguarding Adult Reviews',
} as const;
export type SacMeasure = (typeof sacMeasures)[keyof typeof sacMeasures];

/** SG1a: age on the last day of the year (or at death). [SAC-guidance] SG1a; [SAC-publication] "SG1a 85-94", "SG1a 95+". */
export const sacAgeBands = ['18-64', '65-74', '75-84', '85-94', '95+', 'Age Unknown'] as const;
/** SG1b. [SAC-publication] "SG1b Male", "SG1b Female", "SG1b Not Known". */
export const sacGenders = ['Male', 'Female', 'Not Known'] as const;
/** SG1c, the census groups. [SAC-publication] range5b. */
export const sacEthnicities = [
  'White',
  'Mixed / Multiple',
  'Asian / Asian British',
  'Black / African / Caribbean / Black British',
  'Other Ethnic Group',
  'Refused',
  'Undeclared / Not Known',
] as const;
/** SG1d. [SAC-publication] range6a. */
export const sacPrimarySupportReasons = [
  'Physical Support',
  'Sensory Support',
  'Support with Memory and Cognition',
  'Learning Disability Support',
  'Mental Health Support',
  'Social Support',
  'No Support Reason',
  'Not Known',
] as const;
/**
 * SG1e: individuals with autism, split as the publication splits them. [SAC-publication] range6b
 * ("SG1e Learning, Developmental or Intellectual Disability (Autism excluding Asperger's Syndrome/
 * High Functioning Autism)", "SG1e … (Asperger's Syndrome/ High Functioning Autism)"). People
 * without autism (or not recorded) are not counted here.
 */
export const sacAutism = [
  "Learning, Developmental or Intellectual Disability (Autism excluding Asperger's Syndrome/ High Functioning Autism)",
  "Learning, Developmental or Intellectual Disability (Asperger's Syndrome/ High Functioning Autism)",
] as const;
/** The person's `autism` value onto SG1e. */
export const sacAutismOf: Readonly<Record<'autism' | 'aspergers', (typeof sacAutism)[number]>> = {
  autism: sacAutism[0],
  aspergers: sacAutism[1],
};
/** The choices the person's page offers for `autism`, in SG1e's wording. */
export const sacAutismChoices = [
  { value: 'autism', label: "Autism (excluding Asperger's syndrome / high functioning autism)" },
  { value: 'aspergers', label: "Asperger's syndrome / high functioning autism" },
  { value: 'none', label: 'No autism' },
];
/** SG1f. [SAC-publication] range1. */
export const sacTotals = [
  'Total Number of Safeguarding Concerns',
  'Total Number of Section 42 Safeguarding Enquiries',
  'Total Number of Other Safeguarding Enquiries',
] as const;
/** SG2a rows. [SAC-publication] range2b. */
export const sacRiskTypes = [
  'Physical Abuse',
  'Sexual Abuse',
  'Psychological Abuse',
  'Financial or Material Abuse',
  'Discriminatory Abuse',
  'Organisational Abuse',
  'Neglect and Acts of Omission',
  'Domestic Abuse',
  'Sexual Exploitation',
  'Modern Slavery',
  'Self-Neglect',
] as const;
/** SG2b rows. [SAC-publication] range2c. */
export const sacLocations = [
  'Own Home',
  'In the Community',
  'Community Service',
  'Care Home - Nursing',
  'Care Home - Residential',
  'Hospital - Acute',
  'Hospital - Mental Health',
  'Hospital - Community',
  'Other',
] as const;
/** SG2a/SG2b columns. [SAC-publication] range2d. */
export const sacSources = ['Service Provider', 'Other - Known to individual', 'Other - Unknown to individual'] as const;
/** SG2c. [SAC-publication] range3a. */
export const sacRiskAssessments = [
  'Risk identified and action taken',
  'Risk identified and no action taken',
  'Risk Assessment inconclusive and action taken',
  'Risk Assessment inconclusive and no action taken',
  'No risk identified and action taken',
  'No risk identified and no action taken',
  "Enquiry ceased at individual's request and no action taken",
] as const;
/** SG2e. [SAC-publication] range3b. */
export const sacResults = ['Risk remained', 'Risk reduced', 'Risk removed'] as const;
/** SG3a, and its advocacy line. [SAC-publication] range7a, range7b. */
export const sacCapacity = [
  'Yes, they lacked capacity',
  'No, they did not lack capacity',
  "Don't know",
  'Not recorded',
] as const;
export const SAC_CAPACITY_SUPPORTED =
  'Of the enquiries recorded as Yes, in how many of these cases was support provided by an advocate, family or friend';
/** SG4a: asked, and achieved. [SAC-publication] range8a, range8b. */
export const sacDesiredOutcomes = [
  'Yes they were asked and outcomes were expressed',
  'Yes they were asked but no outcomes were expressed',
  'No',
  "Don't Know",
  'Not Recorded',
] as const;
export const sacOutcomesAchieved = ['Fully Achieved', 'Partially Achieved', 'Not Achieved'] as const;
/** SG5a and SG5b. [SAC-publication] range9; pbi_safeguarding_adult_reviews.py. */
export const sacReviews = ['Where one or more individuals died', 'Where no individuals died'] as const;
export const sacReviewIndividuals = [
  'Who suffered serious harm and died',
  'Who suffered serious harm and survived',
] as const;

type Mapped<K extends string, L extends readonly string[]> = Readonly<Record<K, L[number]>>;

/** The practice's lists (the domain's codes) onto the collection's wording, one for one. */
export const sacRiskTypeOf: Mapped<(typeof safeguardingRiskTypes)[number], typeof sacRiskTypes> = {
  physical: 'Physical Abuse',
  sexual: 'Sexual Abuse',
  psychological: 'Psychological Abuse',
  financial_or_material: 'Financial or Material Abuse',
  discriminatory: 'Discriminatory Abuse',
  organisational: 'Organisational Abuse',
  neglect_and_acts_of_omission: 'Neglect and Acts of Omission',
  domestic_abuse: 'Domestic Abuse',
  sexual_exploitation: 'Sexual Exploitation',
  modern_slavery: 'Modern Slavery',
  self_neglect: 'Self-Neglect',
};
export const sacLocationOf: Mapped<(typeof safeguardingLocations)[number], typeof sacLocations> = {
  own_home: 'Own Home',
  community: 'In the Community',
  community_service: 'Community Service',
  care_home_nursing: 'Care Home - Nursing',
  care_home_residential: 'Care Home - Residential',
  hospital_acute: 'Hospital - Acute',
  hospital_mental_health: 'Hospital - Mental Health',
  hospital_community: 'Hospital - Community',
  other: 'Other',
};
export const sacSourceOf: Mapped<(typeof safeguardingSources)[number], typeof sacSources> = {
  service_provider: 'Service Provider',
  other_known_to_individual: 'Other - Known to individual',
  other_unknown_to_individual: 'Other - Unknown to individual',
};
export const sacRiskAssessmentOf: Mapped<(typeof riskAssessmentOutcomes)[number], typeof sacRiskAssessments> = {
  risk_identified_action_taken: 'Risk identified and action taken',
  risk_identified_no_action_taken: 'Risk identified and no action taken',
  risk_assessment_inconclusive_action_taken: 'Risk Assessment inconclusive and action taken',
  risk_assessment_inconclusive_no_action_taken: 'Risk Assessment inconclusive and no action taken',
  no_risk_identified_action_taken: 'No risk identified and action taken',
  no_risk_identified_no_action_taken: 'No risk identified and no action taken',
};
/** An enquiry the person asked to stop. */
export const SAC_CEASED: (typeof sacRiskAssessments)[number] =
  "Enquiry ceased at individual's request and no action taken";
export const sacResultOf: Mapped<(typeof riskResults)[number], typeof sacResults> = {
  remains: 'Risk remained',
  reduced: 'Risk reduced',
  removed: 'Risk removed',
};
export const sacCapacityOf: Mapped<(typeof mentalCapacityValues)[number], typeof sacCapacity> = {
  lacks_capacity: 'Yes, they lacked capacity',
  has_capacity: 'No, they did not lack capacity',
  not_known: "Don't know",
  not_assessed: 'Not recorded',
};
export const sacDesiredOutcomesOf: Mapped<(typeof desiredOutcomesStatuses)[number], typeof sacDesiredOutcomes> = {
  asked_expressed: 'Yes they were asked and outcomes were expressed',
  asked_none_expressed: 'Yes they were asked but no outcomes were expressed',
  not_asked: 'No',
  not_known: "Don't Know",
};
export const SAC_NOT_RECORDED: (typeof sacDesiredOutcomes)[number] = 'Not Recorded';
export const sacOutcomesAchievedOf: Mapped<(typeof outcomesAchievedValues)[number], typeof sacOutcomesAchieved> = {
  fully: 'Fully Achieved',
  partially: 'Partially Achieved',
  not: 'Not Achieved',
};

/** The person's gender (as kept on the record) onto SG1b: anything but male or female is not known. */
export function sacGenderOf(gender: string | null): (typeof sacGenders)[number] {
  const g = gender?.trim().toLowerCase();
  if (g === 'male' || g === 'man') return 'Male';
  if (g === 'female' || g === 'woman') return 'Female';
  return 'Not Known';
}

/** The person's ethnic category code (letter for the census group) onto SG1c's groups. */
export function sacEthnicityOf(code: string | null): (typeof sacEthnicities)[number] {
  const c = code?.trim().toUpperCase() ?? '';
  if (/^A[1-5]$/.test(c)) return 'White';
  if (/^B[1-4]$/.test(c)) return 'Mixed / Multiple';
  if (/^C[1-5]$/.test(c)) return 'Asian / Asian British';
  if (/^D[1-3]$/.test(c)) return 'Black / African / Caribbean / Black British';
  if (/^E[1-2]$/.test(c)) return 'Other Ethnic Group';
  if (c === 'Z') return 'Refused';
  return 'Undeclared / Not Known';
}

/** The person's primary support reason (the practice's codes, as in code-mappings.ts) onto SG1d. */
const psrGroups: Readonly<Record<string, (typeof sacPrimarySupportReasons)[number]>> = {
  'physical-support': 'Physical Support',
  'access-and-mobility': 'Physical Support',
  'sensory-support': 'Sensory Support',
  'visual-impairment': 'Sensory Support',
  'hearing-impairment': 'Sensory Support',
  'memory-and-cognition': 'Support with Memory and Cognition',
  'learning-disability': 'Learning Disability Support',
  'mental-health': 'Mental Health Support',
  'social-support': 'Social Support',
  'substance-misuse': 'Social Support',
  'asylum-seeker': 'Social Support',
  'support-to-unpaid-carer': 'Social Support',
};
export function sacPrimarySupportReasonOf(value: string | null): (typeof sacPrimarySupportReasons)[number] {
  return (value && psrGroups[value]) || 'Not Known';
}

/** SG1a's band for an age in whole years (null when the date of birth is not known). */
export function sacAgeBandOf(age: number | null): (typeof sacAgeBands)[number] {
  if (age === null || age < 18) return 'Age Unknown';
  if (age <= 64) return '18-64';
  if (age <= 74) return '65-74';
  if (age <= 84) return '75-84';
  if (age <= 94) return '85-94';
  return '95+';
}
