import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const MAX = 4096;
let ctx: TestContext;
let worker: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW, config: { DOCUMENTS_MAX_BYTES: MAX } });
  worker = await ctx.signedIn('practitioner');
  colleague = await ctx.signedIn('social_worker');
  lead = await ctx.signedIn('safeguarding_lead');
});
afterAll(() => ctx.close());

// Real files' first bytes: the type is judged from these, never from the name.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

async function form(fields: Record<string, string>, file?: { bytes: Buffer; name: string }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  const res = new Response(fd);
  return {
    payload: Buffer.from(await res.arrayBuffer()),
    headers: { 'content-type': res.headers.get('content-type')! },
  };
}

async function upload(
  fields: Record<string, string>,
  file: { bytes: Buffer; name: string } | undefined,
  as: Caller = worker,
  extraHeaders: Record<string, string> = {},
) {
  const { payload, headers } = await form(fields, file);
  return ctx.call(as, { method: 'POST', url: '/v1/documents', payload, headers: { ...headers, ...extraHeaders } });
}

async function conversationOf(personId: string): Promise<string> {
  const { rows } = await ctx.db.pool.query<{ id: string }>(
    `with s as (insert into stories (person_id) values ($1) returning id)
     insert into conversations (story_id, kind, author_id) select id, 1, $2 from s returning id`,
    [personId, worker.user.id],
  );
  return rows[0]!.id;
}

const listed = async (personId: string, as: Caller, headers: Record<string, string> = {}) =>
  (
    (await ctx.call(as, { method: 'GET', url: `/v1/people/${personId}/documents`, headers }, 200)).json().items as {
      id: string;
    }[]
  ).map((d) => d.id);

describe('uploading a document', () => {
  it('keeps a PDF on a conversation with its checksum, gives back the same bytes, and audits each read', async () => {
    const person = await ctx.newPerson();
    const conversationId = await conversationOf(person.id);
    const res = await upload(
      { personId: person.id, conversationId, title: 'Signed direct payment agreement' },
      { bytes: PDF, name: 'agreement.pdf' },
    );
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      personId: person.id,
      conversationId,
      title: 'Signed direct payment agreement',
      fileName: 'agreement.pdf',
      mediaType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      uploadedBy: { id: worker.user.id },
      uploadedAt: NOW.toISOString(),
      contentUrl: `/v1/documents/${doc.id}/content`,
      removal: null,
    });

    const content = await ctx.call(colleague, { method: 'GET', url: doc.contentUrl }, 200);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['content-disposition']).toContain('agreement.pdf');
    expect(content.rawPayload.equals(PDF)).toBe(true);
    expect(await listed(person.id, colleague)).toEqual([doc.id]);

    const { rows } = await ctx.db.pool.query(
      `select action, actor_id from audit_events where resource_id = $1 order by seq`,
      [doc.id],
    );
    expect(rows).toEqual([
      { action: 'document.create', actor_id: worker.user.id },
      { action: 'document.content.read', actor_id: colleague.user.id },
      { action: 'document.read', actor_id: colleague.user.id },
    ]);
  });

  it('judges the type by content: an image is an image whatever its name, a program named .pdf is refused', async () => {
    const person = await ctx.newPerson();
    const photo = await upload({ personId: person.id }, { bytes: PNG, name: 'tenancy.pdf' });
    expect(photo.statusCode).toBe(201);
    expect(photo.json()).toMatchObject({ mediaType: 'image/png', title: 'tenancy.pdf' });

    const disguised = await upload({ personId: person.id }, { bytes: EXE, name: 'gp-letter.pdf' });
    expect(disguised.statusCode).toBe(422);
    expect(disguised.json()).toMatchObject({ code: 'document_type_not_allowed' });
    expect(disguised.headers['content-type']).toContain('application/problem+json');
    expect(await listed(person.id, worker)).toEqual([photo.json().id]);
  });

  it('refuses a file over the size limit, an empty one, unknown fields and another person’s conversation', async () => {
    const person = await ctx.newPerson();
    const other = await ctx.newPerson();
    const big = Buffer.concat([PDF, Buffer.alloc(MAX, 0x20)]);
    const tooBig = await upload({ personId: person.id }, { bytes: big, name: 'scan.pdf' });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().code).toBe('document_too_large');

    const empty = await upload({ personId: person.id }, { bytes: Buffer.alloc(0), name: 'empty.pdf' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().code).toBe('document_empty');

    const unknown = await upload({ personId: person.id, colour: 'blue' }, { bytes: PDF, name: 'a.pdf' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('colour');

    const theirs = await upload(
      { personId: person.id, conversationId: await conversationOf(other.id) },
      { bytes: PDF, name: 'a.pdf' },
    );
    expect(theirs.statusCode).toBe(400);
    expect(theirs.json().errors[0].field).toBe('conversationId');

    const noFile = await upload({ personId: person.id }, undefined);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors[0].field).toBe('file');

    const json = await ctx.call(worker, { method: 'POST', url: '/v1/documents', payload: { personId: person.id } });
    expect(json.statusCode).toBe(415);
    expect(await listed(person.id, worker)).toEqual([]);
  });
});

