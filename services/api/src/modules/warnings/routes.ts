import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { NewWarning, Warning, WarningEnd, WarningList, WarningQuery, WarningReview } from './schemas.js';
import { WarningsService } from './service.js';

const tags = ['warnings'];
const read = { permission: 'warnings:read' as const, staffOnly: true };
const write = { permission: 'warnings:write' as const, staffOnly: true };
const ReasonHeader = Type.Object({
  'x-access-reason': Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'Why a restricted person’s warnings are being opened (break glass); recorded in the audit trail.',
    }),
  ),
});

export const warningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new WarningsService(app.dbClient.db);

  app.get(
    '/v1/people/:id/warnings',
    {
      config: { access: read },
      schema: {
        operationId: 'listWarnings',
        tags,
        summary: 'A person’s warning notes',
        description:
          'The active warnings (soonest review first), each with its history; `?include=ended` adds the ended ones. ' +
          'Every warning listed is audited as read.',
        params: IdParams,
        headers: ReasonHeader,
        querystring: WarningQuery,
        response: { 200: ref(WarningList), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) =>
      service.list(
        request.actor,
        request.params.id,
        request.query.include === 'ended',
        request.headers['x-access-reason'],
      ),
  );

  app.post(
    '/v1/people/:id/warnings',
    {
      config: { access: write },
      schema: {
        operationId: 'addWarning',
        tags,
        summary: 'Add a warning note to a person',
        description:
          'A risk to staff, to others or to the person, with what a colleague must know, and the date it is looked at ' +
          'again (today at the earliest, at most 12 months ahead).',
        params: IdParams,
        headers: ReasonHeader,
        body: ref(NewWarning),
        response: { 201: ref(Warning), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const warning = await service.add(
        request.actor,
        request.params.id,
        request.body,
        request.headers['x-access-reason'],
      );
      reply.code(201);
      return warning;
    },
  );

  app.post(
    '/v1/warnings/:id/review',
    {
      config: { access: write },
      schema: {
        operationId: 'reviewWarning',
        tags,
        summary: 'Review a warning: keep it with a new review date, or end it',
        description:
          'What the review found goes in its history. Still needed: a new review date within 12 months. Not needed: ' +
          'the warning ends with the note as its reason. An ended warning cannot be reviewed (`409 warning_ended`).',
        params: IdParams,
        headers: ReasonHeader,
        body: ref(WarningReview),
        response: { 200: ref(Warning), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      service.review(request.actor, request.params.id, request.body, request.headers['x-access-reason']),
  );

  app.post(
    '/v1/warnings/:id/end',
    {
      config: { access: write },
      schema: {
        operationId: 'endWarning',
        tags,
        summary: 'End a warning that is no longer needed',
        description: 'With the reason; the warning and its history are kept.',
        params: IdParams,
        headers: ReasonHeader,
        body: ref(WarningEnd),
        response: { 200: ref(Warning), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => service.end(request.actor, request.params.id, request.body, request.headers['x-access-reason']),
  );
};
