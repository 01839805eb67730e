import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { IdParams, StringEnum, Strict, problems } from '../../schemas/common.js';
import { recordHtml, recordPdf, wantsPdf, type WrittenRecord } from '../../platform/written-record.js';
import type { Config } from '../../config.js';
import { DocumentsService } from '../documents/service.js';
import { storeFor } from '../documents/store.js';
import { SubjectAccessBundle } from './bundle.js';
import { WrittenRecordsService } from './service.js';

const tags = ['records'];
const ReasonHeader = Type.Object({
  'x-access-reason': Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'Why a restricted person’s record is being opened (break glass); recorded in the audit trail.',
    }),
  ),
});
const FormatQuery = Strict({
  format: Type.Optional(
    StringEnum(['html', 'pdf'] as const, { description: 'Overrides the Accept header: `html` or `pdf`.' }),
  ),
});
const printed = {
  200: {
    description: 'The record: accessible HTML, or an A4 PDF.',
    content: {
      'text/html': { schema: Type.String({ maxLength: 500000 }) },
      'application/pdf': { schema: Type.String({ format: 'binary', maxLength: 10000000 }) },
    },
  },
  ...problems(400, 401, 403, 404, 409, 429),
};

async function send(
  reply: FastifyReply,
  record: WrittenRecord,
  fileName: string,
  format: 'html' | 'pdf' | undefined,
  accept: string | undefined,
) {
  reply.header('vary', 'accept').header('cache-control', 'no-store');
  if (wantsPdf(format, accept)) {
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${fileName}.pdf"`)
      .send((await recordPdf(record)) as unknown as string); // bytes: the schema can only call them a binary string
  }
  return reply.type('text/html; charset=utf-8').send(recordHtml(record));
}

export const recordRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.dbClient.db;
  const service = new WrittenRecordsService(db);
  const bundles = new SubjectAccessBundle(
    db,
    service,
    new DocumentsService(db, storeFor(config), config.DOCUMENTS_MAX_BYTES),
  );
  const formats =
    'Printable, accessible HTML (`Accept: text/html`, the default) or a PDF (`Accept: application/pdf`); `?format=html|pdf` ' +
    'overrides the Accept header. Signed with the practice’s details (`/v1/reference/practice`). Audited.';

  app.get(
    '/v1/conversations/:id/record',
    {
      config: { access: { permission: 'conversations:read' } },
      schema: {
        operationId: 'getConversationRecord',
        tags,
        summary: 'The written record of a conversation, for the person',
        description: `Who took part, what matters, strengths, outcomes and plans, in plain words (Care Act s12(3)). ${formats}`,
        params: IdParams,
        headers: ReasonHeader,
        querystring: FormatQuery,
        response: printed,
      },
    },
    async (request, reply) =>
      send(
        reply,
        await service.conversation(request.actor, request.params.id, request.headers['x-access-reason']),
        'conversation-record',
        request.query.format,
        request.headers.accept,
      ),
  );

  app.get(
    '/v1/personal-budgets/:id/plan',
    {
      config: { access: { permission: 'budgets:read' } },
      schema: {
        operationId: 'getCareAndSupportPlan',
        tags,
        summary: 'The care and support plan, for the person',
        description: `What matters, strengths, the outcomes wanted, how needs are met and the personal budget (Care Act s25(9)). ${formats}`,
        params: IdParams,
        headers: ReasonHeader,
        querystring: FormatQuery,
        response: printed,
      },
    },
    async (request, reply) =>
      send(
        reply,
        await service.plan(request.actor, request.params.id, request.headers['x-access-reason']),
        'care-and-support-plan',
        request.query.format,
        request.headers.accept,
      ),
  );

  app.get(
    '/v1/reviews/:id/record',
    {
      config: { access: { permission: 'budgets:read' } },
      schema: {
        operationId: 'getReviewRecord',
        tags,
        summary: 'The outcome of a review, for the person',
        description: `What the review found and any change to the budget (Care Act s27); \`409 review_not_completed\` before it is. ${formats}`,
        params: IdParams,
        headers: ReasonHeader,
        querystring: FormatQuery,
        response: printed,
      },
    },
    async (request, reply) =>
      send(
        reply,
        await service.review(request.actor, request.params.id, request.headers['x-access-reason']),
        'review-outcome',
        request.query.format,
        request.headers.accept,
      ),
  );

  app.get(
    '/v1/people/:id/record/bundle',
    {
      config: { access: { permission: 'people:export' } },
      schema: {
        operationId: 'getSubjectAccessBundle',
        tags,
        summary: 'A person’s subject access bundle, to download',
        description:
          'A zip: `record.json` (everything `GET /v1/people/{id}/record` holds), each letter and record written for them as a ' +
          'PDF, and every document still held (safeguarding ones under `for-review/`: they may hold third parties’ ' +
          'information). Audited, with each part read.',
        params: IdParams,
        headers: ReasonHeader,
        response: {
          200: {
            description: 'The bundle.',
            content: { 'application/zip': { schema: Type.String({ format: 'binary', maxLength: 1073741824 }) } },
          },
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { zip } = await bundles.build(request.actor, request.params.id, request.headers['x-access-reason']);
      return reply
        .type('application/zip')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="subject-access-${request.params.id}.zip"`)
        .send(zip as unknown as string); // bytes: the schema can only call them a binary string
    },
  );
};
