import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems, ref } from '../../schemas/common.js';
import {
  BestInterestsDecision,
  CapacityAssessment,
  CapacityRecord,
  NewBestInterestsDecision,
  NewCapacityAssessment,
} from './schemas.js';
import { CapacityService } from './service.js';

const tags = ['capacity'];
const read = { permission: 'capacity:read' as const, staffOnly: true };
const write = { permission: 'capacity:write' as const, staffOnly: true };
const ReasonHeader = Type.Object({
  'x-access-reason': Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'Why a restricted person’s record is being opened (break glass); recorded in the audit trail.',
    }),
  ),
});

export const capacityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new CapacityService(app.dbClient.db);

  app.post(
    '/v1/capacity-assessments',
    {
      config: { access: write },
      schema: {
        operationId: 'recordCapacityAssessment',
        tags,
        summary: 'Record a mental capacity assessment for one decision',
        description:
          'The two-stage test for one specific decision (Mental Capacity Act 2005 ss2–3), who assessed and when, ' +
          'the practicable steps taken to help the person decide (s1(3)) and the outcome. `409 capacity_assessment_refused` ' +
          '(every broken rule in `rules`) when "lacks capacity" is not founded on an impairment, at least one of the four ' +
          'inabilities caused by it, and the steps taken; or when the outcome contradicts the answers.',
        headers: ReasonHeader,
        body: ref(NewCapacityAssessment),
        response: { 201: ref(CapacityAssessment), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const view = await service.assess(request.actor, request.body, request.headers['x-access-reason']);
      reply.code(201);
      return view;
    },
  );

  app.get(
    '/v1/capacity-assessments/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getCapacityAssessment',
        tags,
        summary: 'One capacity assessment',
        description: 'With the best-interests decisions made on it. Audited as read.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(CapacityAssessment), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.getAssessment(request.actor, request.params.id, request.headers['x-access-reason']),
  );

  app.post(
    '/v1/best-interests-decisions',
    {
      config: { access: write },
      schema: {
        operationId: 'recordBestInterestsDecision',
        tags,
        summary: 'Record a best-interests decision',
        description:
          'Made on a capacity assessment that found the person lacks capacity for this same decision (MCA 2005 s4): ' +
          'their wishes, feelings, beliefs and values, whose views were taken, the less restrictive options considered ' +
          '(s1(6)), and what was decided. `409 best_interests_refused` (every broken rule in `rules`) otherwise.',
        headers: ReasonHeader,
        body: ref(NewBestInterestsDecision),
        response: { 201: ref(BestInterestsDecision), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const view = await service.decide(request.actor, request.body, request.headers['x-access-reason']);
      reply.code(201);
      return view;
    },
  );

  app.get(
    '/v1/best-interests-decisions/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getBestInterestsDecision',
        tags,
        summary: 'One best-interests decision',
        description: 'Audited as read.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(BestInterestsDecision), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.getDecision(request.actor, request.params.id, request.headers['x-access-reason']),
  );

  app.get(
    '/v1/people/:id/capacity',
    {
      config: { access: read },
      schema: {
        operationId: 'listCapacityRecords',
        tags,
        summary: 'A person’s capacity assessments and best-interests decisions',
        description: 'Latest first; every record listed is audited as read.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(CapacityRecord), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.ofPerson(request.actor, request.params.id, request.headers['x-access-reason']),
  );
};
