import { auditEvents, conversations, externalReferences, stories } from '@threefold/db';
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '../../src/periodic.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { csvOf, goodRow, importCalls, importWorker, mosaicMapping, problemsOfField } from './support.js';

const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let admin: SignedIn;
let worker: SignedIn;
let team: { id: string };
const SOURCE = 'mosaic-cases';

let commits: Worker;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW, config: { IMPORT_BATCH_SIZE: 3 } });
  admin = await ctx.signedIn('practice_admin');
  team = await ctx.newTeam();
  worker = await ctx.signedIn('social_worker', { teamIds: [team.id] });
  commits = await importWorker(ctx);
});
afterAll(async () => {
  await commits.stop();
  await ctx.close();
});

const { mapping, upload, commit } = importCalls(
  () => ctx,
  () => admin,
  'cases.csv',
);

const casesMapping = {
  name: 'Mosaic open cases',
  kind: 'cases',
  source: SOURCE,
  definition: {
    idColumn: 'CASE_ID',
    columns: { personId: 'PERSON_ID', stage: 'STAGE', openedAt: 'OPENED', heldBy: 'WORKER', whatMatters: 'WHAT' },
    valueMaps: { stage: { CONNECT: 'conversation_1', RISK: 'conversation_2', PLAN: 'conversation_3', NEW: 'contact' } },
    dateFormat: 'dmy',
  },
};

