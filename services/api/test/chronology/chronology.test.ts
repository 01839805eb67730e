import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';
import type { SignedIn } from '../support/auth.js';

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

interface Entry {
  at: string;
  kind: string;
  id: string;
  title: string;
  summary: string;
  by: { id: string; name: string } | null;
  link: { type: string; id: string };
}

async function chronology(personId: string, as: Caller = worker, query = '', headers: Record<string, string> = {}) {
  return ctx.call(as, { method: 'GET', url: `/v1/people/${personId}/chronology${query}`, headers });
}
const entries = async (personId: string, as: Caller = worker, query = '') =>
  (await chronology(personId, as, query)).json().items as Entry[];

/** A contact about the person, recorded by `by` at `at` (the contacts module's own rules are not this test's subject). */
async function contactAt(
  personId: string,
  at: string,
  by: SignedIn = worker,
  whatMatters = 'Wants to get to the shops',
) {
  const { rows } = await ctx.db.pool.query<{ id: string }>(
    `insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, what_matters, source, created_by_type, created_by_id)
     values ($1, $2, 'phone', 'self', 'self_referral', $3, 'console', 'user', $4) returning id`,
    [personId, at, whatMatters, by.user.id],
  );
  return rows[0]!.id;
}

async function noteAt(
  personId: string,
  occurredAt: string,
  status: 'draft' | 'final',
  summary: string,
  as: SignedIn = worker,
) {
  return (
    await ctx.call(
      as,
      {
        method: 'POST',
        url: `/v1/people/${personId}/notes`,
        payload: { kind: 'visit', occurredAt, summary, body: `${summary}.`, status },
      },
      201,
    )
  ).json() as { id: string; version: number };
}

