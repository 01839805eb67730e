import { contacts, conversations, people, staffUsers, stories, type DbOrTx } from '@threefold/db';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';

/**
 * What safeguarding reads from other modules' tables (never writes): the person, colleagues, the
 * contact or conversation a concern came through. Drizzle only; every method takes the pool or a transaction.
 */
export const safeguardingLookups = {
  async person(db: DbOrTx, personId: string) {
    const [row] = await db
      .select({
        id: people.id,
        restricted: people.restricted,
        mergedIntoId: people.mergedIntoId,
        given: people.givenName,
        family: people.familyName,
      })
      .from(people)
      .where(eq(people.id, personId));
    return row;
  },

  /** The person a contact is about (null when not yet known); undefined when there is no such contact. */
  async contactPerson(db: DbOrTx, contactId: string): Promise<{ personId: string | null } | undefined> {
    const [row] = await db.select({ personId: contacts.personId }).from(contacts).where(eq(contacts.id, contactId));
    return row;
  },

  /** The person whose story a conversation belongs to; undefined when there is no such conversation. */
  async conversationPerson(db: DbOrTx, conversationId: string): Promise<{ personId: string } | undefined> {
    const [row] = await db
      .select({ personId: stories.personId })
      .from(conversations)
      .innerJoin(stories, eq(stories.id, conversations.storyId))
      .where(eq(conversations.id, conversationId));
    return row;
  },

  /** The names of these people (those that exist), in one query. */
  async peopleNamed(db: DbOrTx, personIds: string[]) {
    if (personIds.length === 0) return [];
    return db
      .select({ id: people.id, given: people.givenName, family: people.familyName })
      .from(people)
      .where(inArray(people.id, personIds));
  },

  /** The names of these colleagues (those that exist), in one query. */
  async colleaguesNamed(db: DbOrTx, userIds: string[]) {
    if (userIds.length === 0) return [];
    return db
      .select({ id: staffUsers.id, name: staffUsers.displayName })
      .from(staffUsers)
      .where(inArray(staffUsers.id, userIds));
  },

  async colleague(db: DbOrTx, userId: string) {
    const [row] = await db
      .select({ id: staffUsers.id, name: staffUsers.displayName })
      .from(staffUsers)
      .where(eq(staffUsers.id, userId));
    return row;
  },

  /** A colleague whose account is not disabled. */
  async activeColleague(db: DbOrTx, userId: string) {
    const [row] = await db
      .select({ id: staffUsers.id, name: staffUsers.displayName })
      .from(staffUsers)
      .where(and(eq(staffUsers.id, userId), sql`${staffUsers.disabledAt} is null`));
    return row;
  },

  /** The first active safeguarding lead by name. */
  async aSafeguardingLead(db: DbOrTx) {
    const [row] = await db
      .select({ id: staffUsers.id, name: staffUsers.displayName })
      .from(staffUsers)
      .where(and(sql`'safeguarding_lead' = any(${staffUsers.roles})`, sql`${staffUsers.disabledAt} is null`))
      .orderBy(asc(staffUsers.displayName))
      .limit(1);
    return row;
  },
};
