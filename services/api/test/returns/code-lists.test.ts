import { describe, expect, it } from 'vitest';
import { unplannedReviewReasons, reviewOutcomes, routesOfAccess, contactOutcomes } from '@threefold/domain';
import { cldQuery } from '../../src/modules/returns/client-level-data.js';
import {
  cldAccommodation,
  cldBudgetComponent,
  cldConstants,
  cldDeliveryMechanism,
  cldEmployment,
  cldEthnicity,
  cldGender,
  cldOutcome,
  cldPrimarySupportReason,
  cldRequestOutcome,
  cldReviewOutcomesAchieved,
  cldReviewReason,
  cldRouteOfAccess,
  cldUnplannedReviewReason,
  ethnicityCode,
  genderCode,
  primarySupportReasonCode,
} from '../../src/modules/returns/code-mappings.js';
import { cldLists, cldMethodOfReviewList, onList, type CodedField } from '../../src/modules/returns/code-lists.js';
import { qualityLists } from '../../src/modules/returns/data-quality.js';

/*
 * The release 2 values below are typed here from the sources, not imported: a wrong string in
 * code-lists.ts fails these tests.
 */

// DataS-DHSC/ASC-CLD-LA-Dashboard, Main_tables/docs/methodology/3-data-cleaning.md (commit
// e6f57490), "Event outcome hierarchy", less "Release 1 specification only: Not mapped".
const EVENT_OUTCOME_R2 = [
  'Progress to reablement/ST-Max',
  'Progress to assessment, review or reassessment',
  'Progress to support planning or services',
  'Continuation of support or services',
  'Admitted to hospital',
  'NFA: Responsibility moved to another local authority',
  'NFA: Referral to NHS services or NHS funded social care',
  'NFA: Self-funded client or under 12wk disregard',
  'NFA: Information and advice or signposting',
  'NFA: Referral to other service within the local authority',
  'NFA: Support declined',
  'NFA: Deceased',
  'NFA: Support ended as planned',
  'NFA: Support ended for other reason',
  'NFA: No services offered for other reason',
  'NFA: Other',
];

// Same document, `Ethnicity_Grouped` mapping table (less "Invalid and not mapped").
const ETHNICITY_R2 = [
  'Asian or Asian British: Any other Asian background',
  'Asian or Asian British: Bangladeshi',
  'Asian or Asian British: Chinese',
  'Asian or Asian British: Indian',
  'Asian or Asian British: Pakistani',
  'Black, Black British, Caribbean or African: African',
  'Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background',
  'Black, Black British, Caribbean or African: Caribbean',
  'Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background',
  'Mixed or multiple ethnic groups: White and Asian',
  'Mixed or multiple ethnic groups: White and Black African',
  'Mixed or multiple ethnic groups: White and Black Caribbean',
  'No data: Refused',
  'No data: Undeclared or not known',
  'Other ethnic group: Any other ethnic group',
  'Other ethnic group: Arab',
  'White: Any other White background',
  'White: English, Welsh, Scottish, Northern Irish or British',
  'White: Gypsy or Irish Traveller',
  'White: Irish',
  'White: Roma',
];

// Same document, `Service_Type_Grouped` mapping table (less "Invalid and not mapped").
const SERVICE_TYPE_R2 = [
  'Long term support: Community',
  'Long term support: Nursing care',
  'Long term support: Prison',
  'Long term support: Residential care',
  'Short term support: Ongoing low level',
  'Short term support: Other short term',
  'Short term support: ST-Max',
  'Unpaid carer support: Direct to unpaid carer',
  'Unpaid carer support: Support involving the person cared-for',
];

// DataS-DHSC/ASC-CLD-LA-Dashboard, ASCOF_measures/Create_ASCOF_3D_2425_Onwards.sql (commit
// 69fe2e40), #REF_Service_Type_Delivery_Mech.
const DELIVERY_MECHANISM_R2 = ['Direct payment', 'CASSR managed personal budget', 'CASSR commissioned support'];

