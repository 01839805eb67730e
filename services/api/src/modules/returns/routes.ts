import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import { problems, ref } from '../../schemas/common.js';
import {
  ClientLevelDataQuery,
  DataQualityQuery,
  DataQualityReport,
  PersonCodeLists,
  SafeguardingAdultsCollection,
  SafeguardingAdultsQuery,
} from './schemas.js';
import { personCodeLists } from './data-quality.js';
import { ReturnsService } from './service.js';

const tags = ['returns'];
const access = { permission: 'returns:read' as const };
const csv = (description: string) => ({
  description,
  content: { 'text/csv': { schema: { type: 'string', maxLength: 10_000_000_000 } } },
});

export const returnsRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  // The returns read from the replica when there is one; their audit rows go to the primary.
  const service = new ReturnsService(app.dbClient.db, app.readDbClient, config);

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
      const { filename, csv } = await service.clientLevelData(request.actor, request.query);
      csv.on('error', (error) => request.log.error({ err: error }, 'client level data stream failed'));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(csv);
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
          'Tables SG1a–SG5b as the guidance lays them out: individuals in concerns and enquiries by age band, gender, ethnicity and primary support reason (SG1a–SG1d), individuals with autism (SG1e); concerns and enquiries (SG1f); for section 42 enquiries concluded in the year, type and location of risk each by source of risk (SG2a, SG2b), the risk assessment outcome including enquiries ceased at the person’s request (SG2c), the result (SG2e), mental capacity (SG3a), Making Safeguarding Personal (SG4a); Safeguarding Adult Reviews (SG5a, SG5b). Aggregate numbers only. `format=csv` gives the same rows as CSV with the publication’s column names.',
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
      if (format === 'csv') {
        const { filename, csv } = await service.safeguardingAdultsCsv(year);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .send(csv);
      }
      return reply.type('application/json').send(await service.safeguardingAdults(year));
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
    async (request) => service.dataQuality(request.actor, request.query),
  );

  app.get(
    '/v1/returns/person-code-lists',
    {
      config: { access: { permission: 'people:read' as const } },
      schema: {
        operationId: 'getPersonCodeLists',
        tags,
        summary: 'The choices for a person’s coded fields',
        description:
          'Gender, ethnicity, primary support reason, accommodation and employment: the values the person’s record keeps, each labelled with the national list value the returns send. No personal data.',
        response: { 200: ref(PersonCodeLists), ...problems(400, 401, 403, 429) },
      },
    },
    async () => personCodeLists(),
  );
};
