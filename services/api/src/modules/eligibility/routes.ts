import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { letterHtml, letterPdf } from './letter.js';
import {
  EligibilityDetermination,
  EligibilityDeterminationPage,
  LetterQuery,
  ListEligibilityQuery,
  NewEligibilityDetermination,
  OrdinaryResidence,
} from './schemas.js';
import { EligibilityService } from './service.js';

const tags = ['eligibility'];
const read = { permission: 'budgets:read' as const };
const ReasonHeader = Type.Object({
  'x-access-reason': Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'Why a restricted person’s record is being opened (break glass); recorded in the audit trail.',
    }),
  ),
});

import { wantsPdf } from '../../platform/written-record.js';

export { wantsPdf };

export const eligibilityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new EligibilityService(app.dbClient.db);

  app.post(
    '/v1/eligibility-determinations',
    {
      config: { access: { permission: 'eligibility:decide' } },
      schema: {
        operationId: 'determineEligibility',
        tags,
        summary: 'Decide eligibility (social workers)',
        description:
          'From conversation 3 of an open story: the person is the person of the story (for a carer, `caredForPersonId` names ' +
          'the adult cared for). Conversations 1 and 2 are refused with `409 eligibility_needs_conversation_3`. The decision, ' +
          'its reasons and the indicative budget (from the resource allocation table in use, kept by version) are stored with ' +
          'the inputs. Emits `eligibility.determined`. The whole advocacy test (s67 with reg 4; conversation 3’s when ' +
          '`advocacy` is not given) must have its advocate: otherwise `409 advocate_required`. `ordinaryResidence` records ' +
          'the council responsible (s13(3)(c)); a dispute without its note is `409 ordinary_residence_dispute_note_required`.',
        body: ref(NewEligibilityDetermination),
        response: { 201: ref(EligibilityDetermination), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const view = await service.determine(request.actor, request.body);
      return reply.code(201).send(view);
    },
  );

  app.put(
    '/v1/eligibility-determinations/:id/ordinary-residence',
    {
      config: { access: { permission: 'eligibility:decide' } },
      schema: {
        operationId: 'recordOrdinaryResidence',
        tags,
        summary: 'Record or update ordinary residence on a determination',
        description:
          'The council responsible, the basis (Care Act 2014 s18, s39, s19(3)) and any dispute (s40), as it now stands: ' +
          'a dispute arising or settled after the determination is recorded here. Audited; the decision itself is unchanged.',
        params: IdParams,
        headers: ReasonHeader,
        body: ref(OrdinaryResidence),
        response: { 200: ref(EligibilityDetermination), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      service.recordOrdinaryResidence(
        request.actor,
        request.params.id,
        request.body,
        request.headers['x-access-reason'],
      ),
  );

  app.get(
    '/v1/eligibility-determinations',
    {
      config: { access: read },
      schema: {
        operationId: 'listEligibilityDeterminations',
        tags,
        summary: 'A person’s eligibility determinations, newest first',
        description: 'Determinations about the person, and about carers of the person.',
        querystring: ListEligibilityQuery,
        response: { 200: ref(EligibilityDeterminationPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const { personId, limit, cursor } = request.query;
      return service.ofPerson(request.actor, personId, limit ?? 50, cursor);
    },
  );

  app.get(
    '/v1/eligibility-determinations/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getEligibilityDetermination',
        tags,
        summary: 'An eligibility determination',
        description:
          'The inputs, the decision, each condition with its reason, and the indicative budget with its derivation.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(EligibilityDetermination), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      return service.read(request.actor, request.params.id, request.headers['x-access-reason']);
    },
  );

  app.get(
    '/v1/eligibility-determinations/:id/letter',
    {
      config: { access: read },
      schema: {
        operationId: 'getEligibilityLetter',
        tags,
        summary: 'The written record for the person',
        description:
          'The determination as a letter in plain English: printable HTML (`Accept: text/html`, the default) or a PDF ' +
          '(`Accept: application/pdf`). `?format=html|pdf` overrides the Accept header.',
        params: IdParams,
        headers: ReasonHeader,
        querystring: LetterQuery,
        response: {
          200: {
            description: 'The letter.',
            content: {
              'text/html': { schema: Type.String({ maxLength: 200000 }) },
              'application/pdf': { schema: Type.String({ format: 'binary', maxLength: 10000000 }) },
            },
          },
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const letter = await service.letter(request.actor, request.params.id, request.headers['x-access-reason']);
      const pdf = wantsPdf(request.query.format, request.headers.accept);
      reply.header('vary', 'accept').header('cache-control', 'no-store');
      if (pdf) {
        return reply
          .type('application/pdf')
          .header('content-disposition', 'inline; filename="eligibility-decision.pdf"')
          .send((await letterPdf(letter)) as unknown as string); // bytes: the schema can only call them a binary string
      }
      return reply.type('text/html; charset=utf-8').send(letterHtml(letter));
    },
  );
};
