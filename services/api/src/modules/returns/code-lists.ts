/**
 * The national code lists of the Adult Social Care Client Level Data return (NHS England / DHSC,
 * CLD specification, RELEASE 2: every submission since October 2025). How the practice's own
 * values map onto them is code-mappings.ts. Kept apart from the query so that a change of
 * specification is a change of tables, not of SQL; the export (client-level-data.ts) and the
 * data-quality report (data-quality.ts) both read these tables, and refuse a mapping whose value
 * is not on its list.
 *
 * Sources, by the short names used below:
 * - [DHSC-cleaning]: DataS-DHSC/ASC-CLD-LA-Dashboard, Main_tables/docs/methodology/3-data-cleaning.md
 *   (commit e6f57490, "Release 1 values are mapped to Release 2 values"; the `_Cleaned` column is
 *   the release 2 value). Also in Main_tables/docs/methodology/5-data-cleaning.md (commit 9bee728f).
 * - [DHSC-ASCOF]: DataS-DHSC/ASC-CLD-LA-Dashboard, ASCOF_measures/*_2425_Onwards.sql (commit
 *   69fe2e40) and Waiting_times/waiting_times_method.sql (v1.0, 23 Feb 2026), which filter on the
 *   release 2 `_Cleaned` values.
 * - [DHSC-derived]: DataS-DHSC/ASC-CLD-LA-Dashboard,
 *   Main_tables/stored_procedures/create_GetDerivedFields_procedure.sql (commit e6f57490).
 * - [DHSC-DQ]: DataS-DHSC/ASC-CLD-LA-Dashboard, Stored_procedures/create_GetDQValues_procedure.sql
 *   (commit 7396fabf): the person-detail columns `Has_Unpaid_Carer` (applicable and mandatory on
 *   every row), `Autism_Spectrum_Disorder_ASD`, `Visual_Impairment`, `Hearing_Impairment` and
 *   `Dementia` (applicable to service users, not mandatory); Main_tables/create_main_table_for_period.sql
 *   and 1.Create_master_table.sql give their order, after `Employment_Status`.
 * - [CLD-R1-guidance]: NHS England, ASC CLD guidance release 1 (February 2023), as quoted by the
 *   ASC glossary (marketingteam125.wixsite.com/ascglossary, "Review reason"; "Method of review",
 *   asc-glossary-terms/method-of-review; "Carer known by association", asc-glossary-definitions/6641
 *   and 6664).
 * - [DHSC-persons]: DataS-DHSC/ASC-CLD-LA-Dashboard, ASCOF_measures/Create_personal_details_table.sql
 *   (commit 280a89f35446edb9bbf6c5739bbb8da2e717b0dc), which reads the release 2 `_Cleaned` values:
 *   `Client_Type_Cleaned IN ('Unpaid carer', 'Unpaid carer known by association')`, the PSR
 *   'Social support: Support to unpaid carer', and `Has_Unpaid_Carer` as 'Yes', 'No' or 'Unknown'.
 *
 * Each list says how far it is verified: `release 2` (every value read from a release 2 source),
 * or UNVERIFIED, where no release 2 source could be found and the wording is release 1's or the
 * practice's best reading; those need checking against NHS England's release 2 specification
 * before a council submits.
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
  // [DHSC-DQ]: the release 2 person flags, in the master table's order.
  'Has_Unpaid_Carer',
  'Autism_Spectrum_Disorder_ASD',
  'Visual_Impairment',
  'Hearing_Impairment',
  'Dementia',
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
  // A carer's rows: how many adults they care for and those adults' LA_Person_Unique_Identifier
  // (release 2; [DHSC-derived] `No_of_adults_being_cared_for`, `Adult_1_Linked_Person_ID` …).
  'No_of_adults_being_cared_for',
  'Adult_1_Linked_Person_ID',
  'Adult_2_Linked_Person_ID',
  'Adult_3_Linked_Person_ID',
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

/** The date columns; written as ISO 8601 calendar dates (YYYY-MM-DD). */
export const cldDateFields = [
  'Reporting_Period_Start_Date',
  'Reporting_Period_End_Date',
  'Date_of_Birth',
  'Date_of_Death',
  'Event_Start_Date',
  'Event_End_Date',
] as const satisfies readonly CldField[];
/**
 * The date format. UNVERIFIED against the release 2 guidance's wording (no copy found); ISO 8601
 * is what DHSC's pipeline reads the fields as (DATE columns, [DHSC-derived]).
 */
export const CLD_DATE_FORMAT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

// ---------------------------------------------------------------------------------------------
// The national lists, value by value.
// ---------------------------------------------------------------------------------------------

