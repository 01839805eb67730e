import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs, type SignedIn } from '../support/auth.js';

// A fixed clock for the safeguarding deadlines, moved by the test: Christmas 2026 falls on a
// Friday and Boxing Day on the Saturday, so Monday 28 December is a bank holiday too.
let now = new Date('2026-12-22T10:00:00Z');
let t: TestApp;
let lead: SignedIn;
let leadSignedInAt: Date | undefined;
let personId: string;

/**
 * A session lives on the app's clock too, so when the test moves the clock the lead signs in
 * afresh at that moment (a new colleague each time: a TOTP code is accepted only once).
 */
async function leadHeaders(): Promise<Record<string, string>> {
  if (leadSignedInAt !== now) {
    lead = await signInAs(t.app, t.db, { roles: ['safeguarding_lead'] });
    leadSignedInAt = now;
  }
  return lead.headers;
}

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  personId = (
    await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: await leadHeaders(),
      payload: { givenName: 'Morfydd', familyName: 'Lloyd', dateOfBirth: '1932-11-11' },
    })
  ).json().id;
});
afterAll(() => t.close());

async function raiseAt(instant: string, summary: string) {
  now = new Date(instant);
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/safeguarding/concerns',
    headers: await leadHeaders(),
    payload: { personId, summary, immediateSafety: 'not_known', suspectedRiskTypes: ['neglect_and_acts_of_omission'] },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; decisionClock: { dueOn: string } };
}

async function queue(query = '') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/safeguarding/concerns${query}`,
    headers: await leadHeaders(),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    items: {
      id: string;
      summary: string;
      decisionClock: { dueOn: string; overdue: boolean; workingDaysLeft: number };
    }[];
    overdueCount: number;
    nextCursor: string | null;
  };
}

describe('the decision clock across Christmas', () => {
  let tuesday: { id: string; decisionClock: { dueOn: string } };
  let christmasEve: { id: string; decisionClock: { dueOn: string } };
  let afterChristmas: { id: string; decisionClock: { dueOn: string } };

  beforeAll(async () => {
    // Raised in an order unlike their deadlines' would be by name, to show the queue sorts by clock.
    christmasEve = await raiseAt('2026-12-24T10:00:00Z', 'B: raised on Christmas Eve');
    afterChristmas = await raiseAt('2026-12-29T09:00:00Z', 'C: raised the first working day after');
    tuesday = await raiseAt('2026-12-22T10:00:00Z', 'A: raised on the Tuesday before');
  });

  it('counts two working days, skipping Christmas, the weekend and the Boxing Day substitute', () => {
    expect(tuesday.decisionClock.dueOn).toBe('2026-12-24');
    expect(christmasEve.decisionClock.dueOn).toBe('2026-12-30');
    expect(afterChristmas.decisionClock.dueOn).toBe('2026-12-31');
  });

  it('lists the overdue first, with overdue flags, on the 30th', async () => {
    now = new Date('2026-12-30T12:00:00Z');
    const q = await queue();
    expect(q.items.map((i) => i.summary)).toEqual([
      'A: raised on the Tuesday before',
      'B: raised on Christmas Eve',
      'C: raised the first working day after',
    ]);
    expect(q.items.map((i) => i.decisionClock.overdue)).toEqual([true, false, false]);
    expect(q.items.map((i) => i.decisionClock.workingDaysLeft)).toEqual([-2, 0, 1]);
    expect(q.overdueCount).toBe(1);
    expect((await queue('?overdue=true')).items.map((i) => i.id)).toEqual([tuesday.id]);
    expect((await queue('?overdue=false')).items.map((i) => i.id)).toEqual([christmasEve.id, afterChristmas.id]);
  });

  it('turns overdue at midnight after the due day', async () => {
    now = new Date('2026-12-30T23:59:00Z');
    expect((await queue()).overdueCount).toBe(1);
    now = new Date('2026-12-31T00:01:00Z');
    const q = await queue();
    expect(q.overdueCount).toBe(2);
    expect(q.items.map((i) => i.decisionClock.overdue)).toEqual([true, true, false]);
  });

  it('pages the queue with a cursor, keeping the order', async () => {
    const first = await queue('?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await queue(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.id)).toEqual([afterChristmas.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('stops the clock when decided: the decision says whether it was on time; it leaves the queue', async () => {
    now = new Date('2027-01-04T10:00:00Z');
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/safeguarding/concerns/${afterChristmas.id}/decision`,
      headers: await leadHeaders(),
      payload: {
        criteria: {
          hasCareAndSupportNeeds: true,
          experiencingOrAtRiskOfAbuseOrNeglect: false,
          unableToProtectThemselves: false,
        },
        route: 'no_enquiry',
        noEnquiryReason: 'The worry was a missed delivery, now sorted',
        rationale: 'Spoke to Morfydd and the shop',
        otherActions: [{ kind: 'conversation', detail: 'Offered a conversation about getting shopping in' }],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().decision.onTime).toBe(false);
    const { rows } = await t.db.pool.query(
      `select data->>'onTime' as on_time from outbox_events where subject_id = $1 and type = 'safeguarding.decision-made'`,
      [afterChristmas.id],
    );
    expect(rows).toEqual([{ on_time: 'false' }]);
    expect((await queue()).items.map((i) => i.id)).toEqual([tuesday.id, christmasEve.id]);
    expect((await queue('?status=no_enquiry')).items.map((i) => i.id)).toEqual([afterChristmas.id]);
  });
});

describe('a configured clock', () => {
  it('takes the working days from SAFEGUARDING_DECISION_WORKING_DAYS', async () => {
    const app = await createTestApp({
      now: () => new Date('2026-12-24T10:00:00Z'),
      config: { SAFEGUARDING_DECISION_WORKING_DAYS: 5 },
    });
    try {
      const who = await signInAs(app.app, app.db, { roles: ['safeguarding_lead'] });
      const person = await app.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: who.headers,
        payload: { givenName: 'Eirlys', familyName: 'Jones', dateOfBirth: '1950-05-05' },
      });
      const res = await app.app.inject({
        method: 'POST',
        url: '/v1/safeguarding/concerns',
        headers: who.headers,
        payload: { personId: person.json().id, summary: 'x', immediateSafety: 'safe_now', suspectedRiskTypes: [] },
      });
      // 29, 30, 31 December, 1 January is New Year's Day, so 4 and 5 January.
      expect(res.json().decisionClock.dueOn).toBe('2027-01-05');
    } finally {
      await app.close();
    }
  }, 180_000);
});
