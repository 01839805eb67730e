import type { Database } from '@threefold/db';
import { AppProblem, assertMayOpen, notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { chronologyKinds, type ChronologyKind, type ChronologyWindow } from '../../platform/chronology.js';
import { encodeCursor } from '../../platform/pagination.js';
import { chronologyRepository as repo, type ChronologyRow } from './repository.js';
import type { ChronologyEntryBody } from './schemas.js';
import { describe } from './titles.js';

const invalidCursor = () =>
  new AppProblem(400, 'invalid_cursor', 'Invalid cursor', 'The cursor is not one this API issued.', [
    { in: 'query', field: 'cursor', pointer: '/cursor', message: 'is not a valid cursor' },
  ]);

const AT_KEY = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor is the last row's (at, kind, id); anything else is refused before it reaches SQL. */
function decodeChronologyCursor(cursor: string | undefined): ChronologyWindow['before'] {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    typeof value[0] !== 'string' ||
    !AT_KEY.test(value[0]) ||
    !(chronologyKinds as readonly unknown[]).includes(value[1]) ||
    typeof value[2] !== 'string' ||
    !UUID.test(value[2])
  ) {
    throw invalidCursor();
  }
  return { at: value[0], kind: value[1] as string, id: value[2] };
}

export interface ChronologyFilter {
  kinds?: ChronologyKind[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function entryOf(row: ChronologyRow): ChronologyEntryBody {
  const { title, summary } = describe(row.kind, row.detail, row.summary);
  return {
    at: row.at.toISOString(),
    kind: row.kind,
    id: row.id,
    title,
    summary: summary.length > 400 ? `${summary.slice(0, 399)}…` : summary,
    by: row.byId && row.byName ? { id: row.byId, name: row.byName } : null,
    link: { type: row.linkType as ChronologyEntryBody['link']['type'], id: row.linkId },
  };
}

/**
 * A person's chronology: everything that happened with them, newest first, from every module
 * that records it, showing each reader only what they may see (kinds their role reads;
 * safeguarding only in full; drafts never). Reading it is audited against the person.
 */
export class ChronologyService {
  constructor(private readonly db: Database) {}

  private async person(actor: Actor, personId: string, reason: string | undefined) {
    const person = await repo.personOf(this.db, personId);
    assertMayOpen(person, actor.principal, reason, () => notFound('person'));
    return person!;
  }

  private checkDates(filter: ChronologyFilter) {
    if (filter.from && filter.to && filter.from > filter.to) {
      throw new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', [
        { in: 'query', field: 'to', pointer: '/to', message: 'is before `from`' },
      ]);
    }
  }

  private rows(
    actor: Actor,
    personId: string,
    filter: ChronologyFilter,
    before: ChronologyWindow['before'],
    limit: number,
  ) {
    const { principal } = actor;
    return repo.page(
      this.db,
      { personId, before, from: filter.from, to: filter.to, limit },
      { userId: principal.kind === 'user' ? principal.userId : null, permissions: principal.permissions },
      filter.kinds ? new Set(filter.kinds) : undefined,
    );
  }

  async page(
    actor: Actor,
    personId: string,
    query: ChronologyFilter & { limit: number; cursor?: string | undefined },
    reason: string | undefined,
  ) {
    this.checkDates(query);
    const before = decodeChronologyCursor(query.cursor);
    await this.person(actor, personId, reason);
    const rows = await this.rows(actor, personId, query, before, query.limit + 1);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    await actor.audit(this.db, {
      action: 'chronology.read',
      resourceType: 'person',
      resourceId: personId,
      personId,
      reason: reason ?? null,
    });
    return {
      items: items.map(entryOf),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.atKey, last.kind, last.id]) : null,
    };
  }

  /** The whole chronology (within the filter) for printing: up to `max` entries, newest first. */
  async forPrint(actor: Actor, personId: string, filter: ChronologyFilter, reason: string | undefined, max = 2000) {
    this.checkDates(filter);
    const person = await this.person(actor, personId, reason);
    const entries: ChronologyEntryBody[] = [];
    let before: ChronologyWindow['before'];
    let truncated = false;
    for (;;) {
      const rows = await this.rows(actor, personId, filter, before, 201);
      const page = rows.slice(0, 200);
      entries.push(...page.map(entryOf));
      const last = page.at(-1);
      if (rows.length <= 200 || !last) break;
      if (entries.length >= max) {
        truncated = true;
        break;
      }
      before = { at: last.atKey, kind: last.kind, id: last.id };
    }
    await actor.audit(this.db, {
      action: 'chronology.print',
      resourceType: 'person',
      resourceId: personId,
      personId,
      reason: reason ?? null,
    });
    return { person, entries, truncated, printedAt: actor.now() };
  }
}
