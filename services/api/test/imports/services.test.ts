import { careServices, externalReferences, outboxEvents } from '@threefold/db';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import type { Worker } from '../../src/periodic.js';
import { csvOf, goodRow, importCalls, importWorker, mosaicMapping } from './support.js';

const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let admin: SignedIn;
let worker: SignedIn;
let commits: Worker;
const SOURCE = 'mosaic-services';

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
  'services.csv',
);

const servicesMapping = {
  name: 'Mosaic live services',
  kind: 'services',
  source: SOURCE,
  definition: {
    idColumn: 'SVC_ID',
    columns: {
      budgetId: 'PB_ID',
      part: 'PART',
      serviceType: 'TYPE',
      provider: 'PROVIDER',
      startOn: 'START',
      plannedEndOn: 'END',
      weeklyCost: 'WEEKLY',
      unitCost: 'UNIT',
      unitsPerWeek: 'HOURS',
    },
    valueMaps: { part: { DP: 'direct_payment', CM: 'council_managed', ISF: 'individual_service_fund' } },
    dateFormat: 'dmy',
  },
};
const HEADER = 'SVC_ID,PB_ID,PART,TYPE,PROVIDER,START,END,WEEKLY,UNIT,HOURS';

const provider = async (payload: Record<string, unknown>) =>
  (await ctx.call(admin, { method: 'POST', url: '/v1/providers', payload }, 201)).json() as { id: string };

async function budgetId(externalId: string): Promise<string> {
  const [ref] = await ctx.db.db
    .select({ recordId: externalReferences.recordId })
    .from(externalReferences)
    .where(
      and(
        eq(externalReferences.source, SOURCE),
        eq(externalReferences.kind, 'budgets'),
        eq(externalReferences.externalId, externalId),
      ),
    );
  return ref!.recordId;
}

