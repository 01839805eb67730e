import { conversations, externalReferences, personalBudgets, reviews, stories } from '@threefold/db';
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '../../src/periodic.js';
import { parseCsv } from '../returns/csv.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { csvOf, goodRow, importCalls, importWorker, mosaicMapping, problemsOfField } from './support.js';

const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let admin: SignedIn;
let worker: SignedIn;
const SOURCE = 'mosaic-budgets';

let commits: Worker;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW, config: { IMPORT_BATCH_SIZE: 50 } });
  admin = await ctx.signedIn('practice_admin');
  worker = await ctx.signedIn('social_worker', { teamIds: [(await ctx.newTeam()).id] });
  commits = await importWorker(ctx);
});
afterAll(async () => {
  await commits.stop();
  await ctx.close();
});

const { mapping, upload, commit } = importCalls(
  () => ctx,
  () => admin,
  'budgets.csv',
);

const budgetsMapping = {
  name: 'Mosaic live budgets',
  kind: 'budgets',
  source: SOURCE,
  definition: {
    idColumn: 'PB_ID',
    columns: {
      personId: 'PERSON_ID',
      weeklyAmount: 'WEEKLY',
      startOn: 'START',
      managedAs: 'MANAGED',
      directPaymentWeekly: 'DP',
      councilManagedWeekly: 'CM',
      nextReviewOn: 'REVIEW',
    },
    valueMaps: { managedAs: { DP: 'direct_payment', MAN: 'council_managed', MIX: 'mixed' } },
    dateFormat: 'dmy',
  },
};
const HEADER = 'PB_ID,PERSON_ID,WEEKLY,START,MANAGED,DP,CM,REVIEW';

