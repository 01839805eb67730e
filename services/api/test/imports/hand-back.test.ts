import {
  caseNotes,
  careServices,
  conversations,
  documents,
  eligibilityDeterminations,
  organisations,
  people,
  personalBudgets,
  relationships,
  reviews,
  safeguardingConcerns,
  safeguardingEnquiries,
  stories,
} from '@threefold/db';
import { parse } from 'csv-parse/sync';
import { dateInEngland } from '@threefold/domain';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../src/cli/seed.js';
import { seedActivity } from '../../src/cli/seed-activity.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, uniqueName, type TestContext } from '../support/factories.js';
import { signedOffBudget } from '../care/fixtures.js';

/**
 * The whole hand-back on seeded data (`pnpm seed`'s people and activity, small), with what the seed
 * does not make added through the API: relationships, notes (one amended), a care service and a document.
 */
let ctx: TestContext;
let admin: SignedIn;
let worker: SignedIn;
let bobsDecision: string;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  ctx = await createTestContext();
  const data = demoData({ seed: 3, people: 60, organisations: 4 });
  await ctx.db.db.insert(organisations).values(data.organisations);
  await ctx.db.db.insert(people).values(data.people);
  await seedActivity(ctx.db.db, {
    seed: 3,
    days: 120,
    contactsPerDay: 6,
    personIds: data.people.filter((p) => !p.restricted).map((p) => p.id),
    today: new Date('2026-06-30T12:00:00Z'),
  });
  admin = await ctx.signedIn('practice_admin');
  worker = await ctx.signedIn('social_worker');

  const ann = await ctx.newPerson({ givenName: 'Ann', familyName: uniqueName('Carer'), dateOfBirth: '1960-01-01' });
  const bob = await ctx.newPerson({ givenName: 'Bob', familyName: uniqueName('Cared'), dateOfBirth: '1930-01-01' });
  await ctx.call(
    worker,
    {
      method: 'POST',
      url: `/v1/people/${ann.id}/relationships`,
      payload: { relatedPersonId: bob.id, type: 'unpaid_carer_of', isMainCarer: true },
    },
    201,
  );
  const note = (over: Record<string, unknown>) => ({
    kind: 'visit',
    occurredAt: '2026-06-01T09:00:00Z',
    summary: 'Visited Bob at home',
    body: 'Bob showed me the garden, "the roses", and the steps.\nHe wants to get back out there.',
    ...over,
  });
  const post = (url: string, payload: Record<string, unknown>) =>
    ctx.call(worker, { method: 'POST', url, payload }, 201).then((r) => r.json());
  const final = await post(`/v1/people/${bob.id}/notes`, note({ status: 'final' }));
  await post(`/v1/people/${bob.id}/notes`, note({ status: 'final', summary: 'Phoned Ann' }));
  await post(`/v1/people/${bob.id}/notes`, note({ summary: 'Still a draft' }));
  await ctx.call(
    worker,
    {
      method: 'PATCH',
      url: `/v1/notes/${final.id}`,
      headers: { 'if-match': `"${final.id}.v${final.version}"` },
      payload: { body: 'Bob showed me the garden.', amendmentReason: 'Removed a guess about the steps' },
    },
    200,
  );
  const budget = await signedOffBudget(ctx.db, { personId: bob.id, byId: worker.user.id });
  // Bob's decision as the eligibility module records it (the seed's decisions keep no inputs or reasons).
  await ctx.db.db
    .update(eligibilityDeterminations)
    .set({
      inputs: {
        kind: 'adult',
        needsArise: true,
        condition: 'Parkinson’s disease, diagnosed 2019',
        outcomes: [{ outcome: 'nutrition', unableWays: ['needs-assistance'] }],
        wellbeing: { significant: true, areas: ['dignity', 'health'] },
        needsFluctuate: false,
      },
      reasons: {
        summary: 'You have eligible needs.',
        findings: [{ criterion: 'needs-arise', met: true, reason: 'Your needs arise from Parkinson’s disease.' }],
      },
    })
    .where(eq(eligibilityDeterminations.id, budget.determinationId!));
  bobsDecision = budget.determinationId!;
  const provider = await ctx
    .call(admin, { method: 'POST', url: '/v1/providers', payload: { name: uniqueName('Kind Care') } }, 201)
    .then((r) => r.json());
  await post('/v1/care-services', {
    budgetId: budget.id,
    part: 'council_managed',
    planLine: 0,
    providerId: provider.id,
    weeklyPence: 17_150,
    startOn: '2026-01-05',
  });
  // Several documents, so the archive takes them one after another.
  for (const title of ['Tenancy agreement', 'GP letter', 'Direct payment agreement', 'Letter from Ann', 'Bank form']) {
    const fd = new FormData();
    fd.append('personId', bob.id);
    fd.append('title', title);
    fd.append('file', new Blob([new Uint8Array(PDF)]), title === 'Tenancy agreement' ? 'tenancy.pdf' : 'letter.pdf');
    const res = new Response(fd);
    await ctx.call(
      worker,
      {
        method: 'POST',
        url: '/v1/documents',
        payload: Buffer.from(await res.arrayBuffer()),
        headers: { 'content-type': res.headers.get('content-type')! },
      },
      201,
    );
  }
  // One document's stored bytes no longer match their checksum.
  await ctx.db.pool.query(
    `update document_contents set bytes = 'damaged'::bytea
      where document_id = (select id from documents where title = 'Bank form')`,
  );
}, 600_000);
afterAll(() => ctx.close());