/** Event_Outcome: release 2's 16 values, [DHSC-cleaning] "Event outcome hierarchy" (less the mapping-only "Release 1 specification only: Not mapped"). */
export const cldEventOutcomeList = [
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
] as const;

/** Ethnicity: release 2's 21 values (2021 census categories), [DHSC-cleaning] `Ethnicity_Grouped` table. */
export const cldEthnicityList = [
  'White: English, Welsh, Scottish, Northern Irish or British',
  'White: Irish',
  'White: Gypsy or Irish Traveller',
  'White: Roma',
  'White: Any other White background',
  'Mixed or multiple ethnic groups: White and Black Caribbean',
  'Mixed or multiple ethnic groups: White and Black African',
  'Mixed or multiple ethnic groups: White and Asian',
  'Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background',
  'Asian or Asian British: Indian',
  'Asian or Asian British: Pakistani',
  'Asian or Asian British: Bangladeshi',
  'Asian or Asian British: Chinese',
  'Asian or Asian British: Any other Asian background',
  'Black, Black British, Caribbean or African: Caribbean',
  'Black, Black British, Caribbean or African: African',
  'Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background',
  'Other ethnic group: Arab',
  'Other ethnic group: Any other ethnic group',
  'No data: Refused',
  'No data: Undeclared or not known',
] as const;

/** Service_Type: release 2's 9 values, [DHSC-cleaning] `Service_Type_Grouped` table. */
export const cldServiceTypeList = [
  'Short term support: ST-Max',
  'Short term support: Ongoing low level',
  'Short term support: Other short term',
  'Long term support: Nursing care',
  'Long term support: Residential care',
  'Long term support: Community',
  'Long term support: Prison',
  'Unpaid carer support: Direct to unpaid carer',
  'Unpaid carer support: Support involving the person cared-for',
] as const;

/**
 * Primary_Support_Reason: release 2 wording in sentence case, PARTLY VERIFIED. The 13 values are
 * the canonical release 2 labels of a third-party CLD cleaning macro
 * (`clean_asc_cld_primary_support_reason`, dbt, found by the code search); DHSC's sources use
 * only some of them. "Support for social isolation or other" is written "... or other reason" in
 * NHS England's Adult Social Care Activity and Finance publication: check it before submitting.
 * The guidance asks for `Unknown` where the reason is not determined, never an empty field.
 */
export const cldPrimarySupportReasonList = [
  'Physical support: Personal care support',
  'Physical support: Access and mobility only',
  'Sensory support: Support for visual impairment',
  'Sensory support: Support for hearing impairment',
  'Sensory support: Support for dual impairment',
  'Support with memory and cognition',
  'Learning disability support',
  'Mental health support',
  'Social support: Substance misuse support',
  'Social support: Asylum seeker support',
  'Social support: Support for social isolation or other',
  'Social support: Support to unpaid carer',
  'Unknown',
] as const;

/**
 * Delivery_Mechanism: release 2 values, [DHSC-ASCOF] Create_ASCOF_3D_2425_Onwards.sql (rewritten
 * for release 2: its service types are release 2's). The casing is as that script writes it, but
 * its comparisons are SQL Server's case-insensitive ones: check the casing before submitting.
 * There is no "part direct payment": a budget managed partly one way and partly another is one
 * service row per part.
 */
export const cldDeliveryMechanismList = [
  'Direct payment',
  'CASSR managed personal budget',
  'CASSR commissioned support',
] as const;

/**
 * Client_Type: release 2. `Service user` is [DHSC-ASCOF] waiting_times_method.sql (run on data
 * "transformed to release 2 values"; also 2B2C, 2E); `Unpaid carer` and `Unpaid carer known by
 * association` are [DHSC-persons], which filters the release 2 `Client_Type_Cleaned` on exactly
 * these two carer values (DHSC's 3D script still accepts release 1's 'Carer' / 'Carer known by
 * association' as well). A carer known by association is one whose support is recorded only in
 * the cared-for person's records: [CLD-R1-guidance] "the only instance where a row of data will
 * show person details and carer information, but not contain any event details", and [DHSC-DQ]
 * marks every Event_* column "not applicable" on such a row.
 */
export const cldClientTypeList = ['Service user', 'Unpaid carer', 'Unpaid carer known by association'] as const;

/** Event_Type: release 2 (unchanged from release 1), [DHSC-derived] `Event_Type_Cleaned`. */
export const cldEventTypeList = ['Request', 'Assessment', 'Service', 'Review'] as const;

/**
 * Assessment_Type: PARTLY VERIFIED. The two values the practice sends are release 2,
 * [DHSC-ASCOF] waiting_times_method.sql; the rest of release 2's list (financial, carers', …)
 * was not found.
 */
