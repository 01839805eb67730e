import { contingencySpends, conversations, intensivePlans, touchpoints, type DbOrTx } from '@threefold/db';
import { asc, eq, gt, inArray, sql } from 'drizzle-orm';

type NewConversation = typeof conversations.$inferInsert;
type NewPlan = typeof intensivePlans.$inferInsert;
type NewTouchpoint = typeof touchpoints.$inferInsert;
type NewSpend = typeof contingencySpends.$inferInsert;

/** Conversations and what conversation 2 keeps: its intensive plan, touchpoints and contingency spends. */
export const conversationRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(tx: DbOrTx, afterId: string | null, limit: number): Promise<(typeof conversations.$inferSelect)[]> {
    return tx
      .select()
      .from(conversations)
      .where(afterId ? gt(conversations.id, afterId) : undefined)
      .orderBy(asc(conversations.id))
      .limit(limit);
  },
  /** Each conversation's story, kind and start, for these stories (their stages, in a hand-back). */
  async stagesOfStories(db: DbOrTx, storyIds: string[]) {
    if (!storyIds.length) return [];
    return db
      .select({
        storyId: conversations.storyId,
        kind: conversations.kind,
        startedAt: conversations.startedAt,
        whatMatters: conversations.whatMatters,
      })
      .from(conversations)
      .where(inArray(conversations.storyId, storyIds));
  },
  async find(db: DbOrTx, id: string) {
    const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
    return row;
  },

  /** The conversation, locked until the transaction ends: one change to it at a time. */
  async lock(db: DbOrTx, id: string) {
    const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).for('update');
    return row;
  },

  async insert(db: DbOrTx, values: NewConversation) {
    const [row] = await db.insert(conversations).values(values).returning();
    return row!;
  },

  async update(db: DbOrTx, id: string, set: Partial<NewConversation>) {
    const [row] = await db.update(conversations).set(set).where(eq(conversations.id, id)).returning();
    return row!;
  },

  ofStory(db: DbOrTx, storyId: string) {
    return db
      .select()
      .from(conversations)
      .where(eq(conversations.storyId, storyId))
      .orderBy(asc(conversations.startedAt));
  },

  /** Conversations 1 and 2 of a story: what a peer signs off as exhausted. */
  firstAndSecondOfStory(db: DbOrTx, storyId: string) {
    return db
      .select()
      .from(conversations)
      .where(sql`${conversations.storyId} = ${storyId} and ${conversations.kind} in (1, 2)`);
  },

  async planOf(db: DbOrTx, conversationId: string) {
    const [plan] = await db.select().from(intensivePlans).where(eq(intensivePlans.conversationId, conversationId));
    return plan ?? null;
  },

  async plansOfStory(db: DbOrTx, storyId: string) {
    const rows = await db
      .select({ p: intensivePlans })
      .from(intensivePlans)
      .innerJoin(conversations, eq(conversations.id, intensivePlans.conversationId))
      .where(eq(conversations.storyId, storyId));
    return rows.map((r) => r.p);
  },

  async savePlan(db: DbOrTx, conversationId: string, values: Omit<NewPlan, 'conversationId'>) {
    await db
      .insert(intensivePlans)
      .values({ conversationId, ...values })
      .onConflictDoUpdate({ target: intensivePlans.conversationId, set: values });
  },

  touchpointsOf(db: DbOrTx, conversationId: string) {
    return db
      .select()
      .from(touchpoints)
      .where(eq(touchpoints.conversationId, conversationId))
      .orderBy(asc(touchpoints.at));
  },

  async insertTouchpoint(db: DbOrTx, values: NewTouchpoint) {
    const [row] = await db.insert(touchpoints).values(values).returning();
    return row!;
  },

  spendsOf(db: DbOrTx, conversationId: string) {
    return db
      .select()
      .from(contingencySpends)
      .where(eq(contingencySpends.conversationId, conversationId))
      .orderBy(asc(contingencySpends.recordedAt));
  },

  async insertSpend(db: DbOrTx, values: NewSpend) {
    const [row] = await db.insert(contingencySpends).values(values).returning();
    return row!;
  },

  /** Contingency money spent on a story so far, in pence, over all its conversations. */
  async sumContingencyForStory(db: DbOrTx, storyId: string): Promise<number> {
    const [row] = await db
      .select({ total: sql<number>`coalesce(sum(${contingencySpends.amountPence}), 0)::int` })
      .from(contingencySpends)
      .where(eq(contingencySpends.storyId, storyId));
    return row?.total ?? 0;
  },
};
