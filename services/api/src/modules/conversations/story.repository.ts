import {
  contacts,
  conversations,
  peerSignOffs,
  people,
  stories,
  storyContacts,
  storyEvents,
  storyRequests,
  teams,
  type DbOrTx,
} from '@threefold/db';
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';

type NewStory = typeof stories.$inferInsert;
type NewStoryEvent = typeof storyEvents.$inferInsert;
type NewRequest = typeof storyRequests.$inferInsert;
type NewSignOff = typeof peerSignOffs.$inferInsert;
export type RequestKind = (typeof storyRequests.$inferSelect)['kind'];

/** Stories, the contacts they gathered, what happened on them, open requests and peer sign-offs. */
export const storyRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(tx: DbOrTx, afterId: string | null, limit: number): Promise<(typeof stories.$inferSelect)[]> {
    return tx
      .select()
      .from(stories)
      .where(afterId ? gt(stories.id, afterId) : undefined)
      .orderBy(asc(stories.id))
      .limit(limit);
  },
  /** Which of these people have an open story (an import's one-open-story check). */
  async peopleWithOpenStory(db: DbOrTx, personIds: string[]): Promise<Set<string>> {
    if (!personIds.length) return new Set();
    const rows = await db
      .selectDistinct({ personId: stories.personId })
      .from(stories)
      .where(and(inArray(stories.personId, [...new Set(personIds)]), eq(stories.status, 'open')));
    return new Set(rows.map((r) => r.personId));
  },

  /** The person a story is about; undefined when there is no such story. */
  async personOfStory(db: DbOrTx, storyId: string): Promise<string | undefined> {
    const [row] = await db.select({ personId: stories.personId }).from(stories).where(eq(stories.id, storyId));
    return row?.personId;
  },

  /** The person whose story a conversation belongs to; undefined when there is no such conversation. */
  async personOfConversation(db: DbOrTx, conversationId: string): Promise<string | undefined> {
    const [row] = await db
      .select({ personId: stories.personId })
      .from(conversations)
      .innerJoin(stories, eq(stories.id, conversations.storyId))
      .where(eq(conversations.id, conversationId));
    return row?.personId;
  },

  async find(db: DbOrTx, id: string) {
    const [row] = await db.select().from(stories).where(eq(stories.id, id));
    return row;
  },

  /** The story, locked until the transaction ends: one change to it at a time. */
  async lock(db: DbOrTx, id: string) {
    const [row] = await db.select().from(stories).where(eq(stories.id, id)).for('update');
    return row;
  },

  async insert(db: DbOrTx, values: NewStory) {
    const [row] = await db.insert(stories).values(values).returning();
    return row!;
  },

  async update(db: DbOrTx, id: string, set: Partial<NewStory>) {
    await db.update(stories).set(set).where(eq(stories.id, id));
  },

  /** Held until the transaction ends, so two contacts about one person at once cannot open two stories. */
  async lockStoriesOfPerson(db: DbOrTx, personId: string) {
    await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`story-of:${personId}`}, 0))`);
  },

  async openOfPerson(db: DbOrTx, personId: string) {
    const [row] = await db
      .select({ id: stories.id })
      .from(stories)
      .where(and(eq(stories.personId, personId), eq(stories.status, 'open')))
      .orderBy(desc(stories.openedAt))
      .limit(1);
    return row;
  },

  /** Every open story of a person (the end of support closes them all). */
  async openIdsOfPerson(db: DbOrTx, personId: string) {
    return db
      .select({ id: stories.id })
      .from(stories)
      .where(and(eq(stories.personId, personId), eq(stories.status, 'open')));
  },

  async idsOfPerson(db: DbOrTx, personId: string) {
    const rows = await db
      .select({ id: stories.id })
      .from(stories)
      .where(eq(stories.personId, personId))
      .orderBy(desc(stories.openedAt));
    return rows.map((r) => r.id);
  },

  async linkContact(db: DbOrTx, storyId: string, contactId: string) {
    await db.insert(storyContacts).values({ contactId, storyId });
  },

  async contactIdsOf(db: DbOrTx, storyId: string) {
    const rows = await db
      .select({ contactId: storyContacts.contactId })
      .from(storyContacts)
      .where(eq(storyContacts.storyId, storyId))
      .orderBy(asc(storyContacts.at));
    return rows.map((r) => r.contactId);
  },

  async addEvent(db: DbOrTx, values: NewStoryEvent) {
    await db.insert(storyEvents).values(values);
  },

  eventsOf(db: DbOrTx, storyId: string) {
    return db.select().from(storyEvents).where(eq(storyEvents.storyId, storyId)).orderBy(asc(storyEvents.at));
  },

  openRequestsOf(db: DbOrTx, storyId: string) {
    return db
      .select()
      .from(storyRequests)
      .where(and(eq(storyRequests.storyId, storyId), isNull(storyRequests.answeredAt)))
      .orderBy(asc(storyRequests.at));
  },

  async openRequest(db: DbOrTx, storyId: string, kind: RequestKind) {
    const [row] = await db
      .select()
      .from(storyRequests)
      .where(and(eq(storyRequests.storyId, storyId), eq(storyRequests.kind, kind), isNull(storyRequests.answeredAt)));
    return row;
  },

  async insertRequest(db: DbOrTx, values: NewRequest) {
    await db.insert(storyRequests).values(values);
  },

  async answerRequest(db: DbOrTx, id: string, answer: { answeredAt: Date; answeredById: string; answer: string }) {
    await db.update(storyRequests).set(answer).where(eq(storyRequests.id, id));
  },

  signOffsOf(db: DbOrTx, storyId: string) {
    return db.select().from(peerSignOffs).where(eq(peerSignOffs.storyId, storyId)).orderBy(asc(peerSignOffs.at));
  },

  async insertSignOff(db: DbOrTx, values: NewSignOff) {
    const [row] = await db.insert(peerSignOffs).values(values).returning();
    return row!;
  },

  // Reads of other modules' records that a story is opened against.

  async personToOpenFor(db: DbOrTx, personId: string) {
    const [row] = await db
      .select({ id: people.id, restricted: people.restricted })
      .from(people)
      .where(eq(people.id, personId));
    return row;
  },

  async teamExists(db: DbOrTx, teamId: string) {
    const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    return Boolean(row);
  },

  /** A contact with the story it already led into, if any. */
  async contactWithStory(db: DbOrTx, contactId: string) {
    const [row] = await db
      .select({ personId: contacts.personId, storyId: storyContacts.storyId })
      .from(contacts)
      .leftJoin(storyContacts, eq(storyContacts.contactId, contacts.id))
      .where(eq(contacts.id, contactId));
    return row;
  },
};