async function count(table: PgTable, where?: SQL): Promise<number> {
  return ctx.db.db.$count(table, where);
}

describe('the hand-back archive', () => {
  it('holds every kind as a documented CSV, one row per record the practice holds', async () => {
    const made = (await ctx.call(admin, { method: 'POST', url: '/v1/exports', payload: {} }, 201)).json();
    const download = await ctx.call(admin, { method: 'GET', url: made.archiveUrl }, 200);
    const zip = await JSZip.loadAsync(download.rawPayload);
    const dictionary = parse(await zip.file('data-dictionary.csv')!.async('string'), { columns: true }) as {
      file: string;
      column: string;
      type: string;
      description: string;
    }[];
    const parts = (await ctx.db.db.select({ m: personalBudgets.management }).from(personalBudgets)).reduce(
      (n, b) => n + (b.m?.parts?.length ?? 0),
      0,
    );
    const expected: Record<string, number> = {
      'relationships.csv': await count(relationships),
      'notes.csv': await count(caseNotes, eq(caseNotes.status, 'final')),
      'stories.csv': await count(stories),
      'conversations.csv': await count(conversations),
      'eligibility-determinations.csv': await count(eligibilityDeterminations),
      'personal-budgets.csv': await count(personalBudgets),
      'personal-budget-parts.csv': parts,
      'care-services.csv': await count(careServices),
      'reviews.csv': await count(reviews),
      'safeguarding-concerns.csv': await count(safeguardingConcerns),
      'safeguarding-enquiries.csv': await count(safeguardingEnquiries),
      'documents.csv': await count(documents),
      // What is live, as import files: signed-off budgets, their services not ended, open safeguarding work.
      'live-budgets.csv': await count(personalBudgets, eq(personalBudgets.status, 'signed_off')),
      'live-care-services.csv': await count(
        careServices,
        sql`(${careServices.endOn} is null or ${careServices.endOn} >= ${dateInEngland(new Date())})
            and exists (select 1 from personal_budgets b where b.id = ${careServices.budgetId} and b.status = 'signed_off')`,
      ),
      'open-safeguarding.csv': await count(
        safeguardingConcerns,
        sql`${safeguardingConcerns.status} = 'awaiting_decision' or (${safeguardingConcerns.status} = 'enquiry' and exists
            (select 1 from safeguarding_enquiries e where e.concern_id = ${safeguardingConcerns.id} and e.status = 'open'))`,
      ),
    };
    // The seed and the API calls above made some of every kind.
    for (const [file, n] of Object.entries(expected)) expect(n, file).toBeGreaterThan(0);
    expect(expected['notes.csv']).toBe(2);

    for (const [file, n] of Object.entries(expected)) {
      const text = await zip.file(file)?.async('string');
      expect(text, `${file} is in the archive`).toBeDefined();
      const [header, ...rows] = parse(text!) as string[][];
      const documented = dictionary.filter((d) => d.file === file);
      expect(header, file).toEqual(documented.map((d) => d.column));
      for (const d of documented) expect(d.description, `${file} ${d.column}`).not.toBe('');
      expect(rows, file).toHaveLength(n);
    }

    const notes = parse(await zip.file('notes.csv')!.async('string'), { columns: true }) as Record<string, string>[];
    const amended = notes.find((n) => n.version === '2')!;
    expect(amended.body).toBe('Bob showed me the garden.');
    expect(JSON.parse(amended.amendments!)).toEqual([
      expect.objectContaining({ version: 2, reason: 'Removed a guess about the steps' }),
    ]);
    const unamended = notes.find((n) => n.summary === 'Phoned Ann')!;
    expect(unamended.body).toContain('"the roses"');
    expect(JSON.parse(unamended.amendments!)).toEqual([]);

    const conversationsCsv = parse(await zip.file('conversations.csv')!.async('string'), {
      columns: true,
    }) as Record<string, string>[];
    const [withStrengths] = await ctx.db.db.select().from(conversations).where(eq(conversations.kind, 1)).limit(1);
    const strengths = conversationsCsv.find((c) => c.threefoldId === withStrengths!.id)!.strengths!;
    for (const s of withStrengths!.strengths.personalResources) expect(strengths).toContain(s);
    expect(strengths).not.toMatch(/[{[]/);

    // The documents' bytes, as uploaded, beside their manifest.
    const manifest = parse(await zip.file('documents.csv')!.async('string'), { columns: true }) as Record<
      string,
      string
    >[];
    const held = Object.keys(zip.files).filter((name) => /^documents\/.+\.pdf$/.test(name));
    expect(held).toHaveLength(manifest.filter((d) => d.removedAt === '').length - 1);
    expect(held).toHaveLength(4);
    // The one whose bytes were damaged is named, not handed back wrong.
    const damaged = manifest.find((d) => d.title === 'Bank form')!;
    expect(await zip.file('documents/not-included.csv')!.async('string')).toContain(damaged.threefoldId);
    expect(held.some((name) => name.includes(damaged.threefoldId!))).toBe(false);
    const tenancy = manifest.find((d) => d.title === 'Tenancy agreement')!;
    const bytes = await zip.file(`documents/${tenancy.threefoldId}-tenancy.pdf`)!.async('nodebuffer');
    expect(bytes.equals(PDF)).toBe(true);

    // The letters and plans as the person was given them, one PDF each.
    const pdfs = (prefix: string) => Object.keys(zip.files).filter((name) => name.startsWith(`records/${prefix}-`));
    // Every decision is a letter, or is listed with why it could not be made; every plan is there.
    // The seed's decisions keep the inputs and reasons they were made from, so each is a letter.
    const notIncluded = parse((await zip.file('records/not-included.csv')?.async('string')) ?? 'kind\n', {
      columns: true,
    }) as Record<string, string>[];
    for (const n of notIncluded) expect(n.why, n.threefoldId).not.toBe('');
    expect(notIncluded.filter((n) => n.kind === 'personal_budget')).toEqual([]);
    expect(pdfs('eligibility-decision').length + notIncluded.length).toBe(expected['eligibility-determinations.csv']);
    expect(notIncluded).toEqual([]);
    expect(pdfs('care-and-support-plan')).toHaveLength(expected['personal-budgets.csv']!);
    expect(
      zip.file(`records/eligibility-decision-${bobsDecision}.pdf`),
      JSON.stringify(notIncluded.filter((n) => n.threefoldId === bobsDecision)),
    ).not.toBeNull();
    expect(notIncluded.map((n) => n.threefoldId)).not.toContain(bobsDecision);
    const letter = await zip.file(`records/eligibility-decision-${bobsDecision}.pdf`)!.async('nodebuffer');
    expect(letter.subarray(0, 5).toString()).toBe('%PDF-');

    const money = parse(await zip.file('personal-budget-parts.csv')!.async('string'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(money).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'council_managed', weeklyPence: '17150', part: '1' }),
        expect.objectContaining({ method: 'direct_payment', weeklyPence: '4200', part: '2' }),
      ]),
    );
  });

  it('holds only the kinds asked for', async () => {
    const made = (
      await ctx.call(admin, { method: 'POST', url: '/v1/exports', payload: { kinds: ['reviews', 'notes'] } }, 201)
    ).json();
    const zip = await JSZip.loadAsync((await ctx.call(admin, { method: 'GET', url: made.archiveUrl }, 200)).rawPayload);
    expect(Object.keys(zip.files).sort()).toEqual(['README.txt', 'data-dictionary.csv', 'notes.csv', 'reviews.csv']);
    const dictionary = await zip.file('data-dictionary.csv')!.async('string');
    expect(dictionary).not.toMatch(/^people\.csv/m);
  });
});
