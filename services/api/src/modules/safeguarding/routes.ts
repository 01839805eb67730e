import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import { expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { IdParams, IfMatchHeader, problems, ref } from '../../schemas/common.js';
import {
  Concern,
  ConcernOrMatter,
  ConcernQuery,
  ConcernQueue,
  Conclusion,
  Decision,
  EndEarly,
  Enquiry,
  EnquiryChanges,
  EnquiryList,
  EnquiryOrMatter,
  EnquiryQuery,
  NewConcern,
  NewInvolvement,
  PersonSafeguarding,
} from './schemas.js';
import { EnquiryOutcome } from './outcome-schemas.js';
import { AdultReview, AdultReviewList, AdultReviewQuery, NewAdultReview } from './review-schemas.js';
import { PersonSafeguardingService } from './access.js';
import { ConcernService } from './concerns.js';
import { DecisionService } from './decision.js';
import { EnquiryService } from './enquiries.js';
import { AdultReviewService } from './reviews.js';
import { financialYear } from '../returns/safeguarding-adults.js';

const tags = ['safeguarding'];
// Raising a concern, and asking about one, is open to every practitioner and the council's
// systems; the service then decides between the full record and "a matter exists, ask X".
const raise = { permission: 'safeguarding:raise' as const };
const lead = { permission: 'safeguarding:read' as const };
const decide = { permission: 'safeguarding:decide' as const };
const outcomes = { permission: 'safeguarding:outcomes' as const };

export const safeguardingRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const settings = {
    decisionWorkingDays: config.SAFEGUARDING_DECISION_WORKING_DAYS,
    enquiryWorkingDays: config.SAFEGUARDING_ENQUIRY_WORKING_DAYS,
  };
  const db = app.dbClient.db;
  const concerns = new ConcernService(db, settings);
  const decisions = new DecisionService(db, settings);
  const enquiries = new EnquiryService(db, settings);
  const people = new PersonSafeguardingService(db, settings);
  const reviews = new AdultReviewService(db);

  app.get(
    '/v1/safeguarding/enquiries/:id/outcome',
    {
      config: { access: outcomes },
      schema: {
        operationId: 'getSafeguardingEnquiryOutcome',
        tags,
        summary: 'A concluded section 42 enquiry’s outcome',
        description:
          'For the council’s systems (`decisions:read`) after `safeguarding.enquiry-concluded`: whether a risk was identified and ' +
          'acted on, the result, and whether the person’s desired outcomes were asked and achieved (or that it ended at the ' +
          'person’s request). No narrative. 404 for an enquiry that is not a section 42 enquiry; 409 `enquiry_not_concluded` ' +
          'while open. Audited.',
        params: IdParams,
        response: { 200: ref(EnquiryOutcome), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => enquiries.outcome(request.actor, request.params.id),
  );

  app.post(
    '/v1/safeguarding/adult-reviews',
    {
      config: { access: decide },
      schema: {
        operationId: 'recordSafeguardingAdultReview',
        tags,
        summary: 'Record a completed Safeguarding Adult Review',
        description:
          'A Safeguarding Adult Review (Care Act 2014 s44) the board completed, with how many individuals who suffered ' +
          'serious harm died or survived: the Safeguarding Adults Collection counts them (SG5a, SG5b). No names.',
        body: ref(NewAdultReview),
        response: { 201: ref(AdultReview), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => reply.code(201).send(await reviews.record(request.actor, request.body)),
  );

  app.get(
    '/v1/safeguarding/adult-reviews',
    {
      config: { access: decide },
      schema: {
        operationId: 'listSafeguardingAdultReviews',
        tags,
        summary: 'Safeguarding Adult Reviews completed in a financial year',
        description:
          'The reviews the Safeguarding Adults Collection counts for the year (SG5a, SG5b), in the order completed.',
        querystring: AdultReviewQuery,
        response: { 200: ref(AdultReviewList), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const { from, to } = financialYear(request.query.year);
      return reviews.list(from, to);
    },
  );

  app.post(
    '/v1/safeguarding/concerns',
    {
      config: { access: raise, idempotent: true },
      schema: {
        operationId: 'raiseSafeguardingConcern',
        tags,
        summary: 'Raise a safeguarding concern',
        description:
          'From a contact (`contactId`), a conversation (`conversationId`), by the council’s systems, or on its own: who raised it, ' +
          'what happened, the person’s immediate safety and the types of risk suspected. Starts the decision clock ' +
          '(working days, England bank holidays not counted). Council systems send `Idempotency-Key`. Emits `safeguarding.concern-raised`.',
        body: ref(NewConcern),
        response: { 201: ref(Concern), ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const concern = await concerns.raise(request.actor, request.body);
      return reply.code(201).send(concern);
    },
  );

  app.get(
    '/v1/safeguarding/concerns',
    {
      config: { access: lead },
      schema: {
        operationId: 'listSafeguardingConcerns',
        tags,
        summary: 'The safeguarding lead’s queue',
        description:
          'Concerns awaiting the section 42 decision (the default), oldest first so the overdue ones lead, each with its ' +
          'decision clock; `overdueCount` counts every overdue decision. `status` lists decided concerns instead.',
        querystring: ConcernQuery,
        response: { 200: ref(ConcernQueue), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => concerns.queue(request.actor, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/v1/safeguarding/concerns/:id',
    {
      config: { access: raise },
      schema: {
        operationId: 'getSafeguardingConcern',
        tags,
        summary: 'A safeguarding concern',
        description:
          'In full for the safeguarding lead and colleagues involved in its enquiry; anyone else gets `SafeguardingMatter`: ' +
          'that a matter exists and whom to ask. Every view is audited.',
        params: IdParams,
        response: { 200: ConcernOrMatter, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const found = await concerns.concern(request.actor, request.params.id);
      return 'full' in found ? found.full : found.reduced;
    },
  );

  app.post(
    '/v1/safeguarding/concerns/:id/decision',
    {
      config: { access: decide },
      schema: {
        operationId: 'decideSafeguardingConcern',
        tags,
        summary: 'The section 42 decision',
        description:
          'The three criteria one by one. All three → a section 42 enquiry; otherwise an other (proportionate) enquiry, or no ' +
          'enquiry with its reason and any other action (information, a conversation, a connection). `409 decision_refused` ' +
          'lists each broken rule. An enquiry opens with its lead (the practice, or another organisation caused to enquire). ' +
          'Emits `safeguarding.decision-made` and, with an enquiry, `safeguarding.enquiry-opened`.',
        params: IdParams,
        body: ref(Decision),
        response: { 200: ref(Concern), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => decisions.decide(request.actor, request.params.id, request.body),
  );

  app.get(
    '/v1/safeguarding/enquiries',
    {
      config: { access: raise },
      schema: {
        operationId: 'listSafeguardingEnquiries',
        tags,
        summary: 'Safeguarding enquiries',
        description:
          'Every enquiry for the safeguarding lead; the ones they are involved in for other colleagues. Oldest first, each with its clock.',
        querystring: EnquiryQuery,
        response: { 200: ref(EnquiryList), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => enquiries.enquiries(request.actor, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/v1/safeguarding/enquiries/:id',
    {
      config: { access: raise },
      schema: {
        operationId: 'getSafeguardingEnquiry',
        tags,
        summary: 'A safeguarding enquiry',
        description:
          'Starting with what the person wants, in their words. In full (with its ETag) for the safeguarding lead and colleagues ' +
          'involved; anyone else gets `SafeguardingMatter`. Every view is audited.',
        params: IdParams,
        response: { 200: EnquiryOrMatter, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const found = await enquiries.enquiry(request.actor, request.params.id);
      return 'full' in found ? sendWithEtag(reply, found.full.id, found.full.version, found.full) : found.reduced;
    },
  );

  app.patch(
    '/v1/safeguarding/enquiries/:id',
    {
      config: { access: raise },
      schema: {
        operationId: 'recordSafeguardingEnquiry',
        tags,
        summary: 'Record what the person wants, capacity, advocacy, the safety plan',
        description:
          'Desired outcomes in the person’s words (asked and expressed / asked, none expressed / not asked with the reason), ' +
          'mental capacity, the s68 advocacy test with the advocate or appropriate person, the safety plan. The lead and ' +
          'colleagues involved only (`403 not_involved_in_enquiry`). Needs `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(EnquiryChanges),
        response: { 200: ref(Enquiry), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const view = await enquiries.recordEnquiry(
        request.actor,
        request.params.id,
        () => expectedVersion(request, request.params.id),
        request.body,
      );
      return sendWithEtag(reply, view.id, view.version, view);
    },
  );

  app.post(
    '/v1/safeguarding/enquiries/:id/involvements',
    {
      config: { access: decide },
      schema: {
        operationId: 'involveInSafeguardingEnquiry',
        tags,
        summary: 'Involve a colleague in an enquiry',
        description: 'The colleague then sees the enquiry and its concern in full, and can record in it.',
        params: IdParams,
        body: ref(NewInvolvement),
        response: { 200: ref(Enquiry), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => enquiries.involve(request.actor, request.params.id, request.body),
  );

  app.post(
    '/v1/safeguarding/enquiries/:id/conclusion',
    {
      config: { access: raise },
      schema: {
        operationId: 'concludeSafeguardingEnquiry',
        tags,
        summary: 'Conclude an enquiry',
        description:
          'With the national lists: types of risk (several), location, source, risk identified and action taken, result ' +
          '(removed / reduced / remains) and desired outcomes achieved (fully / partially / not). Each value off a list is named ' +
          'in `errors` (400); `409 conclusion_refused` when the person was not asked what they want, an s68 advocate is missing, ' +
          'or a result or outcome is given where it does not apply (or missing where it does). Emits `safeguarding.enquiry-concluded`.',
        params: IdParams,
        body: ref(Conclusion),
        response: { 200: ref(Enquiry), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => enquiries.conclude(request.actor, request.params.id, request.body),
  );

  app.post(
    '/v1/safeguarding/enquiries/:id/end-early',
    {
      config: { access: raise },
      schema: {
        operationId: 'endSafeguardingEnquiryEarly',
        tags,
        summary: 'End an enquiry at the person’s request',
        description:
          'Recorded as ended at the person’s request, with what they said. Emits `safeguarding.enquiry-concluded` with `endedAtPersonsRequest`.',
        params: IdParams,
        body: ref(EndEarly),
        response: { 200: ref(Enquiry), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => enquiries.endEarly(request.actor, request.params.id, request.body.reason),
  );

  app.get(
    '/v1/people/:id/safeguarding',
    {
      config: { access: raise },
      schema: {
        operationId: 'getPersonSafeguarding',
        tags,
        summary: 'Safeguarding on a person’s page',
        description:
          'Concerns and enquiries in full where the colleague may see them; otherwise only that a matter exists and whom to ask.',
        params: IdParams,
        response: { 200: ref(PersonSafeguarding), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => people.ofPerson(request.actor, request.params.id),
  );
};