describe('live personal budgets', () => {
  it('dry-runs broken rows (one per rule), then writes the good ones as agreed by the council, reviews due', async () => {
    const people = await mapping({ name: 'Mosaic people (budgets)', ...mosaicMapping(SOURCE) });
    await commit((await upload(people.id, csvOf([1, 2, 3, 4].map((i) => goodRow(i))))).json().id);
    // M100001 has an open case at conversation 3 already; M100002 has none.
    const cases = await mapping({
      name: 'Mosaic cases (budgets)',
      kind: 'cases',
      source: SOURCE,
      definition: { idColumn: 'CASE_ID', columns: { personId: 'PERSON_ID', stage: 'STAGE', openedAt: 'OPENED' } },
    });
    await commit(
      (await upload(cases.id, 'CASE_ID,PERSON_ID,STAGE,OPENED\nC1,M100001,conversation_3,2026-03-01')).json().id,
    );

    const budgets = await mapping(budgetsMapping);
    const file = [
      HEADER,
      'B1,M100001,"£1,234.56",01/04/2026,DP,,,01/04/2027',
      'B2,M100002,300.00,15/06/2026,MIX,100,200,15/11/2026',
      'B3,,300.00,15/06/2026,MAN,,,15/11/2027', // required (personId)
      'B4,M100003,about £300,15/06/2026,MAN,,,15/11/2027', // invalid_amount
      'B5,M100003,0.00,15/06/2026,MAN,,,15/11/2027', // amount_not_positive
      'B6,M100003,300.00,31/02/2026,MAN,,,15/11/2027', // invalid_date
      'B7,M100003,300.00,15/06/2027,MAN,,,15/11/2027', // future_date
      'B8,M100003,300.00,15/06/2026,MAN,,,15/11/2025', // review_before_start
      'B9,M100003,300.00,15/06/2026,CASH,,,15/11/2027', // not_on_code_list
      'B10,M100003,300.00,15/06/2026,MIX,100,100,15/11/2027', // mixed_parts_do_not_match_total
      'B11,M999999,300.00,15/06/2026,MAN,,,15/11/2027', // person_not_imported
      'B12,M100001,300.00,15/06/2026,MAN,,,15/11/2027', // duplicate_live_budget (B1 earlier in the file)
      'B1,M100004,300.00,15/06/2026,MAN,,,15/11/2027', // duplicate_id
    ].join('\n');
    const res = await upload(budgets.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'budgets', totalRows: 13, badRows: 11 });
    expect(
      res
        .json()
        .problems.map((p: { rowNumber: number; field: string; code: string }) => [p.rowNumber, p.field, p.code]),
    ).toEqual([
      [4, 'personId', 'required'],
      [5, 'weeklyAmount', 'invalid_amount'],
      [6, 'weeklyAmount', 'amount_not_positive'],
      [7, 'startOn', 'invalid_date'],
      [8, 'startOn', 'future_date'],
      [9, 'nextReviewOn', 'review_before_start'],
      [10, 'managedAs', 'not_on_code_list'],
      [11, 'managedAs', 'mixed_parts_do_not_match_total'],
      [12, 'personId', 'person_not_imported'],
      [13, 'personId', 'duplicate_live_budget'],
      [14, 'id', 'duplicate_id'],
    ]);
    expect(await ctx.db.db.select({ n: count() }).from(personalBudgets)).toEqual([{ n: 0 }]);

    const done = (await commit(res.json().id, { skipBadRows: true })).json();
    expect(done).toMatchObject({ status: 'committed', committedRows: 2, skippedRows: 11 });
    const written = await ctx.db.db
      .select({ externalId: externalReferences.externalId, b: personalBudgets })
      .from(personalBudgets)
      .innerJoin(externalReferences, eq(externalReferences.recordId, personalBudgets.id))
      .where(and(eq(externalReferences.source, SOURCE), eq(externalReferences.kind, 'budgets')))
      .orderBy(externalReferences.externalId);
    expect(written.map((w) => w.externalId)).toEqual(['B1', 'B2']);
    const [b1, b2] = written.map((w) => w.b);
    // Agreed by the council on its start date: live, imported, no sign-off or panel here, no determination invented.
    for (const b of [b1!, b2!])
      expect(b).toMatchObject({
        status: 'signed_off',
        importedFrom: SOURCE,
        determinationId: null,
        signedOffById: null,
        panelDecision: null,
        referredAt: null,
      });
    expect(b1).toMatchObject({
      agreedWeeklyPence: 123456,
      liveOn: '2026-04-01',
      management: { method: 'direct_payment', parts: [], directPayment: null },
    });
    expect(b1!.signedOffAt?.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(b2).toMatchObject({
      agreedWeeklyPence: 30000,
      liveOn: '2026-06-15',
      management: {
        method: 'mixed',
        parts: [
          { method: 'direct_payment', weeklyPence: 10000 },
          { method: 'council_managed', weeklyPence: 20000 },
        ],
      },
    });
    // B1 sits in the imported open case; B2 in a new story opened at conversation 3.
    const [case1] = await ctx.db.db
      .select({ recordId: externalReferences.recordId })
      .from(externalReferences)
      .where(and(eq(externalReferences.source, SOURCE), eq(externalReferences.externalId, 'C1')));
    expect(b1!.storyId).toBe(case1!.recordId);
    const talks = await ctx.db.db
      .select({ id: conversations.id, storyId: conversations.storyId, kind: conversations.kind })
      .from(conversations)
      .where(inArray(conversations.storyId, [b1!.storyId, b2!.storyId]));
    expect(talks.filter((t) => t.storyId === b1!.storyId)).toEqual([
      { id: b1!.conversationId, storyId: b1!.storyId, kind: 3 },
    ]);
    expect(talks.filter((t) => t.storyId === b2!.storyId)).toEqual([
      { id: b2!.conversationId, storyId: b2!.storyId, kind: 3 },
    ]);
    const [story2] = await ctx.db.db.select().from(stories).where(eq(stories.id, b2!.storyId));
    expect(story2).toMatchObject({ personId: b2!.personId, status: 'open' });
    expect(story2!.openedAt.toISOString()).toBe('2026-06-15T00:00:00.000Z');

    // Reviews due as the council set them: B2's is overdue today, B1's ahead.
    const due = await ctx.db.db
      .select({
        budgetId: reviews.budgetId,
        kind: reviews.kind,
        dueFrom: reviews.dueFrom,
        dueBy: reviews.dueBy,
        status: reviews.status,
      })
      .from(reviews)
      .where(inArray(reviews.budgetId, [b1!.id, b2!.id]));
    expect(due).toEqual(
      expect.arrayContaining([
        { budgetId: b1!.id, kind: 'planned', dueFrom: '2027-04-01', dueBy: '2027-04-01', status: 'open' },
        { budgetId: b2!.id, kind: 'planned', dueFrom: '2026-11-15', dueBy: '2026-11-15', status: 'open' },
      ]),
    );
    const read = (await ctx.call(worker, { method: 'GET', url: `/v1/personal-budgets/${b2!.id}` }, 200)).json();
    expect(read).toMatchObject({ importedFrom: SOURCE, determinationId: null, nextReview: { dueBy: '2026-11-15' } });

    // The same file again writes nothing; a budget for someone with a live one is refused.
    const again = (await upload(budgets.id, file)).json();
    expect(again).toMatchObject({ alreadyImportedRows: 3 }); // B1, B2 and the second B1
    const another = await upload(budgets.id, `${HEADER}\nB20,M100002,50,01/07/2026,MAN,,,01/07/2027`);
    expect(another.json().problems).toEqual([
      expect.objectContaining({ field: 'personId', code: 'live_budget_exists' }),
    ]);
    expect(await ctx.db.db.select({ n: count() }).from(personalBudgets)).toEqual([{ n: 2 }]);
    expect(await ctx.db.db.select({ n: count() }).from(reviews)).toEqual([{ n: 2 }]);

    // The Client Level Data return shows each imported budget as a service (a row per part of a mix).
    const council = await ctx.council(['returns:read']);
    const cld = await ctx.call(
      council,
      { method: 'GET', url: '/v1/returns/client-level-data?from=2026-10-01&to=2026-10-31' },
      200,
    );
    const services = parseCsv(cld.body).filter((r) => r.Event_Description === 'Personal budget and support plan');
    expect(services.map((r) => [r.Event_Start_Date, r.Unit_Cost]).sort()).toEqual([
      ['2026-04-01', '1234.56'],
      ['2026-06-15', '100.00'],
      ['2026-06-15', '200.00'],
    ]);
  });

  it('refuses a second live budget for a person 1,500 rows on, past the dry run’s batch of checks, naming the first row', async () => {
    const people = await mapping({ name: 'Mosaic people (far apart)', ...mosaicMapping(SOURCE) });
    await commit((await upload(people.id, csvOf([goodRow(60)]))).json().id);
    const budgets = await mapping({ ...budgetsMapping, name: 'Mosaic live budgets (far apart)' });
    // Between them, 1,499 rows for someone never imported (bad in themselves: they hold no place).
    const filler = Array.from({ length: 1499 }, (_, i) => `F${i},M999999,300.00,15/06/2026,MAN,,,15/11/2027`);
    const file = [
      HEADER,
      'P1,M100060,300.00,15/06/2026,MAN,,,15/11/2027',
      ...filler,
      'P2,M100060,250.00,15/06/2026,MAN,,,15/11/2027',
    ].join('\n');
    const res = await upload(budgets.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ totalRows: 1501, badRows: 1500 });
    expect(await problemsOfField(ctx, res.json().id, 'personId', 'person_not_imported')).toEqual([
      { rowNumber: 1502, code: 'duplicate_live_budget', reason: expect.stringContaining('on row 2 ') },
    ]);
  });
});
