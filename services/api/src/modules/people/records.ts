import type { Database, DbOrTx } from '@threefold/db';
import { dateInEngland } from '@threefold/domain';
import { actorOf } from '../../auth/principal.js';
import { assertMayOpen, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { notifyPartnersOfRectification } from '../connections/service.js';
import { recordDisclosure } from './disclosures.js';
import {
  canSeeRestricted,
  checkPersonFields,
  personView,
  recordFields,
  snapshot,
  type PersonRow,
  type RecordField,
} from './person-record.js';
import { recordPerson, refuseLikelyDuplicates } from './record-person.js';
import { personRepository } from './repository.js';
import type { NewPersonBody, PersonBody, PersonChangesBody } from './schemas.js';

/**
 * A person by id for this actor. Restricted records need the permission and a reason; others
 * never learn they exist (404).
 */
export async function readablePerson(
  db: DbOrTx,
  actor: Actor,
  id: string,
  reason: string | undefined,
): Promise<PersonRow> {
  const row = await personRepository.byId(db, id);
  assertMayOpen(row, actor.principal, reason, () => notFound('person'));
  return row!;
}

/** Every version of the record, oldest first. */
export async function historyOf(db: DbOrTx, id: string) {
  const rows = await personRepository.versionsOf(db, id);
  return rows.map((r) => ({
    version: r.version,
    changedFields: r.changedFields,
    changedByType: r.changedByType,
    changedById: r.changedById,
    reason: r.reason,
    changedAt: r.changedAt.toISOString(),
    data: r.data,
  }));
}

/** People's records: recording, opening, correcting, and the history of versions. */
export class PersonRecords {
  constructor(private readonly db: Database) {}

  /** Records a person on their own (`POST /v1/people`): refused when they are likely already recorded. */
  async create(actor: Actor, input: NewPersonBody): Promise<PersonBody> {
    const { confirmNotDuplicate, ...fields } = input;
    const checked = checkPersonFields(fields, dateInEngland(actor.now()));
    return this.db.transaction(async (tx) => {
      await refuseLikelyDuplicates(tx, checked, { confirmedNotDuplicate: confirmNotDuplicate ?? false });
      return recordPerson(tx, actor, checked, { source: 'direct' });
    });
  }

  /** Opens a record: every attempt is audited (with the reason given), and a machine client's read is a disclosure. */
  async open(actor: Actor, id: string, reason: string | undefined): Promise<PersonBody> {
    let row;
    try {
      row = await readablePerson(this.db, actor, id, reason);
    } catch (error) {
      await actor.audit(this.db, {
        action: 'person.read',
        resourceType: 'person',
        resourceId: id,
        personId: null,
        outcome: 'denied',
        reason: reason ?? null,
      });
      throw error;
    }
    await actor.audit(this.db, {
      action: 'person.read',
      resourceType: 'person',
      resourceId: row.id,
      personId: row.id,
      reason: reason ?? null,
    });
    await recordDisclosure(this.db, actor, row.id, 'person record');
    return personView(row);
  }

  async history(actor: Actor, id: string, reason: string | undefined) {
    const row = await readablePerson(this.db, actor, id, reason);
    await actor.audit(this.db, {
      action: 'person.history.read',
      resourceType: 'person',
      resourceId: row.id,
      personId: row.id,
      reason: reason ?? null,
    });
    return { items: await historyOf(this.db, row.id) };
  }

  /**
   * Corrections: the new version is appended to the history with who made it and why; when
   * anything changed, those who received the record are told (`person.rectified`).
   */
  async correct(actor: Actor, id: string, expected: number, changes: PersonChangesBody): Promise<PersonBody> {
    const { reason, ...fields } = changes;
    return this.db.transaction(async (tx) => {
      const current = await personRepository.lock(tx, id);
      if (!current || (current.restricted && !canSeeRestricted(actor.principal))) throw notFound('person');
      if (current.version !== expected) throw staleVersion();
      const now = actor.now();
      const merged = { ...snapshot(current), ...fields } as Record<RecordField, unknown>;
      const checked = checkPersonFields(merged, dateInEngland(now));
      const changed = recordFields.filter(
        (f) => f in fields && JSON.stringify(checked[f]) !== JSON.stringify(current[f]),
      );
      const patch = Object.fromEntries(changed.map((f) => [f, checked[f]]));
      const consentChanged = changed.includes('consentToShare') || changed.includes('consentScope');
      const row = await personRepository.updateAtVersion(tx, id, expected, {
        ...patch,
        ...(consentChanged ? { consentRecordedAt: now } : {}),
        version: current.version + 1,
        updatedAt: now,
      });
      if (!row) throw staleVersion();
      const who = actorOf(actor.principal);
      await personRepository.insertVersion(tx, {
        personId: id,
        version: row.version,
        data: snapshot(row),
        changedFields: changed,
        changedByType: who.actorType,
        changedById: who.actorId,
        reason: reason ?? null,
        changedAt: now,
      });
      await actor.audit(tx, {
        action: 'person.update',
        resourceType: 'person',
        resourceId: id,
        personId: id,
        reason: reason ?? null,
      });
      if (changed.length) {
        // Those who received the record hear that it changed (and read it again, audited).
        await recordEvent(tx, {
          type: 'person.rectified',
          subjectType: 'person',
          subjectId: id,
          data: { version: row.version },
        });
        // Partners that received the person's details are told too, each about its own.
        await notifyPartnersOfRectification(tx, id, row.version);
      }
      return personView(row);
    });
  }
}
