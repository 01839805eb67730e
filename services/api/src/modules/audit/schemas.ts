import { Type, type Static } from 'typebox';
import { actorTypes, outcomes } from '../../audit/event.js';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { Strict, StringEnum, ref } from '../../schemas/common.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const OptionalText = (maxLength: number, description: string) =>
  Type.Union([Type.String({ maxLength }), Type.Null()], { description });
const ACTION_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$';

export const AuditEvent = Strict(
  {
    id: Uuid,
    seq: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      format: 'int64',
      description: 'Order of insertion.',
    }),
    occurredAt: { ...Instant, description: 'When it happened (UTC, to the microsecond).' },
    actorType: StringEnum(actorTypes),
    actorId: OptionalText(200, 'The staff user or machine client id; null for the system or an anonymous caller.'),
    actorRole: OptionalText(200, 'The actor’s roles (comma-separated) or client kind at the time.'),
    action: Type.String({
      maxLength: 100,
      pattern: ACTION_PATTERN,
      description: 'E.g. `person.read`, `person.update`.',
    }),
    resourceType: Type.String({ maxLength: 100 }),
    resourceId: OptionalText(200, 'The record acted on.'),
    personId: Type.Union([Uuid, Type.Null()], { description: 'The person the record is about.' }),
    reason: OptionalText(2000, 'The reason recorded to open a restricted record (break glass).'),
    outcome: StringEnum(outcomes),
    requestId: OptionalText(128, 'The request’s `x-request-id`, to join the event with logs.'),
  },
  {
    $id: 'AuditEvent',
    title: 'AuditEvent',
    description: 'Who did what to which record, when, and whether it was allowed. Never the personal data itself.',
  },
);
export type AuditEventBody = Static<typeof AuditEvent>;

export const AuditPage = Strict(
  { items: Type.Array(ref(AuditEvent), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'AuditPage', title: 'AuditPage', description: 'Audit events, newest first, in keyset pages.' },
);
export type AuditPageBody = Static<typeof AuditPage>;

export const AuditQuery = Strict({
  personId: Type.Optional({ ...Uuid, description: 'Only events about this person.' }),
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only events by this actor.' })),
  action: Type.Optional(
    Type.String({ maxLength: 100, pattern: ACTION_PATTERN, description: 'Only this action, e.g. `person.read`.' }),
  ),
  from: Type.Optional({ ...Instant, description: 'Events at or after this instant (inclusive).' }),
  to: Type.Optional({ ...Instant, description: 'Events before this instant (exclusive).' }),
  ...PageQuery,
});
export type AuditQueryParams = Static<typeof AuditQuery>;

export const auditSchemas = [AuditEvent, AuditPage];
