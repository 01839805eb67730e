import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { daysBetween } from '@threefold/domain';
import type { Config } from '../../config.js';
import { invalidField } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { problems, ref } from '../../schemas/common.js';
import { CLD_MAX_PERIOD_DAYS, clientLevelDataCsv } from './client-level-data.js';
import { dataQualityPage, dataQualitySummary } from './data-quality.js';
import { financialYear, safeguardingAdultsCollection } from './safeguarding-adults.js';
import {
  ClientLevelDataQuery,
  DataQualityQuery,
  DataQualityReport,
  SafeguardingAdultsCollection,
  SafeguardingAdultsQuery,
} from './schemas.js';

const tags = ['returns'];
const access = { permission: 'returns:read' as const };
const csv = (description: string) => ({
  description,
  content: { 'text/csv': { schema: { type: 'string', maxLength: 10_000_000_000 } } },
});

export const returnsRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const pool = app.dbClient.pool;

  app.get(
    '/v1/returns/client-level-data',
    {
      config: { access },
      schema: {
        operationId: 'getClientLevelData',
        tags,
        summary: 'Client Level Data for a period, as CSV',
        description:
          'The Adult Social Care Client Level Data extract for the council: one row per event (request, assessment, service, review) in the period with the person’s fields, under the national field names and code lists. Each conversation is an assessment: long-term when it carries an eligibility decision, short-term otherwise. The period may be up to 3653 days (ten years: a full history backfill). Written as CSV by the database and streamed at constant memory; audited as a disclosure to the council.',
        querystring: ClientLevelDataQuery,
        response: { 200: csv('The return, with a header row.'), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      const days = daysBetween(from, to);
      if (days < 0) throw invalidField('to', 'must be on or after `from`', 'query');
      if (days + 1 > CLD_MAX_PERIOD_DAYS)
        throw invalidField('to', `the period may be at most ${CLD_MAX_PERIOD_DAYS} days`, 'query');
      await request.audit({
        action: 'returns.client_level_data',
        resourceType: 'return',
        resourceId: `client-level-data:${from}:${to}`,
        personId: null,
      });
      const stream = clientLevelDataCsv(pool, { laCode: config.COUNCIL_LA_CODE, from, to });
      stream.on('error', (error) => request.log.error({ err: error }, 'client level data stream failed'));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cld-${config.COUNCIL_LA_CODE}-${from}-${to}.csv"`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );

  app.get(
    '/v1/returns/safeguarding-adults',
    {
      config: { access },
      schema: {
        operationId: 'getSafeguardingAdultsCollection',
        tags,
        summary: 'The Safeguarding Adults Collection for a financial year',
        description:
          'Concerns; section 42 and other enquiries started and concluded; and for concluded enquiries the type, location and source of risk, the risk assessment outcome, the result, whether the person’s desired outcomes were asked and expressed, and whether they were achieved. Aggregate numbers only. `format=csv` gives the same rows as CSV.',
        querystring: SafeguardingAdultsQuery,
        response: {
          200: {
            description: 'The collection.',
            content: {
              'application/json': { schema: ref(SafeguardingAdultsCollection) },
              'text/csv': { schema: { type: 'string', maxLength: 100_000 } },
            },
          },
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const { year, format } = request.query;
      const fy = financialYear(year);
      const rows = await safeguardingAdultsCollection(pool, year);
      if (format === 'csv') {
        const body = stringify(
          rows.map((r) => [
            config.COUNCIL_LA_CODE,
            fy.label,
            r.table,
            r.category,
            r.section42 ?? '',
            r.other ?? '',
            r.total,
          ]),
          { header: true, columns: ['LA_Code', 'Year', 'Table', 'Category', 'Section_42', 'Other', 'Total'] },
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="sac-${config.COUNCIL_LA_CODE}-${fy.label}.csv"`)
          .send(body);
      }
      return reply.type('application/json').send({ laCode: config.COUNCIL_LA_CODE, year: fy.label, ...fy, rows });
    },
  );

  app.get(
    '/v1/returns/data-quality',
    {
      config: { access },
      schema: {
        operationId: 'getDataQualityReport',
        tags,
        summary: 'Records that would fail the returns',
        description:
          'People the returns would carry whose records are missing or have invalid values the returns need (NHS number, ethnicity, gender, date of birth, postcode, primary support reason), with a console link to put each right; a page at a time, with counts by field. Each person listed is audited.',
        querystring: DataQualityQuery,
        response: { 200: ref(DataQualityReport), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const after = decodeCursor<[string]>(request.query.cursor, 1)?.[0] ?? null;
      if (after !== null && !/^[0-9a-f-]{36}$/.test(after))
        throw invalidField('cursor', 'is not a valid cursor', 'query');
      const [rows, summary] = await Promise.all([dataQualityPage(pool, after, limit), dataQualitySummary(pool)]);
      const items = rows.slice(0, limit);
      await Promise.all(
        items.map((item) =>
          request.audit({
            action: 'returns.data_quality.read',
            resourceType: 'person',
            resourceId: item.personId,
            personId: item.personId,
          }),
        ),
      );
      return {
        ...summary,
        items,
        nextCursor: rows.length > limit ? encodeCursor([items.at(-1)!.personId]) : null,
      };
    },
  );
};