describe('one account of what happened', () => {
  it('puts contacts, stories, final notes and warnings in time order, each with who did it and what to open', async () => {
    const person = await ctx.newPerson();
    const contactId = await contactAt(person.id, '2026-11-01T09:00:00Z');
    const { rows } = await ctx.db.pool.query<{ id: string }>(
      `insert into stories (person_id, contact_id, opened_at) values ($1, $2, '2026-11-02T09:00:00Z') returning id`,
      [person.id, contactId],
    );
    const storyId = rows[0]!.id;
    await ctx.db.pool.query(
      `insert into story_events (story_id, kind, by_id, at) values ($1, 'opened', $2, '2026-11-02T09:00:00Z'),
         ($1, 'contact', $2, '2026-11-02T09:00:00Z'), ($1, 'pick_up', $3, '2026-11-03T09:00:00Z')`,
      [storyId, worker.user.id, colleague.user.id],
    );
    const final = await noteAt(person.id, '2026-11-05T10:00:00Z', 'final', 'Visited at home');
    await noteAt(person.id, '2026-11-06T10:00:00Z', 'draft', 'Half-written draft');
    const warning = (
      await ctx.call(
        worker,
        {
          method: 'POST',
          url: `/v1/people/${person.id}/warnings`,
          payload: { kind: 'risk_to_staff', details: 'Visit in pairs', reviewOn: '2027-01-31' },
        },
        201,
      )
    ).json();

    const seen = await entries(person.id);
    expect(seen.map((e) => [e.kind, e.title])).toEqual([
      ['warning_added', 'Warning added: Risk to staff'],
      ['note', 'Case note: visit'],
      ['story', 'Story picked up'],
      ['story', 'Story opened'],
      ['contact', 'Contact by phone'],
    ]);
    expect(seen[0]).toMatchObject({
      at: NOW.toISOString(),
      summary: 'Visit in pairs',
      link: { type: 'warning', id: warning.id },
    });
    expect(seen[1]).toMatchObject({
      summary: 'Visited at home',
      by: { id: worker.user.id },
      link: { type: 'note', id: final.id },
    });
    expect(seen[2]).toMatchObject({ by: { id: colleague.user.id }, link: { type: 'story', id: storyId } });
    expect(seen[4]).toMatchObject({ summary: 'Wants to get to the shops', link: { type: 'contact', id: contactId } });
  });

  it('lists a peer step once, with its outcome and why, from who gave it', async () => {
    const person = await ctx.newPerson();
    const contactId = await contactAt(person.id, '2026-11-01T09:00:00Z');
    const { rows } = await ctx.db.pool.query<{ id: string }>(
      `insert into stories (person_id, contact_id, opened_at) values ($1, $2, '2026-11-02T09:00:00Z') returning id`,
      [person.id, contactId],
    );
    await ctx.call(
      colleague,
      {
        method: 'POST',
        url: `/v1/stories/${rows[0]!.id}/peer-steps`,
        payload: { outcome: 'advice', why: 'Try the lunch club first' },
      },
      201,
    );
    const steps = (await entries(person.id)).filter((e) => e.kind === 'peer_step');
    expect(steps).toEqual([
      expect.objectContaining({
        title: 'Peer step: advice',
        summary: 'Try the lunch club first',
        by: { id: colleague.user.id, name: expect.any(String) },
        link: { type: 'story', id: rows[0]!.id },
      }),
    ]);
  });

  it('shows connections, which live under row-level security, for the practice', async () => {
    const person = await ctx.newPerson();
    // Written as the practice (the connections module's own rules are not this test's subject).
    const client = await ctx.db.pool.connect();
    await client.query(`begin; select set_config('threefold.scope', 'practice', true)`);
    const { rows } = await client.query<{ id: string }>(
      `with o as (insert into organisations (name) values ('Lunch club') returning id)
       insert into connections (person_id, organisation_id, consent_to_share, contact_route, ask, created_by_id, created_at)
       select $1, o.id, true, 'phone', 'Lunch on Thursdays', $2, '2026-11-20T10:00:00Z' from o returning id`,
      [person.id, worker.user.id],
    );
    await client.query('commit');
    client.release();
    const seen = await entries(person.id);
    expect(seen.map((e) => [e.kind, e.title, e.summary])).toEqual([
      ['connection', 'Connection made (now offered)', 'Lunch on Thursdays'],
    ]);
    expect(seen[0]!.link).toEqual({ type: 'connection', id: rows[0]!.id });
  });

  it('never shows a draft, and marks a final note that was amended with its latest words', async () => {
    const person = await ctx.newPerson();
    await noteAt(person.id, '2026-11-06T10:00:00Z', 'draft', 'Not yet part of the record');
    const final = await noteAt(person.id, '2026-11-05T10:00:00Z', 'final', 'Phoned her daughter');
    await ctx.call(
      worker,
      {
        method: 'PATCH',
        url: `/v1/notes/${final.id}`,
        headers: { 'if-match': `"${final.id}.v${final.version}"` },
        payload: { summary: 'Phoned her son', amendmentReason: 'It was her son' },
      },
      200,
    );
    for (const reader of [worker, colleague]) {
      const seen = await entries(person.id, reader);
      expect(seen.map((e) => [e.title, e.summary])).toEqual([['Case note: visit (amended)', 'Phoned her son']]);
    }
  });

  it('filters by kind and by days in England, both inclusive', async () => {
    const person = await ctx.newPerson();
    await contactAt(person.id, '2026-10-31T23:30:00Z'); // 31 Oct in England (GMT)
    await contactAt(person.id, '2026-11-10T12:00:00Z');
    await noteAt(person.id, '2026-11-10T13:00:00Z', 'final', 'Met at the library');
    expect((await entries(person.id, worker, '?kinds=note')).map((e) => e.kind)).toEqual(['note']);
    expect((await entries(person.id, worker, '?kinds=note&kinds=contact')).length).toBe(3);
    expect((await entries(person.id, worker, '?from=2026-11-01')).length).toBe(2);
    expect((await entries(person.id, worker, '?to=2026-10-31')).map((e) => e.at)).toEqual(['2026-10-31T23:30:00.000Z']);
    expect((await entries(person.id, worker, '?from=2026-11-10&to=2026-11-10&kinds=contact')).length).toBe(1);
    const backwards = await chronology(person.id, worker, '?from=2026-11-10&to=2026-11-01');
    expect(backwards.statusCode).toBe(400);
    expect((await chronology(person.id, worker, '?kinds=gossip')).statusCode).toBe(400);
    expect((await chronology(person.id, worker, '?from=2026-02-30')).statusCode).toBe(400);
    expect((await chronology(person.id, worker, '?cursor=bm9wZQ')).statusCode).toBe(400);
  });
});

