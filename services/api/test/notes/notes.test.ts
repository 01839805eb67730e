import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';
import type { SignedIn } from '../support/auth.js';

// A fixed clock: "in the future" is judged against the request actor's time, not the machine's.
const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let author: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  author = await ctx.signedIn('practitioner');
  colleague = await ctx.signedIn('social_worker');
  lead = await ctx.signedIn('safeguarding_lead');
});
afterAll(() => ctx.close());

const note = (over: Record<string, unknown> = {}) => ({
  kind: 'visit',
  occurredAt: '2026-11-30T09:00:00Z',
  summary: 'Visited Ivy at home',
  body: 'Ivy showed me the garden she wants to get back to. We talked about the steps.',
  ...over,
});

async function write(personId: string, body: Record<string, unknown>, as: Caller = author, status = 201) {
  return (await ctx.call(as, { method: 'POST', url: `/v1/people/${personId}/notes`, payload: body }, status)).json();
}

async function change(id: string, etag: string, body: Record<string, unknown>, as: Caller = author) {
  return ctx.call(as, { method: 'PATCH', url: `/v1/notes/${id}`, headers: { 'if-match': etag }, payload: body });
}

const etagOf = (n: { id: string; version: number }) => `"${n.id}.v${n.version}"`;
const listed = async (personId: string, as: Caller, headers: Record<string, string> = {}) =>
  (
    (await ctx.call(as, { method: 'GET', url: `/v1/people/${personId}/notes`, headers }, 200)).json().items as {
      id: string;
    }[]
  ).map((n) => n.id);

describe('drafts', () => {
  it('keeps a draft for its author: saved on the server, changed in place, invisible to colleagues', async () => {
    const person = await ctx.newPerson();
    const draft = await write(person.id, note());
    expect(draft).toMatchObject({ status: 'draft', finalisedAt: null, author: { id: author.user.id } });
    expect(await listed(person.id, author)).toEqual([draft.id]);
    expect(await listed(person.id, colleague)).toEqual([]);
    expect((await ctx.call(colleague, { method: 'GET', url: `/v1/notes/${draft.id}` })).statusCode).toBe(404);

    const edited = await change(draft.id, etagOf(draft), { body: 'Ivy showed me the garden. Next visit Tuesday.' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'draft', body: 'Ivy showed me the garden. Next visit Tuesday.' });
    const byColleague = await change(draft.id, etagOf(edited.json()), { body: 'mine now' }, colleague);
    expect(byColleague.statusCode).toBe(404);

    const final = await change(draft.id, etagOf(edited.json()), { finalise: true });
    expect(final.json()).toMatchObject({ status: 'final', finalisedAt: NOW.toISOString(), amended: false });
    expect(await listed(person.id, colleague)).toEqual([draft.id]);
  });

  it('refuses a stale save with 412, keeping the newer text', async () => {
    const person = await ctx.newPerson();
    const draft = await write(person.id, note());
    expect((await change(draft.id, etagOf(draft), { summary: 'First' })).statusCode).toBe(200);
    const stale = await change(draft.id, etagOf(draft), { summary: 'Second' });
    expect(stale.statusCode).toBe(412);
    const got = (await ctx.call(author, { method: 'GET', url: `/v1/notes/${draft.id}` }, 200)).json();
    expect(got.note.summary).toBe('First');
  });
});

describe('final notes are never edited in place', () => {
  it('amends only with a reason, appending a version; the history shows both', async () => {
    const person = await ctx.newPerson();
    const final = await write(person.id, note({ status: 'final' }));
    expect(final.status).toBe('final');

    const noReason = await change(final.id, etagOf(final), { body: 'Corrected text' });
    expect(noReason.statusCode).toBe(409);
    expect(noReason.json().rules.map((r: { code: string }) => r.code)).toEqual(['amendment_reason_required']);
    const facts = await change(final.id, etagOf(final), { kind: 'phone_call', amendmentReason: 'It was a call' });
    expect(facts.json().rules.map((r: { code: string }) => r.code)).toEqual([
      'final_note_facts_fixed',
      'amendment_changes_nothing',
    ]);

    const amended = await change(
      final.id,
      etagOf(final),
      { body: 'Ivy showed me the garden she wants to get back to.', amendmentReason: 'Removed a guess about steps' },
      colleague,
    );
    expect(amended.statusCode).toBe(200);
    expect(amended.json()).toMatchObject({ amended: true, body: 'Ivy showed me the garden she wants to get back to.' });

    const got = (await ctx.call(author, { method: 'GET', url: `/v1/notes/${final.id}` }, 200)).json();
    expect(got.versions.map((v: { version: number; body: string; amendmentReason: string | null }) => v)).toMatchObject(
      [
        { version: 1, body: note().body, amendmentReason: null, writtenBy: { id: author.user.id } },
        { version: 2, amendmentReason: 'Removed a guess about steps', writtenBy: { id: colleague.user.id } },
      ],
    );
  });

  it('cannot be changed behind the API: the application role may not update or delete a version', async () => {
    const person = await ctx.newPerson();
    const final = await write(person.id, note({ status: 'final' }));
    const client = new pg.Client({ connectionString: ctx.database.url });
    await client.connect();
    try {
      await client.query('set role threefold_app');
      await expect(
        client.query(`update case_note_versions set body = 'rewritten' where note_id = $1`, [final.id]),
      ).rejects.toThrow(/permission denied/);
      await expect(client.query(`delete from case_note_versions where note_id = $1`, [final.id])).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await client.end();
    }
  });
});

