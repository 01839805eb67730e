/**
 * The one way a person comes to be recorded. `POST /v1/people` and the front door (a contact
 * describing someone not yet known) both call `recordPerson` inside their own transaction, so
 * every person starts with the same full first version, the same consent time and the same
 * `person.create` audit row. Other modules write `people` only through these functions.
 */
import type { DbOrTx, Tx } from '@threefold/db';
import { dateInEngland, givenNameVariants, normaliseNhsNumber } from '@threefold/domain';
import { actorOf } from '../../auth/principal.js';
import { AppProblem } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { checkPersonFields, personView, recordFields, snapshot, type PersonRow } from './person-record.js';
import { personRepository } from './repository.js';
import type { NewPersonBody, PersonBody } from './schemas.js';

export { checkPersonFields } from './person-record.js';

/** What a person is recorded with: any record field; a name at least. */
export type PersonDetails = Omit<NewPersonBody, 'confirmNotDuplicate'>;

export interface RecordPersonOptions {
  /** `direct`: recorded on its own (`POST /v1/people`); `contact`: from a contact's description at the front door. */
  source: 'direct' | 'contact';
  /** The contact that described them, when it already has an id; named in the first version's reason. */
  contactId?: string | null | undefined;
}

/**
 * Records a person in `tx` (it commits or rolls back with the caller's change): the fields are
 * checked and normalised (400 naming each field at fault), the `people` row, version 1 holding
 * the whole record, the consent time when consent was stated, and the `person.create` audit row.
 * Duplicate checks are the caller's (`refuseLikelyDuplicates`, `matchPerson`): this records.
 * Name keys for search are kept by a trigger on `people`.
 */
export async function recordPerson(
  tx: Tx,
  actor: Actor,
  input: PersonDetails,
  { source, contactId }: RecordPersonOptions,
): Promise<PersonBody> {
  const now = actor.now();
  const checked = checkPersonFields(input, dateInEngland(now));
  const row = await personRepository.insert(tx, {
    ...checked,
    consentRecordedAt: checked.consentToShare !== undefined ? now : null,
    createdAt: now,
    updatedAt: now,
  });
  const who = actorOf(actor.principal);
  await personRepository.insertVersion(tx, {
    personId: row.id,
    version: 1,
    data: snapshot(row),
    changedFields: recordFields.filter((f) => f in input),
    changedByType: who.actorType,
    changedById: who.actorId,
    reason:
      source === 'direct' ? 'created' : contactId ? `recorded from contact ${contactId}` : 'recorded from a contact',
    changedAt: now,
  });
  await actor.audit(tx, { action: 'person.create', resourceType: 'person', resourceId: row.id, personId: row.id });
  return personView(row);
}

/**
 * Refuses a person already recorded: the same NHS number always (`409 duplicate_nhs_number`);
 * a similar name (and date of birth) unless the caller confirmed it is someone else
 * (`409 possible_duplicate`), each with the candidates to check.
 */
export async function refuseLikelyDuplicates(
  tx: DbOrTx,
  person: { givenName: string; familyName: string; nhsNumber?: string | null; dateOfBirth?: string | null },
  { confirmedNotDuplicate = false }: { confirmedNotDuplicate?: boolean } = {},
): Promise<void> {
  if (person.nhsNumber) {
    const same = await personRepository.liveByNhsNumber(tx, normaliseNhsNumber(person.nhsNumber) ?? person.nhsNumber);
    if (same) {
      throw new AppProblem(
        409,
        'duplicate_nhs_number',
        'Already recorded',
        'A person with this NHS number is already recorded.',
        undefined,
        {},
        { candidates: [{ id: same.id, label: 'Same NHS number', score: 10 }] },
      );
    }
  }
  if (confirmedNotDuplicate) return;
  const candidates = (
    await personRepository.likelyDuplicates(tx, { ...person, givenVariants: givenNameVariants(person.givenName) })
  ).filter((c) => c.score >= (person.dateOfBirth ? 1.45 : 0.6));
  if (candidates.length) {
    throw new AppProblem(
      409,
      'possible_duplicate',
      'May already be recorded',
      'People with similar names (and dates of birth) are already recorded. Check them; if this is someone else, send confirmNotDuplicate: true.',
      undefined,
      {},
      {
        candidates: candidates.map((c) => ({
          id: c.id,
          label: `${c.given_name} ${c.family_name}${c.date_of_birth ? `, born ${bornOn(c.date_of_birth)}` : ''}${c.postcode ? `, ${c.postcode}` : ''}`,
          score: Math.round(Number(c.score) * 100) / 100,
        })),
      },
    );
  }
}

