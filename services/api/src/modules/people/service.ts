import {
  auditEvents,
  contacts,
  disclosures,
  people,
  personMerges,
  personVersions,
  relationships,
  safeguardingConcerns,
  type Database,
  type Tx,
} from '@threefold/db';
import {
  dateInEngland,
  givenNameVariants,
  inverseRelationship,
  isCaringRelationship,
  isValidPostcodeShape,
  normaliseNhsNumber,
  normalisePostcode,
  type RelationshipType,
} from '@threefold/domain';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { actorOf, type Principal } from '../../auth/principal.js';
import { AppProblem, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import { notifyPartnersOfRectification } from '../connections/service.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import type { Actor } from '../../platform/actor.js';
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
import type { NewPersonBody, PersonBody, PersonChangesBody } from './schemas.js';

export { checkPersonFields, personView } from './person-record.js';

export interface SearchInput {
  q?: string | undefined;
  nhsNumber?: string | undefined;
  dateOfBirth?: string | undefined;
  postcode?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Reads a free-text search box: an NHS number, a date of birth, a postcode, and the rest is a name. */
export function parseSearch(q: string): { name: string; nhsNumber?: string; dateOfBirth?: string; postcode?: string } {
  let rest = ` ${q.trim()} `;
  const out: { name: string; nhsNumber?: string; dateOfBirth?: string; postcode?: string } = { name: '' };
  const nhs = /\s(\d{3}[\s-]?\d{3}[\s-]?\d{4})\s/.exec(rest);
  if (nhs) {
    out.nhsNumber = nhs[1]!.replace(/\D/g, '');
    rest = rest.replace(nhs[1]!, ' ');
  }
  const iso = /\s(\d{4}-\d{2}-\d{2})\s/.exec(rest);
  const uk = /\s(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s/.exec(rest);
  if (iso) {
    out.dateOfBirth = iso[1]!;
    rest = rest.replace(iso[1]!, ' ');
  } else if (uk) {
    out.dateOfBirth = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
    rest = rest.replace(uk[0]!.trim(), ' ');
  }
  const pc = /\s([A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2})\s/.exec(rest);
  if (pc && isValidPostcodeShape(pc[1]!)) {
    out.postcode = normalisePostcode(pc[1]!);
    rest = rest.replace(pc[1]!, ' ');
  }
  out.name = rest.replace(/\s+/g, ' ').trim();
  return out;
}

export class PeopleService {
  constructor(private readonly db: Database) {}

  private today(): string {
    return dateInEngland(new Date());
  }

  /** Records a person on their own (`POST /v1/people`): refused when they are likely already recorded. */
  async create(actor: Actor, input: NewPersonBody): Promise<PersonBody> {
    const { confirmNotDuplicate, ...fields } = input;
    const checked = checkPersonFields(fields, dateInEngland(actor.now()));
    return this.db.transaction(async (tx) => {
      await refuseLikelyDuplicates(tx, checked, { confirmedNotDuplicate: confirmNotDuplicate ?? false });
      return recordPerson(tx, actor, checked, { source: 'direct' });
    });
  }

  /** A person by id. Restricted records need the permission and a reason; others never learn they exist. */
  async get(id: string, principal: Principal, reason: string | undefined): Promise<PersonRow> {
    const [row] = await this.db.select().from(people).where(eq(people.id, id));
    if (!row) throw notFound('person');
    if (row.restricted) {
      if (!canSeeRestricted(principal)) throw notFound('person');
      if (!reason?.trim()) {
        throw new AppProblem(
          403,
          'reason_required',
          'Reason required',
          'This record is restricted: say why you are opening it (X-Access-Reason).',
        );
      }
    }
    return row;
  }

  async search(input: SearchInput, principal: Principal) {
    const parsed = input.q ? parseSearch(input.q) : { name: '' };
    const nhsNumber = input.nhsNumber ? normaliseNhsNumber(input.nhsNumber) : parsed.nhsNumber;
    const dateOfBirth = input.dateOfBirth ?? parsed.dateOfBirth;
    const postcode = input.postcode ? normalisePostcode(input.postcode) : parsed.postcode;
    const name = parsed.name.toLowerCase();
    const restrictedFilter = canSeeRestricted(principal) ? sql`true` : sql`not p.restricted`;
    const after = decodeCursor<[number, string]>(input.cursor, 2);

    let rows;
    if (nhsNumber) {
      rows = await this.db.execute(sql`
        select p.id, p.given_name, p.family_name, p.preferred_name, p.date_of_birth::text, p.nhs_number, p.postcode, p.restricted, 10::float8 as score
          from people p where p.nhs_number = ${nhsNumber} and p.merged_into_id is null and ${restrictedFilter}
         limit ${input.limit + 1}`);
    } else if (name) {
      const words = name.split(' ');
      const family = words.at(-1)!;
      const given = words.length > 1 ? words[0]! : '';
      const variants = given ? givenNameVariants(given) : [];
      const narrow = sql`p.merged_into_id is null and ${restrictedFilter}
             ${dateOfBirth ? sql`and p.date_of_birth = ${dateOfBirth}::date` : sql``}
             ${postcode ? sql`and p.postcode = ${postcode}` : sql``}`;
      // Candidates come from two indexes: trigram likeness of the whole name (typos), and the
      // family name's double metaphone with a known variant of the given name (spellings,
      // nicknames). A stricter trigram threshold keeps common names from flooding the set.
      const byLikeness = given
        ? sql`select p.id
                from (select name_key from person_name_keys where name_key % ${name}
                       order by similarity(name_key, ${name}) desc limit 20) k
                join people p on lower(p.given_name || ' ' || p.family_name) = k.name_key
               where ${narrow} limit 100`
        : sql`select p.id from people p where lower(p.family_name) % ${family} and ${narrow} limit 100`;
      const bySound = given
        ? sql`select p.id from people p where dmetaphone(p.family_name) = dmetaphone(${family})
                 and (lower(p.given_name) = any(string_to_array(${variants.join(',')}, ','))
                      or dmetaphone(p.given_name) = dmetaphone(${given})
                      or similarity(lower(p.given_name), ${given}) > 0.5)
                 and ${narrow} limit 100`
        : sql`select p.id from people p where dmetaphone(p.family_name) = dmetaphone(${family}) and ${narrow} limit 100`;
      // The `%` threshold (0.45) is set on every connection by the db client.
      rows = await this.db.execute(sql`
          with ids as ((${byLikeness}) union (${bySound})),
          scored as (
            select c.id, c.given_name, c.family_name, c.preferred_name, c.date_of_birth::text, c.nhs_number, c.postcode, c.restricted,
                   (similarity(lower(c.given_name || ' ' || c.family_name), ${name})
                    + similarity(lower(c.family_name), ${family}) * 0.5
                    + case when dmetaphone(c.family_name) = dmetaphone(${family}) then 0.3 else 0 end
                    + case when ${given} <> '' and lower(c.given_name) = any(string_to_array(${variants.join(',')}, ',')) then 0.4
                           when ${given} <> '' and similarity(lower(c.given_name), ${given}) > 0.4 then 0.2 else 0 end
                    + case when ${dateOfBirth ?? null}::date is not null then 1 else 0 end)::float8 as score
              from people c join ids on ids.id = c.id
          )
          select * from scored
           ${after ? sql`where (score, id) < (${after[0]}::float8, ${after[1]}::uuid)` : sql``}
           order by score desc, id desc
           limit ${input.limit + 1}`);
    } else if (dateOfBirth || postcode) {
      rows = await this.db.execute(sql`
        select p.id, p.given_name, p.family_name, p.preferred_name, p.date_of_birth::text, p.nhs_number, p.postcode, p.restricted, 1::float8 as score
          from people p
         where p.merged_into_id is null and ${restrictedFilter}
           ${dateOfBirth ? sql`and p.date_of_birth = ${dateOfBirth}::date` : sql``}
           ${postcode ? sql`and p.postcode = ${postcode}` : sql``}
           ${after ? sql`and p.id < ${after[1]}::uuid` : sql``}
         order by p.id desc
         limit ${input.limit + 1}`);
    } else {
      throw new AppProblem(400, 'validation_failed', 'Invalid request', 'Say who you are looking for.', [
        { in: 'query', field: 'q', pointer: '/q', message: 'give a name, NHS number, date of birth or postcode' },
      ]);
    }
    type Hit = {
      id: string;
      given_name: string;
      family_name: string;
      preferred_name: string | null;
      date_of_birth: string | null;
      nhs_number: string | null;
      postcode: string | null;
      restricted: boolean;
      score: number;
    };
    const hits = rows.rows as Hit[];
    const items = hits.slice(0, input.limit).map((h) => ({
      id: h.id,
      givenName: h.given_name,
      familyName: h.family_name,
      preferredName: h.preferred_name,
      dateOfBirth: h.date_of_birth,
      nhsNumber: h.nhs_number,
      postcode: h.postcode,
      restricted: h.restricted,
      score: Math.min(10, Math.round(Number(h.score) * 1000) / 1000),
    }));
    const last = hits[input.limit - 1];
    return {
      items,
      nextCursor: hits.length > input.limit && last ? encodeCursor([Number(last.score), last.id]) : null,
    };
  }

  /** Corrections: the new version is appended to the history with who made it and why. */
  async update(
    id: string,
    expected: number,
    changes: PersonChangesBody,
    principal: Principal,
    auditInTx: (
      tx: Tx,
      e: { action: string; resourceType: string; resourceId: string; personId: string; reason?: string | null },
    ) => Promise<void>,
  ) {
    const { reason, ...fields } = changes;
    return this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(people).where(eq(people.id, id)).for('update');
      if (!current || (current.restricted && !canSeeRestricted(principal))) throw notFound('person');
      if (current.version !== expected) throw staleVersion();
      const merged = { ...snapshot(current), ...fields } as Record<RecordField, unknown>;
      const checked = checkPersonFields(merged, this.today());
      const changed = recordFields.filter(
        (f) => f in fields && JSON.stringify(checked[f]) !== JSON.stringify(current[f]),
      );
      const patch = Object.fromEntries(changed.map((f) => [f, checked[f]]));
      const [row] = await tx
        .update(people)
        .set({
          ...patch,
          ...(changed.includes('consentToShare') || changed.includes('consentScope')
            ? { consentRecordedAt: new Date() }
            : {}),
          version: current.version + 1,
          updatedAt: new Date(),
        })
        .where(and(eq(people.id, id), eq(people.version, expected)))
        .returning();
      if (!row) throw staleVersion();
      const actor = actorOf(principal);
      await tx.insert(personVersions).values({
        personId: id,
        version: row.version,
        data: snapshot(row),
        changedFields: changed,
        changedByType: actor.actorType,
        changedById: actor.actorId,
        reason: reason ?? null,
      });
      await auditInTx(tx, {
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

  async history(id: string) {
    const rows = await this.db
      .select()
      .from(personVersions)
      .where(eq(personVersions.personId, id))
      .orderBy(asc(personVersions.version));
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

  async relationshipsOf(id: string) {
    const rows = await this.db
      .select({ r: relationships, given: people.givenName, family: people.familyName })
      .from(relationships)
      .innerJoin(people, eq(people.id, relationships.relatedPersonId))
      .where(and(eq(relationships.personId, id), isNull(relationships.endedAt)))
      .orderBy(asc(relationships.createdAt));
    return rows.map(({ r, given, family }) => ({
      id: r.id,
      pairId: r.pairId,
      personId: r.personId,
      relatedPersonId: r.relatedPersonId,
      relatedPersonName: `${given} ${family}`,
      type: r.type as RelationshipType,
      isMainCarer: r.isMainCarer,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /** Adds both sides of a relationship in one transaction. */
  async relate(
    id: string,
    relatedPersonId: string,
    type: RelationshipType,
    isMainCarer: boolean,
    principal: Principal,
  ) {
    if (id === relatedPersonId) {
      throw new AppProblem(400, 'validation_failed', 'Invalid request', 'A person cannot be related to themselves.', [
        { in: 'body', field: 'relatedPersonId', pointer: '/relatedPersonId', message: 'is this same person' },
      ]);
    }
    if (isMainCarer && !isCaringRelationship(type)) {
      throw new AppProblem(
        400,
        'validation_failed',
        'Invalid request',
        'Only a caring relationship has a main carer.',
        [
          {
            in: 'body',
            field: 'isMainCarer',
            pointer: '/isMainCarer',
            message: 'applies to unpaid_carer_of / cared_for_by only',
          },
        ],
      );
    }
    const found = await this.db
      .select({ id: people.id, restricted: people.restricted })
      .from(people)
      .where(inArray(people.id, [id, relatedPersonId]));
    if (found.length !== 2 || (found.some((p) => p.restricted) && !canSeeRestricted(principal)))
      throw notFound('person');
    const pairId = crypto.randomUUID();
    await this.db.insert(relationships).values([
      { pairId, personId: id, relatedPersonId, type, isMainCarer },
      { pairId, personId: relatedPersonId, relatedPersonId: id, type: inverseRelationship(type), isMainCarer },
    ]);
    return (await this.relationshipsOf(id)).find((r) => r.pairId === pairId)!;
  }

  /** Folds a duplicate into the survivor: its records point at the survivor, and what moved is kept for undo. */
  async merge(survivorId: string, duplicateId: string, principal: Principal) {
    if (survivorId === duplicateId) {
      throw new AppProblem(400, 'validation_failed', 'Invalid request', 'A record cannot be merged into itself.', [
        { in: 'body', field: 'duplicateId', pointer: '/duplicateId', message: 'is the same record' },
      ]);
    }
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(people)
        .where(inArray(people.id, [survivorId, duplicateId]))
        .for('update');
      const survivor = rows.find((r) => r.id === survivorId);
      const duplicate = rows.find((r) => r.id === duplicateId);
      if (!survivor || !duplicate) throw notFound('person');
      if (survivor.mergedIntoId || duplicate.mergedIntoId) {
        throw new AppProblem(409, 'already_merged', 'Already merged', 'One of these records has already been merged.');
      }
      const movedContacts = await tx
        .update(contacts)
        .set({ personId: survivorId })
        .where(eq(contacts.personId, duplicateId))
        .returning({ id: contacts.id });
      const movedConcerns = await tx
        .update(safeguardingConcerns)
        .set({ personId: survivorId })
        .where(eq(safeguardingConcerns.personId, duplicateId))
        .returning({ id: safeguardingConcerns.id });
      const movedRelationships = await tx
        .update(relationships)
        .set({ personId: survivorId })
        .where(eq(relationships.personId, duplicateId))
        .returning({ id: relationships.id });
      const movedInverse = await tx
        .update(relationships)
        .set({ relatedPersonId: survivorId })
        .where(eq(relationships.relatedPersonId, duplicateId))
        .returning({ id: relationships.id });
      await tx
        .update(people)
        .set({ mergedIntoId: survivorId, updatedAt: new Date(), version: duplicate.version + 1 })
        .where(eq(people.id, duplicateId));
      const actor = actorOf(principal);
      const [merge] = await tx
        .insert(personMerges)
        .values({
          survivorId,
          mergedId: duplicateId,
          moved: {
            contacts: movedContacts.map((r) => r.id),
            safeguardingConcerns: movedConcerns.map((r) => r.id),
            relationships: movedRelationships.map((r) => r.id),
            relationshipsInverse: movedInverse.map((r) => r.id),
          },
          mergedByType: actor.actorType,
          mergedById: actor.actorId,
        })
        .returning();
      return mergeView(merge!);
    });
  }

  /** Puts every moved record back on the duplicate and revives it. */
  async undoMerge(mergeId: string, principal: Principal) {
    return this.db.transaction(async (tx) => {
      const [merge] = await tx.select().from(personMerges).where(eq(personMerges.id, mergeId)).for('update');
      if (!merge) throw notFound('merge');
      if (merge.undoneAt)
        throw new AppProblem(409, 'already_undone', 'Already undone', 'This merge has already been undone.');
      const ids = (k: string) => merge.moved[k] ?? [];
      if (ids('contacts').length)
        await tx
          .update(contacts)
          .set({ personId: merge.mergedId })
          .where(inArray(contacts.id, ids('contacts')));
      if (ids('safeguardingConcerns').length) {
        await tx
          .update(safeguardingConcerns)
          .set({ personId: merge.mergedId })
          .where(inArray(safeguardingConcerns.id, ids('safeguardingConcerns')));
      }
      if (ids('relationships').length)
        await tx
          .update(relationships)
          .set({ personId: merge.mergedId })
          .where(inArray(relationships.id, ids('relationships')));
      if (ids('relationshipsInverse').length) {
        await tx
          .update(relationships)
          .set({ relatedPersonId: merge.mergedId })
          .where(inArray(relationships.id, ids('relationshipsInverse')));
      }
      await tx
        .update(people)
        .set({ mergedIntoId: null, updatedAt: new Date(), version: sql`${people.version} + 1` })
        .where(eq(people.id, merge.mergedId));
      const [undone] = await tx
        .update(personMerges)
        .set({ undoneAt: new Date(), undoneById: actorOf(principal).actorId })
        .where(eq(personMerges.id, mergeId))
        .returning();
      return mergeView(undone!);
    });
  }

  /** Everything held about the person, who it was shared with and who looked (UK GDPR Art. 15). */
  async subjectAccess(id: string) {
    const [row] = await this.db.select().from(people).where(eq(people.id, id));
    if (!row) throw notFound('person');
    const [history, rels, contactRows, concernRows, merges, shared, access] = await Promise.all([
      this.history(id),
      this.relationshipsOf(id),
      this.db.select().from(contacts).where(eq(contacts.personId, id)).orderBy(desc(contacts.occurredAt)),
      this.db.select().from(safeguardingConcerns).where(eq(safeguardingConcerns.personId, id)),
      this.db
        .select()
        .from(personMerges)
        .where(sql`${personMerges.survivorId} = ${id} or ${personMerges.mergedId} = ${id}`),
      this.db.select().from(disclosures).where(eq(disclosures.personId, id)).orderBy(asc(disclosures.disclosedAt)),
      this.db.select().from(auditEvents).where(eq(auditEvents.personId, id)).orderBy(asc(auditEvents.seq)),
    ]);
    const plain = (r: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
    return {
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
      exportedAt: new Date().toISOString(),
    };
  }

  /** Records that a machine client received these people's details, for their subject access exports. */
  async recordDisclosure(personIds: string | string[], principal: Principal, what: string) {
    const ids = [personIds].flat();
    if (principal.kind !== 'client' || ids.length === 0) return;
    await this.db.insert(disclosures).values(
      ids.map((personId) => ({
        personId,
        recipientType: principal.clientKind,
        recipientId: principal.clientId,
        recipientName: principal.clientKind === 'partner' ? `partner ${principal.organisationId}` : 'council',
        what,
      })),
    );
  }
}

export function mergeView(m: typeof personMerges.$inferSelect) {
  return {
    id: m.id,
    survivorId: m.survivorId,
    mergedId: m.mergedId,
    moved: m.moved,
    mergedAt: m.mergedAt.toISOString(),
    undoneAt: m.undoneAt?.toISOString() ?? null,
  };
}
