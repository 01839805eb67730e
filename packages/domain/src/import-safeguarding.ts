/**
 * Open safeguarding work brought in from a council's system: each row a concern still awaiting the
 * section 42 decision, or an enquiry (s42 or "other") in progress, about an imported person. The
 * risk types, locations and sources are the safeguarding module's own lists (the Safeguarding
 * Adults Collection's); a council's codes reach them through the mapping's value maps.
 */
import type { FieldProblem, ImportField } from './imports.js';
import { safeguardingLocations, safeguardingRiskTypes, safeguardingSources } from './safeguarding.js';

export const safeguardingImportFields: Readonly<Record<string, ImportField>> = {
  /** The council's id of the person (imported first, from the same system). */
  personId: { type: 'reference', required: true, maxLength: 200 },
  /** Where the work stands: one of `safeguardingImportStages`. */
  stage: { type: 'code', required: true, maxLength: 40 },
  /** When the concern was raised: the decision clock runs from it. */
  raisedAt: { type: 'timestamp', required: true },
  /** When the enquiry opened (an enquiry only; blank: when the concern was raised): the enquiry clock runs from it. */
  enquiryOpenedAt: { type: 'timestamp' },
  /** The types of risk, several in a cell separated by `;`, `|` or `,` (each through the value map). */
  riskTypes: { type: 'codes', required: true, maxLength: 400 },
  /** Where the risk was (one or several). */
  locations: { type: 'codes', maxLength: 400 },
  /** Who the risk came from (one or several). */
  sources: { type: 'codes', maxLength: 400 },
  /** What happened, as the council recorded it. */
  summary: { type: 'text', maxLength: 4000 },
  /** Who raised the concern, in words (a name or a role). */
  raisedBy: { type: 'text', maxLength: 200 },
  /** The colleague leading the enquiry, by their email (an active colleague). */
  lead: { type: 'text', maxLength: 320 },
  /** Making Safeguarding Personal: what the person wants, in their words. */
  desiredOutcomes: { type: 'text', maxLength: 4000 },
  /** Open (or blank): only open concerns and enquiries are imported. */
  status: { type: 'text', maxLength: 20 },
};

/**
 * Where imported safeguarding work stands, as the safeguarding module models it: a concern
 * awaiting the section 42 decision, or an enquiry opened by that decision (s42, or "other").
 */
export const safeguardingImportStages = ['concern', 's42_enquiry', 'other_enquiry'] as const;
export type SafeguardingImportStage = (typeof safeguardingImportStages)[number];

/** The code lists of the coded fields of a safeguarding import. */
export const safeguardingImportCodeLists: Readonly<Record<string, ReadonlySet<string>>> = {
  stage: new Set(safeguardingImportStages),
  riskTypes: new Set(safeguardingRiskTypes),
  locations: new Set(safeguardingLocations),
  sources: new Set(safeguardingSources),
};

/** The codes a `codes` cell holds once read (`a;b`), as a list. */
export const importedCodes = (value: string | boolean | null | undefined): string[] =>
  typeof value === 'string' && value ? value.split(';') : [];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The safeguarding rules beyond each field's own: open work only; the lead's email is an email;
 * an enquiry's opening is not before its concern was raised, and only an enquiry has one.
 */
export function safeguardingRowProblems(values: Readonly<Record<string, string | boolean | null>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const status = values.status;
  if (typeof status === 'string' && status.toLowerCase() !== 'open')
    problems.push({
      field: 'status',
      code: 'case_not_open',
      reason: `the safeguarding work is ${status}: only open concerns and enquiries are imported (closed ones are history)`,
    });
  const lead = values.lead;
  if (typeof lead === 'string' && !EMAIL.test(lead))
    problems.push({ field: 'lead', code: 'invalid_email', reason: `"${lead}" is not an email address` });
  const opened = values.enquiryOpenedAt;
  if (typeof opened === 'string') {
    if (values.stage === 'concern')
      problems.push({
        field: 'enquiryOpenedAt',
        code: 'not_an_enquiry',
        reason:
          'a concern awaiting the section 42 decision has no enquiry yet: leave it blank, or give an enquiry stage',
      });
    else if (typeof values.raisedAt === 'string' && opened < values.raisedAt)
      problems.push({
        field: 'enquiryOpenedAt',
        code: 'enquiry_before_concern',
        reason: 'the enquiry cannot open before its concern was raised',
      });
  }
  return problems;
}
