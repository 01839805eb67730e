import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { contacts } from './contacts.js';
import { staffUsers, teams } from './identity.js';
import { people } from './people.js';

/**
 * A person's story (episode): the sequence of conversations that follows a contact. Stories
 * that need someone show on their team's board; nobody hands work out.
 */
export const stories = pgTable(
  'stories',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    teamId: uuid().references(() => teams.id),
    contactId: uuid().references(() => contacts.id),
    status: text({ enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    /** Held by a colleague, or null while it waits on the board. */
    heldById: uuid().references(() => staffUsers.id),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    /** Who closed it, why (a stable code), how far it had come, and the person's own answer. */
    closedById: uuid().references(() => staffUsers.id),
    closedReason: text({
      enum: [
        'resolved_in_conversation_1',
        'resolved_in_conversation_2',
        'resolved_in_conversation_3',
        'long_term_support_arranged',
        'moved_away',
        'died',
        'declined_further_help',
        'handed_to_another_organisation',
        'duplicate',
      ],
    }),
    closedStage: text({ enum: ['contact', 'conversation_1', 'conversation_2', 'conversation_3'] }),
    /** "Did this resolve what mattered to you?" */
    resolvedWhatMattered: text({ enum: ['yes', 'partly', 'no', 'not_asked'] }),
    /** The person's answer in their own words. */
    personsWords: text(),
    closedNote: text(),
    /**
     * The person (or someone for them) asked to go straight to the eligibility assessment (Care Act
     * 2014 s9(3)): when, who asked, their name and why. Conversation 3 then opens for this story
     * without the peer step; the gate stays for every other story.
     */
    assessmentRequestedAt: timestamp({ withTimezone: true }),
    assessmentRequestedBy: text({ enum: ['person', 'someone_for_them'] }),
    assessmentRequesterName: text(),
    assessmentRequestReason: text(),
    assessmentRequestRecordedById: uuid().references(() => staffUsers.id),
    version: integer().notNull().default(1),
  },
  (t) => [
    check(
      'stories_assessment_request_fields',
      sql`(${t.assessmentRequestedAt} is null) = (${t.assessmentRequestedBy} is null) and (${t.assessmentRequestedAt} is null) = (${t.assessmentRequestReason} is null)`,
    ),
    index('stories_assessment_requested_idx')
      .on(t.assessmentRequestedAt)
      .where(sql`${t.assessmentRequestedAt} is not null`),
    // A closing's reason, stage and answer go together, and only on a closed story (stories closed
    // before closings were recorded have none).
    check(
      'stories_closed_fields',
      sql`(${t.closedReason} is null) = (${t.closedStage} is null) and (${t.closedReason} is null) = (${t.resolvedWhatMattered} is null) and (${t.closedReason} is null or (${t.status} = 'closed' and ${t.closedAt} is not null))`,
    ),
    index('stories_closed_idx')
      .on(t.closedAt)
      .where(sql`${t.status} = 'closed'`),
    index('stories_person_idx').on(t.personId, t.openedAt),
    index('stories_holder_idx')
      .on(t.heldById)
      .where(sql`${t.status} = 'open'`),
    // A team's caseload: its open stories, held or not (without it, every open story in the practice was read).
    index('stories_team_open_idx')
      .on(t.teamId)
      .where(sql`${t.status} = 'open'`),
    index('stories_board_idx')
      .on(t.teamId, t.openedAt)
      .where(sql`${t.status} = 'open' and ${t.heldById} is null`),
  ],
);

/** What happened on a story besides conversations: picked up, colleague invited, handed on with a note, a request for peer review or a risk panel. */
export const storyEvents = pgTable(
  'story_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    storyId: uuid()
      .notNull()
      .references(() => stories.id),
    kind: text().notNull(),
    byId: uuid().references(() => staffUsers.id),
    colleagueId: uuid().references(() => staffUsers.id),
    note: text().notNull().default(''),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('story_events_story_idx').on(t.storyId, t.at)],
);

/**
 * A request on a story for a peer review or a risk panel, open until one is recorded. Open ones
 * show on the team's board whether or not someone holds the story; the partial index keeps that
 * lookup to the requests still open, however many were answered before.
 */
