import { sessions, signInKnownAddresses, staffUsers, type DbOrTx } from '@threefold/db';
import { and, desc, eq, gt, lt, ne, sql } from 'drizzle-orm';

export type SessionRecord = typeof sessions.$inferSelect;
export type StaffUserRecord = typeof staffUsers.$inferSelect;

/** A live session joined to its enabled account, as the auth plugin resolves a cookie. */
export type LiveSessionRow = {
  id: string;
  user_id: string;
  state: 'awaiting_totp' | 'active';
  csrf_token: string;
  idle_expires_at: Date;
  absolute_expires_at: Date;
  last_seen_at: Date;
  email: string;
  display_name: string;
  roles: string[];
  delegated_weekly_limit_pence: number | null;
  team_ids: string[];
  password_must_change: boolean;
};

/**
 * The auth module's queries: sessions, the sign-in columns of staff accounts and the addresses
 * each account has signed in from. One query each, the caller's database or transaction first.
 */
export const authRepository = {
  async userByEmail(db: DbOrTx, email: string): Promise<StaffUserRecord | undefined> {
    const [row] = await db
      .select()
      .from(staffUsers)
      .where(sql`lower(${staffUsers.email}) = ${email}`)
      .limit(1);
    return row;
  },

  async user(db: DbOrTx, id: string): Promise<StaffUserRecord | undefined> {
    const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
    return row;
  },

  async isKnownAddress(db: DbOrTx, userId: string, ip: string): Promise<boolean> {
    const rows = await db
      .select({ ip: signInKnownAddresses.ip })
      .from(signInKnownAddresses)
      .where(and(eq(signInKnownAddresses.userId, userId), eq(signInKnownAddresses.ip, ip)));
    return rows.length > 0;
  },

  /** Remembers (or refreshes) an address the account completed sign-in from. */
  async rememberAddress(db: DbOrTx, userId: string, ip: string): Promise<void> {
    await db
      .insert(signInKnownAddresses)
      .values({ userId, ip })
      .onConflictDoUpdate({
        target: [signInKnownAddresses.userId, signInKnownAddresses.ip],
        set: { lastSuccessAt: sql`now()` },
      });
  },

  async insertSession(db: DbOrTx, values: typeof sessions.$inferInsert): Promise<SessionRecord> {
    const [row] = await db.insert(sessions).values(values).returning();
    return row!;
  },

  /** Turns a session still awaiting its TOTP step into a working one; undefined when it is not pending. */
  async activateSession(
    db: DbOrTx,
    id: string,
    set: Pick<SessionRecord, 'tokenHash' | 'csrfToken' | 'lastSeenAt' | 'idleExpiresAt' | 'absoluteExpiresAt'>,
  ): Promise<SessionRecord | undefined> {
    const [row] = await db
      .update(sessions)
      .set({ state: 'active', ...set })
      .where(and(eq(sessions.id, id), eq(sessions.state, 'awaiting_totp')))
      .returning();
    return row;
  },

  /** The session behind a token hash, with its account, if both are alive at `now`. */
  async liveSessionByTokenHash(
    db: DbOrTx,
    tokenHash: SessionRecord['tokenHash'],
    now: Date,
  ): Promise<LiveSessionRow | undefined> {
    const at = now.toISOString();
    const rows = await db.execute<LiveSessionRow>(sql`
      select s.id, s.user_id, s.state, s.csrf_token, s.idle_expires_at, s.absolute_expires_at, s.last_seen_at,
             u.email, u.display_name, u.roles, u.delegated_weekly_limit_pence, u.password_must_change,
             array(select team_id::text from team_members m where m.user_id = u.id) as team_ids
        from sessions s join staff_users u on u.id = s.user_id
       where s.token_hash = ${tokenHash}
         and u.disabled_at is null
         and s.idle_expires_at > ${at}::timestamptz and s.absolute_expires_at > ${at}::timestamptz`);
    return rows.rows[0];
  },

  async touchSession(db: DbOrTx, id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
    await db.update(sessions).set({ lastSeenAt, idleExpiresAt }).where(eq(sessions.id, id));
  },

  /** An account's sessions alive at `now`, most recently used first. */
  async liveSessionsOf(db: DbOrTx, userId: string, now: Date, limit: number): Promise<SessionRecord[]> {
    return db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), gt(sessions.idleExpiresAt, now), gt(sessions.absoluteExpiresAt, now)))
      .orderBy(desc(sessions.lastSeenAt))
      .limit(limit);
  },

  async deleteSession(db: DbOrTx, id: string): Promise<void> {
    await db.delete(sessions).where(eq(sessions.id, id));
  },

  /** Ends one of the account's own sessions; false when it has no such session. */
  async deleteSessionOf(db: DbOrTx, userId: string, id: string): Promise<boolean> {
    const ended = await db
      .delete(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
      .returning({ id: sessions.id });
    return ended.length > 0;
  },

  /** Ends every session of an account, or every one but `keep`; how many ended. */
  async deleteSessionsOf(db: DbOrTx, userId: string, keep?: string): Promise<number> {
    const ended = await db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), keep ? ne(sessions.id, keep) : undefined))
      .returning({ id: sessions.id });
    return ended.length;
  },

  async deleteSessionsExpiredBy(db: DbOrTx, now: Date): Promise<void> {
    await db.delete(sessions).where(lt(sessions.absoluteExpiresAt, now));
  },

  /** Forgets addresses an account has not completed sign-in from for 90 days (the throttle's own time). */
  async forgetOldAddresses(db: DbOrTx): Promise<void> {
    await db
      .delete(signInKnownAddresses)
      .where(lt(signInKnownAddresses.lastSuccessAt, sql`now() - interval '90 days'`));
  },
};
