import { Type, type Static } from 'typebox';
import { webhookEventCatalogue, webhookEventTypes } from '../../outbox/event-types.js';
import { NextCursor } from '../../platform/pagination.js';
import { ref, StringEnum, Strict } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const WebhookEventType = StringEnum(webhookEventTypes, {
  $id: 'WebhookEventType',
  title: 'WebhookEventType',
  maxLength: 60,
  description:
    'An event a subscription can receive. Council clients may subscribe to council events, partner clients to ' +
    'partner events (those about connections addressed to their organisation):\n\n' +
    webhookEventCatalogue.map((e) => `- \`${e.type}\` (${e.audiences.join(', ')}): ${e.description}`).join('\n'),
});

const EventTypeList = Type.Array(ref(WebhookEventType), { minItems: 1, maxItems: 50, uniqueItems: true });

export const NewWebhookSubscription = Strict(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'Where to POST events: an `https://` URL whose host resolves only to public addresses (never private, loopback, ' +
        'link-local, CGNAT, multicast or reserved ones). It is checked now and again before every delivery.',
    }),
    eventTypes: EventTypeList,
  },
  { $id: 'NewWebhookSubscription', title: 'NewWebhookSubscription' },
);
export type NewWebhookSubscriptionBody = Static<typeof NewWebhookSubscription>;

export const WebhookSubscription = Strict(
  {
    id: Id,
    url: Type.String({ maxLength: 2000 }),
    eventTypes: EventTypeList,
    createdAt: Timestamp,
  },
  {
    $id: 'WebhookSubscription',
    title: 'WebhookSubscription',
    description: 'Where a machine client wants events sent, and which ones.',
  },
);
export type WebhookSubscriptionBody = Static<typeof WebhookSubscription>;

export const CreatedWebhookSubscription = Strict(
  {
    subscription: ref(WebhookSubscription),
    secret: Type.String({
      maxLength: 100,
      pattern: '^whsec_[A-Za-z0-9+/=]+$',
      description:
        'The Standard Webhooks signing secret (`whsec_…`). Shown once, now: keep it in your secret store and verify ' +
        'the `webhook-signature` of every delivery with it.',
    }),
  },
  { $id: 'CreatedWebhookSubscription', title: 'CreatedWebhookSubscription' },
);

export const WebhookSubscriptionPage = Strict(
  { items: Type.Array(ref(WebhookSubscription), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'WebhookSubscriptionPage', title: 'WebhookSubscriptionPage' },
);

export const WebhookDelivery = Strict(
  {
    id: Id,
    eventId: Type.String({ format: 'uuid', maxLength: 36, description: 'Also the `webhook-id` header sent.' }),
    eventType: Type.String({ maxLength: 60 }),
    status: StringEnum(['pending', 'delivered', 'failed', 'dead'] as const, {
      description:
        '`pending`: not tried yet; `failed`: the last attempt failed and another will follow; `delivered`: a 2xx ' +
        'answer; `dead`: every attempt failed, or the subscription was deleted first.',
    }),
    attempts: Type.Integer({ minimum: 0, maximum: 1000, format: 'int32' }),
    lastResponseStatus: Type.Union([Type.Integer({ minimum: 100, maximum: 599, format: 'int32' }), Type.Null()]),
    lastError: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    createdAt: Timestamp,
    lastAttemptAt: NullableTimestamp,
    deliveredAt: NullableTimestamp,
  },
  {
    $id: 'WebhookDelivery',
    title: 'WebhookDelivery',
    description: 'One event sent (or being sent) to a subscription.',
  },
);
export type WebhookDeliveryBody = Static<typeof WebhookDelivery>;

export const WebhookDeliveryPage = Strict(
  { items: Type.Array(ref(WebhookDelivery), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'WebhookDeliveryPage', title: 'WebhookDeliveryPage' },
);

export const webhookSchemas = [
  WebhookEventType,
  NewWebhookSubscription,
  WebhookSubscription,
  CreatedWebhookSubscription,
  WebhookSubscriptionPage,
  WebhookDelivery,
  WebhookDeliveryPage,
];
