import {
  careProviders,
  careServices,
  people,
  personalBudgets,
  reviews,
  safeguardingConcerns,
  safeguardingEnquiries,
  staffUsers,
} from '@threefold/db';
import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, type SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import type { Worker } from '../../src/periodic.js';
import { commitAndWait, csvOf, goodRow, importCalls, importCarried, importWorker, mosaicMapping } from './support.js';

// The practice handing back (its live work partly from the council, partly its own) and an empty one.
const NOW = new Date('2026-11-30T10:00:00Z');
const TODAY = '2026-11-30';
let commits: Worker[] = [];
let from: TestContext;
let into: TestContext;
let adminFrom: SignedIn;
let adminInto: SignedIn;
let worker: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  from = await createTestContext({ now: () => NOW });
  into = await createTestContext({ now: () => NOW });
  adminFrom = await from.signedIn('practice_admin');
  adminInto = await into.signedIn('practice_admin');
  worker = await from.signedIn('social_worker');
  lead = await from.signedIn('social_worker');
  commits = [await importWorker(from), await importWorker(into)];
});
afterAll(async () => {
  await Promise.all(commits.map((c) => c.stop()));
  await from.close();
  await into.close();
});

const council = importCalls(
  () => from,
  () => adminFrom,
  'council.csv',
);
const SOURCE = 'mosaic';

/** Live budgets as the person's: their amount, start, management and next review (not ids or the source). */
async function liveBudgets(ctx: TestContext) {
  const rows = await ctx.db.db
    .select({ familyName: people.familyName, b: personalBudgets, reviewDue: reviews.dueBy })
    .from(personalBudgets)
    .innerJoin(people, eq(people.id, personalBudgets.personId))
    .leftJoin(reviews, and(eq(reviews.budgetId, personalBudgets.id), eq(reviews.status, 'open')))
    .where(eq(personalBudgets.status, 'signed_off'));
  return rows
    .map(({ familyName, b, reviewDue }) => ({
      familyName,
      status: b.status,
      agreedWeeklyPence: b.agreedWeeklyPence,
      weeklyTotalPence: b.weeklyTotalPence,
      liveOn: b.liveOn,
      signedOffAt: b.signedOffAt?.toISOString(),
      management: b.management,
      reviewDue,
    }))
    .sort((a, b) => a.familyName.localeCompare(b.familyName));
}

/** Services not ended by today, as the person's: their budget's person, part, provider, dates and costs. */
async function liveServices(ctx: TestContext) {
  const rows = await ctx.db.db
    .select({ familyName: people.familyName, s: careServices, provider: careProviders.name })
    .from(careServices)
    .innerJoin(people, eq(people.id, careServices.personId))
    .leftJoin(careProviders, eq(careProviders.id, careServices.providerId));
  return rows
    .filter(({ s }) => s.endOn === null || s.endOn >= TODAY)
    .map(({ familyName, s, provider }) => ({
      familyName,
      part: s.part,
      what: s.what,
      provider,
      weeklyPence: s.weeklyPence,
      startOn: s.startOn,
      plannedEndOn: s.plannedEndOn ?? s.endOn,
      unitCostPence: s.unitCostPence,
      unitsPerWeek: s.unitsPerWeek,
    }))
    .sort((a, b) => `${a.familyName}${a.what}`.localeCompare(`${b.familyName}${b.what}`));
}

/** Open concerns and enquiries, as the person's: what was raised, when, the decision and the enquiry's findings. */
async function openSafeguarding(ctx: TestContext) {
  const rows = await ctx.db.db
    .select({
      familyName: people.familyName,
      c: safeguardingConcerns,
      e: safeguardingEnquiries,
      lead: staffUsers.email,
    })
    .from(safeguardingConcerns)
    .innerJoin(people, eq(people.id, safeguardingConcerns.personId))
    .leftJoin(safeguardingEnquiries, eq(safeguardingEnquiries.concernId, safeguardingConcerns.id))
    .leftJoin(staffUsers, eq(staffUsers.id, safeguardingEnquiries.leadStaffId));
  return rows
    .map(({ familyName, c, e, lead }) => ({
      familyName,
      status: c.status,
      summary: c.summary,
      raisedAt: c.raisedAt.toISOString(),
      raisedByName: c.raisedByName,
      suspectedRiskTypes: c.suspectedRiskTypes,
      decisionRoute: c.decisionRoute,
      decidedAt: c.decidedAt?.toISOString() ?? null,
      criteria: [c.hasCareAndSupportNeeds, c.experiencingOrAtRiskOfAbuseOrNeglect, c.unableToProtectThemselves],
      enquiry: e && {
        kind: e.kind,
        status: e.status,
        openedAt: e.openedAt.toISOString(),
        riskTypes: e.riskTypes,
        locations: e.locations,
        sources: e.sources,
        lead,
        desiredOutcomesStatus: e.desiredOutcomesStatus,
        desiredOutcomes: e.desiredOutcomes,
      },
    }))
    .sort((a, b) => a.familyName.localeCompare(b.familyName));
}

