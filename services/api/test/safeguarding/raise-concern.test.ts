import { permissionsOfRoles } from '@threefold/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestAuditEvent } from '../../src/audit/event.js';
import type { UserPrincipal } from '../../src/auth/principal.js';
import { raiseConcern } from '../../src/modules/safeguarding/concerns.js';
import { fixedActor } from '../../src/platform/actor.js';
import { createTestContext, type TestContext } from '../support/factories.js';

const at = new Date('2026-03-02T10:15:00Z');
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => at });
}, 600_000);
afterAll(() => ctx.close());

describe('raiseConcern, the one way a concern is raised', () => {
  it('raised on the safeguarding route: the concern at the request’s moment, its event and one audit row', async () => {
    const worker = await ctx.signedIn('social_worker');
    const person = await ctx.newPerson();
    const raised = await ctx.call(
      worker,
      {
        method: 'POST',
        url: '/v1/safeguarding/concerns',
        payload: {
          personId: person.id,
          summary: 'Bruising seen on a visit',
          immediateSafety: 'safe_now',
          suspectedRiskTypes: ['physical'],
        },
      },
      201,
    );
    const concern = raised.json();
    expect(concern.raisedAt).toBe(at.toISOString());
    const events = await ctx.db.pool.query(`select type, data from outbox_events where subject_id = $1`, [concern.id]);
    expect(events.rows).toEqual([
      {
        type: 'safeguarding.concern-raised',
        data: { raisedVia: 'direct', immediateSafety: 'safe_now', contactId: null },
      },
    ]);
    const audit = await ctx.db.pool.query(
      `select action, person_id from audit_events where resource_id = $1 and action = 'safeguarding_concern.create'`,
      [concern.id],
    );
    expect(audit.rows).toEqual([{ action: 'safeguarding_concern.create', person_id: person.id }]);
  });

  it('called from another module’s transaction with what a contact gives: raised via the contact, rolled back with it', async () => {
    const worker = await ctx.signedIn('social_worker');
    const contact = (
      await ctx.call(
        worker,
        {
          method: 'POST',
          url: '/v1/contacts',
          payload: {
            channel: 'phone',
            madeBy: 'family_or_friend',
            routeOfAccess: 'community_other',
            whatMatters: 'Worried about next door',
          },
        },
        201,
      )
    ).json();
    const principal: UserPrincipal = {
      kind: 'user',
      userId: worker.user.id,
      sessionId: 'test',
      displayName: 'Test',
      roles: ['social_worker'],
      teamIds: [],
      delegatedWeeklyLimitPence: null,
      permissions: permissionsOfRoles(['social_worker']),
    };
    const audited: RequestAuditEvent[] = [];
    const actor = fixedActor(
      principal,
      async (_tx, e) => {
        audited.push(e);
      },
      () => at,
    );
    const row = await ctx.db.db.transaction((tx) =>
      raiseConcern(tx, actor, {
        personId: null,
        contactId: contact.id,
        summary: 'Shouting heard',
        raisedByKind: 'family_or_friend',
      }),
    );
    expect(row).toMatchObject({
      contactId: contact.id,
      personId: null,
      raisedVia: 'contact',
      raisedByKind: 'family_or_friend',
      immediateSafety: 'not_known',
      raisedAt: at,
      raisedById: worker.user.id,
    });
    expect(audited).toEqual([
      {
        action: 'safeguarding_concern.create',
        resourceType: 'safeguarding_concern',
        resourceId: row.id,
        personId: null,
      },
    ]);
    const events = await ctx.db.pool.query(`select data from outbox_events where subject_id = $1`, [row.id]);
    expect(events.rows).toEqual([
      { data: { raisedVia: 'contact', immediateSafety: 'not_known', contactId: contact.id } },
    ]);

    // In the caller's transaction: when the caller's work fails, no concern is left behind.
    const failed = ctx.db.db.transaction(async (tx) => {
      await raiseConcern(tx, actor, { personId: null, contactId: contact.id, summary: 'Rolled back' });
      throw new Error('the contact could not be saved');
    });
    await expect(failed).rejects.toThrow('the contact could not be saved');
    const left = await ctx.db.pool.query(
      `select count(*)::int as n from safeguarding_concerns where summary = 'Rolled back'`,
    );
    expect(left.rows[0].n).toBe(0);
  });
});
