import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachineClient, tokenFor, type SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';

let t: TestContext;
let practitioner: SignedIn;
let lead: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestContext();
  practitioner = await t.signedIn('practitioner');
  lead = await t.signedIn('safeguarding_lead');
  admin = await t.signedIn('practice_admin');
});
afterAll(() => t.close());

async function createPerson(body: Record<string, unknown>, headers = practitioner.headers) {
  return t.app.inject({ method: 'POST', url: '/v1/people', headers, payload: body });
}

describe('recording a person', () => {
  it('names each field at fault: NHS number check digit, postcode, future date of birth', async () => {
    const res = await createPerson({
      givenName: 'Ann',
      familyName: 'Jones',
      nhsNumber: '943 476 5918',
      postcode: 'NOT A CODE',
      dateOfBirth: '2999-01-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['dateOfBirth', 'nhsNumber', 'postcode']);
    expect(res.json().errors.find((e: { field: string }) => e.field === 'nhsNumber').message).toMatch(/check digit/);
  });

  it('rejects an unknown property and writes nothing', async () => {
    const res = await createPerson({ givenName: 'Ann', familyName: 'Unknownprop', favouriteColour: 'blue' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'favouriteColour', message: 'is not a known field' });
    const { rows } = await t.db.pool.query(`select count(*)::int as n from people where family_name = 'Unknownprop'`);
    expect(rows[0].n).toBe(0);
  });

  it('stores NHS number and postcode normalised, and keeps version 1 in the history', async () => {
    const res = await createPerson({
      givenName: 'Harold',
      familyName: 'Pritchard',
      nhsNumber: '943 476 5919',
      postcode: 'sy11aa',
      dateOfBirth: '1938-04-02',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ nhsNumber: '9434765919', postcode: 'SY1 1AA', version: 1 });
    expect(res.headers.etag).toBe(`"${res.json().id}.v1"`);
    const again = await createPerson({ givenName: 'Harry', familyName: 'Pritchard', nhsNumber: '9434765919' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate_nhs_number');
    expect(again.json().candidates[0].id).toBe(res.json().id);
  });

  it('warns of a likely duplicate with the candidates, and creates once confirmed', async () => {
    const first = await createPerson({ givenName: 'Margaret', familyName: 'Hammond', dateOfBirth: '1941-03-02' });
    expect(first.statusCode).toBe(201);
    const dup = await createPerson({ givenName: 'Margret', familyName: 'Hammond', dateOfBirth: '1941-03-02' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('possible_duplicate');
    expect(dup.json().candidates.map((c: { id: string }) => c.id)).toContain(first.json().id);
    const confirmed = await createPerson({
      givenName: 'Margret',
      familyName: 'Hammond',
      dateOfBirth: '1941-03-02',
      confirmNotDuplicate: true,
    });
    expect(confirmed.statusCode).toBe(201);
  });
});

describe('finding a person', () => {
  beforeAll(async () => {
    for (const [g, f, dob, pc] of [
      ['Margaret', 'Smith', '1940-05-17', 'SY3 8HQ'],
      ['William', 'Corbett', '1950-01-09', 'TF1 2AB'],
      ['Catherine', 'Lloyd', '1962-11-30', 'SY8 1AA'],
      ['Margaret', 'Smithers', '1977-07-07', 'WV16 4AA'],
    ]) {
      await t.newPerson({ givenName: g, familyName: f, dateOfBirth: dob, postcode: pc, confirmNotDuplicate: true });
    }
  });

  const search = async (q: string, headers = practitioner.headers) => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/people?q=${encodeURIComponent(q)}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json().items as { givenName: string; familyName: string; score: number; id: string }[];
  };

  it('tolerates a misspelt name and ranks the best match first', async () => {
    const hits = await search('Margret Smyth');
    expect(`${hits[0]?.givenName} ${hits[0]?.familyName}`).toBe('Margaret Smith');
  });

  it('finds a person by a nickname of their given name', async () => {
    const hits = await search('Bill Corbett');
    expect(hits.map((h) => `${h.givenName} ${h.familyName}`)).toContain('William Corbett');
    const kathy = await search('Kathy Loyd');
    expect(`${kathy[0]?.givenName} ${kathy[0]?.familyName}`).toBe('Catherine Lloyd');
  });

  it('narrows by date of birth written the English way', async () => {
    const hits = await search('Margaret Smith 17/05/1940');
    expect(hits).toHaveLength(1);
    expect(hits[0]?.familyName).toBe('Smith');
  });

  it('finds by NHS number exactly and by postcode', async () => {
    const byNhs = await search('943 476 5919');
    expect(byNhs.map((h) => h.familyName)).toEqual(['Pritchard']);
    const byPostcode = await search('tf1 2ab');
    expect(byPostcode.map((h) => h.familyName)).toEqual(['Corbett']);
  });
});

describe('restricted people', () => {
  let id: string;
  beforeAll(async () => {
    ({ id } = await t.newPerson({
      givenName: 'Rosa',
      familyName: 'Restricted',
      restricted: true,
      dateOfBirth: '1980-02-02',
    }));
  });

  it('are hidden from search and from opening for colleagues without access', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/people?q=Rosa%20Restricted',
      headers: practitioner.headers,
    });
    expect(res.json().items).toEqual([]);
    const open = await t.app.inject({ method: 'GET', url: `/v1/people/${id}`, headers: practitioner.headers });
    expect(open.statusCode).toBe(404);
  });

  it('open to the safeguarding lead only with a recorded reason, which is audited', async () => {
    const found = await t.app.inject({ method: 'GET', url: '/v1/people?q=Rosa%20Restricted', headers: lead.headers });
    expect(found.json().items[0]).toMatchObject({ id, restricted: true });
    const noReason = await t.app.inject({ method: 'GET', url: `/v1/people/${id}`, headers: lead.headers });
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().code).toBe('reason_required');
    const reason = 'Police request, ref 4471';
    const ok = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${id}`,
      headers: { ...lead.headers, 'x-access-reason': reason },
    });
    expect(ok.statusCode).toBe(200);
    const { rows } = await t.db.pool.query(
      `select actor_id, reason, outcome from audit_events where person_id = $1 and action = 'person.read' order by seq`,
      [id],
    );
    expect(rows.at(-1)).toEqual({ actor_id: lead.user.id, reason, outcome: 'allowed' });
  });
});

describe('corrections', () => {
  it('need If-Match, keep what the record said before and who changed it, and tell those who received it', async () => {
    const { id } = await t.newPerson({
      givenName: 'Dorothy',
      familyName: 'Evans',
      postcode: 'SY1 1AA',
      dateOfBirth: '1935-06-06',
    });
    const firstEtag = `"${id}.v1"`;
    const missing = await t.app.inject({
      method: 'PATCH',
      url: `/v1/people/${id}`,
      headers: practitioner.headers,
      payload: { postcode: 'SY2 5AB' },
    });
    expect(missing.statusCode).toBe(428);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/people/${id}`,
      headers: { ...practitioner.headers, 'if-match': firstEtag },
      payload: { postcode: 'SY2 5AB', reason: 'Moved to a bungalow' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ postcode: 'SY2 5AB', version: 2 });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/v1/people/${id}`,
      headers: { ...practitioner.headers, 'if-match': firstEtag },
      payload: { phone: '07700 900123' },
    });
    expect(stale.statusCode).toBe(412);
    const history = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${id}/history`,
      headers: practitioner.headers,
    });
    const versions = history.json().items;
    expect(versions).toHaveLength(2);
    expect(versions[0].data.postcode).toBe('SY1 1AA');
    expect(versions[1]).toMatchObject({
      changedFields: ['postcode'],
      changedById: practitioner.user.id,
      reason: 'Moved to a bungalow',
    });
    const { rows } = await t.db.pool.query(`select type from outbox_events where subject_id = $1`, [id]);
    expect(rows.map((r) => r.type)).toEqual(['person.rectified']);
  });
});