describe('open cases', () => {
  it('dry-runs a file of broken rows (one per rule), then writes the good ones as stories at their stage', async () => {
    const people = await mapping({ name: 'Mosaic people (cases)', ...mosaicMapping(SOURCE) });
    const peopleJob = (await upload(people.id, csvOf([1, 2, 3, 4, 5, 6].map((i) => goodRow(i))))).json();
    await commit(peopleJob.id);
    const cases = await mapping(casesMapping);
    const w = worker.user.email.toUpperCase(); // emails are matched whatever their case
    const file = [
      'CASE_ID,PERSON_ID,STAGE,OPENED,WORKER,WHAT',
      `C1,M100001,CONNECT,03/10/2026 09:30,${w},To stay at home`,
      'C2,M100002,RISK,04/10/2026,,',
      'C3,M100003,PLAN,05/10/2026,,Back to the allotment',
      'C4,M100004,NEW,06/10/2026,,',
      'C5,,CONNECT,06/10/2026,,', // required (personId)
      'C6,M100005,CLOSED,06/10/2026,,', // not_on_code_list
      'C7,M100005,CONNECT,31/02/2026,,', // invalid_timestamp
      'C8,M100005,CONNECT,01/01/2027,,', // future_date
      'C9,M100005,CONNECT,06/10/2026,sam at the office,', // invalid_email
      'C10,M100005,CONNECT,06/10/2026,nobody@practice.example,', // colleague_not_found
      'C11,M999999,CONNECT,06/10/2026,,', // person_not_imported
      'C12,M100001,RISK,06/10/2026,,', // duplicate_open_case (C1 in the same batch of checks)
      'C1,M100006,CONNECT,06/10/2026,,', // duplicate_id
    ].join('\n');
    const res = await upload(cases.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'cases', totalRows: 13, badRows: 9 });
    expect(res.json().problems.map((p: { rowNumber: number; code: string }) => [p.rowNumber, p.code])).toEqual([
      [6, 'required'],
      [7, 'not_on_code_list'],
      [8, 'invalid_timestamp'],
      [9, 'future_date'],
      [10, 'invalid_email'],
      [11, 'colleague_not_found'],
      [12, 'person_not_imported'],
      [13, 'duplicate_open_case'],
      [14, 'duplicate_id'],
    ]);
    expect(await ctx.db.db.select({ n: count() }).from(stories)).toEqual([{ n: 0 }]);

    const done = (await commit(res.json().id, { skipBadRows: true })).json();
    expect(done).toMatchObject({ status: 'committed', committedRows: 4, skippedRows: 9, batches: 5 });
    const written = await ctx.db.db
      .select({
        externalId: externalReferences.externalId,
        status: stories.status,
        heldById: stories.heldById,
        teamId: stories.teamId,
        openedAt: stories.openedAt,
        storyId: stories.id,
      })
      .from(stories)
      .innerJoin(externalReferences, eq(externalReferences.recordId, stories.id))
      .where(and(eq(externalReferences.source, SOURCE), eq(externalReferences.kind, 'cases')))
      .orderBy(externalReferences.externalId);
    expect(written.map((s) => [s.externalId, s.status, s.heldById, s.openedAt.toISOString()])).toEqual([
      ['C1', 'open', worker.user.id, '2026-10-03T09:30:00.000Z'],
      ['C2', 'open', null, '2026-10-04T00:00:00.000Z'],
      ['C3', 'open', null, '2026-10-05T00:00:00.000Z'],
      ['C4', 'open', null, '2026-10-06T00:00:00.000Z'],
    ]);
    expect(written[0]!.teamId).toBe(team.id);
    const talks = await ctx.db.db
      .select({
        storyId: conversations.storyId,
        kind: conversations.kind,
        status: conversations.status,
        whatMatters: conversations.whatMatters,
        authorId: conversations.authorId,
      })
      .from(conversations)
      .where(
        inArray(
          conversations.storyId,
          written.map((s) => s.storyId),
        ),
      );
    const byCase = Object.fromEntries(written.map((s) => [s.externalId, talks.filter((t) => t.storyId === s.storyId)]));
    expect(byCase.C1).toEqual([
      expect.objectContaining({ kind: 1, status: 'open', whatMatters: 'To stay at home', authorId: worker.user.id }),
    ]);
    expect(byCase.C2).toEqual([expect.objectContaining({ kind: 2, authorId: admin.user.id })]);
    expect(byCase.C3).toEqual([expect.objectContaining({ kind: 3, whatMatters: 'Back to the allotment' })]);
    expect(byCase.C4).toEqual([]);
    // The story as its holder reads it: open, theirs, in conversation 1.
    const story = await ctx.call(worker, { method: 'GET', url: `/v1/stories/${written[0]!.storyId}` }, 200);
    expect(story.json()).toMatchObject({ status: 'open', heldById: worker.user.id, conversations: [{ kind: 1 }] });
    const batches = await ctx.db.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'import.batch'), eq(auditEvents.resourceId, res.json().id)));
    expect(batches).toEqual([{ n: 5 }]);

    // The same file again changes nothing; a case for someone with an open story is refused.
    const again = (await upload(cases.id, file)).json();
    expect(again).toMatchObject({ alreadyImportedRows: 5 });
    const another = await upload(
      cases.id,
      'CASE_ID,PERSON_ID,STAGE,OPENED,WORKER,WHAT\nC20,M100002,CONNECT,06/10/2026,,',
    );
    expect(another.json().problems).toEqual([
      expect.objectContaining({ field: 'personId', code: 'open_story_exists' }),
    ]);
    expect(await ctx.db.db.select({ n: count() }).from(stories)).toEqual([{ n: 4 }]);
  });

  it('refuses a second open case for a person 1,500 rows on, past the dry run’s batch of checks, naming the first row', async () => {
    const people = await mapping({ name: 'Mosaic people (far apart)', ...mosaicMapping(SOURCE) });
    await commit((await upload(people.id, csvOf([goodRow(50)]))).json().id);
    const cases = await mapping({ ...casesMapping, name: 'Mosaic open cases (far apart)' });
    // Between them, 1,499 rows for someone never imported (bad in themselves: they hold no place).
    const filler = Array.from({ length: 1499 }, (_, i) => `F${i},M999999,CONNECT,06/10/2026,,`);
    const file = [
      'CASE_ID,PERSON_ID,STAGE,OPENED,WORKER,WHAT',
      'D1,M100050,CONNECT,06/10/2026,,',
      ...filler,
      'D2,M100050,RISK,06/10/2026,,',
    ].join('\n');
    const res = await upload(cases.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ totalRows: 1501, badRows: 1500 });
    expect(await problemsOfField(ctx, res.json().id, 'personId', 'person_not_imported')).toEqual([
      { rowNumber: 1502, code: 'duplicate_open_case', reason: expect.stringContaining('on row 2 ') },
    ]);
  });
});
