/**
 * Bringing a council's caseload in: the fields an import can fill per kind, the rules for a saved
 * mapping (council column → Threefold field, with value maps for code lists), and the checks one
 * row of a file must pass. Pure: the service supplies today's date, the code lists and the
 * duplicate look-ups.
 */
import { isFutureDate, isIsoDate, type IsoDate } from './calendar.js';
import { budgetImportFields, budgetRowProblems } from './import-budgets.js';
import { caseImportFields, caseRowProblems } from './import-cases.js';
import { safeguardingImportFields, safeguardingRowProblems } from './import-safeguarding.js';
import { serviceImportFields, serviceRowProblems } from './import-services.js';
import { parsePoundsToPence, poundsProblem } from './money.js';
import { nhsNumberProblem, normaliseNhsNumber } from './nhs-number.js';
import { isValidPostcodeShape, normalisePostcode, postcodeProblem } from './postcode.js';

export const importKinds = [
  'people',
  'relationships',
  'notes',
  'cases',
  'safeguarding',
  'budgets',
  'services',
] as const;
export type ImportKind = (typeof importKinds)[number];

/** What a field holds, which decides how a cell is read and checked. */
/** `reference`: the council's id of a record imported earlier (a person, for a relationship). */
/**
 * `codes`: several codes in one cell, separated by `;`, `|` or `,`; each checked (read as `a;b`).
 * `pence`: an amount in pounds ("£1,234.56"), held as whole pence written as a decimal integer.
 */
export type ImportFieldType =
  'text' | 'date' | 'timestamp' | 'nhsNumber' | 'postcode' | 'boolean' | 'code' | 'codes' | 'reference' | 'pence';

export interface ImportField {
  type: ImportFieldType;
  required?: boolean;
  maxLength?: number;
  /** A date that may lie ahead (a review due): other dates cannot be in the future. */
  future?: boolean;
}

/** The fields of a person an import can fill, with how each is read. Same limits as `POST /v1/people`. */
export const personImportFields: Readonly<Record<string, ImportField>> = {
  givenName: { type: 'text', required: true, maxLength: 100 },
  familyName: { type: 'text', required: true, maxLength: 100 },
  preferredName: { type: 'text', maxLength: 100 },
  dateOfBirth: { type: 'date' },
  dateOfDeath: { type: 'date' },
  gender: { type: 'code', maxLength: 50 },
  ethnicity: { type: 'code', maxLength: 10 },
  nhsNumber: { type: 'nhsNumber' },
  addressLine1: { type: 'text', maxLength: 200 },
  addressLine2: { type: 'text', maxLength: 200 },
  town: { type: 'text', maxLength: 100 },
  postcode: { type: 'postcode' },
  phone: { type: 'text', maxLength: 40 },
  email: { type: 'text', maxLength: 320 },
  preferredLanguage: { type: 'text', maxLength: 60 },
  interpreterNeeded: { type: 'boolean' },
  communicationNeeds: { type: 'text', maxLength: 2000 },
  gpPracticeCode: { type: 'text', maxLength: 10 },
  primarySupportReason: { type: 'code', maxLength: 60 },
  accommodationStatus: { type: 'code', maxLength: 60 },
  employmentStatus: { type: 'code', maxLength: 60 },
  consentToShare: { type: 'boolean' },
  consentScope: { type: 'text', maxLength: 500 },
  advocacyNeed: { type: 'boolean' },
  restricted: { type: 'boolean' },
  /** The council's person id when it differs from the row's id column (a Threefold export names both). */
  councilPersonId: { type: 'text', maxLength: 50 },
};

/**
 * A relationship between two people already imported from the same council system, each named by
 * the council's person id; stored from both sides as the API stores it.
 */
export const relationshipImportFields: Readonly<Record<string, ImportField>> = {
  personId: { type: 'reference', required: true, maxLength: 200 },
  relatedPersonId: { type: 'reference', required: true, maxLength: 200 },
  type: { type: 'code', required: true, maxLength: 40 },
  isMainCarer: { type: 'boolean' },
};

/**
 * A historic case note, kept as read-only history: final from the start, its text the council's.
 * `author` (the council's author, by name) is written at the head of the note's text.
 */
export const noteImportFields: Readonly<Record<string, ImportField>> = {
  personId: { type: 'reference', required: true, maxLength: 200 },
  occurredAt: { type: 'timestamp', required: true },
  kind: { type: 'code', required: true, maxLength: 40 },
  summary: { type: 'text', required: true, maxLength: 200 },
  body: { type: 'text', required: true, maxLength: 20000 },
  author: { type: 'text', maxLength: 200 },
};

export const importFields: Readonly<Record<ImportKind, Readonly<Record<string, ImportField>>>> = {
  people: personImportFields,
  relationships: relationshipImportFields,
  notes: noteImportFields,
  cases: caseImportFields,
  safeguarding: safeguardingImportFields,
  budgets: budgetImportFields,
  services: serviceImportFields,
};

const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DMY_TIME = /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})(?: (\d{1,2}):(\d{2}))?$/;