describe('the returns’ coded flags (Client Level Data release 2, SAC SG1e)', () => {
  it('are corrected like any field, kept in the versions, and a value off the list is refused', async () => {
    const { id } = await t.newPerson({ givenName: 'Edna', familyName: 'Flags' });
    const created = await t.app.inject({ method: 'GET', url: `/v1/people/${id}`, headers: practitioner.headers });
    // Not recorded until someone records it.
    expect(created.json()).toMatchObject({
      visualImpairment: null,
      hearingImpairment: null,
      dementia: null,
      autism: null,
      hasUnpaidCarer: null,
    });
    const flags = {
      visualImpairment: true,
      hearingImpairment: true,
      dementia: false,
      autism: 'aspergers',
      hasUnpaidCarer: true,
    };
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/people/${id}`,
      headers: { ...practitioner.headers, 'if-match': `"${id}.v1"` },
      payload: { ...flags, reason: 'Assessment recorded dual sensory loss' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ ...flags, version: 2 });
    const history = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${id}/history`,
      headers: practitioner.headers,
    });
    const [v1, v2] = history.json().items;
    expect(v1.data).toMatchObject({ visualImpairment: null, autism: null, hasUnpaidCarer: null });
    expect(v2.data).toMatchObject(flags);
    expect([...v2.changedFields].sort()).toEqual(Object.keys(flags).sort());
    // Back to "not recorded" is a correction too.
    const cleared = await t.app.inject({
      method: 'PATCH',
      url: `/v1/people/${id}`,
      headers: { ...practitioner.headers, 'if-match': `"${id}.v2"` },
      payload: { dementia: null },
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().dementia).toBeNull();
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/v1/people/${id}`,
      headers: { ...practitioner.headers, 'if-match': `"${id}.v3"` },
      payload: { autism: 'yes', hasUnpaidCarer: 'sometimes' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const after = await t.app.inject({ method: 'GET', url: `/v1/people/${id}`, headers: practitioner.headers });
    expect(after.json()).toMatchObject({ autism: 'aspergers', hasUnpaidCarer: true, version: 3 });
  });
});

describe('relationships', () => {
  it('are two-sided: the carer shows on the person cared for, and the other way round', async () => {
    const ann = await t.newPerson({ givenName: 'Ann', familyName: 'Carer', dateOfBirth: '1960-01-01' });
    const bob = await t.newPerson({ givenName: 'Bob', familyName: 'Caredfor', dateOfBirth: '1930-01-01' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/people/${ann.id}/relationships`,
      headers: practitioner.headers,
      payload: { relatedPersonId: bob.id, type: 'unpaid_carer_of', isMainCarer: true },
    });
    expect(res.statusCode).toBe(201);
    const fromBob = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${bob.id}/relationships`,
      headers: practitioner.headers,
    });
    expect(fromBob.json().items).toEqual([
      expect.objectContaining({
        relatedPersonId: ann.id,
        type: 'cared_for_by',
        isMainCarer: true,
        relatedPersonName: 'Ann Carer',
      }),
    ]);
    const fromAnn = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${ann.id}/relationships`,
      headers: practitioner.headers,
    });
    expect(fromAnn.json().items[0]).toMatchObject({ relatedPersonId: bob.id, type: 'unpaid_carer_of' });
    const self = await t.app.inject({
      method: 'POST',
      url: `/v1/people/${ann.id}/relationships`,
      headers: practitioner.headers,
      payload: { relatedPersonId: ann.id, type: 'friend_of' },
    });
    expect(self.statusCode).toBe(400);
  });
});