// Waiting_times/waiting_times_method.sql (v1.0), Create_ASCOF_2B2C/2E_2425_Onwards.sql.
const ASSESSMENT_TYPES_R2 = ['Short term assessment', 'Long term assessment'];
const SERVICE_USER_R2 = 'Service user';

// A third-party CLD cleaning macro's release 2 labels (see code-lists.ts: partly verified).
const PRIMARY_SUPPORT_REASON_R2 = [
  'Physical support: Personal care support',
  'Physical support: Access and mobility only',
  'Learning disability support',
  'Mental health support',
  'Unknown',
  'Support with memory and cognition',
  'Social support: Support to unpaid carer',
  'Social support: Support for social isolation or other',
  'Sensory support: Support for visual impairment',
  'Sensory support: Support for hearing impairment',
  'Social support: Substance misuse support',
  'Sensory support: Support for dual impairment',
  'Social support: Asylum seeker support',
];

// NHS England CLD guidance release 1 (Feb 2023) review reasons, as the ASC glossary quotes them,
// and DHSC's release 2 "Review of short term support" (create_GetDerivedFields_procedure.sql).
const REVIEW_REASON = [
  'Planned',
  'Unplanned - Hospital (Planned and unplanned episodes)',
  'Unplanned - Carer related',
  'Unplanned - Safeguarding concern',
  'Unplanned - Other Reason',
  'Unplanned - Provider Failure',
  'Unplanned - Change in Commissioning arrangements',
  'Review of short term support',
];

// DataS-DHSC/ASC-CLD-LA-Dashboard, ASCOF_measures/Create_ASCOF_2E_2425_Onwards.sql,
// #REF_Accommodation_Status (less DHSC's derived "Unknown: presumed at home / in community").
const ACCOMMODATION_R2 = [
  'Owner occupier or shared ownership scheme',
  'Tenant: Local authority or other social housing provider',
  'Tenant: Private landlord',
  'Settled mainstream housing with family or friends',
  'Supported accommodation, supported lodgings or supported group home',
  'Shared Lives scheme',
  'Approved premises for offenders released from prison or under probation supervision',
  'Sheltered housing, extra care housing or other sheltered housing',
  'Mobile accommodation for Gypsy, Roma and Traveller communities',
  'Rough sleeper or squatting',
  'Night shelter, emergency hostel or direct access hostel',
  'Refuge',
  'Placed in temporary accommodation by the council (inc. homelessness resettlement)',
  'Staying with family or friends as a short term guest',
  'Acute hospital or long term healthcare residential facility',
  'Registered care home',
  'Registered nursing home',
  'Prison, young offenders institution or detention centre',
  'Other temporary accommodation',
  'Unknown',
];

// socialcaredata Safeguarding Standard (PUB02) "employment-status" (partly verified, see code-lists.ts).
const EMPLOYMENT_R2 = [
  'Paid: Less than 16 hours a week',
  'Paid: 16 or more hours a week',
  'Paid: Hours per week unknown',
  'Not in paid employment: Seeking work',
  'Not in paid employment: Not actively seeking work or retired',
  'Not in paid employment: Voluntary work only',
  'Unknown',
];

const sorted = (list: readonly string[]) => [...list].sort();