describe('who reads a note: the same rules as its parent', () => {
  it('hides a restricted person’s notes from colleagues without access, and asks the lead for a reason', async () => {
    const person = await ctx.newPerson({ restricted: true }, lead);
    const reason = { 'x-access-reason': 'Recording the visit' };
    const final = (
      await ctx.call(
        lead,
        { method: 'POST', url: `/v1/people/${person.id}/notes`, headers: reason, payload: note({ status: 'final' }) },
        201,
      )
    ).json();
    expect((await ctx.call(author, { method: 'GET', url: `/v1/people/${person.id}/notes` })).statusCode).toBe(404);
    expect((await ctx.call(author, { method: 'GET', url: `/v1/notes/${final.id}` })).statusCode).toBe(404);
    const noReason = await ctx.call(lead, { method: 'GET', url: `/v1/notes/${final.id}` });
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().code).toBe('reason_required');
    expect(await listed(person.id, lead, { 'x-access-reason': 'Planning the review' })).toEqual([final.id]);
  });

  it('shows a note on a safeguarding enquiry only to the lead, colleagues involved and its author', async () => {
    const person = await ctx.newPerson();
    const raised = await ctx.call(
      author,
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
    const onEnquiry = await write(person.id, note({ status: 'final', enquiryId }), lead);
    const ordinary = await write(person.id, note({ status: 'final', summary: 'Phoned her daughter' }), author);

    // The colleague who raised it is not involved in the enquiry, so cannot write on it or read it.
    const refused = await ctx.call(author, {
      method: 'POST',
      url: `/v1/people/${person.id}/notes`,
      payload: note({ enquiryId }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('enquiryId');
    expect(await listed(person.id, author)).toEqual([ordinary.id]);
    expect((await ctx.call(author, { method: 'GET', url: `/v1/notes/${onEnquiry.id}` })).statusCode).toBe(404);

    await ctx.call(
      lead,
      {
        method: 'POST',
        url: `/v1/safeguarding/enquiries/${enquiryId}/involvements`,
        payload: { userId: author.user.id, role: 'visits Ivy' },
      },
      200,
    );
    expect((await listed(person.id, author)).sort()).toEqual([onEnquiry.id, ordinary.id].sort());
    expect((await listed(person.id, lead)).sort()).toEqual([onEnquiry.id, ordinary.id].sort());
  });

  it('audits every note read, listed or opened', async () => {
    const person = await ctx.newPerson();
    const final = await write(person.id, note({ status: 'final' }));
    await listed(person.id, colleague);
    await ctx.call(colleague, { method: 'GET', url: `/v1/notes/${final.id}` }, 200);
    const { rows } = await ctx.db.pool.query(
      `select action, actor_id from audit_events where resource_id = $1 order by seq`,
      [final.id],
    );
    expect(rows).toEqual([
      { action: 'note.create', actor_id: author.user.id },
      { action: 'note.read', actor_id: colleague.user.id },
      { action: 'note.read', actor_id: colleague.user.id },
    ]);
  });
});

describe('what a note may say and link to', () => {
  it('refuses a link to another person’s story and a time in the future, naming the field', async () => {
    const person = await ctx.newPerson();
    const other = await ctx.newPerson();
    // A story belongs to the conversations module; here only its person matters.
    const { rows } = await ctx.db.pool.query<{ id: string }>(
      `insert into stories (person_id) values ($1) returning id`,
      [other.id],
    );
    const res = await ctx.call(author, {
      method: 'POST',
      url: `/v1/people/${person.id}/notes`,
      payload: note({ storyId: rows[0]!.id }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('storyId');
    const future = await ctx.call(author, {
      method: 'POST',
      url: `/v1/people/${person.id}/notes`,
      payload: note({ occurredAt: '2026-11-30T11:00:00Z' }),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: 'occurredAt', message: 'cannot be in the future' });
  });

  it('refuses an unknown kind and unknown fields, and writes nothing', async () => {
    const person = await ctx.newPerson();
    const res = await ctx.call(author, {
      method: 'POST',
      url: `/v1/people/${person.id}/notes`,
      payload: note({ kind: 'gossip', mood: 'fine' }),
    });
    expect(res.statusCode).toBe(400);
    expect(await listed(person.id, author)).toEqual([]);
  });
});
