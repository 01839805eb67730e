import { PassThrough } from 'node:stream';
import { ZipArchive } from 'archiver';
import type { Database } from '@threefold/db';
import type { Actor } from '../../platform/actor.js';
import { recordPdf } from '../../platform/written-record.js';
import type { DocumentsService } from '../documents/service.js';
import { EligibilityService } from '../eligibility/service.js';
import { SubjectAccess } from '../people/subject-access.js';
import type { WrittenRecordsService } from './service.js';

const idOf = (row: object) => String((row as { id?: unknown }).id);
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'document';

/**
 * A person's subject access bundle (UK GDPR art 15): a zip holding `record.json` (the whole
 * export), every letter and record written for them as a PDF, and every document still held.
 * Safeguarding documents go under `for-review/`: they may hold third parties' information.
 */
export class SubjectAccessBundle {
  private readonly subjectAccess: SubjectAccess;
  private readonly eligibility: EligibilityService;

  constructor(
    private readonly db: Database,
    private readonly records: WrittenRecordsService,
    private readonly documents: DocumentsService,
  ) {
    this.subjectAccess = new SubjectAccess(db);
    this.eligibility = new EligibilityService(db);
  }

  async build(actor: Actor, personId: string, reason: string | undefined): Promise<{ zip: Buffer; files: string[] }> {
    const record = await this.subjectAccess.export(actor, personId);
    const files: { name: string; bytes: Buffer | string }[] = [
      { name: 'record.json', bytes: JSON.stringify(record, null, 2) },
    ];
    for (const d of record.eligibilityDeterminations) {
      const letter = await this.eligibility.letter(actor, idOf(d), reason);
      files.push({ name: `letters/eligibility-decision-${idOf(d)}.pdf`, bytes: await recordPdf(letter) });
    }
    for (const c of record.conversations) {
      const written = await this.records.conversation(actor, idOf(c), reason);
      files.push({ name: `records/conversation-${idOf(c)}.pdf`, bytes: await recordPdf(written) });
    }
    for (const b of record.personalBudgets) {
      const plan = await this.records.plan(actor, idOf(b), reason);
      files.push({ name: `plans/care-and-support-plan-${idOf(b)}.pdf`, bytes: await recordPdf(plan) });
    }
    for (const r of record.reviews.filter((r) => (r as { status?: unknown }).status === 'completed')) {
      const outcome = await this.records.review(actor, idOf(r), reason);
      files.push({ name: `reviews/review-outcome-${idOf(r)}.pdf`, bytes: await recordPdf(outcome) });
    }
    for (const { document, bytes } of await this.documents.heldFor(actor, personId)) {
      const folder = document.concernId || document.enquiryId ? 'for-review/documents' : 'documents';
      files.push({ name: `${folder}/${document.id}-${safeName(document.fileName)}`, bytes });
    }
    await actor.audit(this.db, {
      action: 'person.export.bundle',
      resourceType: 'person',
      resourceId: personId,
      personId,
      reason: reason ?? null,
    });
    return { zip: await zipOf(files, actor.now()), files: files.map((f) => f.name) };
  }
}

async function zipOf(files: { name: string; bytes: Buffer | string }[], at: Date): Promise<Buffer> {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    archive.on('error', reject);
  });
  archive.pipe(out);
  for (const f of files) archive.append(f.bytes, { name: f.name, date: at });
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
