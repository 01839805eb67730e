/** Threefold's person fields as a colleague reads them, for the mapping screen. */
export const personFieldLabels: Record<string, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  preferredName: 'Preferred name',
  dateOfBirth: 'Date of birth',
  dateOfDeath: 'Date of death',
  gender: 'Gender',
  ethnicity: 'Ethnicity (national code)',
  nhsNumber: 'NHS number',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  town: 'Town',
  postcode: 'Postcode',
  phone: 'Phone',
  email: 'Email',
  preferredLanguage: 'Preferred language',
  interpreterNeeded: 'Needs an interpreter',
  communicationNeeds: 'Communication needs',
  gpPracticeCode: 'GP practice code',
  primarySupportReason: 'Primary support reason',
  accommodationStatus: 'Accommodation status',
  employmentStatus: 'Employment status',
  consentToShare: 'Consent to share',
  consentScope: 'What the consent covers',
  advocacyNeed: 'Needs an advocate',
  restricted: 'Restricted record',
  councilPersonId: 'Council person id (if not the id column)',
};

/** What each kind of import holds, as the kind chooser reads it (the noun finishes “The council’s export of …”). */
export const importKindLabels: Record<string, string> = {
  people: 'people',
  relationships: 'relationships and carers',
  notes: 'historic case notes',
  cases: 'open cases',
  budgets: 'live personal budgets (with reviews due)',
};

/** Each kind's fields as a colleague reads them, for the mapping screen (a field not listed shows its name). */
export const fieldLabelsOf: Record<string, Record<string, string>> = {
  people: personFieldLabels,
  relationships: {
    personId: 'Council id of the person',
    relatedPersonId: 'Council id of the related person',
    type: 'Relationship (e.g. unpaid_carer_of)',
    isMainCarer: 'Main carer',
  },
  notes: {
    personId: 'Council id of the person',
    occurredAt: 'When it happened',
    kind: 'Kind of note',
    summary: 'Summary',
    body: 'Text of the note',
    author: 'Written by',
  },
  cases: {
    personId: 'Council id of the person',
    stage: 'Stage (contact, conversation_1, conversation_2, conversation_3)',
    openedAt: 'Opened',
    heldBy: 'Email of the colleague holding it',
    whatMatters: 'What matters to the person',
    status: 'Status (only open cases are imported)',
  },
  budgets: {
    personId: 'Council id of the person',
    weeklyAmount: 'Weekly amount agreed (£)',
    startOn: 'Start date',
    managedAs: 'Managed as (direct_payment, council_managed, individual_service_fund, mixed)',
    directPaymentWeekly: 'Mixed: direct payment part a week (£)',
    councilManagedWeekly: 'Mixed: council-managed part a week (£)',
    individualServiceFundWeekly: 'Mixed: individual service fund part a week (£)',
    directPaymentSection: 'Direct payment under s31 or s32',
    authorisedPerson: 'Authorised person (s32)',
    nextReviewOn: 'Next review due',
  },
};
