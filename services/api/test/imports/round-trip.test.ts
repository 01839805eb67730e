import { people, staffUsers, stories } from '@threefold/db';
import { nhsNumberFromSeed } from '@threefold/domain';
import { eq, isNull } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '../../src/periodic.js';
import { stagesOfStories } from '../../src/modules/conversations/imported.js';
import { createStaffUser, type SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { commitAndWait, csvOf, importCarried, goodRow, importWorker, mosaicMapping } from './support.js';

// Two practices: the one handing back (seed-like records, some from the council) and an empty one.
let from: TestContext;
let into: TestContext;
let adminFrom: SignedIn;
let adminInto: SignedIn;
let commits: Worker[] = [];

beforeAll(async () => {
  from = await createTestContext();
  into = await createTestContext();
  adminFrom = await from.signedIn('practice_admin');
  adminInto = await into.signedIn('practice_admin');
  commits = [await importWorker(from), await importWorker(into)];
});
afterAll(async () => {
  for (const w of commits) await w.stop();
  await from.close();
  await into.close();
});

const genders = ['female', 'male', 'other', 'not_stated'];
const ethnicities = ['A1', 'A2', 'B3', 'C1', 'D2', 'E2', 'Z', '99'];
const reasons = ['physical-support', 'memory-and-cognition', 'learning-disability', 'mental-health'];
const accommodation = ['Owner occupier or shared ownership scheme', 'Tenant: Private landlord', null];

/** Every field of the record that is the person's (not ids, versions or times of writing). */
async function records(ctx: TestContext) {
  const rows = await ctx.db.db.select().from(people).where(isNull(people.mergedIntoId));
  return rows
    .map(
      ({ id: _id, version: _v, createdAt: _c, updatedAt: _u, consentRecordedAt: _r, mergedIntoId: _m, ...rest }) =>
        rest,
    )
    .sort((a, b) => `${a.familyName}${a.givenName}`.localeCompare(`${b.familyName}${b.givenName}`));
}

/** Every open story as the person's name, its stage, holder, opening and what matters (ids differ between practices). */
async function openStories(ctx: TestContext) {
  const rows = await ctx.db.db
    .select({ id: stories.id, familyName: people.familyName, holder: staffUsers.email, openedAt: stories.openedAt })
    .from(stories)
    .innerJoin(people, eq(people.id, stories.personId))
    .leftJoin(staffUsers, eq(staffUsers.id, stories.heldById))
    .where(eq(stories.status, 'open'));
  const stages = await stagesOfStories(
    ctx.db.db,
    rows.map((r) => r.id),
  );
  return rows
    .map((r) => ({
      familyName: r.familyName,
      holder: r.holder,
      openedAt: r.openedAt.toISOString(),
      ...stages.get(r.id),
    }))
    .sort((a, b) => a.familyName.localeCompare(b.familyName));
}

describe('hand back and import again', () => {
  it('exports a documented archive that imports into an empty Threefold with nothing lost', async () => {
    const worker = await from.signedIn('practitioner');
    for (let i = 0; i < 24; i++) {
      await from.newPerson(
        {
          givenName: ['Margaret', 'Dorothy', 'Kenneth', 'Arthur'][i % 4],
          familyName: `Whitcombe${String.fromCharCode(65 + i)}`,
          preferredName: i % 3 ? null : 'Peg',
          dateOfBirth: `19${30 + i}-0${(i % 9) + 1}-1${i % 10}`,
          dateOfDeath: i === 5 ? '2025-01-02' : null,
          gender: genders[i % genders.length],
          ethnicity: ethnicities[i % ethnicities.length],
          nhsNumber: i % 4 === 3 ? undefined : nhsNumberFromSeed(10_000 + i),
          addressLine1: `${i + 1} Abbey Foregate, "The Mews"`,
          addressLine2: i % 2 ? 'Flat 2' : null,
          town: 'Shrewsbury',
          postcode: 'sy2 6nd',
          phone: '01743 000000',
          email: i % 2 ? `person${i}@example.org` : null,
          preferredLanguage: i % 5 ? 'English' : 'Welsh',
          interpreterNeeded: i % 5 === 0,
          communicationNeeds: i % 6 ? null : 'Hard of hearing, line one\nline two',
          gpPracticeCode: 'M82001',
          primarySupportReason: reasons[i % reasons.length],
          accommodationStatus: accommodation[i % accommodation.length],
          employmentStatus: i % 2 ? 'Not in paid employment: Not actively seeking work or retired' : null,
          consentToShare: i % 2 === 0,
          consentScope: i % 2 === 0 ? 'GP and district nurses' : null,
          advocacyNeed: i % 7 === 0,
          restricted: i === 7,
        },
        worker,
      );
    }
    // Open stories at each stage, some held (stories.csv is the cases import format).
    const team = await from.newTeam();
    const sw = await from.signedIn('social_worker', { teamIds: [team.id] });
    const listed0 = (await from.db.db.select({ id: people.id }).from(people).orderBy(people.familyName)).slice(0, 6);
    for (const [i, { id: personId }] of listed0.entries()) {
      const story = (
        await from.call(sw, { method: 'POST', url: '/v1/stories', payload: { personId, teamId: team.id } }, 201)
      ).json();
      if (i % 3 === 0) continue;
      await from.call(
        sw,
        { method: 'POST', url: `/v1/stories/${story.id}/conversations`, payload: { kind: i % 3 } },
        201,
      );
    }
    // Some came from the council's file: their council ids must be named in the hand-back.
    const mapping = (
      await from.call(
        adminFrom,
        { method: 'POST', url: '/v1/import-mappings', payload: { name: 'Mosaic', ...mosaicMapping('mosaic') } },
        201,
      )
    ).json();
    const job = (
      await from.call(adminFrom, {
        method: 'POST',
        url: `/v1/imports?mappingId=${mapping.id}`,
        headers: { 'content-type': 'text/csv' },
        payload: csvOf([goodRow(1), goodRow(2), goodRow(3)]),
      })
    ).json();
    expect((await commitAndWait(from, adminFrom, job.id)).json()).toMatchObject({ status: 'committed' });

    const made = (await from.call(adminFrom, { method: 'POST', url: '/v1/exports', payload: {} }, 201)).json();
    const download = await from.call(adminFrom, { method: 'GET', url: made.archiveUrl }, 200);
    expect(download.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(download.rawPayload);
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(['README.txt', 'data-dictionary.csv', 'people.csv', 'people.mapping.json']),
    );
    const peopleCsv = await zip.file('people.csv')!.async('string');
    const dictionary = await zip.file('data-dictionary.csv')!.async('string');
    const header = peopleCsv.split('\n')[0]!.split(',');
    // Every column is documented.
    for (const column of header) expect(dictionary).toMatch(new RegExp(`^people\\.csv,${column},\\w+,.+`, 'm'));
    expect(peopleCsv).toMatch(/,mosaic,M100001,/);
    const listed = (await from.call(adminFrom, { method: 'GET', url: '/v1/exports' }, 200)).json();
    expect(listed.items[0]).toMatchObject({ id: made.id, downloads: 1 });

    // Into the empty practice, with the mapping the archive carries.
    const carried = JSON.parse(await zip.file('people.mapping.json')!.async('string'));
    const saved = (
      await into.call(adminInto, { method: 'POST', url: '/v1/import-mappings', payload: carried }, 201)
    ).json();
    const upload = await into.call(adminInto, {
      method: 'POST',
      url: `/v1/imports?mappingId=${saved.id}&fileName=people.csv`,
      headers: { 'content-type': 'text/csv' },
      payload: peopleCsv,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    expect(upload.json(), JSON.stringify(upload.json().problems.slice(0, 5))).toMatchObject({
      totalRows: 27,
      badRows: 0,
    });
    const committed = await commitAndWait(into, adminInto, upload.json().id);
    expect(committed.json()).toMatchObject({ status: 'committed', committedRows: 27 });

    const before = await records(from);
    const after = await records(into);
    expect(after).toHaveLength(27);
    expect(after).toEqual(before);

    // Open cases: the holder is the same colleague (by email) in the practice taking over.
    await createStaffUser(into.db, { roles: ['social_worker'], email: sw.user.email });
    expect(await importCarried(into, adminInto, zip, 'stories.csv')).toMatchObject({ committedRows: 6 });
    const storiesBefore = await openStories(from);
    expect(storiesBefore.map((s) => s.stage)).toEqual(
      expect.arrayContaining(['contact', 'conversation_1', 'conversation_2']),
    );
    expect(storiesBefore.every((s) => s.holder === sw.user.email)).toBe(true);
    expect(await openStories(into)).toEqual(storiesBefore);
  });

  it('is for those who may export: a practitioner is refused', async () => {
    const worker = await from.signedIn('practitioner');
    expect((await from.call(worker, { method: 'POST', url: '/v1/exports', payload: {} })).statusCode).toBe(403);
  });
});
