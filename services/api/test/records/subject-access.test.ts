import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { organisations, reviews } from '@threefold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachineClient, tokenFor, type SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';

const run = promisify(execFile);
const NOW = new Date('2026-12-03T10:00:00Z');
let ctx: TestContext;
let admin: SignedIn;
let worker: SignedIn;
let peer: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  admin = await ctx.signedIn('practice_admin');
  worker = await ctx.signedIn('practitioner');
  peer = await ctx.signedIn('social_worker');
  lead = await ctx.signedIn('safeguarding_lead');
});
afterAll(() => ctx.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const strengths = { personalResources: ['Keeps bees'], networksOfSupport: ['Son nearby'], communityResources: [] };
const advocacy = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

async function upload(fields: Record<string, string>, as: SignedIn) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([new Uint8Array(PDF)]), 'letter from GP.pdf');
  const res = new Response(fd);
  return (
    await ctx.call(
      as,
      {
        method: 'POST',
        url: '/v1/documents',
        payload: Buffer.from(await res.arrayBuffer()),
        headers: { 'content-type': res.headers.get('content-type')! },
      },
      201,
    )
  ).json();
}

/** One of every kind of record the practice holds about a person, through the API where it can. */
async function personWithEverything() {
  const person = await ctx.newPerson({ postcode: 'SY8 1AB', addressLine1: '2 Broad Street' }, worker);
  const storyId = (
    await ctx.call(worker, { method: 'POST', url: '/v1/stories', payload: { personId: person.id } }, 201)
  ).json().id as string;
  const c1 = await ctx.call(
    worker,
    { method: 'POST', url: `/v1/stories/${storyId}/conversations`, payload: { kind: 1 } },
    201,
  );
  await ctx.call(
    worker,
    {
      method: 'PATCH',
      url: `/v1/conversations/${c1.json().id}`,
      headers: { 'if-match': c1.headers.etag as string },
      payload: { strengths, advocacy, participants: [{ name: 'Len', role: 'the person' }], whatMatters: 'His bees' },
    },
    200,
  );
  await ctx.call(
    worker,
    {
      method: 'POST',
      url: `/v1/conversations/${c1.json().id}/conclude`,
      payload: { resolved: false, unresolvedReason: 'Needs more' },
    },
    200,
  );
  await ctx.call(
    peer,
    { method: 'POST', url: `/v1/stories/${storyId}/peer-steps`, payload: { outcome: 'exhausted', why: 'Agreed' } },
    201,
  );
  const c3 = (
    await ctx.call(worker, { method: 'POST', url: `/v1/stories/${storyId}/conversations`, payload: { kind: 3 } }, 201)
  ).json().id as string;
  const determination = (
    await ctx.call(
      peer,
      {
        method: 'POST',
        url: '/v1/eligibility-determinations',
        payload: {
          conversationId: c3,
          inputs: {
            kind: 'adult',
            needsArise: true,
            condition: 'Stroke in 2025',
            outcomes: [
              { outcome: 'nutrition', unableWays: ['needs-assistance'] },
              { outcome: 'personal-hygiene', unableWays: ['needs-assistance'] },
            ],
            wellbeing: { significant: true, areas: ['dignity'] },
            needsFluctuate: false,
          },
        },
      },
      201,
    )
  ).json();
  expect(determination.eligible).toBe(true);
  const budget = (
    await ctx.call(
      worker,
      {
        method: 'POST',
        url: '/v1/personal-budgets',
        payload: { conversationId: c3, determinationId: determination.id },
      },
      201,
    )
  ).json();
  await ctx.db.db.insert(reviews).values({
    budgetId: budget.id,
    personId: person.id,
    kind: 'first',
    dueFrom: '2026-11-01',
    dueBy: '2026-11-20',
    status: 'completed',
    outcome: 'fully_met',
    notes: 'All well',
    weeklyBeforePence: 0,
    weeklyAfterPence: 0,
    completedOn: '2026-11-10',
    completedAt: new Date('2026-11-10T12:00:00Z'),
    completedById: peer.user.id,
  });
  await ctx.call(
    worker,
    {
      method: 'POST',
      url: `/v1/people/${person.id}/notes`,
      payload: {
        kind: 'visit',
        occurredAt: '2026-12-01T09:00:00Z',
        summary: 'Visited Len',
        body: 'Saw the hives',
        status: 'final',
      },
    },
    201,
  );
  // A partner organisation the person was connected to: it received what matters and how to reach him.
  const [partner] = await ctx.db.db
    .insert(organisations)
    .values({ name: 'Ludlow Men’s Shed', kind: 'partner' })
    .returning();
  const client = await ctx.db.pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('threefold.scope', 'practice', true)`);
    await client.query(
      `insert into connections (person_id, organisation_id, consent_to_share, contact_route, ask, created_by_id)
       values ($1, $2, true, 'phone', 'Woodwork on Tuesdays', $3)`,
      [person.id, partner!.id, worker.user.id],
    );
    await client.query('commit');
  } finally {
    client.release();
  }
  await ctx.db.pool.query(
    `insert into person_warnings (person_id, kind, details, review_on, created_by_id, created_at)
     values ($1, 'risk_to_staff', 'Dog at the door', '2027-06-01', $2, now())`,
    [person.id, worker.user.id],
  );
  await ctx.db.pool.query(
    `insert into tasks (person_id, title, due_on, status, source, assignee_id, created_by_id, created_at, updated_at)
     values ($1, 'Phone Len about the review', '2026-12-10', 'open', 'manual', $2, $2, now(), now())`,
    [person.id, worker.user.id],
  );
  // A safeguarding concern and enquiry, with a document on the enquiry.
  const concern = (
    await ctx.call(
      worker,
      {
        method: 'POST',
        url: '/v1/safeguarding/concerns',
        payload: {
          personId: person.id,
          summary: 'His nephew takes his pension',
          raisedByKind: 'family_or_friend',
          raisedByName: 'Mrs Price next door',
          immediateSafety: 'safe_now',
          suspectedRiskTypes: ['financial_or_material'],
        },
      },
      201,
    )
  ).json();
  const enquiryId = (
    await ctx.call(
      lead,
      {
        method: 'POST',
        url: `/v1/safeguarding/concerns/${concern.id}/decision`,
        payload: {
          rationale: 'Met',
          criteria: {
            hasCareAndSupportNeeds: true,
            experiencingOrAtRiskOfAbuseOrNeglect: true,
            unableToProtectThemselves: true,
          },
        },
      },
      200,
    )
  ).json().enquiryId as string;
  const ordinaryDoc = await upload({ personId: person.id, conversationId: c3 }, worker);
  const enquiryDoc = await upload({ personId: person.id, enquiryId }, lead);
  // A council system subscribed to events: one about him was delivered.
  const council = await createMachineClient(ctx.db, { kind: 'council', scopes: ['returns:read', 'people:read'] });
  await ctx.db.pool.query(
    `with e as (insert into outbox_events (type, subject_type, subject_id, data) values ('story.opened', 'story', $2, jsonb_build_object('personId', $1::text)) returning id),
          s as (insert into webhook_subscriptions (client_id, url, event_types, secret) values ($3, 'https://council.example/hooks', '{story.opened}', 'whsec_x') returning id)
     insert into webhook_deliveries (subscription_id, event_id, status, attempts, delivered_at)
     select s.id, e.id, 'delivered', 1, now() from s, e`,
    [person.id, storyId, council.id],
  );
  // The council took the Client Level Data return for a period holding his conversations.
  const councilHeaders = await tokenFor(ctx.app, council);
  await ctx.call(
    councilHeaders,
    { method: 'GET', url: '/v1/returns/client-level-data?from=2026-04-01&to=2027-03-31' },
    200,
  );
  await ctx.call(councilHeaders, { method: 'GET', url: `/v1/people/${person.id}` }, 200);
  return {
    person,
    storyId,
    c1: c1.json().id as string,
    c3,
    determination,
    budget,
    partner: partner!,
    ordinaryDoc,
    enquiryDoc,
    council,
  };
}

describe('subject access', () => {
  it('exports one record of every kind held, and everyone it was shared with', async () => {
    const made = await personWithEverything();
    const record = (await ctx.call(admin, { method: 'GET', url: `/v1/people/${made.person.id}/record` }, 200)).json();
    expect(record.stories.map((s: { id: string }) => s.id)).toEqual([made.storyId]);
    expect(record.conversations.map((c: { id: string }) => c.id)).toEqual([made.c1, made.c3]);
    expect(record.conversations[0]).toMatchObject({
      whatMatters: 'His bees',
      record: `/v1/conversations/${made.c1}/record`,
    });
    expect(record.notes).toEqual([expect.objectContaining({ summary: 'Visited Len', body: 'Saw the hives' })]);
    expect(record.eligibilityDeterminations).toEqual([
      expect.objectContaining({ id: made.determination.id, eligible: true }),
    ]);
    expect(record.personalBudgets.map((b: { id: string }) => b.id)).toEqual([made.budget.id]);
    expect(record.carePlans).toEqual([
      { budgetId: made.budget.id, status: 'draft', plan: `/v1/personal-budgets/${made.budget.id}/plan` },
    ]);
    expect(record.reviews).toEqual([expect.objectContaining({ outcome: 'fully_met', status: 'completed' })]);
    expect(record.connections).toEqual([
      expect.objectContaining({ ask: 'Woodwork on Tuesdays', organisationName: 'Ludlow Men’s Shed' }),
    ]);
    expect(record.warnings).toEqual([expect.objectContaining({ details: 'Dog at the door' })]);
    expect(record.tasks).toEqual([expect.objectContaining({ title: 'Phone Len about the review' })]);
    expect(record.safeguardingConcerns).toEqual([
      expect.objectContaining({ raisedByName: 'Mrs Price next door', reviewBeforeRelease: true }),
    ]);
    expect(record.safeguardingEnquiries).toEqual([expect.objectContaining({ reviewBeforeRelease: true })]);
    const docs = Object.fromEntries(record.documents.map((d: { id: string }) => [d.id, d]));
    expect(docs[made.ordinaryDoc.id]).toMatchObject({
      content: `/v1/documents/${made.ordinaryDoc.id}/content`,
      sha256: made.ordinaryDoc.sha256,
    });
    expect(docs[made.ordinaryDoc.id].reviewBeforeRelease).toBeUndefined();
    expect(docs[made.enquiryDoc.id]).toMatchObject({ reviewBeforeRelease: true });
    expect(record.writtenRecords.map((w: { kind: string }) => w.kind).sort()).toEqual([
      'care_and_support_plan',
      'conversation_record',
      'conversation_record',
      'eligibility_letter',
      'review_outcome',
    ]);

    const shared = record.sharedWith.map((s: { recipientType: string; recipientName: string; what: string }) => [
      s.recipientType,
      s.recipientName,
      s.what,
    ]);
    expect(shared).toEqual(
      expect.arrayContaining([
        ['partner', 'Ludlow Men’s Shed', 'connection: Woodwork on Tuesdays'],
        ['council', 'Test council', 'webhook: story.opened'],
        ['council', 'council', 'Client Level Data return 2026-04-01 to 2027-03-31'],
        ['council', 'council', expect.any(String)],
      ]),
    );
    expect(shared).toHaveLength(4);
  });

  it('downloads as a bundle: the JSON, every letter and record as a PDF, and the documents; audited', async () => {
    const made = await personWithEverything();
    const res = await ctx.call(admin, { method: 'GET', url: `/v1/people/${made.person.id}/record/bundle` }, 200);
    expect(res.headers['content-type']).toBe('application/zip');
    const dir = await mkdtemp(path.join(tmpdir(), 'tf-sar-'));
    try {
      const zip = path.join(dir, 'bundle.zip');
      await writeFile(zip, res.rawPayload);
      const names = (await run('zipinfo', ['-1', zip])).stdout.trim().split('\n').sort();
      expect(names).toEqual(
        [
          'record.json',
          `letters/eligibility-decision-${made.determination.id}.pdf`,
          `records/conversation-${made.c1}.pdf`,
          `records/conversation-${made.c3}.pdf`,
          `plans/care-and-support-plan-${made.budget.id}.pdf`,
          expect.stringMatching(/^reviews\/review-outcome-.+\.pdf$/),
          `documents/${made.ordinaryDoc.id}-letter_from_GP.pdf`,
          `for-review/documents/${made.enquiryDoc.id}-letter_from_GP.pdf`,
        ].sort((a, b) => String(a).localeCompare(String(b))),
      );
      const json = JSON.parse((await run('unzip', ['-p', zip, 'record.json'])).stdout);
      expect(json.person.id).toBe(made.person.id);
      const plan = await run('unzip', ['-p', zip, `plans/care-and-support-plan-${made.budget.id}.pdf`], {
        encoding: 'latin1',
      });
      expect(plan.stdout.startsWith('%PDF-')).toBe(true);
      const doc = await run('unzip', ['-p', zip, `documents/${made.ordinaryDoc.id}-letter_from_GP.pdf`], {
        encoding: 'latin1',
      });
      expect(Buffer.from(doc.stdout, 'latin1').equals(PDF)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const { rows } = await ctx.db.pool.query(
      `select action from audit_events where person_id = $1 and actor_id = $2 and action like 'person.export%' order by seq`,
      [made.person.id, admin.user.id],
    );
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['person.export', 'person.export.bundle']);
    const worker403 = await ctx.call(worker, { method: 'GET', url: `/v1/people/${made.person.id}/record/bundle` });
    expect(worker403.statusCode).toBe(403);
  });
});
