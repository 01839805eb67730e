import {
  conversations,
  eligibilityDeterminations,
  intensivePlans,
  personalBudgets,
  reviews,
  stories,
  touchpoints,
  type DbClient,
} from '@threefold/db';

/**
 * Rows other modules own, written straight to the database: the clocks' starting points (a held
 * story on conversation 2, a review falling due) without walking each through its own journey,
 * which those modules' tests already do.
 */
export async function heldStory(
  db: DbClient,
  v: { personId: string; heldById: string | null; teamId: string | null; openedAt: Date },
) {
  const [story] = await db.db
    .insert(stories)
    .values({ personId: v.personId, heldById: v.heldById, teamId: v.teamId, openedAt: v.openedAt })
    .returning();
  return story!;
}

export async function conversationTwo(
  db: DbClient,
  v: { storyId: string; authorId: string; startedAt: Date; planStartsOn?: string; planEndsOn?: string },
) {
  const [c] = await db.db
    .insert(conversations)
    .values({ storyId: v.storyId, kind: 2, authorId: v.authorId, startedAt: v.startedAt })
    .returning();
  if (v.planStartsOn) {
    await db.db.insert(intensivePlans).values({
      conversationId: c!.id,
      startsOn: v.planStartsOn,
      endsOn: v.planEndsOn ?? v.planStartsOn,
      whatMustChange: 'Back home safely',
    });
  }
  return c!;
}

export async function touchpoint(db: DbClient, conversationId: string, at: Date, byId: string) {
  await db.db.insert(touchpoints).values({ conversationId, at, byId, how: 'visit' });
}

export async function reviewFallingDue(
  db: DbClient,
  v: { personId: string; storyId: string; teamId: string | null; authorId: string; dueFrom: string; dueBy: string },
) {
  const [c3] = await db.db
    .insert(conversations)
    .values({ storyId: v.storyId, kind: 3, authorId: v.authorId, startedAt: new Date(`${v.dueFrom}T09:00:00Z`) })
    .returning();
  const [determination] = await db.db
    .insert(eligibilityDeterminations)
    .values({
      personId: v.personId,
      kind: 'adult',
      storyId: v.storyId,
      conversationId: c3!.id,
      decidedById: v.authorId,
      inputs: {},
      eligible: true,
      reasons: {},
      eligibleNeeds: ['nutrition'],
      indicativeWeeklyPence: 10_000,
    })
    .returning();
  const [budget] = await db.db
    .insert(personalBudgets)
    .values({
      personId: v.personId,
      storyId: v.storyId,
      teamId: v.teamId,
      conversationId: c3!.id,
      determinationId: determination!.id,
      indicativeWeeklyPence: 10_000,
      createdById: v.authorId,
      status: 'signed_off',
    })
    .returning();
  const [review] = await db.db
    .insert(reviews)
    .values({
      budgetId: budget!.id,
      personId: v.personId,
      teamId: v.teamId,
      kind: 'first',
      dueFrom: v.dueFrom,
      dueBy: v.dueBy,
    })
    .returning();
  return review!;
}
