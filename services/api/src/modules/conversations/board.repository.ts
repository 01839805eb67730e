import { staffUsers, storyRequests, teamMembers, type DbOrTx } from '@threefold/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';

export type BoardRow = {
  story_id: string;
  person_id: string;
  given_name: string;
  family_name: string;
  opened_at: Date;
  held_by_id: string | null;
  kind: number | null;
  note: string | null;
};

const columns = sql`s.id as story_id, s.person_id, p.given_name, p.family_name, s.opened_at, s.held_by_id,
             (select c.kind from conversations c where c.story_id = s.id order by c.started_at desc limit 1) as kind,
             (select e.note from story_events e where e.story_id = s.id and e.note <> '' order by e.at desc limit 1) as note`;

/** The team board's views and the colleagues a story can be shared with. */
export const boardRepository = {
  /** Open stories of the team nobody holds, oldest first. */
  async waiting(db: DbOrTx, teamId: string) {
    const { rows } = await db.execute<BoardRow>(sql`
        select ${columns}
          from stories s join people p on p.id = s.person_id
         where s.team_id = ${teamId} and s.status = 'open' and s.held_by_id is null and not p.restricted
         order by s.opened_at
         limit 500`);
    return rows;
  },

  /**
   * Held stories of the team with a request nobody has answered yet: from the partial index of open
   * requests, so the cost follows the requests open in the practice, not every one ever answered.
   */
  async asking(db: DbOrTx, teamId: string) {
    const { rows } = await db.execute<BoardRow>(sql`
        select ${columns}
          from stories s join people p on p.id = s.person_id
         where s.id = any(array(select r.story_id from story_requests r where r.answered_at is null))
           and s.team_id = ${teamId} and s.status = 'open' and s.held_by_id is not null and not p.restricted
         order by s.opened_at
         limit 500`);
    return rows;
  },

  openRequestsOfStories(db: DbOrTx, storyIds: string[]) {
    return db
      .select()
      .from(storyRequests)
      .where(and(inArray(storyRequests.storyId, storyIds), isNull(storyRequests.answeredAt)))
      .orderBy(asc(storyRequests.at));
  },

  activeColleagues(db: DbOrTx) {
    return db
      .select({
        id: staffUsers.id,
        displayName: staffUsers.displayName,
        roles: staffUsers.roles,
        teamIds: sql<
          string[]
        >`coalesce(array_agg(${teamMembers.teamId}) filter (where ${teamMembers.teamId} is not null), '{}')`,
      })
      .from(staffUsers)
      .leftJoin(teamMembers, eq(teamMembers.userId, staffUsers.id))
      .where(isNull(staffUsers.disabledAt))
      .groupBy(staffUsers.id)
      .orderBy(asc(staffUsers.displayName))
      .limit(2000);
  },

  async colleague(db: DbOrTx, id: string) {
    const [row] = await db
      .select({ id: staffUsers.id, disabledAt: staffUsers.disabledAt })
      .from(staffUsers)
      .where(eq(staffUsers.id, id));
    return row;
  },
};
