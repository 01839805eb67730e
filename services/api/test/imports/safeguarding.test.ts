import {
  auditEvents,
  externalReferences,
  outboxEvents,
  safeguardingConcerns,
  safeguardingEnquiries,
  safeguardingInvolvements,
} from '@threefold/db';
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '../../src/periodic.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { csvOf, goodRow, importCalls, importWorker, mosaicMapping } from './support.js';

const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let admin: SignedIn;
let lead: SignedIn;
let sgLead: SignedIn;
const SOURCE = 'mosaic-safeguarding';

let commits: Worker;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW, config: { IMPORT_BATCH_SIZE: 3 } });
  admin = await ctx.signedIn('practice_admin');
  lead = await ctx.signedIn('social_worker');
  sgLead = await ctx.signedIn('safeguarding_lead');
  commits = await importWorker(ctx);
});
afterAll(async () => {
  await commits.stop();
  await ctx.close();
});

const { mapping, upload, commit } = importCalls(
  () => ctx,
  () => admin,
  'safeguarding.csv',
);

const sgMapping = {
  name: 'Mosaic safeguarding',
  kind: 'safeguarding',
  source: SOURCE,
  definition: {
    idColumn: 'SG_ID',
    columns: {
      personId: 'PERSON_ID',
      stage: 'STAGE',
      raisedAt: 'RAISED',
      enquiryOpenedAt: 'S42_START',
      riskTypes: 'CATEGORY',
      locations: 'LOCATION',
      sources: 'SOURCE',
      raisedBy: 'REFERRER',
      lead: 'WORKER',
      desiredOutcomes: 'MSP',
      status: 'STATUS',
    },
    valueMaps: {
      stage: { CONCERN: 'concern', S42: 's42_enquiry', OTHER: 'other_enquiry' },
      riskTypes: { PHY: 'physical', FIN: 'financial_or_material', NEG: 'neglect_and_acts_of_omission' },
      locations: { HOME: 'own_home', CHR: 'care_home_residential' },
      sources: { SP: 'service_provider', KNOWN: 'other_known_to_individual' },
    },
    dateFormat: 'dmy',
  },
};
const HEADER = 'SG_ID,PERSON_ID,STAGE,RAISED,S42_START,CATEGORY,LOCATION,SOURCE,REFERRER,WORKER,MSP,STATUS';

