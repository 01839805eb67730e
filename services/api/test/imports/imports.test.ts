import { externalReferences, importJobs, outboxEvents, people, personVersions } from '@threefold/db';
import { nhsNumberFromSeed, permissionsOfRoles } from '@threefold/domain';
import { count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '../../src/periodic.js';
import type { Principal } from '../../src/auth/principal.js';
import { ImportsService } from '../../src/modules/imports/service.js';
import { fixedActor } from '../../src/platform/actor.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type Caller, type TestContext } from '../support/factories.js';
import { commitAndWait, csvOf, goodRow, importWorker, mosaicHeader, mosaicMapping } from './support.js';

const NOW = new Date('2026-11-30T10:00:00Z');
const MAX_BYTES = 64 * 1024;
let ctx: TestContext;
let admin: SignedIn;

let commits: Worker;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW, config: { IMPORT_MAX_BYTES: MAX_BYTES, IMPORT_BATCH_SIZE: 4 } });
  admin = await ctx.signedIn('practice_admin');
  commits = await importWorker(ctx);
});
afterAll(async () => {
  await commits.stop();
  await ctx.close();
});

let mappingCounter = 0;
async function newMapping(source = `mosaic${++mappingCounter}`, over: Record<string, unknown> = {}) {
  const res = await ctx.call(
    admin,
    {
      method: 'POST',
      url: '/v1/import-mappings',
      payload: { name: `Mosaic people ${source}`, ...mosaicMapping(source), ...over },
    },
    201,
  );
  return res.json() as { id: string; source: string; name: string };
}

function upload(mappingId: string, body: string | Buffer, type = 'text/csv', as: Caller = admin) {
  return ctx.call(as, {
    method: 'POST',
    url: `/v1/imports?mappingId=${mappingId}&fileName=people.csv`,
    headers: { 'content-type': type },
    payload: body,
  });
}

const commit = (id: string, payload: Record<string, unknown> = {}) => commitAndWait(ctx, admin, id, payload);

async function peopleOfSource(source: string) {
  const rows = await ctx.db.db
    .select({ id: people.id, councilPersonId: people.councilPersonId })
    .from(people)
    .innerJoin(externalReferences, eq(externalReferences.recordId, people.id))
    .where(eq(externalReferences.source, source));
  return rows;
}
const jobCount = async () => (await ctx.db.db.select({ n: count() }).from(importJobs))[0]!.n;
const peopleCount = async () => (await ctx.db.db.select({ n: count() }).from(people))[0]!.n;

