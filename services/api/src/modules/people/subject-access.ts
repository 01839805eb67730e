import type { Database } from '@threefold/db';
import { notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { mergeView } from './merges.js';
import { personView } from './person-record.js';
import { personRepository } from './repository.js';
import { relationshipsOf } from './relationships.js';
import { historyOf } from './records.js';
import { subjectAccessRepository as repo } from './subject-access.repository.js';

const plain = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

export class SubjectAccess {
  constructor(private readonly db: Database) {}

  /** Everything held about the person, who it was shared with and who looked (UK GDPR Art. 15); the export is audited. */
  async export(actor: Actor, id: string) {
    const db = this.db;
    const row = await personRepository.byId(db, id);
    if (!row) throw notFound('person');
    const [history, rels, contactRows, concernRows, merges, shared, access] = await Promise.all([
      historyOf(db, id),
      relationshipsOf(db, id),
      repo.contactsAbout(db, id),
      repo.concernsAbout(db, id),
      repo.mergesOf(db, id),
      repo.disclosuresOf(db, id),
      repo.accessLogOf(db, id),
    ]);
    const record = {
      person: personView(row),
      history,
      relationships: rels,
      contacts: contactRows.map(plain),
      safeguardingConcerns: concernRows.map(plain),
      merges: merges.map(mergeView),
      sharedWith: shared.map((d) => ({
        recipientType: d.recipientType,
        recipientId: d.recipientId,
        recipientName: d.recipientName,
        what: d.what,
        at: d.disclosedAt.toISOString(),
      })),
      accessLog: access.map((a) => ({
        at: a.occurredAt.toISOString(),
        actorType: a.actorType,
        actorRole: a.actorRole,
        action: a.action,
        outcome: a.outcome,
      })),
      exportedAt: actor.now().toISOString(),
    };
    await actor.audit(db, { action: 'person.export', resourceType: 'person', resourceId: id, personId: id });
    return record;
  }
}
