import { Type, type Static } from 'typebox';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { Strict, StringEnum } from '../../schemas/common.js';
import { qualityFields } from './data-quality.js';
import { sacMeasures } from './sac-lists.js';
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
        table: StringEnum(sacTables, { description: 'The table reference, as the collection names it.' }),
        measure: StringEnum(Object.values(sacMeasures), {
          description:
            'What is counted: individuals (SG1a–SG1e), cases (SG1f), concluded section 42 enquiries, or reviews.',
        }),
        category: Type.String({ maxLength: 120, description: 'The row: a value of the national list for the table.' }),
        subcategory: Type.Union([Type.String({ maxLength: 60 }), Type.Null()], {
          description: 'The column: the source of risk for SG2a and SG2b; null elsewhere.',
        }),
        value: Count,
      }),
      { maxItems: 400 },
    ),
  },
  {
    $id: 'SafeguardingAdultsCollection',
    title: 'SafeguardingAdultsCollection',
    description:
      'The Safeguarding Adults Collection for a financial year as the guidance lays it out: every cell of tables SG1a–SG5b, zeros included, in the national wording. An enquiry with several types, locations or sources of risk counts under each.',
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
            href: Type.String({
              maxLength: 120,
              description: 'The console page and field that put it right: `/people/{id}?fix={field}`.',
            }),
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

const Choices = Type.Array(Strict({ value: Type.String({ maxLength: 60 }), label: Type.String({ maxLength: 120 }) }), {
  maxItems: 40,
});

export const PersonCodeLists = Strict(
  {
    gender: Choices,
    ethnicity: Choices,
    primarySupportReason: Choices,
    accommodationStatus: Choices,
    employmentStatus: Choices,
    autism: Choices,
  },
  {
    $id: 'PersonCodeLists',
    title: 'PersonCodeLists',
    description:
      'The choices for a person’s coded fields, each labelled with its value on the national list of the Client Level Data return (release 2): what the person’s page offers.',
  },
);

export const returnsSchemas = [SafeguardingAdultsCollection, DataQualityReport, PersonCodeLists];