describe('the Client Level Data code lists, pinned to their release 2 sources', () => {
  it('Event_Outcome is release 2’s 16 values', () => {
    expect(cldLists.Event_Outcome).toHaveLength(16);
    expect(sorted(cldLists.Event_Outcome)).toEqual(sorted(EVENT_OUTCOME_R2));
  });

  it('Ethnicity is release 2’s 21 values', () => {
    expect(sorted(cldLists.Ethnicity)).toEqual(sorted(ETHNICITY_R2));
  });

  it('Service_Type is release 2’s 9 values', () => {
    expect(sorted(cldLists.Service_Type)).toEqual(sorted(SERVICE_TYPE_R2));
  });

  it('Delivery_Mechanism is release 2’s 3 values, with no “part direct payment”', () => {
    expect(sorted(cldLists.Delivery_Mechanism)).toEqual(sorted(DELIVERY_MECHANISM_R2));
    expect(cldLists.Delivery_Mechanism.some((v) => /part/i.test(v))).toBe(false);
  });

  it('Primary_Support_Reason has the release 2 labels, the carer reason and Unknown', () => {
    expect(sorted(cldLists.Primary_Support_Reason)).toEqual(sorted(PRIMARY_SUPPORT_REASON_R2));
  });

  it('Accommodation_Status and Employment_Status are release 2’s wording', () => {
    expect(sorted(cldLists.Accommodation_Status)).toEqual(sorted(ACCOMMODATION_R2));
    expect(sorted(cldLists.Employment_Status)).toEqual(sorted(EMPLOYMENT_R2));
  });

  it('the assessment types, the service user client type and the review reasons the practice sends', () => {
    expect(sorted(cldLists.Assessment_Type)).toEqual(sorted(ASSESSMENT_TYPES_R2));
    expect(cldLists.Client_Type).toContain(SERVICE_USER_R2);
    expect(sorted(cldLists.Review_Reason)).toEqual(sorted(REVIEW_REASON));
    expect(sorted(cldLists.Review_Outcomes_Achieved)).toEqual(['Fully Met', 'Not Met', 'Partially Met']);
    expect(sorted(cldLists.Event_Type)).toEqual(['Assessment', 'Request', 'Review', 'Service']);
  });

  it('Client_Type is release 2’s service user and the two unpaid carer values (DHSC Create_personal_details_table.sql, 280a89f)', () => {
    expect(sorted(cldLists.Client_Type)).toEqual(
      sorted([SERVICE_USER_R2, 'Unpaid carer', 'Unpaid carer known by association']),
    );
  });

  it('Has_Unpaid_Carer is Yes, No or Unknown (DHSC Create_personal_details_table.sql, 280a89f)', () => {
    expect(sorted(cldLists.Has_Unpaid_Carer)).toEqual(['No', 'Unknown', 'Yes']);
  });

  it('Method_of_Review is release 1’s defined list of who took part (release 2 wording unverified)', () => {
    expect(sorted(cldMethodOfReviewList)).toEqual(['Carer only', 'Service user and carer', 'Service user only']);
  });

  it('carries no release 1 value', () => {
    const all = Object.values(cldLists).flat() as string[];
    for (const r1 of [
      'NFA - Information & Advice / Signposting only',
      'NFA - Other',
      'Progress to Assessment',
      'Progress to Support Planning / Services',
      'Short Term Support: Other Short Term Support',
      'Long Term Support: Community',
      'Part Direct Payment',
      'Fully Achieved',
      'White: English / Welsh / Scottish / Northern Irish / British',
      'Refused',
      'Undeclared / Not known',
      'Support with Memory and Cognition',
      'Service User',
      'Rough sleeper / squatting',
      'No data - Undeclared or Not known',
      'Carer',
      'Carer known by association',
    ])
      expect(all).not.toContain(r1);
  });

  it('has no duplicate values within a list', () => {
    for (const [field, list] of Object.entries(cldLists)) expect(new Set(list).size, field).toBe(list.length);
  });
});

