import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './directory.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Self-managed teams: no manager hands out work; each team has its board. */
export const teams = pgTable('teams', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  description: text().notNull().default(''),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
});

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    /** Base32 TOTP secret; null until the colleague enrols. */
    totpSecret: text(),
    totpEnrolledAt: timestamp({ withTimezone: true }),
    /** The last time step accepted, so a code cannot be replayed within its window. */
    totpLastStep: integer(),
    /** Set when an administrator resets the password: the colleague must choose a new one at next sign-in. */
    passwordMustChange: boolean().notNull().default(false),
    roles: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Budget sign-off limit for qualified social workers, in pence per week. */
    delegatedWeeklyLimitPence: integer(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex('staff_users_email_key').on(sql`lower(${t.email})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/** Server-side sessions: the cookie holds a random token, the database only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: bytea().notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    state: text({ enum: ['awaiting_totp', 'active'] }).notNull(),
    csrfToken: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    idleExpiresAt: timestamp({ withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Failed sign-in counters by account and by address, shared by every API instance. */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  firstFailureAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp({ withTimezone: true }),
});

/**
 * Addresses an account has completed sign-in from. A failing address is held back, but not for
 * an account that has signed in from it before, so failures at a shared address (an office NAT)
 * cannot lock a colleague out; the account-and-address pair keeps its own, lower allowance.
 */
export const signInKnownAddresses = pgTable(
  'sign_in_known_addresses',
  {
    userId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    ip: text().notNull(),
    lastSuccessAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ip] })],
);

/** Council systems and partner organisations, authenticated with OAuth 2.0 client credentials. */
export const machineClients = pgTable(
  'machine_clients',
  {
    id: uuid().primaryKey().defaultRandom(),
    clientId: text().notNull().unique(),
    name: text().notNull(),
    kind: text({ enum: ['council', 'partner'] }).notNull(),
    organisationId: uuid().references(() => organisations.id),
    scopes: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    secretHash: text().notNull(),
    /** The secret being rotated out stays valid until this time, so integrations can switch over. */
    previousSecretHash: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    rateLimitPerMinute: integer().notNull().default(600),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    check('machine_clients_partner_has_organisation', sql`(${t.kind} = 'partner') = (${t.organisationId} is not null)`),
  ],
);

/** Keys that sign access tokens, shared through the database so every instance verifies every token. */
export const signingKeys = pgTable('signing_keys', {
  kid: text().primaryKey(),
  /** With `encryption` = 'aes-256-gcm': nonce (12 bytes) ‖ tag (16) ‖ ciphertext, under the configured key-encryption key. */
  secret: bytea().notNull(),
  encryption: text({ enum: ['none', 'aes-256-gcm'] })
    .notNull()
    .default('none'),
  /** Retired keys no longer sign, but verify until the tokens they signed have expired. */
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp({ withTimezone: true }),
});

/**
 * Token buckets for per-caller rate limits, shared by every instance: a bucket holds up to a
 * minute's allowance and refills continuously, so no boundary lets a caller burst to twice its
 * limit. Unlogged: no WAL flush per request; a crash merely refills the buckets.
 */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * Fixed-window request counters for per-caller rate limits, shared by every instance. Unlogged:
 * counting costs no WAL flush on every request, and a crash merely resets the current minute.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);
