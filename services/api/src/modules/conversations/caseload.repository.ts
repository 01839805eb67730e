import type { DbOrTx } from '@threefold/db';
import { kindOfStage, type StoryStage } from '@threefold/domain';
import { sql, type SQL } from 'drizzle-orm';
import { queue, type QueueQuery } from './board.repository.js';

export interface CaseloadFilter {
  scope: 'mine' | 'team' | 'all';
  userId: string;
  teamIds: readonly string[];
  seesRestricted: boolean;
  status: 'open' | 'closed';
  stage?: StoryStage | undefined;
  waitingLongerThan?: number | undefined;
}

/** The caseload list's stories, in the board's urgency order. */
export const caseloadRepository = {
  stories(db: DbOrTx, f: CaseloadFilter, q: Omit<QueueQuery, 'where' | 'having'>) {
    const scope: SQL =
      f.scope === 'mine'
        ? sql`s.held_by_id = ${f.userId}`
        : f.scope === 'all'
          ? sql`true`
          : f.teamIds.length
            ? sql`s.team_id in (${sql.join(
                f.teamIds.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`
            : sql`false`;
    const having: SQL[] = [];
    if (f.stage !== undefined) {
      const kind = kindOfStage(f.stage);
      having.push(kind === null ? sql`r.stage_kind is null` : sql`r.stage_kind = ${kind}`);
    }
    if (f.waitingLongerThan !== undefined) having.push(sql`r.days_waiting > ${f.waitingLongerThan}`);
    return queue(db, {
      ...q,
      where: sql`${scope} and s.status = ${f.status} and (${f.seesRestricted} or not p.restricted)`,
      having: having.length ? sql.join(having, sql` and `) : undefined,
    });
  },
};
