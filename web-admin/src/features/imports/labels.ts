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
  safeguarding: 'open safeguarding concerns and enquiries',
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
  safeguarding: {
    personId: 'Council id of the person',
    stage: 'Stage (concern, s42_enquiry, other_enquiry)',
    raisedAt: 'Concern raised',
    enquiryOpenedAt: 'Enquiry opened (blank: when raised)',
    riskTypes: 'Types of risk (several: separate with ;)',
    locations: 'Where the risk was',
    sources: 'Who the risk came from',
    summary: 'What happened',
    raisedBy: 'Raised by',
    lead: 'Email of the colleague leading it',
    desiredOutcomes: 'What the person wants',
    status: 'Status (only open work is imported)',
  },
};
