import { Type, type Static } from 'typebox';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { Strict, StringEnum } from '../../schemas/common.js';
import { qualityFields } from './data-quality.js';
import { sacTables } from './safeguarding-adults.js';

const Count = Type.Integer({ minimum: 0, maximum: 2_147_483_647, format: 'int32' });

export const ClientLevelDataQuery = Strict({
  from: Type.String({ format: 'date', maxLength: 10, description: 'First day of the reporting period, inclusive.' }),
  to: Type.String({ format: 'date', maxLength: 10, description: 'Last day of the reporting period, inclusive.' }),
});

export const SafeguardingAdultsQuery = Strict({
  year: Type.Integer({
    minimum: 2000,
    maximum: 2100,
    format: 'int32',
    description: 'The financial year by the calendar year it starts in: 2026 is 1 April 2026 to 31 March 2027.',
  }),
  format: Type.Optional(
    StringEnum(['json', 'csv'] as const, { default: 'json', description: 'JSON (default) or CSV.' }),
  ),
});

export const SafeguardingAdultsCollection = Strict(
  {
    laCode: Type.String({ maxLength: 3 }),
    year: Type.String({ maxLength: 7, description: 'The financial year, e.g. `2026-27`.' }),
    from: Type.String({ format: 'date', maxLength: 10 }),
    to: Type.String({ format: 'date', maxLength: 10 }),
    rows: Type.Array(
      Strict({
        table: StringEnum(sacTables),
        category: Type.String({ maxLength: 60, description: 'A value of the national list for the table.' }),
        section42: Type.Union([Count, Type.Null()], { description: 'Section 42 enquiries; null for concerns.' }),
        other: Type.Union([Count, Type.Null()], { description: 'Other enquiries; null for concerns.' }),
        total: Count,
      }),
      { maxItems: 200 },
    ),
  },
  {
    $id: 'SafeguardingAdultsCollection',
    title: 'SafeguardingAdultsCollection',
    description:
      'The Safeguarding Adults Collection for a financial year: every category of every table, zeros included. Risk types count each type an enquiry found.',
  },
);
export type SafeguardingAdultsCollectionBody = Static<typeof SafeguardingAdultsCollection>;

export const DataQualityQuery = Strict({ ...PageQuery });

export const DataQualityReport = Strict(
  {
    population: Type.Integer({
      minimum: 0,
      maximum: 2_147_483_647,
      format: 'int32',
      description: 'People the returns would carry.',
    }),
    withIssues: Count,
    byField: Type.Array(Strict({ field: StringEnum(qualityFields), missing: Count, invalid: Count }), { maxItems: 10 }),
    items: Type.Array(
      Strict({
        personId: Type.String({ format: 'uuid', maxLength: 36 }),
        name: Type.String({ maxLength: 500 }),
        link: Type.String({ maxLength: 100, description: 'Where in the console to put it right.' }),
        issues: Type.Array(
          Strict({
            field: StringEnum(qualityFields),
            problem: StringEnum(['missing', 'invalid'] as const),
            message: Type.String({ maxLength: 200 }),
          }),
          { maxItems: 10 },
        ),
      }),
      { maxItems: 200 },
    ),
    nextCursor: NextCursor,
  },
  {
    $id: 'DataQualityReport',
    title: 'DataQualityReport',
    description:
      'Records that would fail or weaken the statutory returns, each with what is wrong and where to fix it.',
  },
);

export const returnsSchemas = [SafeguardingAdultsCollection, DataQualityReport];
