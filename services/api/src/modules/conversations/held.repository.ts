import type { DbOrTx } from '@threefold/db';
import { sql } from 'drizzle-orm';
import { storyWait } from './board.repository.js';

/**
 * Read-only views of stories for home and the tasks clocks (a minimal stage read; the board's
 * stage and urgency functions may replace it). Conversations owns these tables; nothing here writes.
 */
export type HeldStoryRow = {
  story_id: string;
  person_id: string;
  person_name: string;
  restricted: boolean;
  team_id: string | null;
  opened_at: Date;
  /** The latest conversation's kind (1, 2 or 3), null while only a contact. */
  kind: number | null;
  conversation_status: 'open' | 'concluded' | null;
  /** Held by an active colleague (the domain's `WaitingFacts.held`). */
  held: boolean;
  /** When it last went on the board (`WaitingFacts.unheldSince`). */
  unheld_since: Date;
  /** The last thing that happened on the story: opened, an event, a conversation started or concluded, a touchpoint. */
  last_activity_at: Date;
};

export type OpenConversationTwoRow = {
  conversation_id: string;
  story_id: string;
  person_id: string;
  person_name: string;
  restricted: boolean;
  team_id: string | null;
  held_by_id: string | null;
  started_at: Date;
  plan_starts_on: string | null;
  plan_ends_on: string | null;
  last_touchpoint_at: Date | null;
};

const personName = sql`coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name`;

/** An open conversation 2 (`c`) as home and the tasks clock read it: its story `s`, person `p` and plan `ip`. */
const conversationTwoColumns = sql`c.id as conversation_id, s.id as story_id, s.person_id, ${personName} as person_name,
  p.restricted, s.team_id, s.held_by_id, c.started_at, ip.starts_on as plan_starts_on, ip.ends_on as plan_ends_on,
  (select max(t.at) from touchpoints t where t.conversation_id = c.id) as last_touchpoint_at`;

export const heldStoriesRepository = {
  /**
   * The open stories a colleague holds, longest waiting first (from the board's `waiting_since`),
   * and how many there are in all.
   */
  async heldBy(db: DbOrTx, userId: string, includeRestricted: boolean, limit: number) {
    const { rows } = await db.execute<HeldStoryRow & { total: number }>(sql`
      select w.*, count(*) over ()::int as total
        from (
          select s.id as story_id, s.person_id, ${personName} as person_name, p.restricted, s.team_id, s.opened_at,
                 lc.kind, lc.status as conversation_status, ${storyWait.held} as held,
                 ${storyWait.unheldSince} as unheld_since, ${storyWait.lastActivity} as last_activity_at
            from stories s
            join people p on p.id = s.person_id
            ${storyWait.joins}
           where s.held_by_id = ${userId} and s.status = 'open' and (${includeRestricted} or not p.restricted)
        ) w
       order by case when w.held then w.last_activity_at else w.unheld_since end asc, w.story_id
       limit ${limit}`);
    return { rows, total: rows[0]?.total ?? 0 };
  },

  /** Open conversation 2s on stories a colleague holds: their plan and last touchpoint. */
  async conversationTwosHeldBy(db: DbOrTx, userId: string, includeRestricted: boolean) {
    const { rows } = await db.execute<OpenConversationTwoRow>(sql`
      select ${conversationTwoColumns}
        from stories s
        join people p on p.id = s.person_id
        join conversations c on c.story_id = s.id and c.kind = 2 and c.status = 'open'
        left join intensive_plans ip on ip.conversation_id = c.id
       where s.held_by_id = ${userId} and s.status = 'open' and (${includeRestricted} or not p.restricted)
       limit 500`);
    return rows;
  },

  /** Every open conversation 2 in the practice, a batch at a time after `afterId` (the tasks clock). */
  async openConversationTwos(db: DbOrTx, afterId: string | null, batch: number) {
    const { rows } = await db.execute<OpenConversationTwoRow>(sql`
      select ${conversationTwoColumns}
        from conversations c
        join stories s on s.id = c.story_id
        join people p on p.id = s.person_id
        left join intensive_plans ip on ip.conversation_id = c.id
       where c.kind = 2 and c.status = 'open' and s.status = 'open'
         and (${afterId}::uuid is null or c.id > ${afterId}::uuid)
       order by c.id
       limit ${batch}`);
    return rows;
  },
  /** Names of these people, leaving out restricted ones unless the reader may see them. */
  async peopleNamed(db: DbOrTx, ids: string[], includeRestricted: boolean): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    if (ids.length === 0) return names;
    const { rows } = await db.execute<{ id: string; name: string }>(sql`
      select p.id, ${personName} as name from people p
       where p.id = any(${`{${ids.join(',')}}`}::uuid[]) and (${includeRestricted} or not p.restricted)`);
    for (const r of rows) names.set(r.id, r.name);
    return names;
  },
};