export const storyRequests = pgTable(
  'story_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    storyId: uuid()
      .notNull()
      .references(() => stories.id),
    kind: text({ enum: ['peer_review', 'risk_panel'] }).notNull(),
    byId: uuid().references(() => staffUsers.id),
    note: text().notNull().default(''),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp({ withTimezone: true }),
    answeredById: uuid().references(() => staffUsers.id),
    answer: text(),
  },
  (t) => [
    index('story_requests_open_idx')
      .on(t.storyId)
      .where(sql`${t.answeredAt} is null`),
    uniqueIndex('story_requests_one_open_key')
      .on(t.storyId, t.kind)
      .where(sql`${t.answeredAt} is null`),
  ],
);

/**
 * The contacts that led into a story: the one that opened it, and any later contact progressed to
 * a conversation while the story was already open. A contact leads into at most one story.
 */
export const storyContacts = pgTable(
  'story_contacts',
  {
    contactId: uuid()
      .primaryKey()
      .references(() => contacts.id),
    storyId: uuid()
      .notNull()
      .references(() => stories.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('story_contacts_story_idx').on(t.storyId)],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid().primaryKey().defaultRandom(),
    storyId: uuid()
      .notNull()
      .references(() => stories.id),
    kind: integer().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => staffUsers.id),
    status: text({ enum: ['open', 'concluded'] })
      .notNull()
      .default('open'),
    participants: jsonb()
      .$type<{ name: string; role: string; personId?: string; userId?: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    whatMatters: text().notNull().default(''),
    desiredOutcomes: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    strengths: jsonb()
      .$type<{ personalResources: string[]; networksOfSupport: string[]; communityResources: string[] }>()
      .notNull()
      .default(sql`'{"personalResources":[],"networksOfSupport":[],"communityResources":[]}'::jsonb`),
    advocacy: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    outputs: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    notes: text().notNull().default(''),
    resolved: boolean(),
    unresolvedReason: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    concludedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [index('conversations_story_idx').on(t.storyId, t.startedAt)],
);

/** Conversation 2's intensive support plan: short-term by rule. */
export const intensivePlans = pgTable('intensive_plans', {
  conversationId: uuid()
    .primaryKey()
    .references(() => conversations.id),
  startsOn: date({ mode: 'string' }).notNull(),
  endsOn: date({ mode: 'string' }).notNull(),
  whatMustChange: text().notNull(),
  actions: jsonb()
    .$type<{ action: string; who: string; by?: string }[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const touchpoints = pgTable(
  'touchpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id),
    at: timestamp({ withTimezone: true }).notNull(),
    byId: uuid().references(() => staffUsers.id),
    how: text().notNull(),
    note: text().notNull().default(''),
  },
  (t) => [index('touchpoints_conversation_idx').on(t.conversationId, t.at)],
);

/** Small amounts of money from the practice fund, pulled together into an emergency plan. */
export const contingencySpends = pgTable(
  'contingency_spends',
  {
    id: uuid().primaryKey().defaultRandom(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id),
    storyId: uuid()
      .notNull()
      .references(() => stories.id),
    amountPence: integer().notNull(),
    purpose: text().notNull(),
    spentOn: date({ mode: 'string' }).notNull(),
    byId: uuid().references(() => staffUsers.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contingency_spends_story_idx').on(t.storyId)],
);

/**
 * Peer steps: a colleague who is not the story's author (neither its holder nor anyone who led one
 * of its conversations) looks at it afresh. Outcome `exhausted` signs off that conversations 1
 * (and 2) did not resolve things, which the conversation 3 gate accepts from a qualified peer;
 * `not_exhausted` and `advice` are recorded and shown but open nothing. `note` is why.
 */
export const peerSignOffs = pgTable(
  'peer_sign_offs',
  {
    id: uuid().primaryKey().defaultRandom(),
    storyId: uuid()
      .notNull()
      .references(() => stories.id),
    byId: uuid()
      .notNull()
      .references(() => staffUsers.id),
    qualified: boolean().notNull(),
    conversationIds: uuid().array().notNull(),
    outcome: text({ enum: ['exhausted', 'not_exhausted', 'advice'] })
      .notNull()
      .default('exhausted'),
    note: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('peer_sign_offs_story_idx').on(t.storyId)],
);