describe('live care and support services', () => {
  it('dry-runs broken rows (one per rule), then starts the good ones under their budgets, shown on each budget', async () => {
    const people = await mapping({ name: 'Mosaic people (services)', ...mosaicMapping(SOURCE) });
    await commit((await upload(people.id, csvOf([1, 2, 3, 4].map((i) => goodRow(i))))).json().id);
    const budgets = await mapping({
      name: 'Mosaic budgets (services)',
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
        dateFormat: 'dmy',
      },
    });
    await commit(
      (
        await upload(
          budgets.id,
          [
            'PB_ID,PERSON_ID,WEEKLY,START,MANAGED,DP,CM,REVIEW',
            'B1,M100001,300.00,01/04/2026,council_managed,,,01/04/2027',
            'B2,M100002,300.00,15/06/2026,mixed,100,200,15/06/2027',
            'B3,M100003,150.00,01/05/2026,direct_payment,,,01/05/2027',
            'B4,M100004,400.00,01/06/2026,council_managed,,,01/06/2027',
          ].join('\n'),
        )
      ).json().id,
    );
    const homeCare = await provider({ name: 'Severn Home Care', cqcLocationId: '1-101' });
    const dayCentre = await provider({ name: 'Oak Day Centre', cqcLocationId: '1-202' });
    const willow = await provider({ name: 'Willow Care', cqcLocationId: '1-303' });
    await ctx.call(
      admin,
      { method: 'POST', url: `/v1/providers/${willow.id}/suspend`, payload: { reason: 'CQC inadequate' } },
      200,
    );
    await provider({ name: 'Acorn Support' });
    await provider({ name: 'acorn support', cqcLocationId: '1-404' });

    const services = await mapping(servicesMapping);
    const file = [
      HEADER,
      'S1,B1,,Home care,1-101,01/04/2026,,£210.00,£21.00,10',
      'S2,B2,CM,Day opportunities,oak day centre,15/06/2026,31/03/2027,,£25.00,8',
      'S3,B2,DP,Personal assistant,,20/06/2026,,£100.00,,',
      'S4,B3,,PA hours,,01/05/2026,,,£15.50,6.5',
      'S5,,CM,Home care,1-101,01/06/2026,,£50.00,,', // required (budgetId)
      'S6,B4,CM,,1-101,01/06/2026,,£50.00,,', // required (serviceType)
      'S7,B4,CM,Home care,1-101,31/02/2026,,£50.00,,', // invalid_date
      'S8,B4,CM,Home care,1-101,01/06/2026,,fifty,,', // invalid_amount
      'S9,B4,CM,Home care,1-101,01/06/2026,,-£50.00,,', // amount_negative
      'S10,B4,CM,Home care,1-101,01/06/2026,,,,', // cost_missing
      'S11,B4,CM,Home care,1-101,01/06/2026,,,£20.00,', // units_missing
      'S12,B4,CM,Home care,1-101,01/06/2026,,£50.00,,ten', // invalid_units
      'S13,B4,CM,Home care,1-101,01/06/2026,,£50.00,£20.00,3', // cost_does_not_match_units
      'S14,B4,CM,Home care,1-101,01/06/2026,01/05/2026,£50.00,,', // end_before_start
      'S15,B4,CM,Home care,1-101,01/06/2026,01/11/2026,£50.00,,', // planned_end_passed
      'S16,B4,CASH,Home care,1-101,01/06/2026,,£50.00,,', // not_on_code_list
      'S17,B4,CM,Home care,,01/06/2026,,£50.00,,', // provider_required (part named)
      'S18,B99,CM,Home care,1-101,01/06/2026,,£50.00,,', // budget_not_imported
      'S19,B2,,Home care,1-101,01/07/2026,,£50.00,,', // part_required (a mixed budget)
      'S20,B4,ISF,Home care,1-101,01/06/2026,,£50.00,,', // part_not_in_budget
      'S21,B4,CM,Home care,1-101,01/05/2026,,£50.00,,', // start_before_budget
      'S22,B4,CM,Home care,1-999,01/06/2026,,£50.00,,', // provider_not_found
      'S23,B4,CM,Home care,Willow Care,01/06/2026,,£50.00,,', // provider_suspended
      'S24,B4,CM,Home care,Acorn Support,01/06/2026,,£50.00,,', // provider_ambiguous
      'S25,B4,,Home care,,01/06/2026,,£50.00,,', // provider_required (the budget's one part)
      'S26,B1,,Sitting service,1-101,01/09/2026,,£40.00,,', // services_overlap (S1 earlier in the file)
      'S1,B4,CM,Home care,1-101,01/06/2026,,£50.00,,', // duplicate_id
    ].join('\n');
    const res = await upload(services.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'services', totalRows: 27, badRows: 23 });
    expect(
      res
        .json()
        .problems.map((p: { rowNumber: number; field: string; code: string }) => [p.rowNumber, p.field, p.code]),
    ).toEqual([
      [6, 'budgetId', 'required'],
      [7, 'serviceType', 'required'],
      [8, 'startOn', 'invalid_date'],
      [9, 'weeklyCost', 'invalid_amount'],
      [10, 'weeklyCost', 'amount_negative'],
      [11, 'weeklyCost', 'cost_missing'],
      [12, 'unitsPerWeek', 'units_missing'],
      [13, 'unitsPerWeek', 'invalid_units'],
      [14, 'weeklyCost', 'cost_does_not_match_units'],
      [15, 'plannedEndOn', 'end_before_start'],
      [16, 'plannedEndOn', 'planned_end_passed'],
      [17, 'part', 'not_on_code_list'],
      [18, 'provider', 'provider_required'],
      [19, 'budgetId', 'budget_not_imported'],
      [20, 'part', 'part_required'],
      [21, 'part', 'part_not_in_budget'],
      [22, 'startOn', 'start_before_budget'],
      [23, 'provider', 'provider_not_found'],
      [24, 'provider', 'provider_suspended'],
      [25, 'provider', 'provider_ambiguous'],
      [26, 'provider', 'provider_required'],
      [27, 'part', 'services_overlap'],
      [28, 'id', 'duplicate_id'],
    ]);
    expect(await ctx.db.db.select({ n: count() }).from(careServices)).toEqual([{ n: 0 }]);

    const done = (await commit(res.json().id, { skipBadRows: true })).json();
    expect(done).toMatchObject({ status: 'committed', committedRows: 4, skippedRows: 23 });

    // On the budget's view: its services, live today, with the council's costing and planned end.
    const b2 = await budgetId('B2');
    const view = (await ctx.call(worker, { method: 'GET', url: `/v1/care-services?budgetId=${b2}` }, 200)).json();
    expect(view.weeklyTotalPence).toBe(30000);
    const byWhat = Object.fromEntries(view.items.map((s: { what: string }) => [s.what, s])) as Record<
      string,
      Record<string, unknown>
    >;
    expect(byWhat['Day opportunities']).toMatchObject({
      part: 'council_managed',
      provider: { id: dayCentre.id, name: 'Oak Day Centre', cqcLocationId: '1-202' },
      weeklyPence: 20000,
      unitCostPence: 2500,
      unitsPerWeek: 8,
      startOn: '2026-06-15',
      plannedEndOn: '2027-03-31',
      endOn: null,
      status: 'live',
      importedFrom: SOURCE,
    });
    expect(byWhat['Personal assistant']).toMatchObject({
      part: 'direct_payment',
      provider: null,
      weeklyPence: 10000,
      unitCostPence: null,
      unitsPerWeek: null,
      startOn: '2026-06-20',
    });
    const b1 = (
      await ctx.call(worker, { method: 'GET', url: `/v1/care-services?budgetId=${await budgetId('B1')}` }, 200)
    ).json();
    expect(b1.items).toEqual([
      expect.objectContaining({
        part: 'council_managed',
        provider: expect.objectContaining({ id: homeCare.id }),
        weeklyPence: 21000,
        unitsPerWeek: 10,
      }),
    ]);
    const b3 = (
      await ctx.call(worker, { method: 'GET', url: `/v1/care-services?budgetId=${await budgetId('B3')}` }, 200)
    ).json();
    // £15.50 × 6.5 hours = £100.75 a week.
    expect(b3.items).toEqual([expect.objectContaining({ part: 'direct_payment', weeklyPence: 10075 })]);
    const started = await ctx.db.db
      .select({ n: count() })
      .from(outboxEvents)
      .where(eq(outboxEvents.type, 'care_service.started'));
    expect(started).toEqual([{ n: 4 }]);

    // The same file again writes nothing; a service overlapping one now there is refused.
    const again = (await upload(services.id, file)).json();
    expect(again).toMatchObject({ alreadyImportedRows: 5 }); // S1–S4 and the second S1
    await commit(again.id, { skipBadRows: true });
    expect(await ctx.db.db.select({ n: count() }).from(careServices)).toEqual([{ n: 4 }]);
    const overlapping = await upload(services.id, `${HEADER}\nS30,B2,CM,Respite,1-101,01/12/2026,,£60.00,,`);
    expect(overlapping.json().problems).toEqual([expect.objectContaining({ field: 'part', code: 'services_overlap' })]);
  });
});
