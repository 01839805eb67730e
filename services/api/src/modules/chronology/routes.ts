import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { chronologyPdf } from './pdf.js';
import { ChronologyPage, ChronologyPdfQuery, ChronologyQuery } from './schemas.js';
import { ChronologyService, type ChronologyFilter } from './service.js';

const tags = ['chronology'];
// The person's record; each kind of entry also needs what reads it (notes, budgets, …).
const read = { permission: 'people:read' as const, staffOnly: true };
const ReasonHeader = Type.Object({
  'x-access-reason': Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'Why a restricted person’s chronology is being opened (break glass); recorded in the audit trail.',
    }),
  ),
});

const filterLine = (f: ChronologyFilter) => {
  const parts = [];
  if (f.from || f.to) parts.push(`From ${f.from ?? 'the start'} to ${f.to ?? 'today'}`);
  if (f.kinds) parts.push(`Only: ${f.kinds.map((k) => k.replaceAll('_', ' ')).join(', ')}`);
  return parts.length ? `${parts.join('. ')}.` : null;
};

export const chronologyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new ChronologyService(app.dbClient.db);

  app.get(
    '/v1/people/:id/chronology',
    {
      config: { access: read },
      schema: {
        operationId: 'getChronology',
        tags,
        summary: 'Everything that happened with a person, newest first',
        description:
          'Contacts, a story’s life, conversations, final case notes, peer steps, decisions, budgets, reviews, ' +
          'connections, warnings and safeguarding, in one time-ordered list, keyset-paged. Each reader sees only what ' +
          'they may: kinds their role reads, safeguarding only where they see it in full, never a draft. Filter by ' +
          '`kinds` and by `from`/`to` days. Audited as a read of the person’s record.',
        params: IdParams,
        headers: ReasonHeader,
        querystring: ChronologyQuery,
        response: { 200: ref(ChronologyPage), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) =>
      service.page(
        request.actor,
        request.params.id,
        { ...request.query, limit: request.query.limit ?? 50 },
        request.headers['x-access-reason'],
      ),
  );

  app.get(
    '/v1/people/:id/chronology.pdf',
    {
      config: { access: read },
      schema: {
        operationId: 'printChronology',
        tags,
        summary: 'A person’s chronology as a PDF to print',
        description:
          'The same entries and filters as the chronology, newest first, on A4 (at most 2,000 entries: narrow the dates ' +
          'for earlier ones). Audited.',
        params: IdParams,
        headers: ReasonHeader,
        querystring: ChronologyPdfQuery,
        response: {
          200: {
            description: 'The chronology as a PDF.',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary', maxLength: 50000000 }) } },
          },
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const filter = request.query;
      const print = await service.forPrint(
        request.actor,
        request.params.id,
        filter,
        request.headers['x-access-reason'],
      );
      const pdf = await chronologyPdf({ ...print, filterLine: filterLine(filter) });
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'inline; filename="chronology.pdf"')
        .send(pdf as unknown as string); // bytes: the schema can only call them a binary string
    },
  );
};
