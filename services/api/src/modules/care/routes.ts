import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, IfMatchHeader, problems, ref } from '../../schemas/common.js';
import { dateInEngland } from '@threefold/domain';
import { letterHtml, letterPdf } from '../eligibility/letter.js';
import { wantsPdf } from '../eligibility/routes.js';
import { statementLetter } from './statement-print.js';
import { expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { DirectPaymentsService } from './direct-payments.js';
import { EndOfSupportService } from './end-of-support.js';
import { ProvidersService } from './providers.js';
import {
  BudgetPeriodStatement,
  CareService,
  CareServiceEnd,
  CareServiceList,
  CareServiceQuery,
  CareServiceResume,
  CareServiceSuspend,
  DirectPaymentAgreement,
  EndOfSupport,
  FinancialAssessment,
  NewCareService,
  NewDirectPaymentAgreement,
  NewEndOfSupport,
  NewFinancialAssessment,
  NewProvider,
  Provider,
  ProviderChange,
  ProviderPage,
  ProviderQuery,
  ProviderSuspension,
  StatementPrintQuery,
  StatementQuery,
} from './schemas.js';
import { CareMoneyService } from './money.js';
import { CareServicesService } from './services.js';

const providerTags = ['providers'];
const serviceTags = ['care-services'];
const readProviders = { permission: 'reference:read' as const, staffOnly: true };
const adminProviders = { permission: 'admin:reference' as const, staffOnly: true };
const readServices = { permission: 'budgets:read' as const };
const writeServices = { permission: 'budgets:write' as const, staffOnly: true };

export const careRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const providers = new ProvidersService(app.dbClient.db);
  const services = new CareServicesService(app.dbClient.db);
  const money = new CareMoneyService(app.dbClient.db);
  const directPayments = new DirectPaymentsService(app.dbClient.db);
  const endOfSupport = new EndOfSupportService(app.dbClient.db);

  // ——— Providers ———

  app.get(
    '/v1/providers',
    {
      config: { access: readProviders },
      schema: {
        operationId: 'listProviders',
        tags: providerTags,
        summary: 'Care providers',
        description: 'By name; `q` matches part of the name or a CQC location id exactly; `status` filters.',
        querystring: ProviderQuery,
        response: { 200: ref(ProviderPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => providers.list(request.query),
  );

  app.post(
    '/v1/providers',
    {
      config: { access: adminProviders },
      schema: {
        operationId: 'addProvider',
        tags: providerTags,
        summary: 'Add a care provider',
        description:
          'With its CQC location id ("1-" and digits; one provider per id, `409 cqc_location_id_taken`) and, where it is ' +
          'in the community directory, that organisation.',
        body: ref(NewProvider),
        response: { 201: ref(Provider), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const provider = await providers.create(request.actor, request.body);
      reply.code(201).header('location', `/v1/providers/${provider.id}`);
      return sendWithEtag(reply, provider.id, provider.version, provider);
    },
  );

  app.get(
    '/v1/providers/:id',
    {
      config: { access: readProviders },
      schema: {
        operationId: 'getProvider',
        tags: providerTags,
        summary: 'A care provider',
        description: 'Its details, CQC location id, directory link and whether it is suspended.',
        params: IdParams,
        response: { 200: ref(Provider), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const provider = await providers.get(request.params.id);
      return sendWithEtag(reply, provider.id, provider.version, provider);
    },
  );

  app.patch(
    '/v1/providers/:id',
    {
      config: { access: adminProviders },
      schema: {
        operationId: 'changeProvider',
        tags: providerTags,
        summary: 'Change a care provider’s details',
        description: 'Send the ETag you read in `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(ProviderChange),
        response: { 200: ref(Provider), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const provider = await providers.change(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
      );
      return sendWithEtag(reply, provider.id, provider.version, provider);
    },
  );

  app.post(
    '/v1/providers/:id/suspend',
    {
      config: { access: adminProviders },
      schema: {
        operationId: 'suspendProvider',
        tags: providerTags,
        summary: 'Suspend a care provider: no new services',
        description: 'Its services carry on until ended. Already suspended: `409 provider_suspended`.',
        params: IdParams,
        body: ref(ProviderSuspension),
        response: { 200: ref(Provider), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => providers.setStatus(request.actor, request.params.id, 'suspended', request.body.reason),
  );

  app.post(
    '/v1/providers/:id/reinstate',
    {
      config: { access: adminProviders },
      schema: {
        operationId: 'reinstateProvider',
        tags: providerTags,
        summary: 'Reinstate a suspended care provider',
        description: 'It may take new services again. Not suspended: `409 provider_not_suspended`.',
        params: IdParams,
        response: { 200: ref(Provider), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => providers.setStatus(request.actor, request.params.id, 'active'),
  );

  // ——— Services ———

  app.get(
    '/v1/care-services',
    {
      config: { access: readServices },
      schema: {
        operationId: 'listCareServices',
        tags: serviceTags,
        summary: 'A person’s or a budget’s services',
        description:
          'Newest start first, with each one’s status today and its suspensions, and the weekly total of those live today. ' +
          'Give `personId` or `budgetId`. Council systems read them with scope `decisions:read`. Audited.',
        querystring: CareServiceQuery,
        response: { 200: ref(CareServiceList), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => services.list(request.actor, request.query),
  );

  app.post(
    '/v1/care-services',
    {
      config: { access: writeServices },
      schema: {
        operationId: 'startCareService',
        tags: serviceTags,
        summary: 'Start a service under a signed-off personal budget',
        description:
          'One part of the budget (and plan line), with its provider (none for a direct payment), weekly cost and start. ' +
          'Refused: a budget not signed off, a part the budget does not have, a suspended provider, a start before the budget ' +
          'went live, a service overlapping another of the same part and line (`409 services_overlap`). A change of plan ' +
          'names the service it replaces in `replacesId`: that one ends the day before. Emits `care_service.started`.',
        body: ref(NewCareService),
        response: { 201: ref(CareService), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const service = await services.start(request.actor, request.body);
      reply.code(201).header('location', `/v1/care-services/${service.id}`);
      return service;
    },
  );

  app.get(
    '/v1/care-services/:id',
    {
      config: { access: readServices },
      schema: {
        operationId: 'getCareService',
        tags: serviceTags,
        summary: 'A care service',
        description: 'With its provider, cost, status today and suspensions. Audited.',
        params: IdParams,
        response: { 200: ref(CareService), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => services.get(request.actor, request.params.id),
  );

  app.post(
    '/v1/care-services/:id/suspend',
    {
      config: { access: writeServices },
      schema: {
        operationId: 'suspendCareService',
        tags: serviceTags,
        summary: 'Suspend a service (a hospital stay)',
        description:
          'From the first day it is not delivered; its dates are kept and the suspended days cost nothing. Emits ' +
          '`care_service.suspended`.',
        params: IdParams,
        body: ref(CareServiceSuspend),
        response: { 200: ref(CareService), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => services.suspend(request.actor, request.params.id, request.body),
  );

  app.post(
    '/v1/care-services/:id/resume',
    {
      config: { access: writeServices },
      schema: {
        operationId: 'resumeCareService',
        tags: serviceTags,
        summary: 'Resume a suspended service',
        description: 'From the first day it is delivered again. Emits `care_service.resumed`.',
        params: IdParams,
        body: ref(CareServiceResume),
        response: { 200: ref(CareService), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => services.resume(request.actor, request.params.id, request.body.on),
  );

  app.post(
    '/v1/care-services/:id/end',
    {
      config: { access: writeServices },
      schema: {
        operationId: 'endCareService',
        tags: serviceTags,
        summary: 'End a service, with the reason',
        description:
          'On its last day delivered (not before its start, `409 end_before_start`); an open suspension closes that day. ' +
          'The reason maps to the Client Level Data release 2 Event_Outcome. Emits `care_service.ended`.',
        params: IdParams,
        body: ref(CareServiceEnd),
        response: { 200: ref(CareService), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => services.end(request.actor, request.params.id, request.body),
  );

  // ——— The end of support ———

  app.post(
    '/v1/people/:id/end-of-support',
    {
      config: { access: writeServices },
      schema: {
        operationId: 'endSupport',
        tags: serviceTags,
        summary: 'The person died or moved away: end everything open',
        description:
          'One action: open stories close (`died` / `moved_away`), services still open after the day end that day ' +
          '(`deceased` / `moved_to_another_council`), open reviews and tasks are cancelled; `person.deceased` or ' +
          '`person.moved_away` tells the council, and each partner that received the person through a connection (addressed to it). Once per person (`409 support_already_ended`).',
        params: IdParams,
        body: ref(NewEndOfSupport),
        response: { 201: ref(EndOfSupport), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const ended = await endOfSupport.end(request.actor, request.params.id, request.body);
      reply.code(201);
      return ended;
    },
  );

  // ——— Direct payments ———

  app.post(
    '/v1/personal-budgets/:id/direct-payment-agreement',
    {
      config: { access: writeServices },
      schema: {
        operationId: 'recordDirectPaymentAgreement',
        tags: serviceTags,
        summary: 'Record a budget’s direct payment agreement',
        description:
          'Who holds it (the person; a nominated person; a suitable person under s32 — only for an s32 direct payment, ' +
          '`409 holder_not_s32`), the start, the payment frequency; the first monitoring review (by default the end of the ' +
          '6–8 week window) goes on the budget’s reviews. One per budget (`409 agreement_exists`).',
        params: IdParams,
        body: ref(NewDirectPaymentAgreement),
        response: { 201: ref(DirectPaymentAgreement), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const agreement = await directPayments.record(request.actor, request.params.id, request.body);
      reply.code(201);
      return agreement;
    },
  );

  app.get(
    '/v1/personal-budgets/:id/direct-payment-agreement',
    {
      config: { access: readServices },
      schema: {
        operationId: 'getDirectPaymentAgreement',
        tags: serviceTags,
        summary: 'A budget’s direct payment agreement',
        description: 'Its holder, start, payment frequency and first monitoring review. Audited.',
        params: IdParams,
        response: { 200: ref(DirectPaymentAgreement), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => directPayments.get(request.actor, request.params.id),
  );

  // ——— Money ———

  app.post(
    '/v1/people/:id/financial-assessments',
    {
      config: { access: { permission: 'charging:write' }, idempotent: true },
      schema: {
        operationId: 'recordFinancialAssessment',
        tags: serviceTags,
        summary: 'The council’s financial assessment: the person’s weekly contribution',
        description:
          'For the council’s charging system (scope `charging:write`), with `Idempotency-Key`. Takes effect from ' +
          '`effectiveFrom` until a later one; not before the person’s first service (`409 contribution_before_first_service`). ' +
          'Emits `contribution.changed` when the amount from that date changes.',
        params: IdParams,
        body: ref(NewFinancialAssessment),
        response: { 201: ref(FinancialAssessment), ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const assessment = await money.recordAssessment(request.actor, request.params.id, request.body);
      reply.code(201);
      return assessment;
    },
  );

  app.get(
    '/v1/personal-budgets/:id/statement',
    {
      config: { access: readServices },
      schema: {
        operationId: 'getBudgetStatement',
        tags: serviceTags,
        summary: 'A personal budget’s statement for a period',
        description:
          'What its services cost from `from` to `to` (both included), accrued day by day so that periods add up exactly, ' +
          'the person’s assessed contribution and the council’s part; and the weekly, four-weekly and annual rates on the ' +
          'last day. Whole pence.',
        params: IdParams,
        querystring: StatementQuery,
        response: { 200: ref(BudgetPeriodStatement), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => money.statement(request.actor, request.params.id, request.query.from, request.query.to),
  );

  app.get(
    '/v1/personal-budgets/:id/statement/print',
    {
      config: { access: { permission: 'budgets:read' as const, staffOnly: true } },
      schema: {
        operationId: 'printBudgetStatement',
        tags: serviceTags,
        summary: 'A personal budget’s statement, written for the person',
        description:
          'The statement for the period as a letter: printable HTML (`Accept: text/html`, the default) or a PDF ' +
          '(`Accept: application/pdf`); `?format=html|pdf` overrides the Accept header. Audited.',
        params: IdParams,
        querystring: StatementPrintQuery,
        response: {
          200: {
            description: 'The statement.',
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
      const { statement, personName, sender } = await money.statementForPrint(
        request.actor,
        request.params.id,
        request.query.from,
        request.query.to,
      );
      const letter = statementLetter(statement, personName, dateInEngland(request.actor.now()), sender);
      reply.header('vary', 'accept').header('cache-control', 'no-store');
      if (wantsPdf(request.query.format, request.headers.accept)) {
        return reply
          .type('application/pdf')
          .header('content-disposition', 'inline; filename="budget-statement.pdf"')
          .send((await letterPdf(letter)) as unknown as string); // bytes: the schema can only call them a binary string
      }
      return reply.type('text/html; charset=utf-8').send(letterHtml(letter));
    },
  );
};
