import { connections, outboxEvents } from '@threefold/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterScope } from '../../src/modules/connections/repository.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';

let ctx: TestContext;
let worker: SignedIn;
let holder: Caller & { organisationId: string };
let other: Caller & { organisationId: string };

/** A connection addressed to a partner organisation, as the connections module writes it. */
async function connect(personId: string, organisationId: string, status: 'offered' | 'declined' = 'offered') {
  await ctx.db.db.transaction(async (tx) => {
    await enterScope(tx, { kind: 'practice' });
    await tx.insert(connections).values({
      personId,
      organisationId,
      status,
      consentToShare: true,
      contactRoute: 'phone',
      ask: 'Befriending on Tuesdays',
      createdById: worker.user.id,
    });
  });
}

async function endedEvents(personId: string, type: string) {
  return ctx.db.db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.subjectId, personId), eq(outboxEvents.type, type)));
}

beforeAll(async () => {
  // The subscription's URL need not resolve here: nothing is delivered in these tests.
  ctx = await createTestContext({ config: { WEBHOOKS_ALLOW_PRIVATE: true } });
  worker = await ctx.signedIn('social_worker');
  holder = await ctx.partner(['webhooks:manage']);
  other = await ctx.partner(['webhooks:manage']);
});
afterAll(() => ctx.close());

describe('the end of support tells partners', () => {
  it('person.deceased goes to the council and to each partner that received the person, and no other', async () => {
    const person = await ctx.newPerson();
    const bystander = await ctx.newPerson();
    await connect(person.id, holder.organisationId);
    await connect(person.id, holder.organisationId, 'declined');
    await connect(bystander.id, other.organisationId);

    const ended = await ctx.call(
      worker,
      {
        method: 'POST',
        url: `/v1/people/${person.id}/end-of-support`,
        payload: { reason: 'deceased', on: '2026-03-01' },
      },
      201,
    );
    expect(ended.json().partnersNotified).toEqual([holder.organisationId]);
    const events = await endedEvents(person.id, 'person.deceased');
    expect(events.map((e) => e.audienceOrganisationId).sort()).toEqual([null, holder.organisationId].sort());
    expect(events.every((e) => (e.data as { on: string }).on === '2026-03-01')).toBe(true);
  });

  it('person.moved_away with no connection is the council’s alone', async () => {
    const person = await ctx.newPerson();
    const ended = await ctx.call(
      worker,
      {
        method: 'POST',
        url: `/v1/people/${person.id}/end-of-support`,
        payload: { reason: 'moved_away', on: '2026-03-01' },
      },
      201,
    );
    expect(ended.json().partnersNotified).toEqual([]);
    const events = await endedEvents(person.id, 'person.moved_away');
    expect(events.map((e) => e.audienceOrganisationId)).toEqual([null]);
  });

  it('partners may subscribe to both events by webhook', async () => {
    const res = await ctx.call(
      holder,
      {
        method: 'POST',
        url: '/v1/webhooks',
        payload: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['person.deceased', 'person.moved_away'] },
      },
      201,
    );
    expect(res.json().subscription.eventTypes).toEqual(['person.deceased', 'person.moved_away']);
  });
});