describe('mappings', () => {
  it('saves a mapping and refuses one that maps to a field that does not exist, naming it', async () => {
    const bad = await ctx.call(admin, {
      method: 'POST',
      url: '/v1/import-mappings',
      payload: {
        name: 'Broken',
        kind: 'people',
        source: 'mosaic',
        definition: { idColumn: 'ID', columns: { givenName: 'F', familyName: 'S', shoeSize: 'SHOE' } },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_mapping', errors: [{ field: 'definition.columns.shoeSize' }] });
    const noName = await ctx.call(admin, {
      method: 'POST',
      url: '/v1/import-mappings',
      payload: {
        name: 'No family name',
        kind: 'people',
        source: 'mosaic',
        definition: { idColumn: 'ID', columns: { givenName: 'F' } },
      },
    });
    expect(noName.json()).toMatchObject({
      code: 'invalid_mapping',
      errors: [{ field: 'definition.columns.familyName' }],
    });
    const ok = await newMapping();
    const list = (await ctx.call(admin, { method: 'GET', url: '/v1/import-mappings' }, 200)).json();
    expect(list.items.map((m: { id: string }) => m.id)).toContain(ok.id);
  });

  it('is for the practice administrator: a practitioner is refused', async () => {
    const worker = await ctx.signedIn('practitioner');
    const res = await ctx.call(worker, { method: 'GET', url: '/v1/imports' });
    expect(res.statusCode).toBe(403);
  });
});

describe('dry run', () => {
  it('reports every bad row with its field and reason (one row per rule), writes no person, and gives the report as CSV', async () => {
    const existing = await ctx.newPerson({ nhsNumber: nhsNumberFromSeed(700_001) });
    await ctx.newPerson({ givenName: 'Edith', familyName: 'Crawley', dateOfBirth: '1941-05-06' });
    const mapping = await newMapping();
    const rows = [
      goodRow(1),
      goodRow(2, { PERSON_ID: '' }), // id_missing
      goodRow(3, { PERSON_ID: 'M100001' }), // duplicate_id
      goodRow(4, { FORENAME: '' }), // required
      goodRow(5, { ADDR1: 'x'.repeat(201) }), // too_long
      goodRow(6, { NHS_NO: '943 476 5918' }), // invalid_nhs_number
      goodRow(7, { POSTCODE: 'SY2 6NO' }), // invalid_postcode
      goodRow(8, { DOB: '31/02/1950' }), // invalid_date
      goodRow(9, { DOB: '01/01/2027' }), // future_date
      goodRow(10, { DOB: '01/01/1950', DOD: '01/01/1940' }), // death_before_birth
      goodRow(11, { ETHNICITY: 'ZZZZ' }), // not_on_code_list
      goodRow(12, { INTERPRETER: 'perhaps' }), // not_yes_or_no
      goodRow(13, { NHS_NO: nhsNumberFromSeed(500_001) }), // duplicate_nhs_number_in_file (row 1's)
      goodRow(14, { NHS_NO: existing.nhsNumber as string }), // duplicate_nhs_number (already recorded)
      goodRow(15, { FORENAME: 'Edith', SURNAME: 'Crawley', DOB: '06/05/1941' }), // possible_duplicate
      goodRow(16),
    ];
    const before = await peopleCount();
    const res = await upload(mapping.id, csvOf(rows));
    expect(res.statusCode).toBe(201);
    const job = res.json();
    expect(job).toMatchObject({
      status: 'checked',
      totalRows: 16,
      badRows: 14,
      committedRows: 0,
      alreadyImportedRows: 0,
    });
    const byRow = new Map<number, { field: string; code: string; reason: string }[]>();
    for (const p of job.problems) byRow.set(p.rowNumber, [...(byRow.get(p.rowNumber) ?? []), p]);
    const expected: [number, string, string][] = [
      [3, 'PERSON_ID', 'id_missing'],
      [4, 'id', 'duplicate_id'],
      [5, 'givenName', 'required'],
      [6, 'addressLine1', 'too_long'],
      [7, 'nhsNumber', 'invalid_nhs_number'],
      [8, 'postcode', 'invalid_postcode'],
      [9, 'dateOfBirth', 'invalid_date'],
      [10, 'dateOfBirth', 'future_date'],
      [11, 'dateOfDeath', 'death_before_birth'],
      [12, 'ethnicity', 'not_on_code_list'],
      [13, 'interpreterNeeded', 'not_yes_or_no'],
      [14, 'nhsNumber', 'duplicate_nhs_number_in_file'],
      [15, 'nhsNumber', 'duplicate_nhs_number'],
      [16, 'familyName', 'possible_duplicate'],
    ];
    for (const [row, field, code] of expected) {
      expect(byRow.get(row), `row ${row}`).toEqual([
        expect.objectContaining({ field, code, reason: expect.any(String) }),
      ]);
    }
    expect(byRow.has(2)).toBe(false);
    expect(byRow.has(17)).toBe(false);
    expect(await peopleCount()).toBe(before);

    const report = await ctx.call(admin, { method: 'GET', url: `/v1/imports/${job.id}/problems` }, 200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    const lines = report.body.trim().split('\n');
    expect(lines[0]).toBe('row,council_id,field,code,reason');
    expect(lines).toHaveLength(15);
    expect(lines[7]).toMatch(/^9,M100008,dateOfBirth,invalid_date,/);

    // Not without saying the bad rows are to be left out.
    const refused = await commit(job.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('import_has_problems');
    expect(await peopleCount()).toBe(before);

    // The history lists it with the same problems as its own page.
    const history = (await ctx.call(admin, { method: 'GET', url: '/v1/imports' }, 200)).json();
    const alone = (await ctx.call(admin, { method: 'GET', url: `/v1/imports/${job.id}` }, 200)).json();
    expect(alone.problems).toHaveLength(14);
    expect(history.items.find((j: { id: string }) => j.id === job.id)).toEqual(alone);
  });

  it('refuses bad files whole, each with a problem saying what to do, and leaves nothing behind', async () => {
    const mapping = await newMapping();
    const jobsBefore = await jobCount();
    const cases: [string | Buffer, string, number, string, RegExp][] = [
      ['%PDF-1.7 not a csv', 'application/pdf', 415, '', /./],
      [
        Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(50, 1)]),
        'text/csv',
        415,
        'unsupported_file_type',
        /xlsx/,
      ],
      ['', 'text/csv', 422, 'empty_file', /export/],
      [csvOf([]), 'text/csv', 422, 'no_rows', /no rows/],
      [csvOf([goodRow(1)], ['PERSON_ID', 'FIRST', 'LAST']), 'text/csv', 422, 'header_mismatch', /FORENAME/],
      [
        Buffer.from(
          csvOf([goodRow(1, { FORENAME: 'Zoë', ADDR1: '“The Old Rectory”' })]).replace(/\r?\n$/, ''),
          'latin1',
        ),
        'text/csv',
        422,
        'encoding_not_utf8',
        /Windows-1252.*CSV UTF-8/,
      ],
      [
        csvOf(Array.from({ length: 1000 }, (_, i) => goodRow(i))),
        'text/csv',
        413,
        'file_too_large',
        /IMPORT_MAX_BYTES/,
      ],
      ['"PERSON_ID,FORENAME\n1,"a"b"', 'text/csv', 422, 'csv_malformed', /quotes/],
    ];
    for (const [body, type, status, code, detail] of cases) {
      const res = await upload(mapping.id, body, type);
      expect(res.statusCode, `${code} ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      if (code) {
        expect(res.json().code).toBe(code);
        expect(res.json().detail).toMatch(detail);
      }
    }
    expect(await jobCount()).toBe(jobsBefore);
  });

  it('names the saved mapping that fits a file whose header does not fit the one chosen', async () => {
    const mosaic = await newMapping();
    const other = await newMapping(`las${++mappingCounter}`, {
      definition: { idColumn: 'CLIENT_REF', columns: { givenName: 'FIRST', familyName: 'LAST' } },
    });
    const res = await upload(mosaic.id, 'CLIENT_REF,FIRST,LAST\nL1,Ann,Other\n');
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain(`"${other.name}"`);
    expect((await upload(other.id, 'CLIENT_REF,FIRST,LAST\nL1,Ann,Other\n')).statusCode).toBe(201);
  });

  it('reads an Excel workbook (.xlsx) with the same rules', async () => {
    const mapping = await newMapping();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(mosaicHeader);
    sheet.addRow(mosaicHeader.map((h) => goodRow(40)[h]));
    sheet.addRow(mosaicHeader.map((h) => goodRow(41, { NHS_NO: '1234567890' })[h]));
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await upload(mapping.id, body, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      format: 'xlsx',
      totalRows: 2,
      badRows: 1,
      problems: [{ rowNumber: 3, field: 'nhsNumber' }],
    });
  });
});

describe('commit', () => {
  it('writes every row in batches with its council id, versions and audit; a re-import of the same file changes nothing', async () => {
    const mapping = await newMapping();
    const rows = Array.from({ length: 10 }, (_, i) => goodRow(100 + i));
    const uploaded = await upload(mapping.id, csvOf(rows));
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const job = uploaded.json();
    expect(job.badRows).toBe(0);
    const done = await commit(job.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'committed', committedRows: 10, batches: 3, progress: 1 });
    const imported = await peopleOfSource(mapping.source);
    expect(imported.map((p) => p.councilPersonId).sort()).toEqual(rows.map((r) => r.PERSON_ID).sort());
    const [first] = await ctx.db.db.select().from(people).where(eq(people.councilPersonId, 'M100100'));
    expect(first).toMatchObject({
      givenName: rows[0]!.FORENAME,
      dateOfBirth: '1970-05-17', // 17/05/1970, read day first
      nhsNumber: rows[0]!.NHS_NO,
      postcode: 'SY2 6ND',
      ethnicity: 'A2',
      gender: 'male',
      interpreterNeeded: true,
    });
    const versions = await ctx.db.db.select().from(personVersions).where(eq(personVersions.personId, first!.id));
    expect(versions).toEqual([expect.objectContaining({ version: 1, reason: expect.stringContaining('M100100') })]);
    const audits = await ctx.db.db.execute<{ action: string; n: number }>(
      sql`select action, count(*)::int as n from audit_events where resource_id = ${job.id} group by action order by action`,
    );
    expect(audits.rows).toEqual(
      expect.arrayContaining([
        { action: 'import.batch', n: 3 },
        { action: 'import.commit', n: 1 },
        { action: 'import.dry_run', n: 1 },
      ]),
    );
    const events = await ctx.db.db.select().from(outboxEvents).where(eq(outboxEvents.subjectId, job.id));
    expect(events).toEqual([
      expect.objectContaining({ type: 'import.completed', data: expect.objectContaining({ committedRows: 10 }) }),
    ]);
    // Committing again answers the same; uploading the same file again finds every row already imported.
    expect((await commit(job.id)).json()).toMatchObject({ status: 'committed', committedRows: 10 });
    const again = (await upload(mapping.id, csvOf(rows))).json();
    expect(again).toMatchObject({ badRows: 0, alreadyImportedRows: 10 });
    expect((await commit(again.id)).json()).toMatchObject({ status: 'committed', committedRows: 0 });
    expect(await peopleOfSource(mapping.source)).toHaveLength(10);
  });

  it('resumes after a crash part-way through a batch without writing anyone twice', async () => {
    const mapping = await newMapping();
    const rows = Array.from({ length: 11 }, (_, i) => goodRow(200 + i));
    const job = (await upload(mapping.id, csvOf(rows))).json();
    const principal: Principal = {
      kind: 'user',
      userId: admin.user.id,
      sessionId: 'test',
      displayName: 'Admin',
      roles: ['practice_admin'],
      teamIds: [],
      delegatedWeeklyLimitPence: null,
      permissions: permissionsOfRoles(['practice_admin']),
    };
    const actor = fixedActor(
      principal,
      (tx, e) => ctx.app.audit.recordInTx(tx, { ...e, actorType: 'user', actorId: admin.user.id }),
      () => NOW,
    );
    const service = new ImportsService(ctx.db.db, { maxBytes: MAX_BYTES, batchSize: 4 });
    // The worker dies in batch 2, after its people were written but before its transaction committed.
    await expect(
      service.commit(
        actor,
        job.id,
        {},
        {
          afterBatchWritten: (batch) => {
            if (batch === 2) throw new Error('killed');
          },
        },
      ),
    ).rejects.toThrow('killed');
    const stopped = (await ctx.call(admin, { method: 'GET', url: `/v1/imports/${job.id}` }, 200)).json();
    expect(stopped).toMatchObject({ status: 'committing', committedRows: 4, batches: 1 });
    expect(stopped.progress).toBeCloseTo(4 / 11);
    expect(await peopleOfSource(mapping.source)).toHaveLength(4);
    // Restarted: committing again picks up where it stopped.
    const resumed = await commit(job.id);
    expect(resumed.json()).toMatchObject({ status: 'committed', committedRows: 11 });
    const imported = await peopleOfSource(mapping.source);
    expect(imported).toHaveLength(11);
    expect(new Set(imported.map((p) => p.councilPersonId)).size).toBe(11);
    const nhs = await ctx.db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from people where nhs_number = any(${sql.param(rows.map((r) => r.NHS_NO))}::text[])`,
    );
    expect(nhs.rows[0]!.n).toBe(11);
  });

  it('commits a file with bad rows only when told to skip them, and leaves those out', async () => {
    const mapping = await newMapping();
    const rows = [goodRow(300), goodRow(301, { POSTCODE: 'NOT A POSTCODE' }), goodRow(302)];
    const job = (await upload(mapping.id, csvOf(rows))).json();
    const done = await commit(job.id, { skipBadRows: true });
    expect(done.json()).toMatchObject({ status: 'committed', committedRows: 2, skippedRows: 1, badRows: 1 });
    expect((await peopleOfSource(mapping.source)).map((p) => p.councilPersonId).sort()).toEqual(['M100300', 'M100302']);
  });

  it('abandons an import: its commit is then refused; a committed import cannot be abandoned', async () => {
    const mapping = await newMapping();
    const job = (await upload(mapping.id, csvOf([goodRow(400)]))).json();
    await ctx.call(admin, { method: 'DELETE', url: `/v1/imports/${job.id}` }, 204);
    expect((await ctx.call(admin, { method: 'GET', url: `/v1/imports/${job.id}` }, 200)).json().status).toBe(
      'abandoned',
    );
    const refused = await commit(job.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('import_abandoned');
    const other = (await upload(mapping.id, csvOf([goodRow(401)]))).json();
    await commit(other.id);
    const res = await ctx.call(admin, { method: 'DELETE', url: `/v1/imports/${other.id}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('import_committed');
    const history = (await ctx.call(admin, { method: 'GET', url: '/v1/imports' }, 200)).json();
    expect(history.items.map((j: { id: string }) => j.id)).toEqual(expect.arrayContaining([job.id, other.id]));
    // Every job in the history with its own problems (or none), as each reads alone.
    for (const item of history.items as { id: string }[]) {
      expect(item).toEqual((await ctx.call(admin, { method: 'GET', url: `/v1/imports/${item.id}` }, 200)).json());
    }
  });
});

describe('relationships and carers', () => {
  it('imports relationships between people imported from the same system, both sides, checking each row', async () => {
    const mapping = await newMapping();
    const peopleJob = (await upload(mapping.id, csvOf([goodRow(500), goodRow(501), goodRow(502)]))).json();
    await commit(peopleJob.id);
    const relMapping = (
      await ctx.call(
        admin,
        {
          method: 'POST',
          url: '/v1/import-mappings',
          payload: {
            name: `Mosaic relationships ${mapping.source}`,
            kind: 'relationships',
            source: mapping.source,
            definition: {
              idColumn: 'REL_ID',
              columns: { personId: 'PERSON_ID', relatedPersonId: 'OTHER_ID', type: 'REL_TYPE', isMainCarer: 'MAIN' },
              valueMaps: { type: { CARER: 'unpaid_carer_of', SPOUSE: 'spouse_or_partner' } },
            },
          },
        },
        201,
      )
    ).json();
    const file = [
      'REL_ID,PERSON_ID,OTHER_ID,REL_TYPE,MAIN',
      'R1,M100500,M100501,CARER,Y',
      'R2,M100501,M100502,SPOUSE,N',
      'R3,M100500,M999999,SPOUSE,N', // person_not_imported
      'R4,M100500,M100500,SPOUSE,N', // same_person
      'R5,M100500,M100502,GODPARENT,N', // not_on_code_list
      'R6,M100501,M100502,SPOUSE,Y', // main_carer_not_caring
    ].join('\n');
    const res = await upload(relMapping.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'relationships', totalRows: 6, badRows: 4 });
    expect(res.json().problems.map((p: { rowNumber: number; code: string }) => [p.rowNumber, p.code])).toEqual([
      [4, 'person_not_imported'],
      [5, 'same_person'],
      [6, 'not_on_code_list'],
      [7, 'main_carer_not_caring'],
    ]);
    const done = (await commit(res.json().id, { skipBadRows: true })).json();
    expect(done).toMatchObject({ status: 'committed', committedRows: 2, skippedRows: 4 });
    const [carer] = await ctx.db.db.select().from(people).where(eq(people.councilPersonId, 'M100500'));
    const rel = await ctx.call(admin, { method: 'GET', url: `/v1/people/${carer!.id}/relationships` });
    expect(rel.statusCode, rel.body).toBe(200);
    expect(rel.json().items).toEqual([expect.objectContaining({ type: 'unpaid_carer_of', isMainCarer: true })]);
    // The same file again writes nothing.
    const again = (await upload(relMapping.id, file)).json();
    expect(again).toMatchObject({ alreadyImportedRows: 2 });
    expect((await commit(again.id, { skipBadRows: true })).json()).toMatchObject({ committedRows: 0 });
    const pairs = await ctx.db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from relationships r join external_references e on e.record_id = r.pair_id where e.source = ${mapping.source}`,
    );
    expect(pairs.rows[0]!.n).toBe(4);
  });
});

describe('historic notes', () => {
  it('imports notes as final, read-only history on people imported from the same system, checking each row', async () => {
    const mapping = await newMapping();
    await commit((await upload(mapping.id, csvOf([goodRow(600), goodRow(601)]))).json().id);
    const notesMapping = (
      await ctx.call(
        admin,
        {
          method: 'POST',
          url: '/v1/import-mappings',
          payload: {
            name: `Mosaic notes ${mapping.source}`,
            kind: 'notes',
            source: mapping.source,
            definition: {
              idColumn: 'NOTE_ID',
              columns: {
                personId: 'PERSON_ID',
                occurredAt: 'WHEN',
                kind: 'TYPE',
                summary: 'TITLE',
                body: 'TEXT',
                author: 'WORKER',
              },
              valueMaps: { kind: { HV: 'visit', TEL: 'phone_call' } },
              dateFormat: 'dmy',
            },
          },
        },
        201,
      )
    ).json();
    const file = [
      'NOTE_ID,PERSON_ID,WHEN,TYPE,TITLE,TEXT,WORKER',
      'N1,M100600,03/02/2019 14:05,HV,Home visit,"Saw Mrs T at home.\nAll well.",Jo Bloggs',
      'N2,M100601,04/02/2019,TEL,Phone call,Rang daughter,',
      'N3,M999999,04/02/2019,TEL,Phone call,Rang,', // person_not_imported
      'N4,M100600,31/02/2019,TEL,Phone call,Rang,', // invalid_timestamp
      'N5,M100600,01/01/2027,TEL,Phone call,Rang,', // future_date
      'N6,M100600,04/02/2019,TEL,,Rang,', // required (summary)
      'N7,M100600,04/02/2019,FAX,Fax,Sent,', // not_on_code_list
    ].join('\n');
    const res = await upload(notesMapping.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().problems.map((p: { rowNumber: number; code: string }) => [p.rowNumber, p.code])).toEqual([
      [4, 'person_not_imported'],
      [5, 'invalid_timestamp'],
      [6, 'future_date'],
      [7, 'required'],
      [8, 'not_on_code_list'],
    ]);
    const done = (await commit(res.json().id, { skipBadRows: true })).json();
    expect(done).toMatchObject({ status: 'committed', committedRows: 2, skippedRows: 5 });
    const notes = await ctx.db.db.execute<{
      status: string;
      kind: string;
      occurred_at: string;
      summary: string;
      body: string;
    }>(sql`
      select n.status, n.kind, to_char(n.occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as occurred_at, v.summary, v.body
        from case_notes n join case_note_versions v on v.note_id = n.id
        join external_references e on e.record_id = n.id and e.kind = 'notes'
       where e.source = ${mapping.source} order by n.occurred_at`);
    expect(notes.rows).toEqual([
      {
        status: 'final',
        kind: 'visit',
        occurred_at: '2019-02-03 14:05',
        summary: 'Home visit',
        body: `Written by Jo Bloggs in ${mapping.source}.\n\nSaw Mrs T at home.\nAll well.`,
      },
      {
        status: 'final',
        kind: 'phone_call',
        occurred_at: '2019-02-04 00:00',
        summary: 'Phone call',
        body: 'Rang daughter',
      },
    ]);
  });
});
