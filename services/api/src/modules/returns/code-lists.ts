/**
 * The national code lists of the Adult Social Care Client Level Data return (NHS England / DHSC,
 * CLD specification, Release 1), and how the practice's own values map onto them. Kept apart
 * from the query so that a change of specification is a change of tables, not of SQL.
 */

/** The CLD columns, in the specification's order and spelling. */
export const cldFields = [
  'LA_Code',
  'Reporting_Period_Start_Date',
  'Reporting_Period_End_Date',
  'LA_Person_Unique_Identifier',
  'NHS_Number',
  'GP_Practice_Code',
  'Gender',
  'Ethnicity',
  'Date_of_Birth',
  'Date_of_Death',
  'Postcode',
  'Client_Type',
  'Primary_Support_Reason',
  'Accommodation_Status',
  'Employment_Status',
  'Event_Type',
  'Event_Reference',
  'Event_Description',
  'Event_Start_Date',
  'Event_End_Date',
  'Event_Outcome',
  'Request_Route_of_Access',
  'Assessment_Type',
  'Eligible_Needs_Identified',
  'Method_of_Assessment',
  'Service_Type',
  'Service_Component',
  'Delivery_Mechanism',
  'Unit_Cost',
  'Cost_Frequency_Unit_Type',
  'Planned_Units_Per_Week',
  'Review_Reason',
  'Review_Outcomes_Achieved',
] as const;
export type CldField = (typeof cldFields)[number];

export const cldGender: Readonly<Record<string, string>> = {
  male: 'Male',
  female: 'Female',
  man: 'Male',
  woman: 'Female',
  other: 'Other',
  non_binary: 'Other',
  'non-binary': 'Other',
  not_stated: 'Unknown',
  unknown: 'Unknown',
};

/** Gender as the return spells it; a blank record is `Unknown` (and a data-quality finding). */
export function genderCode(gender: string | null): string {
  if (!gender) return 'Unknown';
  return cldGender[gender.trim().toLowerCase()] ?? 'Other';
}

/** NHS Data Dictionary ethnic categories (2011 census groups) and their CLD descriptions. */
export const cldEthnicity: Readonly<Record<string, string>> = {
  A1: 'White: English / Welsh / Scottish / Northern Irish / British',
  A2: 'White: Irish',
  A3: 'White: Gypsy or Irish Traveller',
  A4: 'White: Any other White background',
  B1: 'Mixed / Multiple ethnic groups: White and Black Caribbean',
  B2: 'Mixed / Multiple ethnic groups: White and Black African',
  B3: 'Mixed / Multiple ethnic groups: White and Asian',
  B4: 'Mixed / Multiple ethnic groups: Any other Mixed / Multiple ethnic background',
  C1: 'Asian / Asian British: Indian',
  C2: 'Asian / Asian British: Pakistani',
  C3: 'Asian / Asian British: Bangladeshi',
  C4: 'Asian / Asian British: Chinese',
  C5: 'Asian / Asian British: Any other Asian background',
  D1: 'Black / African / Caribbean / Black British: African',
  D2: 'Black / African / Caribbean / Black British: Caribbean',
  D3: 'Black / African / Caribbean / Black British: Any other Black / African / Caribbean background',
  D4: 'Black / African / Caribbean / Black British: Any other Black / African / Caribbean background',
  E1: 'Other ethnic group: Arab',
  E2: 'Other ethnic group: Any other ethnic group',
  E3: 'Other ethnic group: Any other ethnic group',
  Z: 'Refused',
};

export function ethnicityCode(code: string | null): string {
  if (!code) return 'Undeclared / Not known';
  return cldEthnicity[code.trim().toUpperCase()] ?? 'Undeclared / Not known';
}

export const cldPrimarySupportReason: Readonly<Record<string, string>> = {
  'physical-support': 'Physical Support: Personal Care Support',
  'access-and-mobility': 'Physical Support: Access and Mobility Only',
  'sensory-support': 'Sensory Support: Support for Dual Impairment',
  'visual-impairment': 'Sensory Support: Support for Visual Impairment',
  'hearing-impairment': 'Sensory Support: Support for Hearing Impairment',
  'memory-and-cognition': 'Support with Memory and Cognition',
  'learning-disability': 'Learning Disability Support',
  'mental-health': 'Mental Health Support',
  'social-support': 'Social Support: Support for Social Isolation / Other',
  'substance-misuse': 'Social Support: Substance Misuse Support',
  'asylum-seeker': 'Social Support: Asylum Seeker Support',
};

export function primarySupportReasonCode(value: string | null): string {
  if (!value) return '';
  return cldPrimarySupportReason[value] ?? '';
}

/** Route of access: the practice keeps the national list, in its own spelling. */
export const cldRouteOfAccess: Readonly<Record<string, string>> = {
  planned_entry_transition: 'Planned Entry (Transition)',
  discharge_from_hospital: 'Discharge from Hospital',
  diversion_from_hospital: 'Diversion from Hospital Services',
  community_other: 'Community / Other route',
  prison: 'Prison',
  self_funder: 'Self-Funder',
  discharge_from_reablement: 'Discharge from Reablement',
  transfer_from_other_council: 'Transfer from Other LA',
};

/** A front-door outcome as a request's Event_Outcome. */
export const cldRequestOutcome: Readonly<Record<string, string>> = {
  information_and_advice: 'NFA - Information & Advice / Signposting only',
  connected_to_community: 'NFA - Information & Advice / Signposting only',
  progressed_to_conversation_1: 'Progress to Assessment',
  progressed_to_conversation_2: 'Progress to Assessment',
  progressed_to_conversation_3: 'Progress to Assessment',
  safeguarding_concern_raised: 'NFA - Other',
  no_further_action: 'NFA - Other',
};

export const cldDeliveryMechanism: Readonly<Record<string, string>> = {
  direct_payment: 'Direct Payment',
  council_managed: 'CASSR Managed Personal Budget',
  individual_service_fund: 'CASSR Managed Personal Budget',
  mixed: 'Part Direct Payment',
};

export const cldReviewReason: Readonly<Record<string, string>> = {
  first: 'Planned',
  planned: 'Planned',
  unplanned: 'Unplanned',
};

export const cldReviewOutcomesAchieved: Readonly<Record<string, string>> = {
  fully_met: 'Fully Achieved',
  partially_met: 'Partially Achieved',
  not_met: 'Not Achieved',
};

export const conversationNames: Readonly<Record<number, string>> = {
  1: 'Conversation 1 (connect)',
  2: 'Conversation 2 (when at risk)',
  3: 'Conversation 3 (a good life and a fair budget)',
};
