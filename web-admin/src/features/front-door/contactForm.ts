import { dateInEngland, nhsNumberProblem, normaliseNhsNumber, postcodeProblem } from '@threefold/domain';
import { parseDateInput } from '@/format/dateInput';
import type { NewContact } from './api';
import { instantOfLocalInput } from './time';
import { OPEN } from './labels';

/** The person a contact is about, once found, with what the form shows of them. */
export interface PersonChoice {
  id: string;
  /** Null for a restricted record opened without a reason here: its name is not shown. */
  name: string | null;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  restricted: boolean;
}

/** What the contact form holds, as typed. Kept as a draft in this tab until it is saved. */
export interface ContactForm {
  /** known: someone with a record; new: describe them; anonymous: they gave no name. */
  who: '' | 'known' | 'new' | 'anonymous';
  /** What is typed in the search box for a known person. */
  search: string;
  person: PersonChoice | null;
  newPerson: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string; postcode: string };
  when: 'now' | 'earlier';
  /** UK time, as a datetime-local field holds it: "2025-11-25T09:30". */
  occurredAt: string;
  channel: string;
  madeBy: string;
  routeOfAccess: string;
  whatMatters: string;
  notes: string;
  /** An outcome, OPEN to keep the contact open, or '' before choosing. */
  outcome: string;
  reason: string;
  concernSummary: string;
  teamId: string;
}

export function emptyContactForm(teamId = ''): ContactForm {
  return {
    who: '',
    search: '',
    person: null,
    newPerson: { givenName: '', familyName: '', dateOfBirth: '', nhsNumber: '', postcode: '' },
    when: 'now',
    occurredAt: '',
    channel: '',
    madeBy: '',
    routeOfAccess: '',
    whatMatters: '',
    notes: '',
    outcome: '',
    reason: '',
    concernSummary: '',
    teamId,
  };
}

/** Field (as the API names it) → input id, in the order of the page: the first with an error gets focus. */
export const contactFieldIds = {
  who: 'contact-who',
  personId: 'contact-person-search',
  'person.givenName': 'contact-given-name',
  'person.familyName': 'contact-family-name',
  'person.dateOfBirth': 'contact-date-of-birth',
  'person.nhsNumber': 'contact-nhs-number',
  'person.postcode': 'contact-postcode',
  occurredAt: 'contact-occurred-at',
  teamId: 'contact-team',
  channel: 'contact-channel',
  madeBy: 'contact-made-by',
  routeOfAccess: 'contact-route',
  whatMatters: 'contact-what-matters',
  notes: 'contact-notes',
  outcome: 'contact-outcome',
  reason: 'contact-reason',
  concernSummary: 'contact-concern',
} as const;

export type ContactField = keyof typeof contactFieldIds;
export type ContactErrors = Partial<Record<ContactField, string>>;

export const contactFieldLabels: Record<string, string> = {
  person: 'The person',
  occurredAt: 'When',
  teamId: 'Team',
  idempotencyKey: 'Request',
};

export const WHAT_MATTERS_MAX = 4000;
const NOTES_MAX = 8000;
const REASON_MAX = 1000;
const CONCERN_MAX = 4000;

/** The checks made before anything is sent, in the order of the page; the API makes them again. */
export function checkContact(form: ContactForm, now: Date = new Date()): ContactErrors {
  const errors: ContactErrors = {};
  if (!form.who) errors.who = 'Say who the contact is about';
  else if (form.who === 'known' && !form.person)
    errors.personId = 'Find and choose the person, or choose “Someone new to the practice”';
  else if (form.who === 'new') {
    const p = form.newPerson;
    if (!p.givenName.trim()) errors['person.givenName'] = 'Enter their given name';
    else if (p.givenName.trim().length > 100)
      errors['person.givenName'] = 'Their given name must be 100 characters or fewer';
    if (!p.familyName.trim()) errors['person.familyName'] = 'Enter their family name';
    else if (p.familyName.trim().length > 100)
      errors['person.familyName'] = 'Their family name must be 100 characters or fewer';
    const typed = p.dateOfBirth.trim();
    const dob = parseDateInput(typed);
    if (typed && !dob)
      errors['person.dateOfBirth'] = 'Enter a real date of birth as day, month and year, like 02/03/1941';
    else if (dob && dob > dateInEngland(now))
      errors['person.dateOfBirth'] = 'Their date of birth cannot be in the future';
    const nhs = p.nhsNumber.trim();
    if (nhs && nhsNumberProblem(nhs))
      errors['person.nhsNumber'] =
        normaliseNhsNumber(nhs) === null
          ? 'Enter an NHS number with 10 digits, like 943 476 5919'
          : 'This is not a valid NHS number: check it against their letter or card';
    if (p.postcode.trim() && postcodeProblem(p.postcode))
      errors['person.postcode'] = 'Enter a real UK postcode, like SY2 6ND';
  }
  if (form.when === 'earlier') {
    const instant = instantOfLocalInput(form.occurredAt);
    if (!form.occurredAt) errors.occurredAt = 'Enter the date and time they got in touch';
    else if (!instant) errors.occurredAt = 'Enter a real date and time, like 25/11/2025 09:30';
    else if (instant.getTime() > now.getTime() + 60_000) errors.occurredAt = 'The time cannot be in the future';
  }
  if (!form.channel) errors.channel = 'Choose how they got in touch';
  if (!form.madeBy) errors.madeBy = 'Choose who got in touch';
  if (!form.routeOfAccess) errors.routeOfAccess = 'Choose the route they came by';
  if (!form.whatMatters.trim()) errors.whatMatters = 'Write what matters to the person, in their own words';
  else if (form.whatMatters.length > WHAT_MATTERS_MAX)
    errors.whatMatters = `What matters must be ${WHAT_MATTERS_MAX.toLocaleString('en-GB')} characters or fewer`;
  if (form.notes.length > NOTES_MAX)
    errors.notes = `Notes must be ${NOTES_MAX.toLocaleString('en-GB')} characters or fewer`;
  Object.assign(errors, checkOutcome(form, true));
  return errors;
}

