import { PassThrough, type Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { stringify } from 'csv-stringify';
import { stringify as csvText } from 'csv-stringify/sync';
import type { Database, DbOrTx } from '@threefold/db';
import { dateInEngland, personImportFields } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { recordPdf } from '../../platform/written-record.js';
import { budgetRepository } from '../budgets/repository.js';
import type { DocumentsService } from '../documents/service.js';
import { eligibilityRepository } from '../eligibility/repository.js';
import { EligibilityService } from '../eligibility/service.js';
import { WrittenRecordsService } from '../records/service.js';
import { councilReferences } from '../imports/references.js';
import { livePeople } from '../people/service.js';
import { exportsRepository as repo, type ExportJobRow } from './repository.js';
import { handBackFiles } from './files.js';
import { exportMappingOf, peopleExportMapping, personColumns } from './import-formats.js';
import { cell, rowsOf } from './rows.js';
import { exportKinds, type ExportBody, type NewExportBody } from './schemas.js';

/** What each column of people.csv holds: the data dictionary shipped in every archive. */
const peopleDictionary: Record<string, string> = {
  threefoldId: 'Threefold’s id for the person (uuid).',
  councilSource: 'The council system the record came from (as named in the import mapping), if it came from one.',
  councilId: 'The council’s own id for the person in that system, if the record came from one.',
  givenName: 'Given name.',
  familyName: 'Family name.',
  preferredName: 'What they like to be called.',
  dateOfBirth: 'Date of birth, yyyy-mm-dd.',
  dateOfDeath: 'Date of death, yyyy-mm-dd.',
  gender: 'Gender as recorded (male, female, other, non_binary, not_stated, unknown).',
  ethnicity: 'National ethnic category code (A1 … E2, Z refused, 99 not known).',
  nhsNumber: 'NHS number, ten digits (modulus 11 checked).',
  addressLine1: 'Address, first line.',
  addressLine2: 'Address, second line.',
  town: 'Town.',
  postcode: 'UK postcode, upper case with one space.',
  phone: 'Telephone.',
  email: 'Email address.',
  preferredLanguage: 'Preferred language.',
  interpreterNeeded: 'Needs an interpreter: true or false.',
  communicationNeeds: 'Communication needs, free text.',
  gpPracticeCode: 'GP practice ODS code.',
  primarySupportReason: 'Primary support reason (practice code, mapped to the Client Level Data list).',
  accommodationStatus: 'Accommodation status, Client Level Data wording.',
  employmentStatus: 'Employment status, Client Level Data wording.',
  consentToShare: 'Consent to share with partners: true or false.',
  consentScope: 'What the consent covers.',
  advocacyNeed: 'Needs an advocate: true or false.',
  restricted: 'Restricted record (opened only with a recorded reason): true or false.',
  councilPersonId: 'The council person id held on the record.',
};
const peopleHeader = ['threefoldId', 'councilSource', 'councilId', ...personColumns];

const readme = `Threefold hand-back archive

One CSV file per kind of record (UTF-8, comma separated, header row), described column by column
in data-dictionary.csv: people.csv, relationships.csv, notes.csv (final notes as they now stand,
with every amendment and its reason), stories.csv, conversations.csv, eligibility-determinations.csv,
personal-budgets.csv and personal-budget-parts.csv, care-services.csv, reviews.csv,
safeguarding-concerns.csv, safeguarding-enquiries.csv and documents.csv (the documents' manifest;
each document still held is under documents/<threefoldId>-<file name>).
Ids are Threefold's (uuid); a column ending in Id names a record in another file by its threefoldId.
Where a record came from the council, councilSource and councilId name it in the council's own
system. Money is whole pence; dates are yyyy-mm-dd; times are UTC (ISO 8601); json columns hold JSON.
people.mapping.json is the import mapping that brings people.csv back into a Threefold:
pnpm run import -- --file people.csv --kind people --mapping people.mapping.json
and stories.mapping.json brings the open stories of stories.csv back as open cases (kind cases;
import people.csv first): each FILE.mapping.json imports FILE.csv the same way.
What is live is also written as import files, after people.csv in this order: open-safeguarding.csv
(open concerns and enquiries; their leads, by email, added as colleagues first), live-budgets.csv
(signed-off budgets) and live-care-services.csv (their services not ended; the providers added
first, by CQC location id or name). Amounts in those three are pounds (1234.56). History (closed
safeguarding work, ended services, plan lines, sign-off) is in the other files and is not imported.
`;

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'document';

type PageRead = (db: DbOrTx, afterId: string | null, limit: number) => Promise<{ id: string }[]>;

/**
 * Adds entries to the archive one after another, waiting while more than two are queued and not
 * yet taken, so a hand-back of many documents or PDFs holds only a few in memory at a time.
 */
async function paced(
  zip: ZipArchive,
  add: (append: (name: string, bytes: Buffer) => Promise<void>) => Promise<void>,
): Promise<void> {
  const queued = new Set<string>();
  let wake: (() => void) | null = null;
  const onEntry = (entry: { name?: string }) => {
    if (entry.name && queued.delete(entry.name)) wake?.();
  };
  zip.on('entry', onEntry);
  try {
    await add(async (name, bytes) => {
      queued.add(name);
      zip.append(bytes, { name });
      while (queued.size > 2) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    });
  } finally {
    zip.off('entry', onEntry);
  }
}

function view(row: ExportJobRow): ExportBody {
  return {
    id: row.id,
    kinds: row.kinds as ExportBody['kinds'],
    createdAt: row.createdAt.toISOString(),
    archiveUrl: `/v1/exports/${row.id}/archive`,
    downloads: row.downloads,
    lastDownloadedAt: row.lastDownloadedAt?.toISOString() ?? null,
  };
}

/**
 * Handing everything back to the council: an export is recorded (who, when, what), and its archive
 * is built as it is downloaded — streamed from the database a page at a time, so it can be
 * downloaded again (after a broken download, say) and always holds what the practice holds then.
 */
export class ExportsService {
  private readonly eligibility: EligibilityService;
  private readonly records: WrittenRecordsService;

  constructor(
    private readonly db: Database,
    private readonly documents: DocumentsService,
  ) {
    this.eligibility = new EligibilityService(db);
    this.records = new WrittenRecordsService(db);
  }

  async create(actor: Actor, input: NewExportBody): Promise<ExportBody> {
    const user = asUser(actor.principal, 'Exports are made by colleagues.');
    return this.db.transaction(async (tx) => {
      const row = await repo.insert(tx, {
        kinds: input.kinds ?? [...exportKinds],
        createdById: user.userId,
        createdAt: actor.now(),
      });
      await actor.audit(tx, { action: 'export.create', resourceType: 'export', resourceId: row.id });
      return view(row);
    });
  }

  async list(actor: Actor): Promise<{ items: ExportBody[] }> {
    asUser(actor.principal, 'Exports are listed for colleagues.');
    return { items: (await repo.list(this.db, 100)).map(view) };
  }

  /**
   * The archive (zip): README.txt, data-dictionary.csv, people.csv with people.mapping.json, and one CSV
   * per other kind asked for (relationships.csv, notes.csv, stories.csv, …), written one after another.
   */
  async archive(actor: Actor, id: string): Promise<{ filename: string; zip: Readable }> {
    asUser(actor.principal, 'Exports are downloaded by colleagues.');
    const row = await repo.byId(this.db, id);
    if (!row) throw notFound('export');
    await this.db.transaction(async (tx) => {
      await repo.downloaded(tx, id, actor.now());
      await actor.audit(tx, { action: 'export.download', resourceType: 'export', resourceId: id });
    });
    const kinds = new Set(row.kinds);
    // What is live (a budget's services, open safeguarding work) is as it stands on the day of the download.
    const today = dateInEngland(actor.now());
    const files = handBackFiles.filter((f) => kinds.has(f.kind));
    const zip = new ZipArchive({ zlib: { level: 6 } });
    zip.append(readme, { name: 'README.txt' });
    const dictionary = stringify({ header: true, columns: ['file', 'column', 'type', 'description'] });
    if (kinds.has('people')) {
      for (const column of peopleHeader) {
        const type = personImportFields[column]?.type ?? (column === 'threefoldId' ? 'uuid' : 'text');
        dictionary.write(['people.csv', column, type, peopleDictionary[column] ?? '']);
      }
    }
    for (const file of files) {
      for (const column of file.columns) dictionary.write([file.file, column.name, column.type, column.description]);
    }
    dictionary.end();
    zip.append(dictionary, { name: 'data-dictionary.csv' });
    const write = async () => {
      if (kinds.has('people')) {
        zip.append(JSON.stringify(peopleExportMapping, null, 2), { name: 'people.mapping.json' });
        const people = new PassThrough();
        zip.append(people, { name: 'people.csv' });
        await this.writePeople(people);
      }
      for (const file of files) {
        const carried = exportMappingOf(file);
        if (carried) zip.append(JSON.stringify(carried.mapping, null, 2), { name: carried.name });
        const out = new PassThrough();
        zip.append(out, { name: file.file });
        const csv = stringify({ header: true, columns: file.columns.map((c) => c.name) });
        csv.pipe(out);
        const references = (kind: string, ids: string[]) => councilReferences(this.db, kind, ids);
        for await (const page of rowsOf(this.db, file, references, today)) {
          for (const record of page) {
            if (!csv.write(file.columns.map((c) => cell(record[c.name])))) {
              await new Promise((resolve) => csv.once('drain', resolve));
            }
          }
        }
        csv.end();
      }
      if (kinds.has('documents')) await this.appendDocuments(actor, zip);
      await this.appendRecords(actor, zip, kinds);
      await zip.finalize();
    };
    void write().catch((error: unknown) => zip.destroy(error as Error));
    return { filename: `threefold-export-${id}.zip`, zip };
  }

  /**
   * Each document's bytes under `documents/<threefoldId>-<file name>` (documents.csv lists them), one
   * at a time: the next is read only when the archive has taken the one before, so memory stays flat.
   * One whose bytes are missing or corrupt is listed in `documents/not-included.csv`.
   */
  private async appendDocuments(actor: Actor, zip: ZipArchive): Promise<void> {
    const missing: string[] = [];
    await paced(zip, async (append) => {
      for await (const doc of this.documents.heldForHandBack(actor, missing)) {
        await append(`documents/${doc.id}-${safeName(doc.fileName)}`, doc.bytes);
      }
      if (missing.length) {
        const why = 'Its bytes are missing from the store or fail their checksum.';
        const rows = [['threefoldId', 'why'], ...missing.map((id) => [id, why])];
        await append('documents/not-included.csv', Buffer.from(csvText(rows)));
      }
    });
  }

  /**
   * The written records as the person was given them, as PDFs: each eligibility decision letter
   * (`records/eligibility-decision-<id>.pdf`) and each care and support plan
   * (`records/care-and-support-plan-<id>.pdf`), made through the modules that write them (which
   * check access and audit each one). One that cannot be made is listed in `records/not-included.csv`.
   */
  private async appendRecords(actor: Actor, zip: ZipArchive, kinds: Set<string>): Promise<void> {
    const reason = 'hand-back export';
    const missing: string[][] = [];
    await paced(zip, async (append) => {
      const sources: [string, string, PageRead, (id: string) => Promise<Buffer>][] = [];
      if (kinds.has('eligibility')) {
        sources.push([
          'eligibility-decision',
          'eligibility_determination',
          eligibilityRepository.exportPage,
          async (id) => recordPdf(await this.eligibility.letter(actor, id, reason)),
        ]);
      }
      if (kinds.has('budgets')) {
        sources.push([
          'care-and-support-plan',
          'personal_budget',
          budgetRepository.exportPage,
          async (id) => recordPdf(await this.records.plan(actor, id, reason)),
        ]);
      }
      for (const [name, kind, read, pdf] of sources) {
        let after: string | null = null;
        for (;;) {
          const page = await read(this.db, after, 200);
          for (const { id } of page) {
            const bytes = await pdf(id).catch((error: unknown) => {
              missing.push([kind, id, error instanceof Error ? error.message : String(error)]);
              return null;
            });
            if (bytes) await append(`records/${name}-${id}.pdf`, bytes);
          }
          if (page.length < 200) break;
          after = page[page.length - 1]!.id;
        }
      }
      if (missing.length) {
        await append('records/not-included.csv', Buffer.from(csvText([['kind', 'threefoldId', 'why'], ...missing])));
      }
    });
  }

  private async writePeople(out: PassThrough): Promise<void> {
    const csv = stringify({ header: true, columns: peopleHeader, cast: { boolean: (b) => String(b) } });
    csv.pipe(out);
    for await (const page of livePeople(this.db)) {
      const refs = await councilReferences(
        this.db,
        'people',
        page.map((p) => p.id),
      );
      for (const person of page) {
        const ref = refs.get(person.id);
        const record = person as unknown as Record<string, unknown>;
        const line = [
          person.id,
          ref?.source ?? '',
          ref?.externalId ?? '',
          ...personColumns.map((c) => record[c] ?? ''),
        ];
        if (!csv.write(line)) await new Promise((resolve) => csv.once('drain', resolve));
      }
    }
    csv.end();
  }
}
