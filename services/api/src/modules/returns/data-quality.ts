import type { DbOrTx } from '@threefold/db';
import { cldEthnicity, cldGender, cldPrimarySupportReason, ETHNICITY_NOT_KNOWN, PSR_UNKNOWN } from './code-mappings.js';
import { cldLists, onList, type CodedField } from './code-lists.js';
import { sacAutismChoices } from './sac-lists.js';
import { returnsRepository, type QualityLists } from './repository.js';

export const qualityFields = [
  'nhsNumber',
  'ethnicity',
  'gender',
  'dateOfBirth',
  'postcode',
  'primarySupportReason',
  'hasUnpaidCarer',
] as const;
export type QualityField = (typeof qualityFields)[number];

const messages: Record<QualityField, { missing: string; invalid: string }> = {
  nhsNumber: { missing: 'No NHS number: the council cannot link the record.', invalid: 'The NHS number is not valid.' },
  ethnicity: {
    missing: `No ethnicity recorded: the return says “${ETHNICITY_NOT_KNOWN}”.`,
    invalid: 'The ethnicity is not a national category code.',
  },
  gender: {
    missing: 'No gender recorded: the return says “Unknown”.',
    invalid: 'The gender is not one the return knows.',
  },
  dateOfBirth: { missing: 'No date of birth.', invalid: 'The date of birth is not valid.' },
  postcode: { missing: 'No postcode.', invalid: 'The postcode is not a UK postcode.' },
  primarySupportReason: {
    missing: `Has long-term support but no primary support reason: the return says “${PSR_UNKNOWN}”.`,
    invalid: 'The primary support reason is not on the national list.',
  },
  // Client Level Data release 2 makes Has_Unpaid_Carer mandatory on every row ([DHSC-DQ] in code-lists.ts).
  hasUnpaidCarer: {
    missing: 'Whether they have an unpaid carer is not recorded: the return says “Unknown”.',
    invalid: 'Whether they have an unpaid carer is not valid.',
  },
};

export interface QualityIssue {
  field: QualityField;
  problem: 'missing' | 'invalid';
  message: string;
  /** Where in the console the field is put right: the person's page, its correction form open at the field. */
  href: string;
}

/** The console's link to put `field` right on the person's page. */
export const fixHref = (personId: string, field: QualityField) => `/people/${personId}?fix=${field}`;

/** The practice's values in `table` whose national value is on `field`'s list. */
const onTheList = (field: CodedField, table: Readonly<Record<string, string>>) =>
  Object.entries(table)
    .filter(([, national]) => onList(field, national))
    .map(([own]) => own);

/**
 * The values a record is checked against: those the returns' code tables carry onto the national
 * release 2 lists (code-lists.ts), so the report and the returns cannot disagree, and a value
 * off the list is a finding.
 */
export const qualityLists = (): QualityLists => ({
  ethnicity: onTheList('Ethnicity', cldEthnicity),
  gender: onTheList('Gender', cldGender),
  primarySupportReason: onTheList('Primary_Support_Reason', cldPrimarySupportReason),
});

function toIssues(personId: string, codes: string[]): QualityIssue[] {
  return codes.map((code) => {
    const [field, problem] = code.split(':') as [QualityField, 'missing' | 'invalid'];
    return { field, problem, message: messages[field][problem], href: fixHref(personId, field) };
  });
}

/**
 * The choices the person's page offers for the coded fields the returns need: the practice's
 * values whose national value (code-mappings.ts onto code-lists.ts) is on the list, each labelled
 * with that national value; one choice per national value.
 */
export function personCodeLists() {
  const choices = (table: Readonly<Record<string, string>>) => {
    const seen = new Set<string>();
    return Object.entries(table)
      .filter(([, label]) => !seen.has(label) && seen.add(label))
      .map(([value, label]) => ({ value, label }));
  };
  return {
    gender: choices(cldGender),
    ethnicity: choices(cldEthnicity),
    primarySupportReason: choices(cldPrimarySupportReason),
    accommodationStatus: cldLists.Accommodation_Status.map((v) => ({ value: v, label: v })),
    employmentStatus: cldLists.Employment_Status.map((v) => ({ value: v, label: v })),
    // SAC SG1e's wording (sac-lists.ts); both kinds are Autism_Spectrum_Disorder_ASD `Yes` in Client Level Data.
    autism: sacAutismChoices,
  };
}

/**
 * The people the returns would carry (anyone with a contact outcome or a story) whose records
 * would fail or weaken them, a page at a time; each check is SQL over the person's row.
 */
export async function dataQualityPage(db: DbOrTx, after: string | null, limit: number) {
  const rows = await returnsRepository.peopleWithIssues(db, qualityLists(), after, limit);
  return rows.map((r) => ({
    personId: r.id,
    name: `${r.given_name} ${r.family_name}`,
    link: `/people/${r.id}`,
    issues: toIssues(r.id, r.issues),
  }));
}

export async function dataQualitySummary(db: DbOrTx) {
  const r = await returnsRepository.issueCounts(db, qualityLists());
  return {
    population: r.population,
    withIssues: r.with_issues,
    byField: qualityFields.map((field) => ({
      field,
      missing: r.codes?.[`${field}:missing`] ?? 0,
      invalid: r.codes?.[`${field}:invalid`] ?? 0,
    })),
  };
}