/**
 * A moment from a cell, as an ISO instant (UTC): an ISO date-time with its offset, or a date alone
 * (taken as midnight UTC); `dmy` files write `31/03/2024 14:05` (taken as UTC). Null when it is not one.
 */
export function readImportTimestamp(cell: string, format: ImportDateFormat = 'iso'): string | null {
  const value = cell.trim();
  if (format === 'dmy') {
    const m = DMY_TIME.exec(value);
    if (!m) return null;
    const date = readImportDate(m[1]!, 'dmy');
    if (!date) return null;
    const hours = Number(m[2] ?? 0);
    const minutes = Number(m[3] ?? 0);
    if (hours > 23 || minutes > 59) return null;
    return `${date}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:00.000Z`;
  }
  if (isIsoDate(value)) return `${value}T00:00:00.000Z`;
  const m = ISO_TIMESTAMP.exec(value);
  if (!m || !isIsoDate(m[1]!)) return null;
  const at = new Date(value.replace(' ', 'T'));
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** How dates are written in the council's file: ISO (2024-03-31), or day first (31/03/2024). */
export const importDateFormats = ['iso', 'dmy'] as const;
export type ImportDateFormat = (typeof importDateFormats)[number];

/** A saved mapping's document: the JSON form the API, the CLI and the console share. */
export interface ImportMappingDefinition {
  /** The column holding the council's own id for the row (kept as its external reference). */
  idColumn: string;
  /** Threefold field → the council column it is read from. */
  columns: Record<string, string>;
  /** For code-list fields: the council's value → Threefold's value. Values not listed are taken as they are. */
  valueMaps?: Record<string, Record<string, string>>;
  dateFormat?: ImportDateFormat;
}

export interface FieldProblem {
  field: string;
  code: string;
  reason: string;
}

/** What is wrong with a mapping for this kind: unknown fields, missing required ones, blank columns. */
export function mappingProblems(kind: ImportKind, definition: ImportMappingDefinition): FieldProblem[] {
  const fields = importFields[kind];
  const problems: FieldProblem[] = [];
  if (!definition.idColumn?.trim())
    problems.push({ field: 'idColumn', code: 'id_column_required', reason: 'name the column holding the council id' });
  for (const [field, column] of Object.entries(definition.columns)) {
    if (!(field in fields))
      problems.push({
        field: `columns.${field}`,
        code: 'unknown_field',
        reason: `${field} is not a field a ${kind} import can fill (one of: ${Object.keys(fields).join(', ')})`,
      });
    else if (!column.trim())
      problems.push({ field: `columns.${field}`, code: 'column_blank', reason: 'name the column it is read from' });
  }
  for (const [field, spec] of Object.entries(fields)) {
    if (spec.required && !(field in definition.columns))
      problems.push({ field: `columns.${field}`, code: 'field_required', reason: `${field} must be mapped` });
  }
  for (const field of Object.keys(definition.valueMaps ?? {})) {
    if (!['code', 'codes', 'boolean'].includes(fields[field]?.type ?? ''))
      problems.push({
        field: `valueMaps.${field}`,
        code: 'not_a_code_field',
        reason: `${field} is not a coded field, so it takes no value map`,
      });
  }
  return problems;
}

/** The mapped columns a file's header lacks (the id column first); empty when the header fits. */
export function missingColumns(definition: ImportMappingDefinition, header: readonly string[]): string[] {
  const have = new Set(header.map((h) => h.trim()));
  const wanted = [definition.idColumn, ...Object.values(definition.columns)];
  return [...new Set(wanted.filter((c) => !have.has(c)))];
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** A date cell as an ISO date, or null when it is not a real day in the file's format. */
export function readImportDate(cell: string, format: ImportDateFormat = 'iso'): IsoDate | null {
  const value = cell.trim();
  if (format === 'dmy') {
    const m = DMY.exec(value);
    if (!m) return null;
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  // A timestamp's date part is taken (some exports write midnight after every date).
  const datePart = value.length > 10 && /^\d{4}-\d{2}-\d{2}[T ]/.test(value) ? value.slice(0, 10) : value;
  return isIsoDate(datePart) ? datePart : null;
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

export interface RowCheckContext {
  today: IsoDate;
  /** The values each code-list field accepts (after the value map); a field not listed takes any value. */
  codeLists: Readonly<Record<string, ReadonlySet<string>>>;
}

export interface CheckedRow {
  externalId: string | null;
  values: Record<string, string | boolean | null>;
  problems: FieldProblem[];
}

/**
 * One row of a file, read through the mapping and checked with the same rules as the API:
 * required fields, lengths, NHS number check digit, postcode shape, real dates not in the
 * future, death after birth, code lists, yes/no fields. Every problem in the row is reported.
 */
export function checkImportRow(
  kind: ImportKind,
  definition: ImportMappingDefinition,
  record: Readonly<Record<string, string | undefined>>,
  context: RowCheckContext,
): CheckedRow {
  const fields = importFields[kind];
  const problems: FieldProblem[] = [];
  const fault = (field: string, code: string, reason: string) => problems.push({ field, code, reason });
  const externalId = record[definition.idColumn]?.trim() || null;
  if (!externalId) fault(definition.idColumn, 'id_missing', 'the council id is blank: every row needs its own id');
  const values: Record<string, string | boolean | null> = {};
  for (const [field, column] of Object.entries(definition.columns)) {
    const spec = fields[field];
    if (!spec) continue;
    const raw = (record[column] ?? '').trim();
    if (!raw) {
      if (spec.required) fault(field, 'required', `${column} is blank: ${field} is required`);
      values[field] = spec.type === 'boolean' ? false : null;
      continue;
    }
    const mapped = definition.valueMaps?.[field]?.[raw] ?? raw;
    switch (spec.type) {
      case 'text':
      case 'reference':
      case 'code': {
        if (spec.maxLength && mapped.length > spec.maxLength) {
          fault(field, 'too_long', `is ${mapped.length} characters, at most ${spec.maxLength}`);
          break;
        }
        const list = spec.type === 'code' ? context.codeLists[field] : undefined;
        if (list && !list.has(mapped)) {
          fault(field, 'not_on_code_list', `"${raw}" is not on the ${field} list: add it to the mapping's value map`);
          break;
        }
        values[field] = mapped;
        break;
      }
      case 'codes': {
        if (spec.maxLength && raw.length > spec.maxLength) {
          fault(field, 'too_long', `is ${raw.length} characters, at most ${spec.maxLength}`);
          break;
        }
        const parts = raw
          .split(/[;|,]/)
          .map((p) => p.trim())
          .filter(Boolean);
        const codes = [...new Set(parts.map((p) => definition.valueMaps?.[field]?.[p] ?? p))];
        if (!codes.length) {
          if (spec.required) fault(field, 'required', `${column} holds no code: ${field} is required`);
          values[field] = null;
          break;
        }
        const list = context.codeLists[field];
        const off = list ? parts.filter((p) => !list.has(definition.valueMaps?.[field]?.[p] ?? p)) : [];
        if (off.length)
          fault(
            field,
            'not_on_code_list',
            `"${off.join('", "')}" not on the ${field} list: add to the mapping's value map`,
          );
        else values[field] = codes.join(';');
        break;
      }
      case 'nhsNumber': {
        const problem = nhsNumberProblem(mapped);
        if (problem) fault(field, 'invalid_nhs_number', problem);
        else values[field] = normaliseNhsNumber(mapped);
        break;
      }
      case 'postcode': {
        const problem = postcodeProblem(mapped);
        if (problem || !isValidPostcodeShape(mapped))
          fault(field, 'invalid_postcode', problem ?? 'is not a UK postcode');
        else values[field] = normalisePostcode(mapped);
        break;
      }
      case 'date': {
        const date = readImportDate(mapped, definition.dateFormat);
        if (!date)
          fault(
            field,
            'invalid_date',
            `"${raw}" is not a date written ${definition.dateFormat === 'dmy' ? 'dd/mm/yyyy' : 'yyyy-mm-dd'}`,
          );
        else if (!spec.future && isFutureDate(date, context.today))
          fault(field, 'future_date', 'cannot be in the future');
        else values[field] = date;
        break;
      }
      case 'timestamp': {
        const at = readImportTimestamp(mapped, definition.dateFormat);
        if (!at) fault(field, 'invalid_timestamp', `"${raw}" is not a date (and time) the file's format allows`);
        else if (isFutureDate(at.slice(0, 10), context.today)) fault(field, 'future_date', 'cannot be in the future');
        else values[field] = at;
        break;
      }
      case 'pence': {
        const pence = parsePoundsToPence(mapped);
        if (pence === null) fault(field, 'invalid_amount', `"${raw}" ${poundsProblem(mapped) ?? 'is not an amount'}`);
        else values[field] = String(pence);
        break;
      }
      case 'boolean': {
        const word = mapped.toLowerCase();
        if (TRUE.has(word)) values[field] = true;
        else if (FALSE.has(word)) values[field] = false;
        else fault(field, 'not_yes_or_no', `"${raw}" is not yes or no`);
        break;
      }
    }
  }
  if (kind === 'relationships') {
    if (typeof values.personId === 'string' && values.personId === values.relatedPersonId)
      fault('relatedPersonId', 'same_person', 'a person cannot be related to themselves');
    if (values.isMainCarer === true && values.type !== 'unpaid_carer_of' && values.type !== 'cared_for_by')
      fault(
        'isMainCarer',
        'main_carer_not_caring',
        'only a caring relationship (unpaid_carer_of, cared_for_by) has a main carer',
      );
  }
  if (kind === 'cases') problems.push(...caseRowProblems(values));
  if (kind === 'safeguarding') problems.push(...safeguardingRowProblems(values));
  if (kind === 'budgets') problems.push(...budgetRowProblems(values));
  if (kind === 'services') problems.push(...serviceRowProblems(values, context.today, problems));
  const birth = values.dateOfBirth;
  const death = values.dateOfDeath;
  if (typeof birth === 'string' && typeof death === 'string' && death < birth)
    fault('dateOfDeath', 'death_before_birth', 'cannot be before the date of birth');
  return { externalId, values, problems };
}