describe('paging', () => {
  it('walks every entry once, without gaps or duplicates, even where many share a moment', async () => {
    const person = await ctx.newPerson();
    // 60 contacts and 30 warnings, many at the same instants (microseconds included), across kinds.
    await ctx.db.pool.query(
      `insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, source, created_by_type, created_by_id)
       select $1, timestamptz '2026-06-01T09:00:00.123456Z' + (g % 7) * interval '1 hour', 'phone', 'self', 'self_referral',
              'console', 'user', $2
         from generate_series(1, 60) g`,
      [person.id, worker.user.id],
    );
    await ctx.db.pool.query(
      `insert into person_warnings (person_id, kind, details, review_on, created_by_id, created_at)
       select $1, 'other', 'w' || g, '2027-01-01', $2, timestamptz '2026-06-01T09:00:00.123456Z' + (g % 4) * interval '1 hour'
         from generate_series(1, 30) g`,
      [person.id, worker.user.id],
    );
    const all = await entries(person.id, worker, '?limit=200');
    expect(all).toHaveLength(90);
    const walked: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await chronology(person.id, worker, `?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      walked.push(...res.json().items);
      cursor = res.json().nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(pages).toBe(13);
    expect(walked.map((e) => `${e.kind}:${e.id}`)).toEqual(all.map((e) => `${e.kind}:${e.id}`));
    expect(new Set(walked.map((e) => `${e.kind}:${e.id}`)).size).toBe(90);
    // Newest first throughout.
    const times = walked.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // A filtered walk pages through its own kind only.
    const onlyWarnings = await chronology(person.id, worker, '?kinds=warning_added&limit=25');
    const next = await chronology(
      person.id,
      worker,
      `?kinds=warning_added&limit=25&cursor=${onlyWarnings.json().nextCursor}`,
    );
    expect([...onlyWarnings.json().items, ...next.json().items].map((e: Entry) => e.kind)).toEqual(
      Array(30).fill('warning_added'),
    );
    expect(next.json().nextCursor).toBeNull();
  });
});

describe('who sees what', () => {
  it('hides a restricted person from colleagues without access; the lead gives a reason', async () => {
    const person = await ctx.newPerson({ restricted: true }, lead);
    await contactAt(person.id, '2026-11-01T09:00:00Z', lead);
    expect((await chronology(person.id, worker)).statusCode).toBe(404);
    const noReason = await chronology(person.id, lead);
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().code).toBe('reason_required');
    const withReason = await chronology(person.id, lead, '', { 'x-access-reason': 'Preparing the review' });
    expect(withReason.json().items).toHaveLength(1);
    const pdf = await ctx.call(worker, { method: 'GET', url: `/v1/people/${person.id}/chronology.pdf` });
    expect(pdf.statusCode).toBe(404);
  });

  it('shows safeguarding only to the lead and colleagues involved in the enquiry', async () => {
    const person = await ctx.newPerson();
    const raised = await ctx.call(
      worker,
      {
        method: 'POST',
        url: '/v1/safeguarding/concerns',
        payload: {
          personId: person.id,
          summary: 'Neighbour saw a carer taking her bank card',
          raisedByKind: 'family_or_friend',
          raisedByName: 'Mr Evans',
          immediateSafety: 'safe_now',
          suspectedRiskTypes: ['financial_or_material'],
        },
      },
      201,
    );
    const decided = await ctx.call(
      lead,
      {
        method: 'POST',
        url: `/v1/safeguarding/concerns/${raised.json().id}/decision`,
        payload: {
          rationale: 'Read with the team',
          criteria: {
            hasCareAndSupportNeeds: true,
            experiencingOrAtRiskOfAbuseOrNeglect: true,
            unableToProtectThemselves: true,
          },
        },
      },
      200,
    );
    const enquiryId = decided.json().enquiryId as string;
    await ctx.call(
      lead,
      {
        method: 'POST',
        url: `/v1/people/${person.id}/notes`,
        payload: {
          kind: 'meeting',
          occurredAt: '2026-11-29T10:00:00Z',
          summary: 'Strategy meeting',
          body: 'Met.',
          status: 'final',
          enquiryId,
        },
      },
      201,
    );
    await contactAt(person.id, '2026-11-01T09:00:00Z');

    const safeguardingKinds = (list: Entry[]) =>
      list
        .filter(
          (e) => e.kind.startsWith('safeguarding') || e.link.type === 'enquiry' || e.title === 'Case note: meeting',
        )
        .map((e) => e.kind)
        .sort();
    // The colleague who raised it is not involved in the enquiry: only the contact.
    expect((await entries(person.id, colleague)).map((e) => e.kind)).toEqual(['contact']);
    expect(safeguardingKinds(await entries(person.id, worker))).toEqual([]);
    const full = ['note', 'safeguarding_concern', 'safeguarding_decision', 'safeguarding_enquiry_opened'];
    expect(safeguardingKinds(await entries(person.id, lead))).toEqual(full);
    expect((await entries(person.id, worker, '?kinds=safeguarding_concern')).length).toBe(0);

    await ctx.call(
      lead,
      {
        method: 'POST',
        url: `/v1/safeguarding/enquiries/${enquiryId}/involvements`,
        payload: { userId: worker.user.id, role: 'visits her' },
      },
      200,
    );
    expect(safeguardingKinds(await entries(person.id, worker))).toEqual(full);
    const concern = (await entries(person.id, lead)).find((e) => e.kind === 'safeguarding_concern')!;
    expect(concern).toMatchObject({
      summary: 'Neighbour saw a carer taking her bank card',
      by: { id: worker.user.id },
    });
  });

  it('shows a role only the kinds it reads: an administrator sees no casework; a machine client is refused', async () => {
    const person = await ctx.newPerson();
    await contactAt(person.id, '2026-11-01T09:00:00Z');
    await noteAt(person.id, '2026-11-02T09:00:00Z', 'final', 'Visited');
    expect(await entries(person.id, admin)).toEqual([]);
    const council = await ctx.council(['people:read']);
    expect((await chronology(person.id, council)).statusCode).toBe(403);
  });

  it('audits each read and each print against the person', async () => {
    const person = await ctx.newPerson();
    await chronology(person.id, colleague);
    await ctx.call(colleague, { method: 'GET', url: `/v1/people/${person.id}/chronology.pdf` }, 200);
    const { rows } = await ctx.db.pool.query(
      `select action, actor_id from audit_events where resource_id = $1 and action like 'chronology.%' order by seq`,
      [person.id],
    );
    expect(rows).toEqual([
      { action: 'chronology.read', actor_id: colleague.user.id },
      { action: 'chronology.print', actor_id: colleague.user.id },
    ]);
  });
});

/** The text a pdfkit PDF shows: its content streams inflated, the hex strings of each TJ joined. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[(.*?)\]\s*TJ/g)) {
      out.push(
        [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''),
      );
    }
  }
  return out.join('\n');
}

describe('printing', () => {
  it('prints a valid PDF of the entries, newest first, with the same filters', async () => {
    const person = await ctx.newPerson({ givenName: 'Ivy', familyName: 'Printed' });
    await contactAt(person.id, '2026-11-01T09:00:00Z', worker, 'Wants to garden again');
    await noteAt(person.id, '2026-11-02T09:00:00Z', 'final', 'Visited the allotment');
    const res = await ctx.call(worker, { method: 'GET', url: `/v1/people/${person.id}/chronology.pdf` }, 200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdfText(pdf);
    expect(text).toContain('Chronology: Ivy Printed');
    expect(text).toContain('Visited the allotment');
    expect(text).toContain('Wants to garden again');
    expect(text.indexOf('Visited the allotment')).toBeLessThan(text.indexOf('Wants to garden again'));

    const notesOnly = pdfText(
      (await ctx.call(worker, { method: 'GET', url: `/v1/people/${person.id}/chronology.pdf?kinds=note` }, 200))
        .rawPayload,
    );
    expect(notesOnly).toContain('Visited the allotment');
    expect(notesOnly).not.toContain('Wants to garden again');
  });
});
