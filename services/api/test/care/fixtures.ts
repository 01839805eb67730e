import {
  conversations,
  eligibilityDeterminations,
  personalBudgets,
  stories,
  type DbClient,
  type StoredManagement,
} from '@threefold/db';

/**
 * A signed-off personal budget for a person, written straight to the tables the budgets module
 * owns: these tests are about what happens after sign-off, which budgets.test.ts covers.
 */
export async function signedOffBudget(
  db: DbClient,
  opts: {
    personId: string;
    byId: string;
    liveOn?: string;
    management?: StoredManagement;
    status?: 'draft' | 'signed_off';
    /** A carer's own budget: the adult they care for (the determination is a carer's). */
    caresForId?: string;
  },
) {
  const [story] = await db.db.insert(stories).values({ personId: opts.personId }).returning();
  const [conversation] = await db.db
    .insert(conversations)
    .values({ storyId: story!.id, kind: 3, authorId: opts.byId })
    .returning();
  const [determination] = await db.db
    .insert(eligibilityDeterminations)
    .values({
      personId: opts.personId,
      kind: opts.caresForId ? 'carer' : 'adult',
      caredForPersonId: opts.caresForId ?? null,
      storyId: story!.id,
      conversationId: conversation!.id,
      decidedById: opts.byId,
      inputs: {},
      eligible: true,
      reasons: {},
      eligibleNeeds: ['nutrition'],
      indicativeWeeklyPence: 30_000,
    })
    .returning();
  const signedOff = (opts.status ?? 'signed_off') === 'signed_off';
  const [budget] = await db.db
    .insert(personalBudgets)
    .values({
      personId: opts.personId,
      storyId: story!.id,
      conversationId: conversation!.id,
      determinationId: determination!.id,
      indicativeWeeklyPence: 30_000,
      status: opts.status ?? 'signed_off',
      planLines: [
        {
          what: 'Help to get up and washed',
          provider: 'organisation',
          providerName: 'Kind Care',
          paid: true,
          unitCostPence: 2_450,
          unitCostId: null,
          unit: 'hour',
          unitsPerWeek: 7,
          frequency: 'weekly',
        },
        {
          what: 'Day centre',
          provider: 'organisation',
          providerName: '',
          paid: true,
          unitCostPence: 8_400,
          unitCostId: null,
          unit: 'day',
          unitsPerWeek: 1,
          frequency: 'fortnightly',
        },
      ],
      management: opts.management ?? {
        method: 'mixed',
        directPayment: { section: 's31', authorisedPerson: null, conditions: [] },
        parts: [
          { method: 'council_managed', weeklyPence: 17_150 },
          { method: 'direct_payment', weeklyPence: 4_200 },
        ],
      },
      weeklyTotalPence: 21_350,
      createdById: opts.byId,
      ...(signedOff
        ? {
            signedOffAt: new Date(),
            signedOffById: opts.byId,
            agreedWeeklyPence: 21_350,
            liveOn: opts.liveOn ?? '2026-01-05',
          }
        : {}),
    })
    .returning();
  return budget!;
}
