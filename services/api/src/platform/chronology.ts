import type { Permission } from '@threefold/domain';
import type { DbOrTx } from '@threefold/db';
import { sql, type SQL } from 'drizzle-orm';

/**
 * A person's chronology is read from many modules in one query: each module that owns a kind of
 * event describes it as a branch (its table, its time, who, what it links to) in its own
 * `chronology.repository.ts`, and the chronology module unions the branches. Every branch is one
 * index-backed, keyset-limited scan of the person's rows, so a page costs the same on page 40 as
 * on page 1.
 */
export const chronologyKinds = [
  'contact',
  'story',
  'conversation_started',
  'conversation_concluded',
  'note',
  'peer_step',
  'eligibility',
  'budget_started',
  'budget_signed_off',
  'review_completed',
  'connection',
  'safeguarding_concern',
  'safeguarding_decision',
  'safeguarding_enquiry_opened',
  'safeguarding_enquiry_concluded',
  'warning_added',
  'warning_ended',
  'capacity_assessment',
  'best_interests_decision',
  'care_service_started',
  'care_service_ended',
] as const;
export type ChronologyKind = (typeof chronologyKinds)[number];

export const chronologyLinkTypes = [
  'contact',
  'story',
  'conversation',
  'note',
  'determination',
  'budget',
  'review',
  'connection',
  'concern',
  'enquiry',
  'warning',
  'capacity_assessment',
  'best_interests_decision',
  'care_service',
] as const;
export type ChronologyLinkType = (typeof chronologyLinkTypes)[number];

/** Which page of whose chronology: rows strictly after `before` in (at desc, kind desc, id desc) order. */
export interface ChronologyWindow {
  personId: string;
  /** The last row of the previous page: its time at full precision (timestamptz text), kind and id. */
  before?: { at: string; kind: string; id: string } | undefined;
  /** Dates in England, both inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Rows each branch may return: the page size plus one. */
  limit: number;
}

/** Who is reading, for the branches whose rows are not everyone's (safeguarding). */
export interface ChronologyReader {
  userId: string | null;
  permissions: ReadonlySet<Permission>;
}

/** A column or expression; drizzle renders a column as "table"."column". */
type Expr = SQL | SQL.Aliased | unknown;

export interface ChronologyBranch {
  kind: ChronologyKind;
  /** What the reader must hold to see this kind at all. */
  permission: Permission;
  at: Expr;
  id: Expr;
  byId: Expr;
  link: { type: ChronologyLinkType; id: Expr };
  summary: Expr;
  /** A short word the title is made from (a story event's kind, a decision's result). */
  detail: Expr;
  /** The FROM clause, with any joins. */
  from: SQL;
  /**
   * Run in the reading transaction before the query, for a table under row-level security
   * (connections: the practice's scope).
   */
  prepare?: (tx: DbOrTx) => Promise<void>;
  /** The person's rows (index-backed), and anything else this kind needs. */
  where: (personId: string, reader: ChronologyReader) => SQL[];
}

/** The keyset condition for one branch, whose kind is fixed: as index-friendly as the kind allows. */
function afterCursor(b: ChronologyBranch, before: NonNullable<ChronologyWindow['before']>): SQL {
  const at = sql`${before.at}::timestamptz`;
  if (b.kind < before.kind) return sql`${b.at} <= ${at}`;
  if (b.kind > before.kind) return sql`${b.at} < ${at}`;
  return sql`(${b.at} < ${at} or (${b.at} = ${at} and ${b.id} < ${before.id}::uuid))`;
}

/** One branch as a sub-select: the person's newest `limit` rows of this kind in the window. */
export function branchSql(b: ChronologyBranch, w: ChronologyWindow, reader: ChronologyReader): SQL {
  const conditions: SQL[] = [...b.where(w.personId, reader)];
  if (w.from) conditions.push(sql`${b.at} >= (${w.from}::date::timestamp at time zone 'Europe/London')`);
  if (w.to) conditions.push(sql`${b.at} < ((${w.to}::date + 1)::timestamp at time zone 'Europe/London')`);
  if (w.before) conditions.push(afterCursor(b, w.before));
  return sql`(select ${b.at} as at, ${b.kind}::text as kind, ${b.id} as id, ${b.byId}::uuid as by_id,
      ${b.link.type}::text as link_type, ${b.link.id} as link_id, ${b.summary}::text as summary, ${b.detail}::text as detail
    from ${b.from}
    where ${sql.join(conditions, sql` and `)}
    order by ${b.at} desc, ${b.id} desc
    limit ${w.limit})`;
}
