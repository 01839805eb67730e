import type { Principal } from '../../src/auth/principal.js';
import type { RequestAuditEvent } from '../../src/audit/event.js';
import { recordPerson } from '../../src/modules/people/record-person.js';
import { fixedActor } from '../../src/platform/actor.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, uniqueName, type TestContext } from '../support/factories.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const colleague = (userId: string): Principal => ({
  kind: 'user',
  userId,
  sessionId: 'test-session',
  displayName: 'Test colleague',
  roles: ['practitioner'],
  teamIds: [],
  delegatedWeeklyLimitPence: null,
  permissions: new Set(['people:write']),
});

describe('recording a person (the one way, for every module)', () => {
  it('from a contact: the whole record in version 1, the consent time and person.create, all at the actor’s time', async () => {
    const at = new Date('2026-03-04T10:15:00.000Z');
    const audited: RequestAuditEvent[] = [];
    const actor = fixedActor(
      colleague('00000000-0000-4000-8000-000000000001'),
      async (_tx, e) => {
        audited.push(e);
      },
      () => at,
    );
    const familyName = uniqueName('Contact');
    const person = await t.db.db.transaction((tx) =>
      recordPerson(
        tx,
        actor,
        { givenName: 'Iris', familyName, nhsNumber: '401 023 2137', postcode: 'sy3 8hq', consentToShare: true },
        { source: 'contact' },
      ),
    );
    expect(person).toMatchObject({
      familyName,
      nhsNumber: '4010232137',
      postcode: 'SY3 8HQ',
      consentToShare: true,
      consentRecordedAt: at.toISOString(),
      createdAt: at.toISOString(),
      version: 1,
    });
    const { rows } = await t.db.pool.query(
      `select version, data, changed_fields, changed_by_type, changed_by_id, reason, changed_at
         from person_versions where person_id = $1`,
      [person.id],
    );
    expect(rows).toHaveLength(1);
    // The whole record, not only the fields the contact gave.
    expect(Object.keys(rows[0].data).sort()).toEqual(
      [
        'givenName',
        'familyName',
        'preferredName',
        'dateOfBirth',
        'dateOfDeath',
        'gender',
        'ethnicity',
        'nhsNumber',
        'councilPersonId',
        'addressLine1',
        'addressLine2',
        'town',
        'postcode',
        'phone',
        'email',
        'preferredLanguage',
        'interpreterNeeded',
        'communicationNeeds',
        'gpPracticeCode',
        'primarySupportReason',
        'accommodationStatus',
        'employmentStatus',
        'visualImpairment',
        'hearingImpairment',
        'dementia',
        'autism',
        'hasUnpaidCarer',
        'consentToShare',
        'consentScope',
        'advocacyNeed',
        'restricted',
      ].sort(),
    );
    expect(rows[0]).toMatchObject({
      version: 1,
      data: { nhsNumber: '4010232137', postcode: 'SY3 8HQ', interpreterNeeded: false, restricted: false },
      changed_fields: ['givenName', 'familyName', 'nhsNumber', 'postcode', 'consentToShare'],
      changed_by_type: 'user',
      changed_by_id: '00000000-0000-4000-8000-000000000001',
      reason: 'recorded from a contact',
      changed_at: at,
    });
    expect(audited).toEqual([
      { action: 'person.create', resourceType: 'person', resourceId: person.id, personId: person.id },
    ]);
  });

  it('commits or rolls back with the caller’s transaction', async () => {
    const actor = fixedActor(colleague('00000000-0000-4000-8000-000000000002'), async () => {});
    const familyName = uniqueName('Rolledback');
    await expect(
      t.db.db.transaction(async (tx) => {
        await recordPerson(tx, actor, { givenName: 'Ida', familyName }, { source: 'contact' });
        throw new Error('the contact failed');
      }),
    ).rejects.toThrow('the contact failed');
    const { rows } = await t.db.pool.query(`select count(*)::int as n from people where family_name = $1`, [
      familyName,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a field at fault before writing anything', async () => {
    const actor = fixedActor(colleague('00000000-0000-4000-8000-000000000003'), async () => {});
    await expect(
      t.db.db.transaction((tx) =>
        recordPerson(
          tx,
          actor,
          { givenName: 'Ada', familyName: 'Faulty', nhsNumber: '943 476 5918' },
          { source: 'direct' },
        ),
      ),
    ).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
  });
});
