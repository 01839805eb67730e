import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, uniqueName, type Caller, type TestContext } from '../support/factories.js';

// A concern or a person that comes in at the front door is raised or recorded the one way their
// owner raises or records any other: the same event, the same first version, the same audit row.

let ctx: TestContext;
let practitioner: SignedIn;
let council: Caller;

beforeAll(async () => {
  ctx = await createTestContext();
  practitioner = await ctx.signedIn('practitioner');
  council = await ctx.council(['contacts:write', 'contacts:read']);
});
afterAll(() => ctx.close());

const base = {
  channel: 'phone',
  madeBy: 'family_or_friend',
  routeOfAccess: 'community_other',
  whatMatters: 'Staying in my own home',
};

const concernRaised = async (concernId: string) => {
  const { rows } = await ctx.db.pool.query(
    `select data from outbox_events where type = 'safeguarding.concern-raised' and subject_id = $1`,
    [concernId],
  );
  expect(rows).toHaveLength(1);
  return rows[0].data as Record<string, unknown>;
};

const auditOf = async (resourceId: string) =>
  (
    await ctx.db.pool.query(
      `select action, resource_type as "resourceType", person_id as "personId", actor_type as "actorType"
         from audit_events where resource_id = $1 order by seq`,
      [resourceId],
    )
  ).rows;

describe('a concern raised at the front door', () => {
  it('carries the same concern-raised payload and audit row as one raised on the safeguarding route', async () => {
    const person = await ctx.newPerson();
    const atDoor = await ctx.call(
      practitioner,
      {
        method: 'POST',
        url: '/v1/contacts',
        payload: {
          ...base,
          personId: person.id,
          outcome: 'safeguarding_concern_raised',
          concernSummary: 'Her son takes her pension',
        },
      },
      201,
    );
    const doorConcernId = atDoor.json().safeguardingConcernId as string;
    expect(doorConcernId).toBeTruthy();

    const laterContact = await ctx.call(
      practitioner,
      { method: 'POST', url: '/v1/contacts', payload: { ...base, personId: person.id } },
      201,
    );
    const onRoute = await ctx.call(
      practitioner,
      {
        method: 'POST',
        url: '/v1/safeguarding/concerns',
        payload: {
          personId: person.id,
          contactId: laterContact.json().id,
          summary: 'Her son takes her pension',
          immediateSafety: 'not_known',
          suspectedRiskTypes: [],
        },
      },
      201,
    );

    const routePayload = await concernRaised(onRoute.json().id);
    const doorPayload = await concernRaised(doorConcernId);
    expect(Object.keys(doorPayload).sort()).toEqual(Object.keys(routePayload).sort());
    expect(doorPayload).toEqual({ ...routePayload, contactId: atDoor.json().id });

    const routeAudit = await auditOf(onRoute.json().id);
    expect(routeAudit).toContainEqual(expect.objectContaining({ action: 'safeguarding_concern.create' }));
    const doorAudit = await auditOf(doorConcernId);
    expect(doorAudit.filter((a) => a.action.startsWith('safeguarding'))).toEqual(
      routeAudit.filter((a) => a.action === 'safeguarding_concern.create'),
    );
  });
});

describe('a person recorded from a contact', () => {
  const firstVersion = async (personId: string) => {
    const { rows } = await ctx.db.pool.query(
      `select data, changed_fields as "changedFields" from person_versions where person_id = $1 and version = 1`,
      [personId],
    );
    expect(rows).toHaveLength(1);
    return rows[0] as { data: Record<string, unknown>; changedFields: string[] };
  };

  it('has the same full first version, consent handling and person.create audit row as POST /v1/people', async () => {
    const direct = await ctx.newPerson({ dateOfBirth: '1944-04-04', postcode: 'SY8 1AA' });
    const described = {
      givenName: uniqueName('Given'),
      familyName: uniqueName('Family'),
      dateOfBirth: '1946-06-06',
      postcode: 'sy8 2bb',
    };
    const atDoor = await ctx.call(
      council,
      { method: 'POST', url: '/v1/contacts', payload: { ...base, person: described } },
      201,
    );
    expect(atDoor.json().personMatchedBy).toBe('created');
    const recordedId = atDoor.json().personId as string;

    const [directVersion, doorVersion] = [await firstVersion(direct.id), await firstVersion(recordedId)];
    // The whole record, as POST /v1/people keeps it, not only the fields the contact described.
    expect(Object.keys(doorVersion.data).sort()).toEqual(Object.keys(directVersion.data).sort());
    expect(doorVersion.data).toMatchObject({
      givenName: described.givenName,
      postcode: 'SY8 2BB',
      consentToShare: false,
    });
    expect(doorVersion.changedFields.sort()).toEqual(['givenName', 'familyName', 'dateOfBirth', 'postcode'].sort());

    // Consent: nothing said at the front door is recorded as nothing said, the same way as directly.
    const consent = async (id: string) =>
      (await ctx.db.pool.query(`select consent_to_share, consent_recorded_at from people where id = $1`, [id])).rows[0];
    expect(await consent(recordedId)).toEqual(await consent(direct.id));

    const directAudit = (await auditOf(direct.id)).filter((a) => a.action === 'person.create');
    expect(directAudit).toHaveLength(1);
    const doorAudit = (await auditOf(recordedId)).filter((a) => a.action === 'person.create');
    expect(doorAudit).toEqual([
      { action: 'person.create', resourceType: 'person', personId: recordedId, actorType: 'client' },
    ]);
  });
});
