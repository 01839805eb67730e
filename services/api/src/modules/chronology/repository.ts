import { people, staffUsers, type DbOrTx } from '@threefold/db';
import { eq, sql } from 'drizzle-orm';
import {
  branchSql,
  type ChronologyBranch,
  type ChronologyKind,
  type ChronologyReader,
  type ChronologyWindow,
} from '../../platform/chronology.js';
import { capacityChronology } from '../capacity/chronology.repository.js';
import { budgetChronology } from '../budgets/chronology.repository.js';
import { careServiceChronology } from '../care/chronology.repository.js';
import { connectionChronology } from '../connections/chronology.repository.js';
import { contactChronology } from '../contacts/chronology.repository.js';
import { conversationChronology } from '../conversations/chronology.repository.js';
import { eligibilityChronology } from '../eligibility/chronology.repository.js';
import { noteChronology } from '../notes/chronology.repository.js';
import { safeguardingChronology } from '../safeguarding/chronology.repository.js';
import { warningChronology } from '../warnings/chronology.repository.js';

/** Every kind of event a chronology shows, each described by the module that owns it. */
const branches: readonly ChronologyBranch[] = [
  ...contactChronology,
  ...conversationChronology,
  ...noteChronology,
  ...eligibilityChronology,
  ...budgetChronology,
  ...connectionChronology,
  ...safeguardingChronology,
  ...warningChronology,
  ...capacityChronology,
  ...careServiceChronology,
];

export interface ChronologyRow {
  at: Date;
  /** `at` as Postgres prints it, to the microsecond: the cursor's key. */
  atKey: string;
  kind: ChronologyKind;
  id: string;
  byId: string | null;
  byName: string | null;
  linkType: string;
  linkId: string;
  summary: string | null;
  detail: string | null;
}

export const chronologyRepository = {
  async personOf(
    tx: DbOrTx,
    personId: string,
  ): Promise<{ id: string; restricted: boolean; name: string; dateOfBirth: string | null } | undefined> {
    const [row] = await tx
      .select({
        id: people.id,
        restricted: people.restricted,
        name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
        dateOfBirth: people.dateOfBirth,
      })
      .from(people)
      .where(eq(people.id, personId));
    return row;
  },

  /**
   * One page of a person's chronology, newest first in (at, kind, id) order: each kind's newest
   * `limit` rows after the cursor, unioned, then the newest `limit` of those.
   */
  async page(
    tx: DbOrTx,
    window: ChronologyWindow,
    reader: ChronologyReader,
    kinds: ReadonlySet<ChronologyKind> | undefined,
  ): Promise<ChronologyRow[]> {
    const chosen = branches.filter((b) => reader.permissions.has(b.permission) && (!kinds || kinds.has(b.kind)));
    if (chosen.length === 0) return [];
    const union = sql.join(
      chosen.map((b) => branchSql(b, window, reader)),
      sql` union all `,
    );
    const prepares = [...new Set(chosen.flatMap((b) => (b.prepare ? [b.prepare] : [])))];
    const run = (db: DbOrTx) =>
      db.execute<{
        at: Date;
        at_key: string;
        kind: ChronologyKind;
        id: string;
        by_id: string | null;
        by_name: string | null;
        link_type: string;
        link_id: string;
        summary: string | null;
        detail: string | null;
      }>(sql`select t.at, t.at::text as at_key, t.kind, t.id, t.by_id, s.display_name as by_name, t.link_type,
        t.link_id, left(t.summary, 400) as summary, t.detail
      from (${union}) t
      left join ${staffUsers} s on s.id = t.by_id
      order by t.at desc, t.kind collate "C" desc, t.id desc
      limit ${window.limit}`);
    const result = prepares.length
      ? await tx.transaction(async (inner) => {
          for (const prepare of prepares) await prepare(inner);
          return run(inner);
        })
      : await run(tx);
    return result.rows.map((r) => ({
      at: r.at instanceof Date ? r.at : new Date(r.at),
      atKey: r.at_key,
      kind: r.kind,
      id: r.id,
      byId: r.by_id,
      byName: r.by_name,
      linkType: r.link_type,
      linkId: r.link_id,
      summary: r.summary,
      detail: r.detail,
    }));
  },
};