describe('merging and the subject access record', () => {
  it('moves every record to the survivor, keeps both histories, is undone by an administrator, and exports all of it', async () => {
    const survivor = await t.newPerson({ givenName: 'Kenneth', familyName: 'Bowen', dateOfBirth: '1944-08-08' });
    const duplicate = await t.newPerson({
      givenName: 'Ken',
      familyName: 'Bowen',
      dateOfBirth: '1944-08-08',
      confirmNotDuplicate: true,
    });
    const contact = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: practitioner.headers,
      payload: {
        channel: 'phone',
        madeBy: 'self',
        routeOfAccess: 'community_other',
        whatMatters: 'Getting to the shops',
        personId: duplicate.id,
      },
    });
    expect(contact.statusCode).toBe(201);

    const denied = await t.app.inject({
      method: 'POST',
      url: `/v1/people/${survivor.id}/merge`,
      headers: practitioner.headers,
      payload: { duplicateId: duplicate.id },
    });
    expect(denied.statusCode).toBe(403);
    const merged = await t.app.inject({
      method: 'POST',
      url: `/v1/people/${survivor.id}/merge`,
      headers: admin.headers,
      payload: { duplicateId: duplicate.id },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().moved.contacts).toEqual([contact.json().id]);
    const movedContact = await t.app.inject({
      method: 'GET',
      url: `/v1/contacts/${contact.json().id}`,
      headers: practitioner.headers,
    });
    expect(movedContact.json().personId).toBe(survivor.id);
    const dupNow = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${duplicate.id}`,
      headers: practitioner.headers,
    });
    expect(dupNow.json().mergedIntoId).toBe(survivor.id);

    // A council system reads the survivor: that is a disclosure the export must show.
    const council = await createMachineClient(t.db, { kind: 'council', scopes: ['people:read'] });
    const { headers } = await tokenFor(t.app, council);
    expect((await t.app.inject({ method: 'GET', url: `/v1/people/${survivor.id}`, headers })).statusCode).toBe(200);
    const found = await t.app.inject({ method: 'GET', url: '/v1/people?q=Kenneth%20Bowen', headers });
    expect(found.json().items.map((p: { id: string }) => p.id)).toContain(survivor.id);

    const record = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${survivor.id}/record`,
      headers: admin.headers,
    });
    expect(record.statusCode).toBe(200);
    const sar = record.json();
    expect(sar.person.id).toBe(survivor.id);
    expect(sar.contacts.map((c: { id: string }) => c.id)).toContain(contact.json().id);
    expect(sar.merges).toHaveLength(1);
    expect(sar.sharedWith).toEqual([
      expect.objectContaining({ recipientType: 'council', recipientId: council.id, what: 'person record' }),
      expect.objectContaining({
        recipientType: 'council',
        recipientId: council.id,
        what: expect.stringMatching(/^search result/),
      }),
    ]);
    expect(sar.accessLog.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['person.create', 'person.read']),
    );
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/people/${survivor.id}/record`, headers: practitioner.headers }))
        .statusCode,
    ).toBe(403);

    const undone = await t.app.inject({
      method: 'POST',
      url: `/v1/people/merges/${merged.json().id}/undo`,
      headers: admin.headers,
    });
    expect(undone.statusCode).toBe(200);
    const back = await t.app.inject({
      method: 'GET',
      url: `/v1/contacts/${contact.json().id}`,
      headers: practitioner.headers,
    });
    expect(back.json().personId).toBe(duplicate.id);
    const revived = await t.app.inject({
      method: 'GET',
      url: `/v1/people/${duplicate.id}`,
      headers: practitioner.headers,
    });
    expect(revived.json().mergedIntoId).toBeNull();
  });
});