describe('open safeguarding concerns and enquiries', () => {
  it('dry-runs a file of broken rows (one per rule), writes the good ones with their dates, and writes nothing again', async () => {
    const people = await mapping({ name: 'Mosaic people (safeguarding)', ...mosaicMapping(SOURCE) });
    await commit((await upload(people.id, csvOf([1, 2, 3, 4].map((i) => goodRow(i))))).json().id);
    const sg = await mapping(sgMapping);
    const w = lead.user.email.toUpperCase(); // emails are matched whatever their case
    const file = [
      HEADER,
      'SG1,M100001,CONCERN,26/11/2026 09:30,,NEG,HOME,KNOWN,District nurse,,To stay at home,Open',
      `SG2,M100002,S42,02/11/2026 10:00,05/11/2026,PHY;FIN,CHR,SP,GP,${w},To feel safe,`,
      'SG3,M100003,OTHER,10/11/2026,,FIN,,,Neighbour,,,',
      'SG4,,CONCERN,26/11/2026,,NEG,,,,,,', // required (personId)
      'SG5,M100004,CLOSED,26/11/2026,,NEG,,,,,,', // stage not_on_code_list
      'SG6,M100004,CONCERN,31/02/2026,,NEG,,,,,,', // invalid_timestamp
      'SG7,M100004,CONCERN,01/01/2027,,NEG,,,,,,', // future_date
      'SG8,M100004,CONCERN,26/11/2026,,WITCHCRAFT,,,,,,', // riskTypes not_on_code_list
      'SG9,M100004,CONCERN,26/11/2026,,NEG,PUB,,,,,', // locations not_on_code_list
      'SG10,M100004,CONCERN,26/11/2026,,NEG,,STRANGER,,,,', // sources not_on_code_list
      'SG11,M100004,S42,26/11/2026,,NEG,,,,sam at the office,,', // invalid_email
      'SG12,M100004,S42,26/11/2026,,NEG,,,,nobody@practice.example,,', // colleague_not_found
      'SG13,M999999,CONCERN,26/11/2026,,NEG,,,,,,', // person_not_imported
      'SG14,M100004,CONCERN,26/11/2026,,NEG,,,,,,Closed', // case_not_open
      'SG15,M100004,S42,26/11/2026,20/11/2026,NEG,,,,,,', // enquiry_before_concern
      'SG16,M100004,CONCERN,20/11/2026,26/11/2026,NEG,,,,,,', // not_an_enquiry
      'SG1,M100004,CONCERN,26/11/2026,,NEG,,,,,,', // duplicate_id
    ].join('\n');
    const res = await upload(sg.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'safeguarding', totalRows: 17, badRows: 14 });
    expect(
      res
        .json()
        .problems.map((p: { rowNumber: number; field: string; code: string }) => [p.rowNumber, p.field, p.code]),
    ).toEqual([
      [5, 'personId', 'required'],
      [6, 'stage', 'not_on_code_list'],
      [7, 'raisedAt', 'invalid_timestamp'],
      [8, 'raisedAt', 'future_date'],
      [9, 'riskTypes', 'not_on_code_list'],
      [10, 'locations', 'not_on_code_list'],
      [11, 'sources', 'not_on_code_list'],
      [12, 'lead', 'invalid_email'],
      [13, 'lead', 'colleague_not_found'],
      [14, 'personId', 'person_not_imported'],
      [15, 'status', 'case_not_open'],
      [16, 'enquiryOpenedAt', 'enquiry_before_concern'],
      [17, 'enquiryOpenedAt', 'not_an_enquiry'],
      [18, 'id', 'duplicate_id'],
    ]);
    expect(await ctx.db.db.select({ n: count() }).from(safeguardingConcerns)).toEqual([{ n: 0 }]);

    const done = (await commit(res.json().id, { skipBadRows: true })).json();
    expect(done).toMatchObject({ status: 'committed', committedRows: 3, skippedRows: 14 });
    const concerns = await ctx.db.db
      .select({ externalId: externalReferences.externalId, c: safeguardingConcerns })
      .from(safeguardingConcerns)
      .innerJoin(externalReferences, eq(externalReferences.recordId, safeguardingConcerns.id))
      .where(and(eq(externalReferences.source, SOURCE), eq(externalReferences.kind, 'safeguarding')))
      .orderBy(externalReferences.externalId);
    expect(
      concerns.map(({ externalId, c }) => [
        externalId,
        c.status,
        c.raisedAt.toISOString(),
        c.raisedVia,
        c.raisedByName,
        c.suspectedRiskTypes,
      ]),
    ).toEqual([
      [
        'SG1',
        'awaiting_decision',
        '2026-11-26T09:30:00.000Z',
        'council_system',
        'District nurse',
        ['neglect_and_acts_of_omission'],
      ],
      ['SG2', 'enquiry', '2026-11-02T10:00:00.000Z', 'council_system', 'GP', ['physical', 'financial_or_material']],
      ['SG3', 'enquiry', '2026-11-10T00:00:00.000Z', 'council_system', 'Neighbour', ['financial_or_material']],
    ]);
    // A concern keeps what it has no field for in its text.
    expect(concerns[0]!.c.summary).toContain('Where: own_home.');
    expect(concerns[0]!.c.summary).toContain('What the person wants: To stay at home');
    expect(concerns[1]!.c).toMatchObject({ decisionRoute: 's42_enquiry', unableToProtectThemselves: true });
    const enquiries = await ctx.db.db
      .select()
      .from(safeguardingEnquiries)
      .where(
        inArray(
          safeguardingEnquiries.concernId,
          concerns.map((c) => c.c.id),
        ),
      )
      .orderBy(safeguardingEnquiries.openedAt);
    expect(
      enquiries.map((e) => [e.kind, e.openedAt.toISOString(), e.leadStaffId, e.riskTypes, e.locations, e.sources]),
    ).toEqual([
      [
        's42',
        '2026-11-05T00:00:00.000Z',
        lead.user.id,
        ['physical', 'financial_or_material'],
        ['care_home_residential'],
        ['service_provider'],
      ],
      ['other', '2026-11-10T00:00:00.000Z', null, ['financial_or_material'], [], []],
    ]);
    expect(enquiries[0]).toMatchObject({ desiredOutcomesStatus: 'asked_expressed', desiredOutcomes: ['To feel safe'] });
    expect(
      await ctx.db.db
        .select({ userId: safeguardingInvolvements.userId })
        .from(safeguardingInvolvements)
        .where(eq(safeguardingInvolvements.enquiryId, enquiries[0]!.id)),
    ).toEqual([{ userId: lead.user.id }]);

    // The clocks run from the council's dates: the concern raised 26/11 is due on 30/11 (two working
    // days, the weekend not counted), the enquiry opened 05/11 is overdue by now.
    const concern = (
      await ctx.call(sgLead, { method: 'GET', url: `/v1/safeguarding/concerns/${concerns[0]!.c.id}` }, 200)
    ).json();
    expect(concern.decisionClock).toMatchObject({ dueOn: '2026-11-30', overdue: false });
    const enquiry = (
      await ctx.call(sgLead, { method: 'GET', url: `/v1/safeguarding/enquiries/${enquiries[0]!.id}` }, 200)
    ).json();
    expect(enquiry.status).toBe('open');

    const events = await ctx.db.db
      .select({ type: outboxEvents.type, n: count() })
      .from(outboxEvents)
      .where(inArray(outboxEvents.type, ['safeguarding.concern-raised', 'safeguarding.enquiry-opened']))
      .groupBy(outboxEvents.type)
      .orderBy(outboxEvents.type);
    expect(events).toEqual([
      { type: 'safeguarding.concern-raised', n: 3 },
      { type: 'safeguarding.enquiry-opened', n: 2 },
    ]);
    expect(
      await ctx.db.db
        .select({ n: count() })
        .from(auditEvents)
        .where(inArray(auditEvents.action, ['safeguarding_concern.import', 'safeguarding_enquiry.import'])),
    ).toEqual([{ n: 5 }]);

    // The same file again writes nothing.
    const again = (await upload(sg.id, file)).json();
    expect(again).toMatchObject({ alreadyImportedRows: 4 }); // the three written, and the second SG1
    await commit(again.id, { skipBadRows: true });
    expect(await ctx.db.db.select({ n: count() }).from(safeguardingConcerns)).toEqual([{ n: 3 }]);
    expect(await ctx.db.db.select({ n: count() }).from(safeguardingEnquiries)).toEqual([{ n: 2 }]);
  });
});