/** The outcome and its companion field; `allowOpen` for a new contact, which may stay open. */
export function checkOutcome(
  form: Pick<ContactForm, 'outcome' | 'reason' | 'concernSummary'>,
  allowOpen: boolean,
): ContactErrors {
  const errors: ContactErrors = {};
  if (!form.outcome || (!allowOpen && form.outcome === OPEN))
    errors.outcome = allowOpen
      ? 'Choose what came of the contact, or keep it open for now'
      : 'Choose what came of the contact';
  else if (form.outcome === 'no_further_action') {
    if (!form.reason.trim()) errors.reason = 'Say why there is no further action';
    else if (form.reason.length > REASON_MAX) errors.reason = `The reason must be ${REASON_MAX} characters or fewer`;
  } else if (form.outcome === 'safeguarding_concern_raised') {
    if (!form.concernSummary.trim()) errors.concernSummary = 'Say what happened and whether they are safe now';
    else if (form.concernSummary.length > CONCERN_MAX)
      errors.concernSummary = `The concern must be ${CONCERN_MAX.toLocaleString('en-GB')} characters or fewer`;
  }
  return errors;
}

/** The outcome part of a request: the outcome and only the companion field it needs. */
export function outcomeOf(form: Pick<ContactForm, 'outcome' | 'reason' | 'concernSummary'>) {
  if (!form.outcome || form.outcome === OPEN) return {};
  return {
    outcome: form.outcome as NonNullable<NewContact['outcome']>,
    ...(form.outcome === 'no_further_action' ? { reason: form.reason.trim() } : {}),
    ...(form.outcome === 'safeguarding_concern_raised' ? { concernSummary: form.concernSummary.trim() } : {}),
  };
}

/** The contact as the API takes it. Call once checkContact found nothing. */
export function newContactOf(form: ContactForm): NewContact {
  const body: NewContact = {
    channel: form.channel as NewContact['channel'],
    madeBy: form.madeBy as NewContact['madeBy'],
    routeOfAccess: form.routeOfAccess as NewContact['routeOfAccess'],
    whatMatters: form.whatMatters.trim(),
    ...outcomeOf(form),
  };
  if (form.notes.trim()) body.notes = form.notes.trim();
  if (form.teamId) body.teamId = form.teamId;
  if (form.when === 'earlier') {
    const instant = instantOfLocalInput(form.occurredAt);
    if (instant) body.occurredAt = instant.toISOString();
  }
  if (form.who === 'known' && form.person) body.personId = form.person.id;
  if (form.who === 'new') {
    const p = form.newPerson;
    body.person = { givenName: p.givenName.trim(), familyName: p.familyName.trim() };
    const dob = parseDateInput(p.dateOfBirth);
    if (dob) body.person.dateOfBirth = dob;
    if (p.nhsNumber.trim()) body.person.nhsNumber = normaliseNhsNumber(p.nhsNumber) ?? p.nhsNumber.trim();
    if (p.postcode.trim()) body.person.postcode = p.postcode.trim();
  }
  return body;
}

/**
 * The API's field errors against this form's fields: the person's details come back as
 * `nhsNumber` (from the record checks) or `person.nhsNumber` / `/person/nhsNumber` (from the schema).
 */
export function contactErrorsFrom(
  errors: readonly { field: string; message: string }[],
  who: ContactForm['who'],
): ContactErrors {
  const result: ContactErrors = {};
  const personFields = ['givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'postcode'];
  for (const error of errors) {
    let field = error.field.replace(/^\//, '').replaceAll('/', '.');
    if (who === 'new' && personFields.includes(field)) field = `person.${field}`;
    if (field in contactFieldIds) result[field as ContactField] ??= error.message;
  }
  return result;
}
