import type { DbOrTx } from '@threefold/db';
import { sql } from 'drizzle-orm';

/** Read-only views of safeguarding clocks, for home and the tasks clock. Safeguarding owns the rows. */
export type AwaitingConcernRow = {
  concern_id: string;
  person_id: string | null;
  team_id: string | null;
  raised_at: Date;
};

export type InvolvedEnquiryRow = {
  enquiry_id: string;
  concern_id: string;
  person_id: string | null;
  kind: string;
  opened_at: Date;
  role: string;
};

export const safeguardingClocksRepository = {
  /** Concerns still awaiting the section 42 decision, a batch at a time after `afterId`. */
  async awaitingDecision(db: DbOrTx, afterId: string | null, batch: number) {
    const { rows } = await db.execute<AwaitingConcernRow>(sql`
      select c.id as concern_id, c.person_id, c.team_id, c.raised_at
        from safeguarding_concerns c
       where c.status = 'awaiting_decision' and (${afterId}::uuid is null or c.id > ${afterId}::uuid)
       order by c.id
       limit ${batch}`);
    return rows;
  },

  /** The oldest concerns awaiting a decision (the lead's queue) and how many in all. */
  async oldestAwaiting(db: DbOrTx, limit: number) {
    const { rows } = await db.execute<AwaitingConcernRow & { total: number }>(sql`
      select c.id as concern_id, c.person_id, c.team_id, c.raised_at, count(*) over ()::int as total
        from safeguarding_concerns c
       where c.status = 'awaiting_decision'
       order by c.raised_at, c.id
       limit ${limit}`);
    return { rows, total: rows[0]?.total ?? 0 };
  },

  /** Open enquiries a colleague leads or is involved in, oldest first, and how many in all. */
  async enquiriesOf(db: DbOrTx, userId: string, limit: number) {
    const { rows } = await db.execute<InvolvedEnquiryRow & { total: number }>(sql`
      select e.id as enquiry_id, e.concern_id, e.person_id, e.kind, e.opened_at,
             case when e.lead_staff_id = ${userId} then 'lead' else 'involved' end as role,
             count(*) over ()::int as total
        from safeguarding_enquiries e
       where e.status = 'open'
         and (e.lead_staff_id = ${userId}
              or exists (select 1 from safeguarding_involvements i where i.enquiry_id = e.id and i.user_id = ${userId}))
       order by e.opened_at, e.id
       limit ${limit}`);
    return { rows, total: rows[0]?.total ?? 0 };
  },
};

/** Of these concerns, the ones decided (no longer awaiting the decision): their clock tasks are finished. */
export async function concernsDecided(db: DbOrTx, concernIds: string[]): Promise<Set<string>> {
  if (concernIds.length === 0) return new Set();
  const { rows } = await db.execute<{ id: string }>(sql`
    select c.id from safeguarding_concerns c
     where c.id = any(${`{${concernIds.join(',')}}`}::uuid[]) and c.status <> 'awaiting_decision'`);
  return new Set(rows.map((r) => r.id));
}