/** "21 June 1943": a date of birth as the person reading the problem would write it. */
function bornOn(date: string | Date): string {
  const iso = typeof date === 'string' ? date : date.toISOString().slice(0, 10);
  return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export type PersonMatch = { id: string; matchedBy: 'nhs_number' | 'name_and_date_of_birth' };

/**
 * The front door's match for a described person (details already checked): the NHS number first,
 * then name and date of birth — only an unambiguous match is taken; two lookalikes means
 * recording a new person for a colleague to check. Null when no one matches.
 */
export async function matchPerson(
  tx: DbOrTx,
  details: { givenName: string; familyName: string; nhsNumber?: string | null; dateOfBirth?: string | null },
): Promise<PersonMatch | null> {
  if (details.nhsNumber) {
    const same = await personRepository.liveByNhsNumber(tx, normaliseNhsNumber(details.nhsNumber) ?? details.nhsNumber);
    if (same) return { id: same.id, matchedBy: 'nhs_number' };
  }
  if (details.dateOfBirth) {
    const rows = await personRepository.liveByNameAndDateOfBirth(
      tx,
      `${details.givenName} ${details.familyName}`,
      details.dateOfBirth,
    );
    if (rows.length === 1) return { id: rows[0]!.id, matchedBy: 'name_and_date_of_birth' };
  }
  return null;
}

/** A person's record by id (merged-away records included: `mergedIntoId` names the survivor), or null. */
export function findPerson(tx: DbOrTx, id: string): Promise<PersonRow | null> {
  return personRepository.byId(tx, id);
}

/** A person from a council's file, already checked by the import's row rules. */
export interface ImportedPerson {
  /** Chosen by the import, so its external reference can be claimed before the record is written. */
  id: string;
  /** The council's own id: kept on the record as `councilPersonId` unless the file names that apart. */
  externalId: string;
  fields: Partial<PersonDetails> & { givenName: string; familyName: string };
}

/**
 * Records a batch of people from an import in `tx`: each with the same full first version as
 * `recordPerson` (its reason naming the import and the council id). The import audits the batch.
 */
export async function recordImportedPeople(
  tx: Tx,
  actor: Actor,
  batch: ImportedPerson[],
  provenance: { jobId: string; source: string },
): Promise<void> {
  const now = actor.now();
  const who = actorOf(actor.principal);
  const rows = batch.map((p) => ({
    ...p.fields,
    id: p.id,
    councilPersonId: 'councilPersonId' in p.fields ? (p.fields.councilPersonId ?? null) : p.externalId,
    consentRecordedAt: p.fields.consentToShare !== undefined ? now : null,
    createdAt: now,
    updatedAt: now,
  }));
  const versions = rows.map((row) => {
    const data = Object.fromEntries(
      recordFields.map((f) => [f, (row as Record<string, unknown>)[f] ?? defaultsOfRecord[f] ?? null]),
    );
    return {
      personId: row.id,
      version: 1,
      data,
      changedFields: recordFields.filter((f) => f in row),
      changedByType: who.actorType,
      changedById: who.actorId,
      reason: `imported from ${provenance.source} id ${row.councilPersonId} (import ${provenance.jobId})`,
      changedAt: now,
    };
  });
  await personRepository.insertMany(tx, rows, versions);
}

/** What the table fills in when a field is not given, so an imported version holds the whole record. */
const defaultsOfRecord: Partial<Record<(typeof recordFields)[number], unknown>> = {
  interpreterNeeded: false,
  consentToShare: false,
  advocacyNeed: false,
  restricted: false,
};

/** Live records holding any of these NHS numbers (an import's duplicate check). */
export function liveByNhsNumbers(tx: DbOrTx, nhsNumbers: string[]) {
  return personRepository.liveByNhsNumbers(tx, nhsNumbers);
}

/** Live records with exactly one of these names and dates of birth (an import's duplicate check). */
export function liveByExactNamesAndDates(
  tx: DbOrTx,
  names: { givenName: string; familyName: string; dateOfBirth: string }[],
) {
  return personRepository.liveByExactNamesAndDates(tx, names);
}

/** Every live record, a page at a time in id order (a hand-back export). */
export async function* livePeople(db: DbOrTx, pageSize = 1000): AsyncGenerator<PersonRow[]> {
  let after: string | null = null;
  for (;;) {
    const page = await personRepository.livePage(db, after, pageSize);
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}
