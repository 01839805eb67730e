import type { Readable } from 'node:stream';
import type { Database, DbClient } from '@threefold/db';
import { daysBetween } from '@threefold/domain';
import { stringify } from 'csv-stringify/sync';
import type { Config } from '../../config.js';
import { invalidField } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { CLD_MAX_PERIOD_DAYS, clientLevelDataCsv } from './client-level-data.js';
import { dataQualityPage, dataQualitySummary } from './data-quality.js';
import { financialYear, safeguardingAdultsCollection } from './safeguarding-adults.js';

/** The statutory returns for the council, as the routes hand them out. */
export class ReturnsService {
  constructor(
    /** The primary: the audit rows of every return are written here. */
    private readonly db: Database,
    /**
     * Where the returns are read: the replica's pool when one is configured, else the primary's.
     * Its `pool` is for the Client Level Data export alone (COPY … TO STDOUT needs a connection of its own).
     */
    private readonly reads: Pick<DbClient, 'db' | 'pool'>,
    private readonly config: Pick<Config, 'COUNCIL_LA_CODE'>,
  ) {}

  /** The Client Level Data return for a period, streamed as CSV; audited as a disclosure to the council. */
  async clientLevelData(
    actor: Actor,
    period: { from: string; to: string },
  ): Promise<{ filename: string; csv: Readable }> {
    const { from, to } = period;
    const days = daysBetween(from, to);
    if (days < 0) throw invalidField('to', 'must be on or after `from`', 'query');
    if (days + 1 > CLD_MAX_PERIOD_DAYS)
      throw invalidField('to', `the period may be at most ${CLD_MAX_PERIOD_DAYS} days`, 'query');
    await actor.audit(this.db, {
      action: 'returns.client_level_data',
      resourceType: 'return',
      resourceId: `client-level-data:${from}:${to}`,
      personId: null,
    });
    const laCode = this.config.COUNCIL_LA_CODE;
    return {
      filename: `cld-${laCode}-${from}-${to}.csv`,
      csv: clientLevelDataCsv(this.reads.pool, { laCode, from, to }),
    };
  }

  /** The Safeguarding Adults Collection for the financial year starting in `year`. */
  async safeguardingAdults(year: number) {
    const fy = financialYear(year);
    const rows = await safeguardingAdultsCollection(this.reads.db, year);
    return { laCode: this.config.COUNCIL_LA_CODE, year: fy.label, ...fy, rows };
  }

  /** The same collection as CSV, one row per table and category. */
  async safeguardingAdultsCsv(year: number): Promise<{ filename: string; csv: string }> {
    const { laCode, year: label, rows } = await this.safeguardingAdults(year);
    const csv = stringify(
      rows.map((r) => [laCode, label, r.table, r.measure, r.category, r.subcategory ?? '', r.value]),
      {
        header: true,
        columns: ['LA_CODE', 'YEAR', 'TABLE_REFERENCE', 'ENQUIRY_TYPE', 'CATEGORY', 'SUBCATEGORY', 'VALUE'],
      },
    );
    return { filename: `sac-${laCode}-${label}.csv`, csv };
  }

  /** A page of the people whose records would fail the returns, with counts by field; each person listed is audited. */
  async dataQuality(actor: Actor, query: { limit?: number | undefined; cursor?: string | undefined }) {
    const limit = query.limit ?? 50;
    const after = decodeCursor<[string]>(query.cursor, 1)?.[0] ?? null;
    if (after !== null && !/^[0-9a-f-]{36}$/.test(after))
      throw invalidField('cursor', 'is not a valid cursor', 'query');
    const [rows, summary] = await Promise.all([
      dataQualityPage(this.reads.db, after, limit),
      dataQualitySummary(this.reads.db),
    ]);
    const items = rows.slice(0, limit);
    await Promise.all(
      items.map((item) =>
        actor.audit(this.db, {
          action: 'returns.data_quality.read',
          resourceType: 'person',
          resourceId: item.personId,
          personId: item.personId,
        }),
      ),
    );
    return {
      ...summary,
      items,
      nextCursor: rows.length > limit ? encodeCursor([items.at(-1)!.personId]) : null,
    };
  }
}
