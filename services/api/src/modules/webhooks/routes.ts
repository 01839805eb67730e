import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { outboxSettings } from '../../outbox/settings.js';
import { PageQuery } from '../../platform/pagination.js';
import { IdParams, Strict, problems, ref } from '../../schemas/common.js';
import {
  CreatedWebhookSubscription,
  NewWebhookSubscription,
  WebhookDeliveryPage,
  WebhookSubscription,
  WebhookSubscriptionPage,
} from './schemas.js';
import { WebhookService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    webhookService: WebhookService;
  }
}

const tags = ['webhooks'];
const access = { permission: 'webhooks:manage' as const };

const routes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  app.decorate('outboxSettings', outboxSettings(config));
  app.decorate('webhookService', new WebhookService(app.dbClient.db, app.outboxSettings));

  app.post(
    '/v1/webhooks',
    {
      config: { access, idempotent: true },
      schema: {
        operationId: 'createWebhookSubscription',
        tags,
        summary: 'Subscribe to events',
        description:
          'Registers a URL to receive the given events as signed Standard Webhooks POSTs. The answer holds the signing ' +
          'secret, shown this once (a retry with the same `Idempotency-Key` replays it). The URL must be `https://` ' +
          'and resolve only to public addresses.',
        body: ref(NewWebhookSubscription),
        response: { 201: ref(CreatedWebhookSubscription), ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const created = await app.webhookService.create(request.actor, request.body);
      return reply.code(201).header('location', `/v1/webhooks/${created.subscription.id}`).send(created);
    },
  );

  app.get(
    '/v1/webhooks',
    {
      config: { access },
      schema: {
        operationId: 'listWebhookSubscriptions',
        tags,
        summary: 'Your subscriptions',
        description: 'The calling client’s active subscriptions, newest first. Secrets are never shown again.',
        querystring: Strict(PageQuery),
        response: { 200: ref(WebhookSubscriptionPage), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => app.webhookService.list(request.actor, request.query.limit ?? 50, request.query.cursor),
  );

  app.get(
    '/v1/webhooks/:id',
    {
      config: { access },
      schema: {
        operationId: 'getWebhookSubscription',
        tags,
        summary: 'One subscription',
        description: 'One of the calling client’s subscriptions; any other id is 404.',
        params: IdParams,
        response: { 200: ref(WebhookSubscription), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => app.webhookService.get(request.actor, request.params.id),
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      config: { access },
      schema: {
        operationId: 'deleteWebhookSubscription',
        tags,
        summary: 'Unsubscribe',
        description:
          'Stops the subscription: nothing more is sent to it, including retries still waiting. Its delivery log is kept.',
        params: IdParams,
        response: { 204: { description: 'Deleted.', type: 'null' }, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await app.webhookService.remove(request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      config: { access },
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'Delivery log of a subscription',
        description:
          'Each event sent to the subscription, newest first: its status, the number of attempts, and the last answer ' +
          'or error. Keyset pages: pass `nextCursor` back as `cursor`.',
        params: IdParams,
        querystring: Strict(PageQuery),
        response: { 200: ref(WebhookDeliveryPage), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) =>
      app.webhookService.deliveries(request.actor, request.params.id, request.query.limit ?? 50, request.query.cursor),
  );
};

/** Webhook subscriptions for machine clients; also provides the outbox worker's settings. */
export const webhookRoutes = fp(routes, { name: 'webhooks', dependencies: ['db'] });
