import {
  dateInEngland,
  formatNhsNumber,
  nhsNumberProblem,
  normaliseNhsNumber,
  postcodeProblem,
} from '@threefold/domain';
import type { NewPerson, Person, PersonChanges } from './api';
import { dateInputOf, parseDateInput } from '@/format/dateInput';

/** What the person forms hold, as typed. Safe to keep as a draft in this tab. */
export interface PersonForm {
  givenName: string;
  familyName: string;
  preferredName: string;
  dateOfBirth: string;
  nhsNumber: string;
  addressLine1: string;
  addressLine2: string;
  town: string;
  postcode: string;
  phone: string;
  email: string;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  communicationNeeds: string;
  /** The coded fields the statutory returns need, as the practice's values (national-list selects). */
  gender: string;
  ethnicity: string;
  primarySupportReason: string;
  accommodationStatus: string;
  employmentStatus: string;
  /** SAC SG1e's autism choices (from the API's code lists). */
  autism: string;
  /** Client Level Data release 2's yes/no person flags: `yes`, `no`, or `` for not recorded. */
  hasUnpaidCarer: FlagValue;
  visualImpairment: FlagValue;
  hearingImpairment: FlagValue;
  dementia: FlagValue;
}

export type FlagValue = '' | 'yes' | 'no';
/** The yes/no flags the returns need, in the order of the page; not recorded is kept apart from no. */
export const flagFields = ['hasUnpaidCarer', 'visualImpairment', 'hearingImpairment', 'dementia'] as const;
export type FlagField = (typeof flagFields)[number];

export type PersonField = keyof PersonForm;

/** Field name (as the API names it) → input id, in the order of the page: the first with an error gets focus. */
export const personFieldIds: Record<PersonField | 'reason', string> = {
  givenName: 'person-given-name',
  familyName: 'person-family-name',
  preferredName: 'person-preferred-name',
  dateOfBirth: 'person-date-of-birth',
  nhsNumber: 'person-nhs-number',
  addressLine1: 'person-address-1',
  addressLine2: 'person-address-2',
  town: 'person-town',
  postcode: 'person-postcode',
  phone: 'person-phone',
  email: 'person-email',
  preferredLanguage: 'person-language',
  interpreterNeeded: 'person-interpreter',
  communicationNeeds: 'person-communication',
  gender: 'person-gender',
  ethnicity: 'person-ethnicity',
  primarySupportReason: 'person-primary-support-reason',
  accommodationStatus: 'person-accommodation',
  employmentStatus: 'person-employment',
  autism: 'person-autism',
  hasUnpaidCarer: 'person-has-unpaid-carer',
  visualImpairment: 'person-visual-impairment',
  hearingImpairment: 'person-hearing-impairment',
  dementia: 'person-dementia',
  reason: 'person-correction-reason',
};

/** How the fields are named on the page, for the history of corrections and errors without a field here. */
export const personFieldLabels: Record<string, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  preferredName: 'Known as',
  dateOfBirth: 'Date of birth',
  dateOfDeath: 'Date of death',
  gender: 'Gender',
  ethnicity: 'Ethnicity',
  nhsNumber: 'NHS number',
  councilPersonId: 'Council person ID',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  town: 'Town or city',
  postcode: 'Postcode',
  phone: 'Phone',
  email: 'Email address',
  preferredLanguage: 'Preferred language',
  interpreterNeeded: 'Interpreter needed',
  communicationNeeds: 'Communication needs',
  gpPracticeCode: 'GP practice code',
  primarySupportReason: 'Primary support reason',
  accommodationStatus: 'Accommodation',
  employmentStatus: 'Employment',
  autism: 'Autism',
  hasUnpaidCarer: 'Has an unpaid carer',
  visualImpairment: 'Visual impairment',
  hearingImpairment: 'Hearing impairment',
  dementia: 'Dementia',
  consentToShare: 'Consent to share',
  consentScope: 'What they agreed to share',
  advocacyNeed: 'Needs an advocate',
  restricted: 'Restricted',
  reason: 'Why',
};

const textFields = [
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'nhsNumber',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'phone',
  'email',
  'preferredLanguage',
  'communicationNeeds',
  'gender',
  'ethnicity',
  'primarySupportReason',
  'accommodationStatus',
  'employmentStatus',
  'autism',
] as const satisfies readonly PersonField[];

/** The coded fields, in the order of the page. */
export const codedFields = [
  'gender',
  'ethnicity',
  'primarySupportReason',
  'accommodationStatus',
  'employmentStatus',
  'autism',
] as const satisfies readonly PersonField[];
export type CodedField = (typeof codedFields)[number];

const limits: Partial<Record<PersonField, number>> = {
  givenName: 100,
  familyName: 100,
  preferredName: 100,
  addressLine1: 200,
  addressLine2: 200,
  town: 100,
  phone: 40,
  email: 320,
  preferredLanguage: 60,
  communicationNeeds: 2000,
};

