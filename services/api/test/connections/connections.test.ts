import { connections, organisations, outboxEvents, people } from '@threefold/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionRepository, enterScope } from '../../src/modules/connections/repository.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';
import { seedDirectory, type Directory } from '../directory/support.js';

let t: TestContext;
let practitioner: SignedIn;
let d: Directory;
let personId: string;
let otherOrgId: string;
let partner: Record<string, string>;
let otherPartner: Record<string, string>;

beforeAll(async () => {
  t = await createTestContext();
  const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
  d = await seedDirectory(t.app, admin.headers);
  const [other] = await t.db.db.insert(organisations).values({ name: 'Other Partner', kind: 'partner' }).returning();
  otherOrgId = other!.id;
  const scopes = ['connections:read', 'connections:write'];
  partner = (
    await tokenFor(
      t.app,
      await createMachineClient(t.db, { kind: 'partner', scopes, organisationId: d.partnerOrganisationId }),
    )
  ).headers;
  otherPartner = (
    await tokenFor(t.app, await createMachineClient(t.db, { kind: 'partner', scopes, organisationId: otherOrgId }))
  ).headers;
  ({ id: personId } = await t.newPerson(
    {
      givenName: 'Edith',
      familyName: 'Morris',
      dateOfBirth: '1941-05-03',
      nhsNumber: '9434765919',
      phone: '01743 111222',
    },
    practitioner,
  ));
});
afterAll(() => t.close());

const offer = (body: Record<string, unknown> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/connections',
    headers: practitioner.headers,
    payload: {
      personId,
      serviceId: d.services.lunch,
      consentToShare: true,
      contactRoute: 'phone',
      contactDetail: '01743 111222',
      whatMatters: 'Getting out of the house and meeting people again',
      ask: 'A place at the Wednesday lunch club',
      sharedDetail: 'Uses a walking frame',
      ...body,
    },
  });

async function offered(body: Record<string, unknown> = {}) {
  const res = await offer(body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; organisationId: string };
}

