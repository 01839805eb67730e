import type { DbOrTx } from '@threefold/db';
import { AppProblem, invalidField } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { auditRepository, type AuditFilters, type AuditKey } from './repository.js';
import type { AuditPageBody, AuditQueryParams } from './schemas.js';

const INSTANT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** What auditors read of the audit trail. */
export class AuditTrailService {
  private readonly events;

  constructor(private readonly db: DbOrTx) {
    this.events = auditRepository(db);
  }

  /** An auditor's search of the trail, itself audited (`audit.search`) as it runs. */
  async search(actor: Actor, query: AuditQueryParams): Promise<AuditPageBody> {
    // The query is checked before anything runs, so a refused search is not recorded as made.
    const { filters, limit, after } = this.parseSearch(query);
    const [page] = await Promise.all([
      this.page(filters, limit, after),
      actor.audit(this.db, { action: 'audit.search', resourceType: 'audit_event', personId: filters.personId ?? null }),
    ]);
    return page;
  }

  /** Checks the query before anything runs, so a refused search is not recorded as made. */
  parseSearch(query: AuditQueryParams): { filters: AuditFilters; limit: number; after: AuditKey | undefined } {
    const filters: AuditFilters = {
      ...(query.personId ? { personId: query.personId.toLowerCase() } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
    };
    if (filters.from && filters.to && filters.from >= filters.to) {
      throw invalidField('to', 'must be later than from', 'query');
    }
    const after = decodeCursor<AuditKey>(query.cursor, 2);
    if (after && (typeof after[0] !== 'string' || !INSTANT_KEY.test(after[0]) || !Number.isSafeInteger(after[1]))) {
      // Well-formed, but not a key this API issued.
      throw new AppProblem(400, 'invalid_cursor', 'Invalid cursor', 'The cursor is not one this API issued.', [
        { in: 'query', field: 'cursor', pointer: '/cursor', message: 'is not a valid cursor' },
      ]);
    }
    return { filters, limit: query.limit ?? 50, after };
  }

  private async page(filters: AuditFilters, limit: number, after?: AuditKey): Promise<AuditPageBody> {
    const rows = await this.events.list(filters, limit + 1, after);
    return pageOf(rows, limit, (row) => [row.occurredAt, row.seq]);
  }
}
