import type { DbOrTx } from '@threefold/db';
import { sql } from 'drizzle-orm';

/** Read-only views of reviews falling due, for home and the tasks clock. Budgets owns the rows. */
export type DueReviewRow = {
  review_id: string;
  budget_id: string;
  person_id: string;
  person_name: string;
  restricted: boolean;
  team_id: string | null;
  /** The colleague holding the budget's story, if anyone does. */
  held_by_id: string | null;
  story_id: string;
  kind: string;
  due_from: string;
  due_by: string;
};

const columns = sql`r.id as review_id, r.budget_id, r.person_id,
  coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name as person_name, p.restricted,
  r.team_id, s.held_by_id, b.story_id, r.kind, r.due_from::text as due_from, r.due_by::text as due_by`;

export const dueReviewsRepository = {
  /** Open reviews whose window opens on or before `until`, a batch at a time after `afterId`. */
  async openDueBy(db: DbOrTx, until: string, afterId: string | null, batch: number) {
    const { rows } = await db.execute<DueReviewRow>(sql`
      select ${columns}
        from reviews r
        join personal_budgets b on b.id = r.budget_id
        join stories s on s.id = b.story_id
        join people p on p.id = r.person_id
       where r.status = 'open' and r.due_from <= ${until}
         and (${afterId}::uuid is null or r.id > ${afterId}::uuid)
       order by r.id
       limit ${batch}`);
    return rows;
  },

  /**
   * Open reviews of "my people" falling due by `until`: the budget's story is held by me, or the
   * review is my team's. Soonest first, with how many there are in all.
   */
  async forColleague(
    db: DbOrTx,
    who: { userId: string; teamIds: string[]; includeRestricted: boolean },
    until: string,
    limit: number,
  ) {
    const teams = `{${who.teamIds.join(',')}}`;
    // Two indexed reads, not one OR over every open review: the team's open reviews (by team and
    // due day), and the reviews of budgets on stories I hold (by holder, then by person).
    const { rows } = await db.execute<DueReviewRow & { total: number }>(sql`
      with mine as (
        select r.id from reviews r
         where r.status = 'open' and r.team_id = any(${teams}::uuid[]) and r.due_from <= ${until}
        union
        select r.id from stories s
          join personal_budgets b on b.person_id = s.person_id and b.story_id = s.id
          join reviews r on r.budget_id = b.id
         where s.held_by_id = ${who.userId} and s.status = 'open' and r.status = 'open' and r.due_from <= ${until})
      select ${columns}, count(*) over ()::int as total
        from mine
        join reviews r on r.id = mine.id
        join personal_budgets b on b.id = r.budget_id
        join stories s on s.id = b.story_id
        join people p on p.id = r.person_id
       where (${who.includeRestricted} or not p.restricted)
       order by r.due_by, r.id
       limit ${limit}`);
    return { rows, total: rows[0]?.total ?? 0 };
  },
};

/** Of these reviews, the ones no longer open (completed): their review tasks are finished. */
export async function reviewsNoLongerOpen(db: DbOrTx, reviewIds: string[]): Promise<Set<string>> {
  if (reviewIds.length === 0) return new Set();
  const { rows } = await db.execute<{ id: string }>(sql`
    select r.id from reviews r where r.id = any(${`{${reviewIds.join(',')}}`}::uuid[]) and r.status <> 'open'`);
  return new Set(rows.map((r) => r.id));
}
