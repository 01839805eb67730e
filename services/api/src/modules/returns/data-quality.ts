import type pg from 'pg';
import { cldEthnicity, cldGender, cldPrimarySupportReason } from './code-lists.js';

export const qualityFields = [
  'nhsNumber',
  'ethnicity',
  'gender',
  'dateOfBirth',
  'postcode',
  'primarySupportReason',
] as const;
export type QualityField = (typeof qualityFields)[number];

const messages: Record<QualityField, { missing: string; invalid: string }> = {
  nhsNumber: { missing: 'No NHS number: the council cannot link the record.', invalid: 'The NHS number is not valid.' },
  ethnicity: {
    missing: 'No ethnicity recorded: the return says “Undeclared / Not known”.',
    invalid: 'The ethnicity is not a national category code.',
  },
  gender: {
    missing: 'No gender recorded: the return says “Unknown”.',
    invalid: 'The gender is not one the return knows.',
  },
  dateOfBirth: { missing: 'No date of birth.', invalid: 'The date of birth is not valid.' },
  postcode: { missing: 'No postcode.', invalid: 'The postcode is not a UK postcode.' },
  primarySupportReason: {
    missing: 'Has long-term support but no primary support reason.',
    invalid: 'The primary support reason is not on the national list.',
  },
};

export interface QualityIssue {
  field: QualityField;
  problem: 'missing' | 'invalid';
  message: string;
}

/**
 * The people the returns would carry (anyone with a contact outcome, a story or a budget) whose
 * records would fail or weaken them. Each check is SQL over the person's row; the national lists
 * come from the code lists the returns use, so the report and the returns cannot disagree.
 */
const ISSUES = `
  array_remove(array[
    case when p.nhs_number is null then 'nhsNumber:missing' end,
    case when p.ethnicity is null then 'ethnicity:missing'
         when not (upper(p.ethnicity) = any($1::text[])) then 'ethnicity:invalid' end,
    case when p.gender is null then 'gender:missing'
         when not (lower(p.gender) = any($2::text[])) then 'gender:invalid' end,
    case when p.date_of_birth is null then 'dateOfBirth:missing' end,
    case when p.postcode is null then 'postcode:missing'
         when upper(p.postcode) !~ '^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$' then 'postcode:invalid' end,
    case when p.primary_support_reason is null and exists (
           select 1 from personal_budgets b where b.person_id = p.id and b.status = 'signed_off') then 'primarySupportReason:missing'
         when p.primary_support_reason is not null and not (p.primary_support_reason = any($3::text[])) then 'primarySupportReason:invalid' end
  ], null)`;

const POPULATION = `
  p.merged_into_id is null and (
    exists (select 1 from contacts c where c.person_id = p.id and c.outcome is not null)
    or exists (select 1 from stories s where s.person_id = p.id))`;

const lists = () => [Object.keys(cldEthnicity), Object.keys(cldGender), Object.keys(cldPrimarySupportReason)];

function toIssues(codes: string[]): QualityIssue[] {
  return codes.map((code) => {
    const [field, problem] = code.split(':') as [QualityField, 'missing' | 'invalid'];
    return { field, problem, message: messages[field][problem] };
  });
}

export async function dataQualityPage(db: Pick<pg.Pool, 'query'>, after: string | null, limit: number) {
  const { rows } = await db.query<{ id: string; given_name: string; family_name: string; issues: string[] }>(
    `select * from (
       select p.id, p.given_name, p.family_name, ${ISSUES} as issues
         from people p
        where ${POPULATION} and ($4::uuid is null or p.id > $4::uuid)
        order by p.id) q
      where cardinality(q.issues) > 0
      order by q.id
      limit $5`,
    [...lists(), after, limit + 1],
  );
  return rows.map((r) => ({
    personId: r.id,
    name: `${r.given_name} ${r.family_name}`,
    link: `/people/${r.id}`,
    issues: toIssues(r.issues),
  }));
}

export async function dataQualitySummary(db: Pick<pg.Pool, 'query'>) {
  const { rows } = await db.query<{ population: number; with_issues: number; codes: Record<string, number> | null }>(
    `with checked as (select ${ISSUES} as issues from people p where ${POPULATION})
     select (select count(*)::int from checked) as population,
            (select count(*)::int from checked where cardinality(issues) > 0) as with_issues,
            (select jsonb_object_agg(code, n) from (
               select code, count(*)::int as n from checked, unnest(issues) code group by code) x) as codes`,
    lists(),
  );
  const r = rows[0]!;
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
