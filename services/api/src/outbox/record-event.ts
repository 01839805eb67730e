import { outboxEvents, type DbOrTx } from '@threefold/db';
import { runNamed, type NamedStatement } from '../platform/named-query.js';
import type { StatementPart } from '../platform/one-statement.js';
import { audienceMayReceive, type WebhookEventType } from './event-types.js';

/** Extra payload fields: ids, codes and types only — never names, notes or other personal detail. */
export type EventData = Record<string, string | number | boolean | null>;

export interface NewEvent {
  type: WebhookEventType;
  /** What the event is about, e.g. `contact`, `connection`, `person`. */
  subjectType: string;
  subjectId: string;
  /** For events only one partner organisation may hear of (a connection addressed to it). */
  audienceOrganisationId?: string | null;
  data?: EventData;
}

// One or two events (almost every use case): named statements, planned once per connection.
const insertOf = (count: number): NamedStatement => ({
  name: `outbox_events_insert_${count}`,
  text: `insert into outbox_events (type, subject_type, subject_id, audience_organisation_id, data) values ${Array.from(
    { length: count },
    (_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}::uuid, $${i * 5 + 5}::jsonb)`,
  ).join(', ')} returning id, seq`,
});
const namedInserts = [insertOf(1), insertOf(2)];

const reservedKeys = new Set(['id', 'subjectType', 'subjectId']);

/**
 * Records a domain event in the outbox, in the caller's transaction: when the change rolls
 * back, so does the event, and nothing is sent. The dispatcher turns committed events into
 * webhook deliveries.
 */
export async function recordEvent(tx: DbOrTx, event: NewEvent): Promise<{ id: string; seq: number }> {
  return (await recordEvents(tx, [event]))[0]!;
}

/** The events as rows, checked: thin payloads, and an audience only for partner events. */
function rowsOf(events: NewEvent[]) {
  return events.map((event) => {
    const audienceOrganisationId = event.audienceOrganisationId ?? null;
    if (audienceOrganisationId && !audienceMayReceive(event.type, 'partner')) {
      throw new Error(`${event.type} is not a partner event; it cannot be addressed to an organisation`);
    }
    if (!audienceOrganisationId && !audienceMayReceive(event.type, 'council')) {
      throw new Error(`${event.type} is a partner event; give the organisation it is addressed to`);
    }
    const data = event.data ?? {};
    for (const [key, value] of Object.entries(data)) {
      // Thin payloads: a nested object is where personal detail would creep in.
      if (reservedKeys.has(key) || (value !== null && typeof value === 'object')) {
        throw new Error(`event data field "${key}" is not allowed: use ids and types only`);
      }
    }
    return {
      type: event.type,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      audienceOrganisationId,
      data,
    };
  });
}

const valuesOf = (rows: ReturnType<typeof rowsOf>) =>
  rows.flatMap((r) => [r.type, r.subjectType, r.subjectId, r.audienceOrganisationId, JSON.stringify(r.data)]);

/** Several events in one statement, in the order given (their `seq` follows it). */
export async function recordEvents(tx: DbOrTx, events: NewEvent[]): Promise<{ id: string; seq: number }[]> {
  const rows = rowsOf(events);
  if (rows.length === 0) return [];
  const named = namedInserts[rows.length - 1];
  if (named) {
    const inserted = await runNamed<{ id: string; seq: number }>(tx, named, valuesOf(rows));
    return inserted.sort((x, y) => x.seq - y.seq);
  }
  const inserted = await tx.insert(outboxEvents).values(rows).returning({ id: outboxEvents.id, seq: outboxEvents.seq });
  return inserted.sort((x, y) => x.seq - y.seq);
}

/**
 * The same events as a part of a use case's one statement (`OneStatement`): written, checked and
 * ordered as `recordEvents` writes them, committed or refused with the change they announce.
 */
export function eventsPart(events: NewEvent[]): StatementPart {
  const rows = rowsOf(events);
  if (rows.length === 0) throw new Error('an outbox part needs at least one event');
  const insert = namedInserts[rows.length - 1] ?? insertOf(rows.length);
  return { shape: insert.name, text: insert.text, values: valuesOf(rows) };
}
