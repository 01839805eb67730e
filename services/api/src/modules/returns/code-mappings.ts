/**
 * How the practice's own values map onto the Client Level Data return's national lists
 * (code-lists.ts, with the sources each list cites). Every mapping is typed by its field, so a
 * value off the list does not compile.
 */
import { cldLists, type CldValue, type CodedField } from './code-lists.js';

/** A practice-value → national-value table, typed so that a value off the list does not compile. */
type Mapping<F extends CodedField> = Readonly<Record<string, CldValue<F>>>;

// ---------------------------------------------------------------------------------------------
// The practice's values onto the lists.
// ---------------------------------------------------------------------------------------------

export const cldGender: Mapping<'Gender'> = {
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
export function genderCode(gender: string | null): CldValue<'Gender'> {
  if (!gender) return 'Unknown';
  return cldGender[gender.trim().toLowerCase()] ?? 'Other';
}

/**
 * The practice's ethnic category codes (letter for the census group, digit for the category, as
 * the person record keeps them) onto release 2's descriptions: one code per description. `Z` is
 * the person declining to say; `99` is not known; a blank record is not known as well.
 */
export const cldEthnicity: Mapping<'Ethnicity'> = {
  A1: 'White: English, Welsh, Scottish, Northern Irish or British',
  A2: 'White: Irish',
  A3: 'White: Gypsy or Irish Traveller',
  A4: 'White: Any other White background',
  A5: 'White: Roma',
  B1: 'Mixed or multiple ethnic groups: White and Black Caribbean',
  B2: 'Mixed or multiple ethnic groups: White and Black African',
  B3: 'Mixed or multiple ethnic groups: White and Asian',
  B4: 'Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background',
  C1: 'Asian or Asian British: Indian',
  C2: 'Asian or Asian British: Pakistani',
  C3: 'Asian or Asian British: Bangladeshi',
  C4: 'Asian or Asian British: Chinese',
  C5: 'Asian or Asian British: Any other Asian background',
  D1: 'Black, Black British, Caribbean or African: African',
  D2: 'Black, Black British, Caribbean or African: Caribbean',
  D3: 'Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background',
  E1: 'Other ethnic group: Arab',
  E2: 'Other ethnic group: Any other ethnic group',
  Z: 'No data: Refused',
  '99': 'No data: Undeclared or not known',
};
export const ETHNICITY_NOT_KNOWN: CldValue<'Ethnicity'> = 'No data: Undeclared or not known';

export function ethnicityCode(code: string | null): CldValue<'Ethnicity'> {
  if (!code) return ETHNICITY_NOT_KNOWN;
  return cldEthnicity[code.trim().toUpperCase()] ?? ETHNICITY_NOT_KNOWN;
}

export const cldPrimarySupportReason: Mapping<'Primary_Support_Reason'> = {
  'physical-support': 'Physical support: Personal care support',
  'access-and-mobility': 'Physical support: Access and mobility only',
  'sensory-support': 'Sensory support: Support for dual impairment',
  'visual-impairment': 'Sensory support: Support for visual impairment',
  'hearing-impairment': 'Sensory support: Support for hearing impairment',
  'memory-and-cognition': 'Support with memory and cognition',
  'learning-disability': 'Learning disability support',
  'mental-health': 'Mental health support',
  'social-support': 'Social support: Support for social isolation or other',
  'substance-misuse': 'Social support: Substance misuse support',
  'asylum-seeker': 'Social support: Asylum seeker support',
  'support-to-unpaid-carer': 'Social support: Support to unpaid carer',
};
/** Sent when the reason is not (yet) determined, as the guidance asks: never an empty field. */
export const PSR_UNKNOWN: CldValue<'Primary_Support_Reason'> = 'Unknown';

export function primarySupportReasonCode(value: string | null): CldValue<'Primary_Support_Reason'> {
  if (!value) return PSR_UNKNOWN;
  return cldPrimarySupportReason[value] ?? PSR_UNKNOWN;
}

/**
 * Accommodation and employment are kept on the person as the national wording (any case); a
 * blank or an unrecognised one is sent as `Unknown`, so the field is never empty.
 */
const byWording = <F extends CodedField>(field: F): Mapping<F> =>
  Object.fromEntries((cldLists[field] as readonly CldValue<F>[]).map((v) => [v.toLowerCase(), v]));
export const cldAccommodation = byWording('Accommodation_Status');
export const cldEmployment = byWording('Employment_Status');

/** Route of access: the practice keeps the national list, in its own spelling. */
export const cldRouteOfAccess: Mapping<'Request_Route_of_Access'> = {
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
export const cldRequestOutcome: Mapping<'Event_Outcome'> = {
  information_and_advice: 'NFA: Information and advice or signposting',
  connected_to_community: 'NFA: Information and advice or signposting',
  progressed_to_conversation_1: 'Progress to assessment, review or reassessment',
  progressed_to_conversation_2: 'Progress to assessment, review or reassessment',
  progressed_to_conversation_3: 'Progress to assessment, review or reassessment',
  safeguarding_concern_raised: 'NFA: Other',
  no_further_action: 'NFA: Other',
};

/** The event outcomes the query writes itself, by what happened. */
export const cldOutcome = {
  other: 'NFA: Other',
  advice: 'NFA: Information and advice or signposting',
  toAssessment: 'Progress to assessment, review or reassessment',
  toServices: 'Progress to support planning or services',
  continuing: 'Continuation of support or services',
  endedAsPlanned: 'NFA: Support ended as planned',
} as const satisfies Record<string, CldValue<'Event_Outcome'>>;

/**
 * How a personal budget (or one part of a mixed one) is managed. An individual service fund is a
 * personal budget the council has a provider hold: a managed personal budget.
 */
export const cldDeliveryMechanism: Mapping<'Delivery_Mechanism'> = {
  direct_payment: 'Direct payment',
  council_managed: 'CASSR managed personal budget',
  individual_service_fund: 'CASSR managed personal budget',
};

/** A budget's (or part's) service component: a direct payment is its own component. */
export const cldBudgetComponent: Mapping<'Service_Component'> = {
  direct_payment: 'Direct payment',
  council_managed: 'Other long term support',
  individual_service_fund: 'Other long term support',
};

/** A review's reason: planned (first or later), or unplanned by its significant event. */
export const cldReviewReason: Mapping<'Review_Reason'> = {
  first: 'Planned',
  planned: 'Planned',
  unplanned: 'Unplanned - Other Reason',
};
/** The significant event of an unplanned review (`reviews.reason`, the domain's `unplannedReviewReasons`). */
export const cldUnplannedReviewReason: Mapping<'Review_Reason'> = {
  hospital: 'Unplanned - Hospital (Planned and unplanned episodes)',
  change_in_carer_circumstances: 'Unplanned - Carer related',
  safeguarding_concern: 'Unplanned - Safeguarding concern',
  provider_failure: 'Unplanned - Provider Failure',
  person_or_family_request: 'Unplanned - Other Reason',
  other: 'Unplanned - Other Reason',
};

export const cldReviewOutcomesAchieved: Mapping<'Review_Outcomes_Achieved'> = {
  fully_met: 'Fully Met',
  partially_met: 'Partially Met',
  not_met: 'Not Met',
};

/** A value checked, at compile time, against its field's list. */
const value = <F extends CodedField>(_field: F, v: CldValue<F>) => v;

/** Constant values the query writes, each on its list. */
export const cldConstants = {
  serviceUser: value('Client_Type', 'Service user'),
  unpaidCarer: value('Client_Type', 'Unpaid carer'),
  carerKnownByAssociation: value('Client_Type', 'Unpaid carer known by association'),
  carerDirect: value('Service_Type', 'Unpaid carer support: Direct to unpaid carer'),
  carerInvolvingCaredFor: value('Service_Type', 'Unpaid carer support: Support involving the person cared-for'),
  shortTermAssessment: value('Assessment_Type', 'Short term assessment'),
  longTermAssessment: value('Assessment_Type', 'Long term assessment'),
  faceToFace: value('Method_of_Assessment', 'Face to Face Assessment'),
  shortTermOther: value('Service_Type', 'Short term support: Other short term'),
  longTermCommunity: value('Service_Type', 'Long term support: Community'),
  shortTermComponent: value('Service_Component', 'Other short term support'),
  weekly: value('Cost_Frequency_Unit_Type', 'Weekly'),
  unplannedOther: value('Review_Reason', 'Unplanned - Other Reason'),
  yes: value('Eligible_Needs_Identified', 'Yes'),
  no: value('Eligible_Needs_Identified', 'No'),
};

export const conversationNames: Readonly<Record<number, string>> = {
  1: 'Conversation 1 (connect)',
  2: 'Conversation 2 (when at risk)',
  3: 'Conversation 3 (a good life and a fair budget)',
};

/**
 * Event_Reference prefixes: a conversation 2 is both an assessment and a short-term service, and
 * a mixed budget is several service rows, so the record's id alone does not make a reference
 * unique; the prefix (and a budget part's number) does.
 */
export const cldReferencePrefix = {
  request: 'REQ-',
  assessment: 'ASM-',
  shortTermService: 'STS-',
  longTermService: 'LTS-',
  review: 'REV-',
} as const;