export function emptyPersonForm(): PersonForm {
  return {
    givenName: '',
    familyName: '',
    preferredName: '',
    dateOfBirth: '',
    nhsNumber: '',
    addressLine1: '',
    addressLine2: '',
    town: '',
    postcode: '',
    phone: '',
    email: '',
    preferredLanguage: '',
    interpreterNeeded: false,
    communicationNeeds: '',
    gender: '',
    ethnicity: '',
    primarySupportReason: '',
    accommodationStatus: '',
    employmentStatus: '',
    autism: '',
    hasUnpaidCarer: '',
    visualImpairment: '',
    hearingImpairment: '',
    dementia: '',
  };
}

export function formOf(person: Person): PersonForm {
  const form = emptyPersonForm();
  for (const field of textFields) form[field] = (person[field] as string | null) ?? '';
  form.dateOfBirth = dateInputOf(person.dateOfBirth);
  if (person.nhsNumber) form.nhsNumber = formatNhsNumber(person.nhsNumber);
  form.interpreterNeeded = person.interpreterNeeded;
  for (const field of flagFields) form[field] = person[field] === true ? 'yes' : person[field] === false ? 'no' : '';
  return form;
}

/** The checks made before anything is sent, in the order of the page; the API makes them again. */
export function checkPerson(form: PersonForm, today: string = dateInEngland(new Date())) {
  const errors: Partial<Record<PersonField, string>> = {};
  if (!form.givenName.trim()) errors.givenName = 'Enter their given name';
  if (!form.familyName.trim()) errors.familyName = 'Enter their family name';
  const typed = form.dateOfBirth.trim();
  const dob = parseDateInput(typed);
  if (typed && !dob) errors.dateOfBirth = 'Enter a real date of birth as day, month and year, like 02/03/1941';
  else if (dob && dob > today) errors.dateOfBirth = 'Their date of birth cannot be in the future';
  else if (dob && dob < '1890-01-01') errors.dateOfBirth = 'Check the year of their date of birth';
  const nhs = form.nhsNumber.trim();
  if (nhs) {
    const problem = nhsNumberProblem(nhs);
    if (problem === 'must be 10 digits') errors.nhsNumber = 'Enter an NHS number with 10 digits, like 943 476 5919';
    else if (problem) errors.nhsNumber = 'This is not a valid NHS number: check it against their letter or card';
  }
  if (form.postcode.trim() && postcodeProblem(form.postcode))
    errors.postcode = 'Enter a real UK postcode, like SY2 6ND';
  if (form.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim()))
    errors.email = 'Enter an email address in the right format, like name@example.org';
  for (const [field, max] of Object.entries(limits) as [PersonField, number][]) {
    const value = form[field];
    if (!errors[field] && typeof value === 'string' && value.trim().length > max)
      errors[field] = `${personFieldLabels[field]} must be ${max} characters or fewer`;
  }
  return errors;
}

/** A typed value as the API takes it: trimmed, an empty field as null, an NHS number as 10 digits. */
function apiValue(field: PersonField, form: PersonForm): string | boolean | null {
  if (field === 'interpreterNeeded') return form.interpreterNeeded;
  if ((flagFields as readonly string[]).includes(field)) {
    const flag = form[field as FlagField];
    return flag === 'yes' ? true : flag === 'no' ? false : null;
  }
  const text = form[field].trim();
  if (!text) return null;
  if (field === 'nhsNumber') return normaliseNhsNumber(text) ?? text;
  if (field === 'dateOfBirth') return parseDateInput(text) ?? text;
  return text;
}

/** A new person's record, from the form. Call once checkPerson found nothing. */
export function newPersonOf(form: PersonForm, confirmNotDuplicate = false): NewPerson {
  const body: Record<string, unknown> = {
    givenName: form.givenName.trim(),
    familyName: form.familyName.trim(),
  };
  for (const field of [...textFields, ...flagFields]) {
    if (field === 'givenName' || field === 'familyName') continue;
    const value = apiValue(field, form);
    if (value !== null) body[field] = value;
  }
  if (form.interpreterNeeded) body.interpreterNeeded = true;
  if (confirmNotDuplicate) body.confirmNotDuplicate = true;
  return body as NewPerson;
}

const comparable = (field: PersonField, value: unknown) =>
  field === 'nhsNumber' && typeof value === 'string' ? (normaliseNhsNumber(value) ?? value) : (value ?? null);

/**
 * Only what differs from the record as read, so a correction someone else made to another field
 * is not undone. The reason goes with it.
 */
export function changesBetween(saved: Person, form: PersonForm, reason: string): PersonChanges {
  const changes: Record<string, unknown> = {};
  for (const field of [...textFields, ...flagFields, 'interpreterNeeded'] as PersonField[]) {
    const value = apiValue(field, form);
    if (comparable(field, value) !== comparable(field, saved[field as keyof Person])) changes[field] = value;
  }
  if (Object.keys(changes).length) changes.reason = reason.trim();
  return changes as PersonChanges;
}

/** True when the form says something other than the record as read. */
export function differs(saved: Person, form: PersonForm): boolean {
  return Object.keys(changesBetween(saved, form, 'x')).length > 0;
}
