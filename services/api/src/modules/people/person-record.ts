import type { people } from '@threefold/db';
import {
  isFutureDate,
  isValidPostcodeShape,
  normaliseNhsNumber,
  normalisePostcode,
  nhsNumberProblem,
  postcodeProblem,
} from '@threefold/domain';
import type { Principal } from '../../auth/principal.js';
import { AppProblem, type FieldIssue } from '../../errors.js';
import type { PersonBody } from './schemas.js';

export type PersonRow = typeof people.$inferSelect;

/** The fields of a person's record that a version keeps and a correction may change. */
export const recordFields = [
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'dateOfDeath',
  'gender',
  'ethnicity',
  'nhsNumber',
  'councilPersonId',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'phone',
  'email',
  'preferredLanguage',
  'interpreterNeeded',
  'communicationNeeds',
  'gpPracticeCode',
  'primarySupportReason',
  'accommodationStatus',
  'employmentStatus',
  'visualImpairment',
  'hearingImpairment',
  'dementia',
  'autism',
  'hasUnpaidCarer',
  'consentToShare',
  'consentScope',
  'advocacyNeed',
  'restricted',
] as const;
export type RecordField = (typeof recordFields)[number];

export const canSeeRestricted = (principal: Principal) => principal.permissions.has('people:restricted');

export function personView(row: PersonRow): PersonBody {
  return {
    id: row.id,
    givenName: row.givenName,
    familyName: row.familyName,
    preferredName: row.preferredName,
    dateOfBirth: row.dateOfBirth,
    dateOfDeath: row.dateOfDeath,
    gender: row.gender,
    ethnicity: row.ethnicity,
    nhsNumber: row.nhsNumber,
    councilPersonId: row.councilPersonId,
    addressLine1: row.addressLine1,
    addressLine2: row.addressLine2,
    town: row.town,
    postcode: row.postcode,
    phone: row.phone,
    email: row.email,
    preferredLanguage: row.preferredLanguage,
    interpreterNeeded: row.interpreterNeeded,
    communicationNeeds: row.communicationNeeds,
    gpPracticeCode: row.gpPracticeCode,
    primarySupportReason: row.primarySupportReason,
    accommodationStatus: row.accommodationStatus,
    employmentStatus: row.employmentStatus,
    visualImpairment: row.visualImpairment,
    hearingImpairment: row.hearingImpairment,
    dementia: row.dementia,
    autism: row.autism as PersonBody['autism'],
    hasUnpaidCarer: row.hasUnpaidCarer,
    consentToShare: row.consentToShare,
    consentScope: row.consentScope,
    consentRecordedAt: row.consentRecordedAt?.toISOString() ?? null,
    advocacyNeed: row.advocacyNeed,
    restricted: row.restricted,
    mergedIntoId: row.mergedIntoId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The record as a version keeps it: every record field, as stored. */
export function snapshot(row: PersonRow): Record<string, unknown> {
  return Object.fromEntries(recordFields.map((f) => [f, row[f]]));
}

/** Checks and normalises identity fields; every field at fault is reported at once. */
export function checkPersonFields<T extends Partial<Record<RecordField, unknown>>>(input: T, today: string): T {
  const issues: FieldIssue[] = [];
  const fault = (field: string, message: string) => issues.push({ in: 'body', field, pointer: `/${field}`, message });
  const out: Partial<Record<RecordField, unknown>> = { ...input };
  if (typeof input.nhsNumber === 'string') {
    const problem = nhsNumberProblem(input.nhsNumber);
    if (problem) fault('nhsNumber', problem);
    else out.nhsNumber = normaliseNhsNumber(input.nhsNumber);
  }
  if (typeof input.postcode === 'string') {
    const problem = postcodeProblem(input.postcode);
    if (problem || !isValidPostcodeShape(input.postcode)) fault('postcode', problem ?? 'is not a UK postcode');
    else out.postcode = normalisePostcode(input.postcode);
  }
  if (typeof input.dateOfBirth === 'string' && isFutureDate(input.dateOfBirth, today))
    fault('dateOfBirth', 'cannot be in the future');
  if (typeof input.dateOfDeath === 'string' && isFutureDate(input.dateOfDeath, today))
    fault('dateOfDeath', 'cannot be in the future');
  if (
    typeof input.dateOfBirth === 'string' &&
    typeof input.dateOfDeath === 'string' &&
    input.dateOfDeath < input.dateOfBirth
  ) {
    fault('dateOfDeath', 'cannot be before the date of birth');
  }
  for (const field of ['givenName', 'familyName'] as const) {
    if (typeof input[field] === 'string' && !(input[field] as string).trim()) fault(field, 'cannot be blank');
  }
  if (issues.length)
    throw new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', issues);
  return out as T;
}