const mappingOf = (kind: string, idColumn: string, columns: Record<string, string>) => ({
  name: `Mosaic ${kind}`,
  kind,
  source: SOURCE,
  definition: { idColumn, columns, dateFormat: 'dmy' },
});

async function councilFile(kind: string, idColumn: string, header: string, rows: string[]) {
  const columns = Object.fromEntries(
    header
      .split(',')
      .filter((h) => h !== idColumn)
      .map((h) => [h, h]),
  );
  const m = await council.mapping(mappingOf(kind, idColumn, columns));
  const res = await council.upload(m.id, [header, ...rows].join('\n'));
  expect(res.json().problems, kind).toEqual([]);
  await council.commit(res.json().id);
}

describe('hand back live work and import it again', () => {
  it('open safeguarding, live budgets and their services come back equal in an empty Threefold', async () => {
    // The council's caseload, as the practice took it on.
    const peopleMapping = await council.mapping({ name: 'Mosaic people', ...mosaicMapping(SOURCE) });
    await council.commit(
      (await council.upload(peopleMapping.id, csvOf([1, 2, 3, 4].map((i) => goodRow(i))))).json().id,
    );
    await councilFile(
      'budgets',
      'PB',
      'PB,personId,weeklyAmount,startOn,managedAs,directPaymentWeekly,councilManagedWeekly,directPaymentSection,authorisedPerson,nextReviewOn',
      [
        'B1,M100001,300.00,01/04/2026,council_managed,,,,,01/04/2027',
        'B2,M100002,300.00,15/06/2026,mixed,100,200,,,15/11/2026',
        'B3,M100003,150.00,01/05/2026,direct_payment,,,s32,Jane Roe,01/05/2027',
      ],
    );
    for (const payload of [{ name: 'Severn Home Care', cqcLocationId: '1-101' }, { name: 'Oak Day Centre' }])
      await from.call(adminFrom, { method: 'POST', url: '/v1/providers', payload }, 201);
    await councilFile(
      'services',
      'SVC',
      'SVC,budgetId,part,serviceType,provider,startOn,plannedEndOn,weeklyCost,unitCost,unitsPerWeek',
      [
        'S1,B1,,Home care,1-101,01/04/2026,31/03/2027,210.00,21.00,10',
        'S2,B2,council_managed,Day opportunities,Oak Day Centre,15/06/2026,,200.00,,',
        'S3,B2,direct_payment,Personal assistant,,20/06/2026,,100.00,,',
        'S4,B3,,PA hours,,01/05/2026,,,15.50,6.5',
      ],
    );
    await councilFile(
      'safeguarding',
      'SG',
      'SG,personId,stage,raisedAt,enquiryOpenedAt,riskTypes,locations,sources,summary,raisedBy,lead,desiredOutcomes',
      [
        'SG1,M100001,concern,26/11/2026 09:30,,neglect_and_acts_of_omission,own_home,other_known_to_individual,Left without meals,District nurse,,To stay at home',
        `SG2,M100002,s42_enquiry,02/11/2026 10:00,05/11/2026,physical;financial_or_material,care_home_residential,service_provider,Bruising and missing money,GP,${lead.user.email},To feel safe`,
        'SG3,M100003,other_enquiry,10/11/2026,,financial_or_material,,,,Neighbour,,',
      ],
    );
    // The practice's own work since: a change of plan on B2 (the personal assistant service replaced), a concern raised.
    const personOf = async (surname: string) =>
      (await from.db.db.select({ id: people.id }).from(people).where(eq(people.familyName, surname)))[0]!.id;
    const b2 = (
      await from.db.db
        .select({ id: personalBudgets.id })
        .from(personalBudgets)
        .where(eq(personalBudgets.personId, await personOf(goodRow(2).SURNAME!)))
    )[0]!.id;
    const [pa] = await from.db.db
      .select({ id: careServices.id })
      .from(careServices)
      .where(and(eq(careServices.budgetId, b2), eq(careServices.part, 'direct_payment')));
    await from.call(
      worker,
      {
        method: 'POST',
        url: '/v1/care-services',
        payload: {
          budgetId: b2,
          part: 'direct_payment',
          what: 'Personal assistant (more hours)',
          weeklyPence: 10000,
          startOn: '2026-11-01',
          replacesId: pa!.id,
        },
      },
      201,
    );
    await from.call(
      worker,
      {
        method: 'POST',
        url: '/v1/safeguarding/concerns',
        payload: {
          personId: await personOf(goodRow(4).SURNAME!),
          summary: 'Bruising seen at the day centre',
          raisedByName: 'Day centre manager',
          immediateSafety: 'safe_now',
          suspectedRiskTypes: ['physical'],
        },
      },
      201,
    );

    const made = (await from.call(adminFrom, { method: 'POST', url: '/v1/exports', payload: {} }, 201)).json();
    const zip = await JSZip.loadAsync(
      (await from.call(adminFrom, { method: 'GET', url: made.archiveUrl }, 200)).rawPayload,
    );
    const dictionary = await zip.file('data-dictionary.csv')!.async('string');
    for (const file of ['open-safeguarding.csv', 'live-budgets.csv', 'live-care-services.csv']) {
      expect(Object.keys(zip.files)).toContain(file.replace(/\.csv$/, '.mapping.json'));
      const header = (await zip.file(file)!.async('string')).split('\n')[0]!.split(',');
      for (const column of header)
        expect(dictionary).toMatch(new RegExp(`^${file.replace('.', '\\.')},${column},\\w+,.+`, 'm'));
    }
    // The replaced personal assistant service ended before today: history, not in the live file.
    expect(await zip.file('live-care-services.csv')!.async('string')).not.toMatch(/,Personal assistant,/);
    expect(await zip.file('care-services.csv')!.async('string')).toMatch(/,Personal assistant,/);

    // Into the empty practice: its colleague and providers are its own (the same people, the same list).
    await createStaffUser(into.db, { roles: ['social_worker'], email: lead.user.email });
    for (const payload of [{ name: 'Severn Home Care', cqcLocationId: '1-101' }, { name: 'Oak Day Centre' }])
      await into.call(adminInto, { method: 'POST', url: '/v1/providers', payload }, 201);
    const carriedPeople = JSON.parse(await zip.file('people.mapping.json')!.async('string'));
    const saved = (
      await into.call(adminInto, { method: 'POST', url: '/v1/import-mappings', payload: carriedPeople }, 201)
    ).json();
    const upload = await into.call(adminInto, {
      method: 'POST',
      url: `/v1/imports?mappingId=${saved.id}&fileName=people.csv`,
      headers: { 'content-type': 'text/csv' },
      payload: await zip.file('people.csv')!.async('string'),
    });
    expect((await commitAndWait(into, adminInto, upload.json().id)).json()).toMatchObject({ status: 'committed' });

    expect(await importCarried(into, adminInto, zip, 'open-safeguarding.csv')).toMatchObject({ committedRows: 4 });
    expect(await importCarried(into, adminInto, zip, 'live-budgets.csv')).toMatchObject({ committedRows: 3 });
    expect(await importCarried(into, adminInto, zip, 'live-care-services.csv')).toMatchObject({ committedRows: 4 });

    const sgBefore = await openSafeguarding(from);
    expect(sgBefore.map((s) => s.enquiry?.kind ?? s.status).sort()).toEqual([
      'awaiting_decision',
      'awaiting_decision',
      'other',
      's42',
    ]);
    expect(await openSafeguarding(into)).toEqual(sgBefore);
    const budgetsBefore = await liveBudgets(from);
    expect(budgetsBefore).toHaveLength(3);
    expect(await liveBudgets(into)).toEqual(budgetsBefore);
    const servicesBefore = await liveServices(from);
    expect(servicesBefore.map((s) => s.what)).toEqual([
      'Home care',
      'Day opportunities',
      'Personal assistant (more hours)',
      'PA hours',
    ]);
    expect(await liveServices(into)).toEqual(servicesBefore);
    // Nothing ended comes back: the new practice's services are all live.
    expect((await into.db.db.select().from(careServices)).every((s) => s.endOn === null)).toBe(true);
  });
});
