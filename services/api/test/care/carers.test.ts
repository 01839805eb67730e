import { careServices, conversations, eligibilityDeterminations, outboxEvents, stories } from '@threefold/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, uniqueName, type Caller, type TestContext } from '../support/factories.js';
import { signedOffBudget } from './fixtures.js';

let ctx: TestContext;
let admin: SignedIn;
let worker: SignedIn;
let council: Caller;

const post = (as: Caller, url: string, payload: unknown, expect?: number) =>
  ctx.call(as, { method: 'POST', url, payload: payload as Record<string, unknown> }, expect);
const get = (as: Caller, url: string, expect?: number) => ctx.call(as, { method: 'GET', url }, expect);

async function provider() {
  return (await post(admin, '/v1/providers', { name: uniqueName('Carers Respite') }, 201)).json();
}

/** A carer and the adult they care for, and the carer's own signed-off budget. */
async function carerBudget() {
  const caredFor = await ctx.newPerson();
  const carer = await ctx.newPerson();
  const budget = await signedOffBudget(ctx.db, { personId: carer.id, byId: worker.user.id, caresForId: caredFor.id });
  return { carer, caredFor, budget };
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signedIn('practice_admin');
  worker = await ctx.signedIn('social_worker');
  council = await ctx.council(['decisions:read', 'returns:read']);
});
afterAll(() => ctx.close());

describe('a carer’s own budget', () => {
  it('starts from the carer’s eligibility determination in their own conversation 3', async () => {
    const caredFor = await ctx.newPerson();
    const carer = await ctx.newPerson();
    const [story] = await ctx.db.db.insert(stories).values({ personId: carer.id }).returning();
    const [conversation] = await ctx.db.db
      .insert(conversations)
      .values({ storyId: story!.id, kind: 3, authorId: worker.user.id })
      .returning();
    const [determination] = await ctx.db.db
      .insert(eligibilityDeterminations)
      .values({
        personId: carer.id,
        kind: 'carer',
        caredForPersonId: caredFor.id,
        storyId: story!.id,
        conversationId: conversation!.id,
        decidedById: worker.user.id,
        inputs: {},
        eligible: true,
        reasons: {},
        eligibleNeeds: ['health-deteriorating'],
        indicativeWeeklyPence: 6_000,
      })
      .returning();
    const created = await post(
      worker,
      '/v1/personal-budgets',
      { conversationId: conversation!.id, determinationId: determination!.id },
      201,
    );
    expect(created.json()).toMatchObject({ personId: carer.id, indicativeWeeklyPence: 6_000 });
  });
});

describe('services under a carer’s budget', () => {
  it('are direct to the carer or to the person cared for, linked and shown on both records', async () => {
    const { carer, caredFor, budget } = await carerBudget();
    const p = await provider();
    const direct = (
      await post(
        worker,
        '/v1/care-services',
        { budgetId: budget.id, part: 'direct_payment', weeklyPence: 4_200, startOn: '2026-01-05' },
        201,
      )
    ).json();
    expect(direct).toMatchObject({
      personId: carer.id,
      carerSupport: 'direct_to_carer',
      caredForPersonId: caredFor.id,
      providedAsCaredFor: false,
    });
    const sitting = (
      await post(
        worker,
        '/v1/care-services',
        {
          budgetId: budget.id,
          part: 'council_managed',
          providerId: p.id,
          weeklyPence: 17_150,
          startOn: '2026-01-05',
          what: 'Sitting service while the carer is out',
          carerSupport: 'to_cared_for_person',
        },
        201,
      )
    ).json();
    expect(sitting).toMatchObject({ carerSupport: 'to_cared_for_person', caredForPersonId: caredFor.id });

    const carersList = (await get(worker, `/v1/care-services?personId=${carer.id}`, 200)).json();
    expect(carersList.items.map((i: { id: string }) => i.id).sort()).toEqual([direct.id, sitting.id].sort());
    expect(carersList.items.every((i: { providedAsCaredFor: boolean }) => !i.providedAsCaredFor)).toBe(true);

    // The cared-for person's list shows the sitting service, flagged, but not the carer's own support;
    // it does not count towards their own weekly total.
    const theirs = (await get(council, `/v1/care-services?personId=${caredFor.id}`, 200)).json();
    expect(theirs.items).toHaveLength(1);
    expect(theirs.items[0]).toMatchObject({
      id: sitting.id,
      personId: carer.id,
      caredForPersonId: caredFor.id,
      carerSupport: 'to_cared_for_person',
      providedAsCaredFor: true,
    });
    expect(theirs.weeklyTotalPence).toBe(0);

    const [event] = await ctx.db.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.subjectId, sitting.id), eq(outboxEvents.type, 'care_service.started')));
    expect(event!.data).toMatchObject({ carerSupport: 'to_cared_for_person', caredForPersonId: caredFor.id });
  });

  it('refuses carerSupport under an adult’s budget (400 naming the field), writing nothing', async () => {
    const person = await ctx.newPerson();
    const budget = await signedOffBudget(ctx.db, { personId: person.id, byId: worker.user.id });
    const refused = await post(
      worker,
      '/v1/care-services',
      {
        budgetId: budget.id,
        part: 'direct_payment',
        weeklyPence: 4_200,
        startOn: '2026-01-05',
        carerSupport: 'direct_to_carer',
      },
      400,
    );
    expect(refused.json()).toMatchObject({
      code: 'carer_support_not_carer_budget',
      errors: [expect.objectContaining({ field: 'carerSupport' })],
    });
    const written = await ctx.db.db.select().from(careServices).where(eq(careServices.budgetId, budget.id));
    expect(written).toEqual([]);
    const bad = await post(
      worker,
      '/v1/care-services',
      { budgetId: budget.id, part: 'direct_payment', weeklyPence: 4_200, startOn: '2026-01-05', carerSupport: 'both' },
      400,
    );
    expect(bad.json().code).toBe('validation_failed');
  });

  it('Client Level Data: the carer’s budget part reads whom its service supports', async () => {
    const { budget } = await carerBudget();
    const p = await provider();
    await post(
      worker,
      '/v1/care-services',
      { budgetId: budget.id, part: 'direct_payment', weeklyPence: 4_200, startOn: '2026-01-05' },
      201,
    );
    await post(
      worker,
      '/v1/care-services',
      {
        budgetId: budget.id,
        part: 'council_managed',
        providerId: p.id,
        weeklyPence: 17_150,
        startOn: '2026-01-05',
        carerSupport: 'to_cared_for_person',
      },
      201,
    );
    const res = await get(council, '/v1/returns/client-level-data?from=2026-01-01&to=2026-03-31', 200);
    const lines = res.body.split('\n').filter((l) => l.includes(budget.id));
    expect(lines).toHaveLength(2);
    // The fixture's mixed budget: part 1 council-managed, part 2 a direct payment.
    const managed = lines.find((l) => l.includes(`${budget.id}-1`))!;
    const direct = lines.find((l) => l.includes(`${budget.id}-2`))!;
    expect(managed).toContain('Unpaid carer support: Support involving the person cared-for');
    expect(direct).toContain('Unpaid carer support: Direct to unpaid carer');
    expect(lines.every((l) => l.includes('Unpaid carer,'))).toBe(true);
  });
});
