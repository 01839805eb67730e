import type { DbOrTx } from '@threefold/db';
import { sql } from 'drizzle-orm';

/**
 * The people a colleague opened most recently, from the audit of their reads (`person.read`). Looks
 * only at their latest few hundred person reads through the partial index of those reads
 * (`audit_events_person_reads_idx`), so its cost grows neither with the trail nor with the other
 * reads they make. Audit owns the table; this only reads it.
 */
export const recentReadsRepository = {
  async peopleReadBy(db: DbOrTx, actorId: string, limit: number, window = 300) {
    const { rows } = await db.execute<{ person_id: string; viewed_at: Date }>(sql`
      select person_id, max(occurred_at) as viewed_at
        from (select a.person_id, a.occurred_at, a.seq
                from audit_events a
               where a.actor_id = ${actorId} and a.action = 'person.read' and a.person_id is not null
               order by a.occurred_at desc
               limit ${window}) recent
       group by person_id
       -- Two reads can share a millisecond: the later-written one (higher seq) counts as more recent.
       order by viewed_at desc, max(seq) desc
       limit ${limit}`);
    return rows;
  },
};