export const cldAssessmentTypeList = ['Short term assessment', 'Long term assessment'] as const;

/**
 * Service_Component: PARTLY VERIFIED. `Direct payment` and `Reablement` are release 2,
 * [DHSC-ASCOF] 3D and 2D scripts. The other components the practice sends come from the service
 * vocabulary of socialcaredata's Safeguarding Standard (PUB02, draft), which follows the CLD list
 * but is not NHS England's document.
 */
export const cldServiceComponentList = [
  'Direct payment',
  'Reablement',
  'Other short term support',
  'Other long term support',
] as const;

/**
 * Cost_Frequency_Unit_Type: UNVERIFIED casing. DHSC's costs script ([DHSC-ASCOF] LA_dashboard/
 * 6.Costs_fact.sql) matches `week%`, `one-off`, … case-insensitively; the Safeguarding Standard
 * (PUB02) lists `Weekly` "from the ASC CLD specification".
 */
export const cldCostFrequencyList = [
  'Per session',
  'Hourly',
  'Daily',
  'Weekly',
  'Fortnightly',
  '4-weekly',
  'Monthly',
  'Quarterly',
  'Annually',
  'One-off',
] as const;

/**
 * Review_Reason: UNVERIFIED for release 2. Release 2 keeps values starting `Planned` and
 * `Unplanned` and adds `Review of short term support` ([DHSC-derived] `Review_Type`); the exact
 * release 2 wording was not found, so these are [CLD-R1-guidance]'s seven values plus that one.
 */
export const cldReviewReasonList = [
  'Planned',
  'Unplanned - Hospital (Planned and unplanned episodes)',
  'Unplanned - Carer related',
  'Unplanned - Safeguarding concern',
  'Unplanned - Other Reason',
  'Unplanned - Provider Failure',
  'Unplanned - Change in Commissioning arrangements',
  'Review of short term support',
] as const;

/**
 * Review_Outcomes_Achieved: UNVERIFIED for release 2 (no release 2 source found); the list as
 * issue #17 quotes the specification. Release 2 writes most lists in sentence case, so
 * "Fully met" is likely: check before submitting.
 */
export const cldReviewOutcomesList = ['Fully Met', 'Partially Met', 'Not Met'] as const;

/** Request_Route_of_Access: UNVERIFIED for release 2; release 1 wording. */
export const cldRouteOfAccessList = [
  'Planned Entry (Transition)',
  'Discharge from Hospital',
  'Diversion from Hospital Services',
  'Community / Other route',
  'Prison',
  'Self-Funder',
  'Discharge from Reablement',
  'Transfer from Other LA',
] as const;

/**
 * Method_of_Assessment: UNVERIFIED, and likely WRONG. No release 1 or release 2 value list was
 * found (searched: DataS-DHSC/ASC-CLD-LA-Dashboard and NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-
 * transformations, whose procedures map it through `REF_Method_Of_Assessment_Mapping` /
 * `Method_Of_Assessment_Cleaned_R2` tables that are not published; the ASC glossary; the code,
 * docs and pages search). [DHSC-DQ]: mandatory on every assessment row but a financial one.
 * `Face to Face Assessment` is the value the practice has sent so far and is on no list found;
 * release 1 split the older "Method of Assessment or Review" and re-purposed it as who took part
 * (see cldMethodOfReviewList), so this value is probably refused: check before submitting.
 */
export const cldMethodOfAssessmentList = ['Face to Face Assessment'] as const;

/**
 * Method_of_Review: the RELEASE 1 list, [CLD-R1-guidance] "Method of review" (ASC glossary,
 * asc-glossary-terms/method-of-review, quoting NHS England's CLD guidance release 1, February
 * 2023): "Formerly 'Informal Carer involvement in Review' and 'Method of Assessment or Review' …
 * re-purposed … more in line with the requirements of the SALT LTS003 table 3 … • Carer only
 * • Service user only • Service user and carer. Data type: Defined list". It records WHO took part,
 * not how the review was held. Release 2 wording UNVERIFIED: DataS-DHSC/ASC-CLD-LA-Dashboard,
 * Stored_procedures/create_GetDerivedFields_procedure.sql (commit 3efc7d32ae2f41f38eaf346e04b3cc91a0838362)
 * maps it to release 2 through `REF_Method_Of_Review_Mapping`, built from an unpublished "data
 * field mapping xlsx".
 * [DHSC-DQ]: applicable to and mandatory on every review row. Not yet exported: reviews do not
 * record who took part (see issue #17's report).
 */
export const cldMethodOfReviewList = ['Carer only', 'Service user only', 'Service user and carer'] as const;

