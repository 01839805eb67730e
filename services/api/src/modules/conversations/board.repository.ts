import { staffUsers, storyRequests, teamMembers, type DbOrTx } from '@threefold/db';
import type { UrgencyLimits } from '@threefold/domain';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';

/** A story as the board, the caseload and home read it: the facts its stage, wait and urgency come from. */
export type QueueRow = {
  story_id: string;
  person_id: string;
  given_name: string;
  family_name: string;
  team_id: string | null;
  status: 'open' | 'closed';
  opened_at: Date;
  held_by_id: string | null;
  holder_name: string | null;
  holder_disabled: boolean;
  stage_kind: number | null;
  note: string | null;
  unheld_since: Date;
  last_activity: Date;
  days_since_touchpoint: number | null;
  /** The sort key, as the database computed it (the domain's `storyUrgency` and `compareByUrgency`). */
  rank: number;
  waiting_since: Date;
  /** `waiting_since` to the microsecond, for the cursor (a JS Date keeps only milliseconds). */
  waiting_since_key: string;
};

/** Where the next page starts: the instant the first page was read at, and the last row's sort key. */
export type QueueCursor = [now: string, rank: number, waitingSince: string, storyId: string];

export interface QueueQuery {
  /** Which stories (a condition on `s`, the stories row, and `p`, the person). */
  where: SQL;
  /** Conditions on the computed columns (stage_kind, days_waiting). */
  having?: SQL | undefined;
  now: Date;
  limits: UrgencyLimits;
  after?: QueueCursor | undefined;
  limit: number;
}

/**
 * When a story's wait starts, in SQL, for a story `s`: the board, the caseload and home all read
 * it from here (the domain's `waitingSince` / `daysWaiting` take the same facts). `joins` brings
 * `h` (the holder), `lc` (the conversation started last), `ev` (story events), `cv` (conversations)
 * and `tp` (touchpoints of `lc`).
 */
export const storyWait = {
  joins: sql`left join staff_users h on h.id = s.held_by_id
        left join lateral (select c.id, c.kind, c.status, c.started_at from conversations c where c.story_id = s.id
                            order by c.started_at desc, c.kind desc limit 1) lc on true
        left join lateral (select max(e.at) filter (where e.kind = 'hand_on') as handed_on, max(e.at) as last_event
                             from story_events e where e.story_id = s.id) ev on true
        left join lateral (select max(coalesce(c.concluded_at, c.started_at)) as last_conv
                             from conversations c where c.story_id = s.id) cv on true
        left join lateral (select max(t.at) as last_tp from touchpoints t where t.conversation_id = lc.id) tp on true`,
  /** Held by an active colleague. */
  held: sql`(s.held_by_id is not null and h.disabled_at is null)`,
  /** When it last went on the board: opened unheld, handed on, or its holder was disabled. */
  unheldSince: sql`case when s.held_by_id is null then greatest(s.opened_at, coalesce(ev.handed_on, s.opened_at))
                  else coalesce(h.disabled_at, s.opened_at) end`,
  /** The latest thing that happened on it: opened, an event, a conversation started or concluded, a touchpoint. */
  lastActivity: sql`greatest(s.opened_at, coalesce(ev.last_event, s.opened_at), coalesce(cv.last_conv, s.opened_at),
                      coalesce(tp.last_tp, s.opened_at))`,
};

/**
 * Stories in urgency order, keyset-paged. Mirrors the domain's rules in SQL so the database can
 * order and page by them: stage is the kind of the conversation that started last; an unheld
 * story (or one whose holder is disabled) waits from when it went on the board, a held one from
 * its last activity; rank follows `storyUrgency` (0 overdue conversation 2 touchpoints,
 * 1 conversation 2, 2 waiting longer than the limit, 3 the rest); ties by the longest wait, then id.
 * The service recomputes stage, days and urgency with the domain functions for the response.
 */
