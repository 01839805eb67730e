import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';
import type { SignedIn } from '../support/auth.js';

// A fixed clock: "in the past" and "12 months ahead" are judged on the request's day in England.
const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let worker: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  worker = await ctx.signedIn('practitioner');
  colleague = await ctx.signedIn('social_worker');
  lead = await ctx.signedIn('safeguarding_lead');
  admin = await ctx.signedIn('practice_admin');
});
afterAll(() => ctx.close());

const warning = (over: Record<string, unknown> = {}) => ({
  kind: 'risk_to_staff',
  details: 'Son has threatened visitors: visit in pairs, phone ahead.',
  reviewOn: '2027-02-28',
  ...over,
});

async function add(personId: string, body: Record<string, unknown>, as: Caller = worker, headers = {}) {
  return ctx.call(as, { method: 'POST', url: `/v1/people/${personId}/warnings`, headers, payload: body });
}
async function list(personId: string, as: Caller = worker, query = '', headers: Record<string, string> = {}) {
  return ctx.call(as, { method: 'GET', url: `/v1/people/${personId}/warnings${query}`, headers });
}

describe('adding a warning', () => {
  it('adds an active warning with its review date and who added it; colleagues see it', async () => {
    const person = await ctx.newPerson();
    const res = await add(person.id, warning());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'risk_to_staff',
      status: 'active',
      reviewOn: '2027-02-28',
      reviewDue: false,
      addedBy: { id: worker.user.id },
      addedAt: NOW.toISOString(),
      history: [{ kind: 'added', by: { id: worker.user.id }, reviewOn: '2027-02-28' }],
    });
    const seen = (await list(person.id, colleague)).json().items;
    expect(seen.map((w: { id: string }) => w.id)).toEqual([res.json().id]);
  });

  it('refuses a review date in the past or more than 12 months ahead, naming the rule; accepts the edges', async () => {
    const person = await ctx.newPerson();
    const past = await add(person.id, warning({ reviewOn: '2026-11-29' }));
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ code: 'review_date_in_past', errors: [{ field: 'reviewOn' }] });
    const far = await add(person.id, warning({ reviewOn: '2027-12-01' }));
    expect(far.statusCode).toBe(400);
    expect(far.json().code).toBe('review_date_too_far');
    expect((await add(person.id, warning({ reviewOn: '2026-11-30' }))).statusCode).toBe(201);
    expect((await add(person.id, warning({ reviewOn: '2027-11-30' }))).statusCode).toBe(201);
    const missing = await add(person.id, { kind: 'risk_to_staff', details: 'Dog' });
    expect(missing.statusCode).toBe(400);
    const notADay = await add(person.id, warning({ reviewOn: '2027-02-29' }));
    expect(notADay.statusCode).toBe(400);
    const badKind = await add(person.id, warning({ kind: 'grumpy' }));
    expect(badKind.statusCode).toBe(400);
  });

  it('is for colleagues who work with people: an administrator and a machine client are refused', async () => {
    const person = await ctx.newPerson();
    expect((await add(person.id, warning(), admin)).statusCode).toBe(403);
    expect((await list(person.id, admin)).statusCode).toBe(403);
    const council = await ctx.council(['people:read']);
    expect((await list(person.id, council)).statusCode).toBe(403);
  });
});

describe('reviewing and ending', () => {
  it('a review keeps the warning with a new date, or ends it; history keeps who, when and why', async () => {
    const person = await ctx.newPerson();
    const w = (await add(person.id, warning())).json();
    const kept = await ctx.call(
      colleague,
      {
        method: 'POST',
        url: `/v1/warnings/${w.id}/review`,
        payload: { stillNeeded: true, nextReviewOn: '2027-05-31', note: 'Son still at the address' },
      },
      200,
    );
    expect(kept.json()).toMatchObject({ status: 'active', reviewOn: '2027-05-31', lastReviewedAt: NOW.toISOString() });

    const noDate = await ctx.call(colleague, {
      method: 'POST',
      url: `/v1/warnings/${w.id}/review`,
      payload: { stillNeeded: true, note: 'Still needed' },
    });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().code).toBe('review_date_required');

    const ended = await ctx.call(
      colleague,
      { method: 'POST', url: `/v1/warnings/${w.id}/review`, payload: { stillNeeded: false, note: 'Son moved away' } },
      200,
    );
    expect(ended.json()).toMatchObject({
      status: 'ended',
      endedBy: { id: colleague.user.id },
      endReason: 'Son moved away',
      endedAt: NOW.toISOString(),
    });
    expect(ended.json().history.map((s: { kind: string; note: string }) => [s.kind, s.note])).toEqual([
      ['added', ''],
      ['reviewed', 'Son still at the address'],
      ['reviewed', 'Son moved away'],
      ['ended', 'Son moved away'],
    ]);
    // Ended warnings leave the default list, stay on the full one, and take no more changes.
    expect((await list(person.id)).json().items).toEqual([]);
    expect((await list(person.id, worker, '?include=ended')).json().items.map((x: { id: string }) => x.id)).toEqual([
      w.id,
    ]);
    const again = await ctx.call(worker, {
      method: 'POST',
      url: `/v1/warnings/${w.id}/end`,
      payload: { reason: 'Again' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('warning_ended');
  });

  it('ends a warning with its reason', async () => {
    const person = await ctx.newPerson();
    const w = (await add(person.id, warning({ kind: 'risk_to_self' }))).json();
    const blank = await ctx.call(worker, {
      method: 'POST',
      url: `/v1/warnings/${w.id}/end`,
      payload: { reason: '  ' },
    });
    expect(blank.statusCode).toBe(400);
    const ended = await ctx.call(
      worker,
      { method: 'POST', url: `/v1/warnings/${w.id}/end`, payload: { reason: 'Risk assessed as past' } },
      200,
    );
    expect(ended.json()).toMatchObject({ status: 'ended', endReason: 'Risk assessed as past' });
  });
});

describe('who reads a warning', () => {
  it('hides a restricted person’s warnings from colleagues without access; the lead gives a reason', async () => {
    const person = await ctx.newPerson({ restricted: true }, lead);
    const reason = { 'x-access-reason': 'Planning a joint visit' };
    const w = (await add(person.id, warning(), lead, reason)).json();
    expect((await list(person.id, worker)).statusCode).toBe(404);
    expect((await add(person.id, warning(), worker)).statusCode).toBe(404);
    const end = await ctx.call(worker, { method: 'POST', url: `/v1/warnings/${w.id}/end`, payload: { reason: 'x' } });
    expect(end.statusCode).toBe(404);
    const noReason = await list(person.id, lead);
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().code).toBe('reason_required');
    expect((await list(person.id, lead, '', reason)).json().items).toHaveLength(1);
  });

  it('audits every warning read, and who added, reviewed and ended it', async () => {
    const person = await ctx.newPerson();
    const w = (await add(person.id, warning())).json();
    await list(person.id, colleague);
    await ctx.call(worker, { method: 'POST', url: `/v1/warnings/${w.id}/end`, payload: { reason: 'Moved' } }, 200);
    const { rows } = await ctx.db.pool.query(
      `select action, actor_id from audit_events where resource_id = $1 order by seq`,
      [w.id],
    );
    expect(rows).toEqual([
      { action: 'warning.create', actor_id: worker.user.id },
      { action: 'warning.read', actor_id: colleague.user.id },
      { action: 'warning.end', actor_id: worker.user.id },
    ]);
  });
});