/** Eligible_Needs_Identified: UNVERIFIED for release 2. */
export const cldEligibleNeedsList = ['Yes', 'No'] as const;

/** Gender: UNVERIFIED for release 2 beyond `Male`, `Female` and `Unknown` ([DHSC-ASCOF] 2E, Latest_Person_Details). */
export const cldGenderList = ['Male', 'Female', 'Other', 'Unknown'] as const;

/**
 * Accommodation_Status: release 2, [DHSC-ASCOF] Create_ASCOF_2E_2425_Onwards.sql
 * (#REF_Accommodation_Status, less DHSC's own derived "Unknown: presumed …" categories); the
 * same 20 values are in socialcaredata's Safeguarding Standard (PUB02) "accommodation-status".
 * Release 1 wrote these with " / " ("Rough sleeper / squatting").
 */
export const cldAccommodationList = [
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
] as const;

/**
 * Employment_Status: PARTLY VERIFIED. The `Paid: …` values and `Unknown` are also in an ASCOF
 * script's #REF_Employment_Status (DHSC-style SQL found by the code search, release 1 era); the
 * `Not in paid employment: …` wording is only in socialcaredata's Safeguarding Standard (PUB02)
 * "employment-status" (that script still has release 1's "Not in Paid Employment (seeking work)").
 */
export const cldEmploymentList = [
  'Paid: Less than 16 hours a week',
  'Paid: 16 or more hours a week',
  'Paid: Hours per week unknown',
  'Not in paid employment: Seeking work',
  'Not in paid employment: Not actively seeking work or retired',
  'Not in paid employment: Voluntary work only',
  'Unknown',
] as const;

/**
 * Has_Unpaid_Carer: release 2, `Yes` / `No` / `Unknown`, [DHSC-persons] (its cleaned values are
 * mapped to 'Unknown' when not known, set to 'Yes' when someone is linked as the person's carer,
 * and the script's own comment reads "Has_Unpaid_Carer as 'Yes' or 'No'"; the release 2 value
 * is "the same in R2 as R1", so no mapping table stands between). [DHSC-DQ]: applicable and
 * mandatory on every row.
 */
export const cldHasUnpaidCarerList = ['Yes', 'No', 'Unknown'] as const;

/**
 * Autism_Spectrum_Disorder_ASD, Visual_Impairment, Hearing_Impairment, Dementia: the COLUMNS are
 * release 2 ([DHSC-DQ]: applicable to service users, not mandatory); their VALUES are UNVERIFIED —
 * no release 2 source with the value list could be found (DHSC maps Visual_Impairment and
 * Hearing_Impairment through `_Cleaned_R2` tables whose contents are not published, and leaves
 * autism and dementia uncleaned). Yes / No / Unknown, as Has_Unpaid_Carer, is the practice's
 * reading, to check against NHS England's release 2 specification before a council submits.
 */
export const cldFlagList = ['Yes', 'No', 'Unknown'] as const;

/** Every coded column and its national list: the one place the export and the data-quality report check against. */
export const cldLists = {
  Gender: cldGenderList,
  Ethnicity: cldEthnicityList,
  Client_Type: cldClientTypeList,
  Primary_Support_Reason: cldPrimarySupportReasonList,
  Accommodation_Status: cldAccommodationList,
  Employment_Status: cldEmploymentList,
  Has_Unpaid_Carer: cldHasUnpaidCarerList,
  Autism_Spectrum_Disorder_ASD: cldFlagList,
  Visual_Impairment: cldFlagList,
  Hearing_Impairment: cldFlagList,
  Dementia: cldFlagList,
  Event_Type: cldEventTypeList,
  Event_Outcome: cldEventOutcomeList,
  Request_Route_of_Access: cldRouteOfAccessList,
  Assessment_Type: cldAssessmentTypeList,
  Eligible_Needs_Identified: cldEligibleNeedsList,
  Method_of_Assessment: cldMethodOfAssessmentList,
  Service_Type: cldServiceTypeList,
  Service_Component: cldServiceComponentList,
  Delivery_Mechanism: cldDeliveryMechanismList,
  Cost_Frequency_Unit_Type: cldCostFrequencyList,
  Review_Reason: cldReviewReasonList,
  Review_Outcomes_Achieved: cldReviewOutcomesList,
} as const satisfies Partial<Record<CldField, readonly string[]>>;
export type CodedField = keyof typeof cldLists;
export type CldValue<F extends CodedField> = (typeof cldLists)[F][number];

/** Whether `value` is on `field`'s national list. */
export function onList(field: CodedField, value: string): boolean {
  return (cldLists[field] as readonly string[]).includes(value);
}