export async function queue(db: DbOrTx, q: QueueQuery): Promise<QueueRow[]> {
  const now = q.now.toISOString();
  const { rows } = await db.execute<QueueRow>(sql`
    with facts as (
      select s.id as story_id, s.person_id, p.given_name, p.family_name, s.team_id, s.status, s.opened_at,
             s.held_by_id, h.display_name as holder_name, (h.disabled_at is not null) as holder_disabled,
             lc.kind as stage_kind,
             (select e.note from story_events e where e.story_id = s.id and e.note <> '' order by e.at desc limit 1) as note,
             ${storyWait.unheldSince} as unheld_since,
             ${storyWait.lastActivity} as last_activity,
             case when lc.kind = 2 and lc.status = 'open'
                  then floor(extract(epoch from (${now}::timestamptz - coalesce(tp.last_tp, lc.started_at))) / 86400)::int
             end as days_since_touchpoint,
             ${storyWait.held} as held
        from stories s
        join people p on p.id = s.person_id
        ${storyWait.joins}
       where ${q.where}
    ), waits as (
      select f.*, case when f.held then f.last_activity else f.unheld_since end as waiting_since
        from facts f
    ), ranked as (
      select w.*, greatest(0, floor(extract(epoch from (${now}::timestamptz - w.waiting_since)) / 86400))::int as days_waiting,
             case when w.days_since_touchpoint > ${q.limits.touchpointMaxGapDays} then 0
                  when w.stage_kind = 2 then 1
                  when greatest(0, floor(extract(epoch from (${now}::timestamptz - w.waiting_since)) / 86400)) > ${q.limits.waitingLongDays} then 2
                  else 3 end as rank,
             w.waiting_since::text as waiting_since_key
        from waits w
    )
    select * from ranked r
     where true ${q.having ? sql`and ${q.having}` : sql``}
       ${
         q.after
           ? sql`and (r.rank, r.waiting_since, r.story_id) > (${q.after[1]}::int, ${q.after[2]}::timestamptz, ${q.after[3]}::uuid)`
           : sql``
       }
     order by r.rank, r.waiting_since, r.story_id
     limit ${q.limit + 1}`);
  return rows;
}

/** The team board's view and the colleagues a story can be shared with. */
export const boardRepository = {
  /**
   * The team's open stories that need someone: nobody holds them, they ask for a peer step or a
   * risk panel (from the partial index of open requests), or their holder is disabled. Restricted
   * people's stories only for a reader who may see restricted people.
   */
  async board(db: DbOrTx, teamId: string, seesRestricted: boolean, q: Omit<QueueQuery, 'where'>) {
    // The few stories with an open request and the few disabled colleagues, read first and passed
    // as arrays: the planner then sees how many there are (none, mostly). As subqueries it guessed
    // thousands and chose a parallel plan whose start-up alone cost ~100 ms on an empty board.
    const { rows } = await db.execute<{ requested: string[]; disabled: string[] }>(sql`
      select array(select r.story_id from story_requests r where r.answered_at is null)::text[] as requested,
             array(select u.id from staff_users u where u.disabled_at is not null)::text[] as disabled`);
    const { requested, disabled } = rows[0]!;
    return queue(db, {
      ...q,
      where: sql`s.team_id = ${teamId} and s.status = 'open' and (${seesRestricted} or not p.restricted)
        and (s.held_by_id is null
             or s.id = any(${`{${requested.join(',')}}`}::uuid[])
             or s.held_by_id = any(${`{${disabled.join(',')}}`}::uuid[]))`,
    });
  },

  openRequestsOfStories(db: DbOrTx, storyIds: string[]) {
    return db
      .select()
      .from(storyRequests)
      .where(and(inArray(storyRequests.storyId, storyIds), isNull(storyRequests.answeredAt)))
      .orderBy(asc(storyRequests.at));
  },

  async teamExists(db: DbOrTx, teamId: string) {
    const { rows } = await db.execute(sql`select 1 from teams where id = ${teamId}`);
    return rows.length > 0;
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
      .select({ id: staffUsers.id, disabledAt: staffUsers.disabledAt, roles: staffUsers.roles })
      .from(staffUsers)
      .where(eq(staffUsers.id, id));
    return row;
  },
};