const step = (id: string, action: string, headers: Record<string, string>, version: number, payload: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/v1/connections/${id}/${action}`,
    headers: { ...headers, 'if-match': `"${id}.v${version}"` },
    payload,
  });

describe('connecting a person', () => {
  it('needs consent to share, or a lawful reason to share without it', async () => {
    const refused = await offer({ consentToShare: false });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'consent_required', errors: [{ field: 'consentToShare' }] });
    const blank = await offer({ consentToShare: false, lawfulOverrideReason: '   ' });
    expect(blank.statusCode).toBe(422);
    const override = await offer({
      consentToShare: false,
      lawfulOverrideReason: 'Vital interests: no heating in a cold snap',
    });
    expect(override.statusCode).toBe(201);
    expect(override.json()).toMatchObject({
      consentToShare: false,
      lawfulOverrideReason: 'Vital interests: no heating in a cold snap',
    });
  });

  it('addresses the connection to the service’s organisation and tells that partner (connection.offered)', async () => {
    const c = await offered();
    expect(c).toMatchObject({
      status: 'offered',
      organisationId: d.partnerOrganisationId,
      organisationName: 'Age Friendly Shropshire',
      serviceName: 'Friendship lunch club',
    });
    const [event] = await t.db.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.subjectId, c.id), eq(outboxEvents.type, 'connection.offered')));
    expect(event).toMatchObject({ audienceOrganisationId: d.partnerOrganisationId, subjectType: 'connection' });
    expect(JSON.stringify(event!.data)).not.toContain('Edith');
  });

  it('says whether the organisation hears of it: only one with a partner client of its own does', async () => {
    const linked = await offered();
    expect(linked).toMatchObject({ organisationLinked: true });
    const [hall] = await t.db.db
      .insert(organisations)
      .values({ name: 'Village Hall Friends', kind: 'community' })
      .returning();
    // Someone else, so the other tests' counts of this person's partners stay as they are.
    const { id: other } = await t.newPerson({ givenName: 'Walter', familyName: 'Hale' }, practitioner);
    const unlinked = await offered({ personId: other, serviceId: null, organisationId: hall!.id });
    expect(unlinked).toMatchObject({ organisationId: hall!.id, organisationLinked: false });
    // Read again later, the connection does not carry the flag (it was said at the time).
    const read = await t.app.inject({
      method: 'GET',
      url: `/v1/connections/${unlinked.id}`,
      headers: practitioner.headers,
    });
    expect(read.json()).not.toHaveProperty('organisationLinked');
  });

  it('refuses unknown people, services and organisations by field', async () => {
    expect((await offer({ personId: '00000000-0000-4000-8000-000000000000' })).json().errors[0].field).toBe('personId');
    expect((await offer({ serviceId: '00000000-0000-4000-8000-000000000000' })).json().errors[0].field).toBe(
      'serviceId',
    );
    expect((await offer({ serviceId: null, organisationId: null })).json().errors[0].field).toBe('serviceId');
    expect((await offer({ organisationId: otherOrgId })).json().errors[0].field).toBe('organisationId');
  });
});

describe('a partner client', () => {
  it('lists only connections addressed to its organisation, each as its projection', async () => {
    const mine = await offered();
    const theirs = await offered({ serviceId: null, organisationId: otherOrgId });
    const res = await t.app.inject({ method: 'GET', url: '/v1/connections?limit=200', headers: partner });
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((c: { id: string }) => c.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    const item = res.json().items.find((c: { id: string }) => c.id === mine.id);
    expect(Object.keys(item).sort()).toEqual(
      [
        'ask',
        'contactDetail',
        'contactRoute',
        'createdAt',
        'id',
        'organisationId',
        'organisationName',
        'outcome',
        'person',
        'reason',
        'serviceId',
        'serviceName',
        'sharedDetail',
        'status',
        'updatedAt',
        'version',
        'whatMatters',
      ].sort(),
    );
    expect(item.person).toEqual({ name: 'Edith Morris', preferredName: null });
    // Nothing outside the projection: no NHS number, date of birth, person id or consent record.
    const body = res.body;
    expect(body).not.toContain('9434765919');
    expect(body).not.toContain('1941-05-03');
    expect(body).not.toContain(personId);
    expect(body).not.toContain('lawfulOverrideReason');
    // Each person disclosed to the partner is in the audit trail.
    const audited = await t.db.pool.query(
      `select count(*)::int as n from audit_events where action = 'connection.disclose' and person_id = $1 and actor_type = 'client'`,
      [personId],
    );
    expect(audited.rows[0].n).toBeGreaterThan(0);
  });

  it('reads none of another partner’s connections (404), and cannot move them', async () => {
    const theirs = await offered({ serviceId: null, organisationId: otherOrgId });
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/connections/${theirs.id}`, headers: partner })).statusCode,
    ).toBe(404);
    expect((await step(theirs.id, 'accept', partner, 1)).statusCode).toBe(404);
    const own = await t.app.inject({ method: 'GET', url: `/v1/connections/${theirs.id}`, headers: otherPartner });
    expect(own.statusCode).toBe(200);
  });

  it('cannot list people, nor filter connections by person', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/people?q=Edith', headers: partner })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/v1/people/${personId}`, headers: partner })).statusCode).toBe(
      403,
    );
    const filtered = await t.app.inject({
      method: 'GET',
      url: `/v1/connections?personId=${personId}`,
      headers: partner,
    });
    expect(filtered.statusCode).toBe(400);
    const made = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: partner,
      payload: { personId, serviceId: d.services.lunch, consentToShare: true, contactRoute: 'phone', ask: 'x' },
    });
    expect(made.statusCode).toBe(403);
  });

  it('accepts and completes with an outcome, with If-Match; the practice hears of each step', async () => {
    const c = await offered();
    expect(
      (await t.app.inject({ method: 'POST', url: `/v1/connections/${c.id}/accept`, headers: partner, payload: {} }))
        .statusCode,
    ).toBe(428);
    expect((await step(c.id, 'accept', partner, 7)).statusCode).toBe(412);
    const accepted = await step(c.id, 'accept', partner, 1);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', version: 2 });
    expect(accepted.headers.etag).toBe(`"${c.id}.v2"`);
    const noOutcome = await step(c.id, 'complete', partner, 2, { outcome: ' ' });
    expect(noOutcome.statusCode).toBe(409);
    expect(noOutcome.json().rules[0].code).toBe('connection_outcome_required');
    const done = await step(c.id, 'complete', partner, 2, { outcome: 'Comes every Wednesday; has made a friend' });
    expect(done.json()).toMatchObject({ status: 'completed', outcome: 'Comes every Wednesday; has made a friend' });
    const events = await t.db.db.select().from(outboxEvents).where(eq(outboxEvents.subjectId, c.id));
    expect(events.map((e) => [e.type, e.audienceOrganisationId])).toEqual([
      ['connection.offered', d.partnerOrganisationId],
      ['connection.accepted', null],
      ['connection.completed', null],
    ]);
    // The practitioner sees the outcome and each step.
    const seen = await t.app.inject({ method: 'GET', url: `/v1/connections/${c.id}`, headers: practitioner.headers });
    expect(seen.json()).toMatchObject({
      status: 'completed',
      personId,
      steps: [{ status: 'offered' }, { status: 'accepted', byType: 'client' }, { status: 'completed' }],
    });
  });

  it('declines with a reason; only the practice withdraws; finished connections stay finished', async () => {
    const a = await offered();
    expect((await step(a.id, 'decline', partner, 1, { reason: '' })).statusCode).toBe(400);
    const declined = await step(a.id, 'decline', partner, 1, { reason: 'No places until spring' });
    expect(declined.json()).toMatchObject({ status: 'declined', reason: 'No places until spring' });
    expect((await step(a.id, 'accept', partner, 2)).json().code).toBe('connection_transition_invalid');
    const b = await offered();
    expect((await step(b.id, 'withdraw', partner, 1, { reason: 'x' })).json().code).toBe('connection_not_yours');
    const withdrawn = await step(b.id, 'withdraw', practitioner.headers, 1, {
      reason: 'Edith moved to her daughter’s',
    });
    expect(withdrawn.json().status).toBe('withdrawn');
    const [event] = await t.db.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.subjectId, b.id), eq(outboxEvents.type, 'connection.withdrawn')));
    expect(event!.audienceOrganisationId).toBe(d.partnerOrganisationId);
  });

  it('pulls reliably with keyset pages and updatedSince', async () => {
    const since = new Date().toISOString();
    const made = [await offered(), await offered(), await offered()];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/connections?limit=2&updatedSince=${encodeURIComponent(since)}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.app.inject({ method: 'GET', url, headers: partner });
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((c: { id: string }) => c.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((m) => m.id));
    // A change moves a connection to the end of the pull.
    await step(made[0]!.id, 'accept', partner, 1);
    const after = await t.app.inject({
      method: 'GET',
      url: `/v1/connections?updatedSince=${encodeURIComponent(since)}`,
      headers: partner,
    });
    expect(after.json().items.map((c: { id: string }) => c.id)).toEqual([made[1]!.id, made[2]!.id, made[0]!.id]);
  });

  it('each partner that received a person hears person.rectified, addressed to it, and reads the correction', async () => {
    await offered();
    const read = await t.app.inject({ method: 'GET', url: `/v1/people/${personId}`, headers: practitioner.headers });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/people/${personId}`,
      headers: { ...practitioner.headers, 'if-match': read.headers.etag as string },
      payload: { familyName: 'Morriss', reason: 'Spelling corrected by Edith' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = await t.db.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.subjectId, personId), eq(outboxEvents.type, 'person.rectified')));
    const audiences = events.map((e) => e.audienceOrganisationId);
    expect(audiences).toContain(null);
    expect(audiences).toContain(d.partnerOrganisationId);
    expect(audiences).toContain(otherOrgId);
    expect(audiences).toHaveLength(3);
    const again = await t.app.inject({ method: 'GET', url: '/v1/connections?limit=1', headers: partner });
    expect(again.json().items[0].person.name).toBe('Edith Morriss');
  });
});

describe('row-level security', () => {
  it('the app’s database role is not a superuser, cannot bypass RLS and owns no connections table', async () => {
    const { rows } = await t.db.pool.query<{ rolsuper: boolean; rolbypassrls: boolean; owner: string; me: string }>(
      `select r.rolsuper, r.rolbypassrls, c.relowner::regrole::text as owner, current_user as me
       from pg_roles r, pg_class c where r.rolname = current_user and c.relname = 'connections'`,
    );
    expect(rows[0]).toMatchObject({ me: 'threefold_app', rolsuper: false, rolbypassrls: false });
    expect(rows[0]!.owner).not.toBe('threefold_app');
    const rls = await t.db.pool.query(
      `select relrowsecurity from pg_class where relname in ('connections', 'connection_events')`,
    );
    expect(rls.rows.every((r) => r.relrowsecurity === true)).toBe(true);
  });

  it('with the service-level check bypassed, row-level security alone returns nothing of another partner’s', async () => {
    const theirs = await offered({ serviceId: null, organisationId: otherOrgId });
    const mine = await offered();
    await t.db.db.transaction(async (tx) => {
      await enterScope(tx, { kind: 'partner', organisationId: d.partnerOrganisationId });
      // The repository without its organisation filter: only RLS stands between the partner and the row.
      expect(await connectionRepository.one(tx, theirs.id)).toBeNull();
      expect(await connectionRepository.one(tx, mine.id)).not.toBeNull();
      const page = await connectionRepository.page(tx, {}, 10_000);
      expect(page.length).toBeGreaterThan(0);
      expect(page.every((r) => r.c.organisationId === d.partnerOrganisationId)).toBe(true);
      const [count] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(connections)
        .where(eq(connections.organisationId, otherOrgId));
      expect(count!.n).toBe(0);
      // Nor can it change them.
      const updated = await tx
        .update(connections)
        .set({ status: 'accepted' })
        .where(eq(connections.id, theirs.id))
        .returning();
      expect(updated).toHaveLength(0);
    });
  });

  it('fails closed: a transaction that says nothing of who it acts for sees no connection', async () => {
    const { rows } = await t.db.pool.query(`select count(*)::int as n from connections`);
    expect(rows[0].n).toBe(0);
  });
});

describe('restricted records', () => {
  it('a restricted person’s connections are as hidden as the person from colleagues without access', async () => {
    const { id: hidden } = await t.newPerson(
      { givenName: 'Rhian', familyName: 'Hidden', dateOfBirth: '1960-01-01' },
      practitioner,
    );
    const c = await offered({ personId: hidden });
    await t.db.db.update(people).set({ restricted: true }).where(eq(people.id, hidden));
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/connections/${c.id}`, headers: practitioner.headers })).statusCode,
    ).toBe(404);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/v1/connections?personId=${hidden}`,
      headers: practitioner.headers,
    });
    expect(listed.json().items).toEqual([]);
    const lead = await signInAs(t.app, t.db, { roles: ['safeguarding_lead'] });
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/connections/${c.id}`, headers: lead.headers })).statusCode,
    ).toBe(200);
  });
});