describe('who sees a document: the rules of its parent', () => {
  it('hides a document on a safeguarding enquiry from a colleague not involved, until they are', async () => {
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
    const onEnquiry = await upload(
      { personId: person.id, enquiryId },
      { bytes: PDF, name: 'bank-statement.pdf' },
      lead,
    );
    expect(onEnquiry.statusCode).toBe(201);
    const id = onEnquiry.json().id as string;
    const ordinary = (await upload({ personId: person.id }, { bytes: PNG, name: 'photo.png' })).json().id;

    // Not involved: cannot add to it, and the document does not exist for them.
    const refused = await upload({ personId: person.id, enquiryId }, { bytes: PDF, name: 'x.pdf' }, colleague);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('enquiryId');
    expect(await listed(person.id, colleague)).toEqual([ordinary]);
    expect((await ctx.call(colleague, { method: 'GET', url: `/v1/documents/${id}` })).statusCode).toBe(404);
    expect((await ctx.call(colleague, { method: 'GET', url: `/v1/documents/${id}/content` })).statusCode).toBe(404);
    expect((await listed(person.id, lead)).sort()).toEqual([id, ordinary].sort());

    await ctx.call(
      lead,
      {
        method: 'POST',
        url: `/v1/safeguarding/enquiries/${enquiryId}/involvements`,
        payload: { userId: colleague.user.id, role: 'visits her' },
      },
      200,
    );
    expect((await listed(person.id, colleague)).sort()).toEqual([id, ordinary].sort());
    expect((await ctx.call(colleague, { method: 'GET', url: `/v1/documents/${id}/content` })).statusCode).toBe(200);
  });

  it('hides a restricted person’s documents from colleagues without access, and asks the lead for a reason', async () => {
    const person = await ctx.newPerson({ restricted: true }, lead);
    const reason = { 'x-access-reason': 'Filing the GP letter' };
    const doc = (await upload({ personId: person.id }, { bytes: PDF, name: 'gp.pdf' }, lead, reason)).json();
    expect((await ctx.call(worker, { method: 'GET', url: `/v1/documents/${doc.id}` })).statusCode).toBe(404);
    expect((await ctx.call(worker, { method: 'GET', url: `/v1/people/${person.id}/documents` })).statusCode).toBe(404);
    const noReason = await ctx.call(lead, { method: 'GET', url: `/v1/documents/${doc.id}` });
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().code).toBe('reason_required');
    expect(await listed(person.id, lead, reason)).toEqual([doc.id]);
  });
});

describe('removing a document', () => {
  it('is a recorded retention decision: the bytes go, the record of who, when and why stays', async () => {
    const person = await ctx.newPerson();
    const doc = (await upload({ personId: person.id }, { bytes: PDF, name: 'old.pdf' })).json();
    const bad = await ctx.call(worker, {
      method: 'POST',
      url: `/v1/documents/${doc.id}/removal`,
      payload: { basis: 'tidying', reason: 'x' },
    });
    expect(bad.statusCode).toBe(400);

    const removed = await ctx.call(
      colleague,
      {
        method: 'POST',
        url: `/v1/documents/${doc.id}/removal`,
        payload: { basis: 'uploaded_in_error', reason: 'Belongs to another person; agreed with the team manager' },
      },
      200,
    );
    expect(removed.json()).toMatchObject({
      contentUrl: null,
      removal: {
        removedAt: NOW.toISOString(),
        removedBy: { id: colleague.user.id },
        basis: 'uploaded_in_error',
        reason: 'Belongs to another person; agreed with the team manager',
      },
    });
    const gone = await ctx.call(worker, { method: 'GET', url: `/v1/documents/${doc.id}/content` });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().code).toBe('document_removed');
    expect(await listed(person.id, worker)).toEqual([doc.id]);
    const again = await ctx.call(worker, {
      method: 'POST',
      url: `/v1/documents/${doc.id}/removal`,
      payload: { basis: 'uploaded_in_error', reason: 'Again' },
    });
    expect(again.statusCode).toBe(409);
    const { rows } = await ctx.db.pool.query(
      `select count(*)::int as n from document_contents where document_id = $1`,
      [doc.id],
    );
    expect(rows[0].n).toBe(0);

    const client = new pg.Client({ connectionString: ctx.database.url });
    await client.connect();
    try {
      await client.query('set role threefold_app');
      await expect(client.query(`delete from documents where id = $1`, [doc.id])).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