describe('every value the practice maps onto a list is on it', () => {
  const tables: [CodedField, Readonly<Record<string, string>>][] = [
    ['Gender', cldGender],
    ['Ethnicity', cldEthnicity],
    ['Primary_Support_Reason', cldPrimarySupportReason],
    ['Accommodation_Status', cldAccommodation],
    ['Employment_Status', cldEmployment],
    ['Request_Route_of_Access', cldRouteOfAccess],
    ['Event_Outcome', cldRequestOutcome],
    ['Event_Outcome', cldOutcome],
    ['Delivery_Mechanism', cldDeliveryMechanism],
    ['Service_Component', cldBudgetComponent],
    ['Review_Reason', cldReviewReason],
    ['Review_Reason', cldUnplannedReviewReason],
    ['Review_Outcomes_Achieved', cldReviewOutcomesAchieved],
  ];
  it.each(tables)('%s', (field, table) => {
    for (const value of Object.values(table)) expect(onList(field, value), `${value}`).toBe(true);
  });

  it('the constants the query writes', () => {
    const fieldOf: Record<keyof typeof cldConstants, CodedField> = {
      serviceUser: 'Client_Type',
      unpaidCarer: 'Client_Type',
      carerKnownByAssociation: 'Client_Type',
      carerDirect: 'Service_Type',
      carerInvolvingCaredFor: 'Service_Type',
      shortTermAssessment: 'Assessment_Type',
      longTermAssessment: 'Assessment_Type',
      faceToFace: 'Method_of_Assessment',
      shortTermOther: 'Service_Type',
      longTermCommunity: 'Service_Type',
      shortTermComponent: 'Service_Component',
      weekly: 'Cost_Frequency_Unit_Type',
      unplannedOther: 'Review_Reason',
      yes: 'Eligible_Needs_Identified',
      no: 'Eligible_Needs_Identified',
    };
    for (const [key, value] of Object.entries(cldConstants))
      expect(onList(fieldOf[key as keyof typeof cldConstants], value), key).toBe(true);
  });

  it('covers every value the practice records', () => {
    for (const r of routesOfAccess) expect(cldRouteOfAccess[r], r).toBeDefined();
    for (const o of contactOutcomes) expect(cldRequestOutcome[o], o).toBeDefined();
    for (const r of unplannedReviewReasons) expect(cldUnplannedReviewReason[r], r).toBeDefined();
    for (const o of reviewOutcomes) expect(cldReviewOutcomesAchieved[o], o).toBeDefined();
    for (const m of ['direct_payment', 'council_managed', 'individual_service_fund']) {
      expect(cldDeliveryMechanism[m], m).toBeDefined();
      expect(cldBudgetComponent[m], m).toBeDefined();
    }
  });

  it('gives each ethnicity description one code, and every description a code', () => {
    const descriptions = Object.values(cldEthnicity);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    expect(sorted(descriptions)).toEqual(sorted(cldLists.Ethnicity));
  });

  it('never leaves a person field empty: Unknown, not known, Other', () => {
    expect(primarySupportReasonCode(null)).toBe('Unknown');
    expect(primarySupportReasonCode('no-such-reason')).toBe('Unknown');
    expect(primarySupportReasonCode('support-to-unpaid-carer')).toBe('Social support: Support to unpaid carer');
    expect(ethnicityCode(null)).toBe('No data: Undeclared or not known');
    expect(ethnicityCode(' z ')).toBe('No data: Refused');
    expect(ethnicityCode('a5')).toBe('White: Roma');
    expect(genderCode(null)).toBe('Unknown');
    expect(genderCode('x')).toBe('Other');
  });

  it('the data-quality report accepts exactly the values that reach a list', () => {
    const lists = qualityLists();
    expect(lists.ethnicity).toEqual(Object.keys(cldEthnicity));
    expect(lists.ethnicity).not.toContain('D4');
    expect(lists.ethnicity).not.toContain('E3');
    expect(lists.gender).toEqual(Object.keys(cldGender));
    expect(lists.primarySupportReason).toEqual(Object.keys(cldPrimarySupportReason));
  });

  it('builds the export from the lists (a value off a list would be refused as the query is built)', () => {
    expect(() => cldQuery({ laCode: '893', from: '2026-06-01', to: '2026-06-07' })).not.toThrow();
  });
});
