import { conversations, eligibilityDeterminations, people, staffUsers, stories, type DbOrTx } from '@threefold/db';
import { and, asc, desc, eq, gt, lt, or, sql } from 'drizzle-orm';

export type DeterminationRow = typeof eligibilityDeterminations.$inferSelect & {
  decidedByName: string;
  /** decided_at to the microsecond, for keyset cursors. */
  cursorAt: string;
};

const columns = {
  determination: eligibilityDeterminations,
  decidedByName: staffUsers.displayName,
  cursorAt: sql<string>`${eligibilityDeterminations.decidedAt}::text`,
};

function flatten(r: {
  determination: typeof eligibilityDeterminations.$inferSelect;
  decidedByName: string;
  cursorAt: string;
}): DeterminationRow {
  return { ...r.determination, decidedByName: r.decidedByName, cursorAt: r.cursorAt };
}

/** Drizzle queries only; every method takes the handle to run on (the pool or a transaction). */
export const eligibilityRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(
    tx: DbOrTx,
    afterId: string | null,
    limit: number,
  ): Promise<(typeof eligibilityDeterminations.$inferSelect)[]> {
    return tx
      .select()
      .from(eligibilityDeterminations)
      .where(afterId ? gt(eligibilityDeterminations.id, afterId) : undefined)
      .orderBy(asc(eligibilityDeterminations.id))
      .limit(limit);
  },
  async insert(db: DbOrTx, values: typeof eligibilityDeterminations.$inferInsert): Promise<string> {
    const [row] = await db
      .insert(eligibilityDeterminations)
      .values(values)
      .returning({ id: eligibilityDeterminations.id });
    return row!.id;
  },

  async byId(db: DbOrTx, id: string): Promise<DeterminationRow | undefined> {
    const [row] = await db
      .select(columns)
      .from(eligibilityDeterminations)
      .innerJoin(staffUsers, eq(staffUsers.id, eligibilityDeterminations.decidedById))
      .where(eq(eligibilityDeterminations.id, id));
    return row ? flatten(row) : undefined;
  },

  /** About the person, or about someone who cares for them; newest first. */
  async ofPerson(
    db: DbOrTx,
    personId: string,
    limit: number,
    after?: { decidedAt: string; id: string },
  ): Promise<DeterminationRow[]> {
    const d = eligibilityDeterminations;
    const at = after ? sql`${after.decidedAt}::timestamptz` : undefined;
    const rows = await db
      .select(columns)
      .from(d)
      .innerJoin(staffUsers, eq(staffUsers.id, d.decidedById))
      .where(
        and(
          or(eq(d.personId, personId), eq(d.caredForPersonId, personId)),
          after && at ? or(lt(d.decidedAt, at), and(eq(d.decidedAt, at), lt(d.id, after.id))) : undefined,
        ),
      )
      .orderBy(desc(d.decidedAt), desc(d.id))
      .limit(limit + 1);
    return rows.map(flatten);
  },

  async person(db: DbOrTx, id: string) {
    const [row] = await db.select().from(people).where(eq(people.id, id));
    return row;
  },

  /** The conversation a determination is made from, with its story; undefined when either is missing. */
  async setOrdinaryResidence(
    db: DbOrTx,
    id: string,
    values: Pick<
      typeof eligibilityDeterminations.$inferInsert,
      'ordinaryResidenceCouncil' | 'ordinaryResidenceBasis' | 'ordinaryResidenceDisputed' | 'ordinaryResidenceNote'
    >,
  ): Promise<void> {
    await db.update(eligibilityDeterminations).set(values).where(eq(eligibilityDeterminations.id, id));
  },

  async conversationWithStory(db: DbOrTx, conversationId: string) {
    const [row] = await db
      .select({ conversation: conversations, story: stories })
      .from(conversations)
      .innerJoin(stories, eq(stories.id, conversations.storyId))
      .where(eq(conversations.id, conversationId));
    return row;
  },
};
