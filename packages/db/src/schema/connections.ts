import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversations } from './conversations.js';
import { directoryServices, organisations } from './directory.js';
import { people } from './people.js';

/**
 * A person connected to a service or a partner organisation, from a conversation. Row-level
 * security (migration `connections_rls`) lets a partner's transactions see only the rows
 * addressed to its organisation, whatever the query says.
 */
export const connections = pgTable(
  'connections',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    conversationId: uuid().references(() => conversations.id),
    serviceId: uuid().references(() => directoryServices.id),
    /** The organisation it is addressed to (the service's, when a service was chosen). */
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    status: text({ enum: ['offered', 'accepted', 'declined', 'completed', 'withdrawn'] })
      .notNull()
      .default('offered'),
    /** The person agreed to share what is below; otherwise a lawful basis and reason are recorded. */
    consentToShare: boolean().notNull(),
    lawfulOverrideReason: text(),
    /** What the practitioner chose to share with the partner. */
    contactRoute: text({ enum: ['phone', 'email', 'letter', 'visit', 'through_practice'] }).notNull(),
    contactDetail: text(),
    whatMatters: text().notNull().default(''),
    ask: text().notNull(),
    sharedDetail: text(),
    /** Why it was declined or withdrawn; how it ended when completed. */
    reason: text(),
    outcome: text(),
    createdById: uuid().notNull(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A partner's reliable pull: its rows in (updated_at, id) order.
    index('connections_partner_pull_idx').on(t.organisationId, t.updatedAt, t.id),
    index('connections_person_idx').on(t.personId, t.createdAt),
  ],
);

/** Each step of a connection's lifecycle: who moved it, and why or with what outcome. */
export const connectionEvents = pgTable(
  'connection_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    connectionId: uuid()
      .notNull()
      .references(() => connections.id),
    /** Copied from the connection so row-level security can filter without a join. */
    organisationId: uuid().notNull(),
    status: text().notNull(),
    note: text(),
    byType: text({ enum: ['user', 'client'] }).notNull(),
    byId: uuid().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('connection_events_connection_idx').on(t.connectionId, t.at)],
);
