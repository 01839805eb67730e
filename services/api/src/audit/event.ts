import { createHash } from 'node:crypto';

export const actorTypes = ['user', 'client', 'system', 'anonymous'] as const;
export type ActorType = (typeof actorTypes)[number];
export const outcomes = ['allowed', 'denied'] as const;
export type Outcome = (typeof outcomes)[number];

/**
 * One thing that happened to personal data: who, what, to which record, why and whether it was
 * allowed. Identifiers only — never names, addresses, notes or any other personal data itself.
 */
export interface AuditEventInput {
  actorType: ActorType;
  actorId?: string | null;
  /** The actor's roles (comma-separated) or client kind at the time. */
  actorRole?: string | null;
  /** `<resource>.<verb>`, e.g. `person.read`, `person.update`, `audit.search`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** The person the record is about, so a subject access request can list who saw what. */
  personId?: string | null;
  /** Why a restricted record was opened ("break glass"). */
  reason?: string | null;
  /** Defaults to `allowed`. */
  outcome?: Outcome;
  requestId?: string | null;
}

/** What a route records: the actor and request id come from the request itself. */
export type RequestAuditEvent = Omit<AuditEventInput, 'actorType' | 'actorId' | 'actorRole' | 'requestId'>;

/** A row ready to insert into `audit_events` (seq and txid are the database's). */
export interface AuditRow {
  id: string;
  occurredAt: Date;
  actorType: ActorType;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  personId: string | null;
  reason: string | null;
  outcome: Outcome;
  requestId: string | null;
}

export class InvalidAuditEvent extends TypeError {
  constructor(message: string) {
    super(`invalid audit event: ${message}`);
    this.name = 'InvalidAuditEvent';
  }
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const RESOURCE_TYPE = /^[a-z][a-z0-9_]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function optionalText(event: AuditEventInput, key: keyof AuditEventInput, max: number): string | null {
  const value = event[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new InvalidAuditEvent(`${key} must be a non-empty string of at most ${max} characters`);
  }
  return value;
}

/**
 * Checks an event and fixes its id and time. A malformed event is a programming error: it is
 * refused here, before it can poison a batch of other requests' rows.
 */
export function toAuditRow(event: AuditEventInput, id: string, occurredAt: Date): AuditRow {
  if (!actorTypes.includes(event.actorType)) throw new InvalidAuditEvent('actorType is not one of the known kinds');
  if (typeof event.action !== 'string' || event.action.length > 100 || !ACTION.test(event.action)) {
    throw new InvalidAuditEvent('action must look like `person.read`');
  }
  if (
    typeof event.resourceType !== 'string' ||
    event.resourceType.length > 100 ||
    !RESOURCE_TYPE.test(event.resourceType)
  ) {
    throw new InvalidAuditEvent('resourceType must look like `person`');
  }
  const outcome = event.outcome ?? 'allowed';
  if (!outcomes.includes(outcome)) throw new InvalidAuditEvent('outcome must be allowed or denied');
  const personId = optionalText(event, 'personId', 36);
  if (personId !== null && !UUID.test(personId)) throw new InvalidAuditEvent('personId must be a uuid');
  return {
    id,
    occurredAt,
    actorType: event.actorType,
    actorId: optionalText(event, 'actorId', 200),
    actorRole: optionalText(event, 'actorRole', 200),
    action: event.action,
    resourceType: event.resourceType,
    resourceId: optionalText(event, 'resourceId', 200),
    personId: personId?.toLowerCase() ?? null,
    reason: optionalText(event, 'reason', 2000),
    outcome,
    requestId: optionalText(event, 'requestId', 128),
  };
}

/** An `audit_events` row as the chain sees it: every column but txid, the time as ISO UTC text. */
export interface ChainedEvent {
  seq: number;
  id: string;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  person_id: string | null;
  reason: string | null;
  outcome: string;
  request_id: string | null;
}

/**
 * The select list that reads an event in its canonical form. The time is formatted by the
 * database, to the microsecond, so an edit to any digit of it changes the hash.
 */
export const canonicalColumns = (alias: string) => `
  ${alias}.seq::text as seq, ${alias}.id::text as id,
  to_char(${alias}.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
  ${alias}.actor_type, ${alias}.actor_id, ${alias}.actor_role, ${alias}.action, ${alias}.resource_type,
  ${alias}.resource_id, ${alias}.person_id::text as person_id, ${alias}.reason, ${alias}.outcome, ${alias}.request_id`;

type RawEvent = Omit<ChainedEvent, 'seq'> & { seq: string | number };

export function chainedEventOf(row: RawEvent): ChainedEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurred_at: row.occurred_at,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    actor_role: row.actor_role,
    action: row.action,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    person_id: row.person_id,
    reason: row.reason,
    outcome: row.outcome,
    request_id: row.request_id,
  };
}

/** Stable JSON: keys in code-point order, no whitespace. */
export function canonical(event: ChainedEvent): string {
  const sorted = Object.keys(event)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(event[key as keyof ChainedEvent])}`);
  return `{${sorted.join(',')}}`;
}

/** The hash before position 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** Position n's hash: sha256(hash(n-1) as 32 bytes ‖ canonical(event n) as UTF-8), hex. */
export function chainHash(previousHash: string, event: ChainedEvent): string {
  return createHash('sha256').update(Buffer.from(previousHash, 'hex')).update(canonical(event), 'utf8').digest('hex');
}
