import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etagOf, expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { PageQuery } from '../../platform/pagination.js';
import { IdParams, IfMatchHeader, problems, ref, StringEnum, Strict } from '../../schemas/common.js';
import {
  CompleteReview,
  DelegatedLimits,
  SignOffLimit,
  NewPersonalBudget,
  NewUnplannedReview,
  PanelDecision,
  PersonalBudget,
  PersonalBudgetChanges,
  PersonalBudgetPage,
  Review,
  ReviewListQuery,
  ReviewPage,
} from './schemas.js';
import { BudgetService } from './budgets.js';
import { ReviewService } from './reviews.js';
import { SignOffService } from './sign-off.js';

const tags = ['budgets'];
const reviewTags = ['reviews'];

export const budgetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const budgets = new BudgetService(app.dbClient.db);
  const decisions = new SignOffService(app.dbClient.db);
  const reviews = new ReviewService(app.dbClient.db);

  app.post(
    '/v1/personal-budgets',
    {
      config: { access: { permission: 'budgets:write' } },
      schema: {
        operationId: 'startPersonalBudget',
        tags,
        summary: 'Start a personal budget from conversation 3',
        description:
          'Starts from the eligibility determination’s indicative weekly figure. Only conversation 3 plans long term: from ' +
          'conversation 1 → `409 long_term_support_needs_conversation_3`; from conversation 2 → `409 conversation_2_is_short_term`; ' +
          'a determination with no eligible needs → `409 determination_not_eligible`.',
        body: ref(NewPersonalBudget),
        response: { 201: ref(PersonalBudget), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const budget = await budgets.create(request.actor, request.body);
      reply.header('etag', etagOf(budget.id, budget.version));
      return reply.code(201).send(budget);
    },
  );

  app.get(
    '/v1/personal-budgets',
    {
      config: { access: { permission: 'budgets:read' } },
      schema: {
        operationId: 'listPersonalBudgets',
        tags,
        summary: 'Personal budgets',
        description:
          'Oldest first. `status=awaiting_panel` lists the budgets referred to the council’s panel (the council client reads ' +
          'these with `decisions:read`).',
        querystring: Strict({
          status: Type.Optional(StringEnum(['draft', 'awaiting_panel', 'signed_off'] as const)),
          personId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })),
          ...PageQuery,
        }),
        response: { 200: ref(PersonalBudgetPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      return budgets.list(request.actor, { ...request.query, limit: request.query.limit ?? 50 });
    },
  );

  app.get(
    '/v1/personal-budgets/:id',
    {
      config: { access: { permission: 'budgets:read' } },
      schema: {
        operationId: 'getPersonalBudget',
        tags,
        summary: 'A personal budget and support plan',
        description:
          'Plan lines, funding, how it is managed, weekly / four-weekly / annual totals, the s26 statement; with its ETag.',
        params: IdParams,
        response: { 200: ref(PersonalBudget), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const budget = await budgets.get(request.actor, request.params.id);
      return sendWithEtag(reply, budget.id, budget.version, budget);
    },
  );

  app.patch(
    '/v1/personal-budgets/:id',
    {
      config: { access: { permission: 'budgets:write' } },
      schema: {
        operationId: 'changePersonalBudget',
        tags,
        summary: 'Change the plan lines, funding or how it is managed',
        description:
          'Each list is replaced in full. Only a draft changes (`409 budget_not_editable` otherwise). Needs `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(PersonalBudgetChanges),
        response: { 200: ref(PersonalBudget), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const budget = await budgets.update(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
      );
      return sendWithEtag(reply, budget.id, budget.version, budget);
    },
  );

  app.post(
    '/v1/personal-budgets/:id/sign-off',
    {
      config: { access: { permission: 'budgets:sign-off' } },
      schema: {
        operationId: 'signOffPersonalBudget',
        tags,
        summary: 'Sign off a personal budget',
        description:
          'By a social worker whose delegated weekly limit covers the weekly total: the plan goes live today and its first review ' +
          'is set 6–8 weeks out; emits `budget.signed-off`. Above the limit → `409 above_delegated_limit` (or ' +
          '`no_delegated_limit`) and the budget goes to the council’s panel (`budget.referred-to-panel`). A draft whose funding ' +
          'does not add up, or with no lines or management → `409 budget_not_ready`. Needs `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        response: { 200: ref(PersonalBudget), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const budget = await decisions.signOff(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
      );
      return sendWithEtag(reply, budget.id, budget.version, budget);
    },
  );

  app.post(
    '/v1/personal-budgets/:id/panel-decision',
    {
      config: { access: { permission: 'budgets:panel-decision' }, idempotent: true },
      schema: {
        operationId: 'recordPanelDecision',
        tags,
        summary: 'Record the council panel’s decision',
        description:
          'For the council client (scope `panel:decide`). `approved` signs the budget off (the plan goes live, `budget.signed-off`); ' +
          '`returned` sends it back to the practice as a draft. Only a budget awaiting the panel (`409 budget_not_awaiting_panel`). ' +
          'Takes `Idempotency-Key`.',
        params: IdParams,
        body: ref(PanelDecision),
        response: { 200: ref(PersonalBudget), ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const budget = await decisions.panelDecision(request.actor, request.params.id, request.body);
      return sendWithEtag(reply, budget.id, budget.version, budget);
    },
  );

  app.get(
    '/v1/reference/delegated-limits',
    {
      // Reference data, like the resource allocation table: for colleagues and the administrators who set it.
      config: { access: { permission: 'reference:read' } },
      schema: {
        operationId: 'getDelegatedLimits',
        tags: ['reference'],
        summary: 'Delegated sign-off limits per role',
        description: 'Weekly amounts each role may sign off. Above them a budget goes to the council’s panel.',
        response: { 200: ref(DelegatedLimits), ...problems(400, 401, 403, 429) },
      },
    },
    async () => decisions.limits(),
  );

  app.get(
    '/v1/personal-budgets/my-sign-off-limit',
    {
      config: { access: { permission: 'budgets:sign-off' } },
      schema: {
        operationId: 'getMySignOffLimit',
        tags,
        summary: 'The weekly amount I may sign off',
        description:
          'The caller’s effective delegated limit (their own, else the highest of their roles’), the same figure sign-off uses. ' +
          'A budget above it, or any budget with none, goes to the council’s panel when signed off.',
        response: { 200: ref(SignOffLimit), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => decisions.myLimit(request.actor),
  );

  app.put(
    '/v1/reference/delegated-limits',
    {
      config: { access: { permission: 'admin:reference' } },
      schema: {
        operationId: 'setDelegatedLimits',
        tags: ['reference'],
        summary: 'Set the delegated sign-off limits',
        description: 'Replaces the whole table. A role left out has no limit delegated.',
        body: ref(DelegatedLimits),
        response: { 200: ref(DelegatedLimits), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      return decisions.replaceLimits(request.actor, request.body.limits);
    },
  );

  // ——— Reviews ———

  app.get(
    '/v1/reviews',
    {
      config: { access: { permission: 'budgets:read' } },
      schema: {
        operationId: 'listReviews',
        tags: reviewTags,
        summary: 'Reviews: due and overdue lists for a team',
        description:
          '`teamId` and `status=due|overdue` give a team’s lists; `asOf` judges due and overdue as on another date. Ordered by the ' +
          'date each must be done by.',
        querystring: ReviewListQuery,
        response: { 200: ref(ReviewPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      return reviews.reviews(request.actor, { ...request.query, limit: request.query.limit ?? 50 });
    },
  );

  app.get(
    '/v1/reviews/:id',
    {
      config: { access: { permission: 'budgets:read' } },
      schema: {
        operationId: 'getReview',
        tags: reviewTags,
        summary: 'A review',
        description: 'With its ETag for completing it.',
        params: IdParams,
        response: { 200: ref(Review), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const review = await reviews.review(request.actor, request.params.id);
      return sendWithEtag(reply, review.id, review.version, review);
    },
  );

  app.post(
    '/v1/reviews',
    {
      config: { access: { permission: 'reviews:write' } },
      schema: {
        operationId: 'requestUnplannedReview',
        tags: reviewTags,
        summary: 'Ask for an unplanned review',
        description:
          'For a signed-off plan, with the significant event that prompted it (national SALT reasons). Due at once, within 4 weeks; ' +
          'emits `review.due`. Planned reviews are scheduled by sign-off and by completing a review.',
        body: ref(NewUnplannedReview),
        response: { 201: ref(Review), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const review = await reviews.requestUnplannedReview(request.actor, request.body);
      reply.header('etag', etagOf(review.id, review.version));
      return reply.code(201).send(review);
    },
  );

  app.post(
    '/v1/reviews/:id/complete',
    {
      config: { access: { permission: 'reviews:write' } },
      schema: {
        operationId: 'completeReview',
        tags: reviewTags,
        summary: 'Complete a review',
        description:
          'Outcomes fully / partially / not met. The budget may stay or rise, never fall (`409 review_cannot_lower_budget`: a ' +
          'reduction needs a new assessment); the next review is at most 12 months away (`409 next_review_too_late`). Emits ' +
          '`review.completed`. Needs `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(CompleteReview),
        response: { 200: ref(Review), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const review = await reviews.completeReview(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
      );
      return sendWithEtag(reply, review.id, review.version, review);
    },
  );
};
