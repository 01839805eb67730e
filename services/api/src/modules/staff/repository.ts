import type { Role } from '@threefold/domain';
import { staffUsers, teamMembers, teams, type DbOrTx } from '@threefold/db';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';

export type UserRow = typeof staffUsers.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;
type UserFields = Partial<Omit<typeof staffUsers.$inferInsert, 'id' | 'version' | 'updatedAt'>>;

/** The staff module's queries: one query each, the caller's transaction first. */
export const staffRepository = {
  async teamIdsOf(db: DbOrTx, userIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return map;
    const rows = await db.select().from(teamMembers).where(inArray(teamMembers.userId, userIds));
    for (const r of rows) map.get(r.userId)?.push(r.teamId);
    return map;
  },

  async countTeams(db: DbOrTx, teamIds: string[]): Promise<number> {
    if (teamIds.length === 0) return 0;
    return (await db.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds))).length;
  },

  async replaceTeams(db: DbOrTx, userId: string, teamIds: string[]): Promise<void> {
    await db.delete(teamMembers).where(eq(teamMembers.userId, userId));
    if (teamIds.length) await db.insert(teamMembers).values(teamIds.map((teamId) => ({ teamId, userId })));
  },

  /** Active colleagues with these emails (any case), by lower-cased email (an import names holders by email). */
  async activeByEmails(db: DbOrTx, emails: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
    if (!wanted.length) return new Map();
    const rows = await db
      .select({ id: staffUsers.id, email: staffUsers.email })
      .from(staffUsers)
      .where(and(inArray(sql`lower(${staffUsers.email})`, wanted), isNull(staffUsers.disabledAt)));
    return new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
  },

  /** The emails of these colleagues, by id (a hand-back names holders by email). */
  async emailsOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await db
      .select({ id: staffUsers.id, email: staffUsers.email })
      .from(staffUsers)
      .where(inArray(staffUsers.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r.email]));
  },

  async userIdByEmail(db: DbOrTx, email: string): Promise<string | undefined> {
    const [row] = await db
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(sql`lower(${staffUsers.email}) = ${email.toLowerCase()}`);
    return row?.id;
  },

  async insertUser(
    db: DbOrTx,
    values: {
      email: string;
      displayName: string;
      passwordHash: string;
      roles: Role[];
      delegatedWeeklyLimitPence: number | null;
      now: Date;
    },
  ): Promise<UserRow> {
    const { now, ...fields } = values;
    const [row] = await db
      .insert(staffUsers)
      .values({ ...fields, createdAt: now, updatedAt: now })
      .returning();
    return row!;
  },

  async findUser(db: DbOrTx, id: string): Promise<UserRow | undefined> {
    const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
    return row;
  },

  async listUsersAfter(
    db: DbOrTx,
    after: [string, string] | undefined,
    limit: number,
    search?: string,
  ): Promise<UserRow[]> {
    // The search is a literal piece of text: % and _ in it match themselves.
    const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    return db
      .select()
      .from(staffUsers)
      .where(
        and(
          after ? sql`(lower(${staffUsers.email}), ${staffUsers.id}) > (${after[0]}, ${after[1]})` : undefined,
          pattern
            ? or(sql`${staffUsers.displayName} ilike ${pattern}`, sql`${staffUsers.email} ilike ${pattern}`)
            : undefined,
        ),
      )
      .orderBy(sql`lower(${staffUsers.email})`, asc(staffUsers.id))
      .limit(limit);
  },

  /** Changes an account and moves its version on; `expected` (when given) must be the version read. */
  async updateUser(
    db: DbOrTx,
    id: string,
    set: UserFields,
    now: Date,
    expected?: number,
  ): Promise<UserRow | undefined> {
    const [row] = await db
      .update(staffUsers)
      .set({ ...set, version: sql`${staffUsers.version} + 1`, updatedAt: now })
      .where(and(eq(staffUsers.id, id), expected === undefined ? undefined : eq(staffUsers.version, expected)))
      .returning();
    return row;
  },

  /** The enabled administrators, locked until the transaction ends. */
  async lockEnabledAdministrators(db: DbOrTx, administrator: Role): Promise<string[]> {
    const rows = await db
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(and(sql`${administrator} = any(${staffUsers.roles})`, isNull(staffUsers.disabledAt)))
      .for('update');
    return rows.map((r) => r.id);
  },

  async setTotpSecret(db: DbOrTx, userId: string, secret: string, now: Date): Promise<void> {
    await db.update(staffUsers).set({ totpSecret: secret, updatedAt: now }).where(eq(staffUsers.id, userId));
  },

  /**
   * Records an accepted TOTP step only if it is later than the last one accepted under the same
   * secret, in one conditional update; false when another request got there first.
   */
  async claimTotpStep(
    db: DbOrTx,
    user: { id: string; totpSecret: string; totpEnrolledAt: Date | null },
    step: number,
    now: Date,
  ): Promise<boolean> {
    const claimed = await db
      .update(staffUsers)
      .set({ totpLastStep: step, totpEnrolledAt: user.totpEnrolledAt ?? now, updatedAt: now })
      .where(
        and(
          eq(staffUsers.id, user.id),
          eq(staffUsers.totpSecret, user.totpSecret),
          or(isNull(staffUsers.totpLastStep), lt(staffUsers.totpLastStep, step)),
        ),
      )
      .returning({ id: staffUsers.id });
    return claimed.length === 1;
  },

  /** A new password, which needs no change at next sign-in; the account's version moves on. */
  async setPassword(db: DbOrTx, userId: string, passwordHash: string, now: Date): Promise<void> {
    await db
      .update(staffUsers)
      .set({ passwordHash, passwordMustChange: false, version: sql`${staffUsers.version} + 1`, updatedAt: now })
      .where(eq(staffUsers.id, userId));
  },

  async listTeams(db: DbOrTx): Promise<TeamRow[]> {
    return db.select().from(teams).orderBy(asc(teams.name));
  },

  async insertTeam(db: DbOrTx, values: { name: string; description: string; now: Date }): Promise<TeamRow | undefined> {
    const [row] = await db
      .insert(teams)
      .values({ name: values.name, description: values.description, createdAt: values.now, updatedAt: values.now })
      .onConflictDoNothing()
      .returning();
    return row;
  },

  async findTeam(db: DbOrTx, id: string): Promise<TeamRow | undefined> {
    const [row] = await db.select().from(teams).where(eq(teams.id, id));
    return row;
  },

  async updateTeam(
    db: DbOrTx,
    id: string,
    expected: number,
    changes: { name?: string | undefined; description?: string | undefined },
    now: Date,
  ): Promise<TeamRow | undefined> {
    const [row] = await db
      .update(teams)
      .set({ ...changes, version: sql`${teams.version} + 1`, updatedAt: now })
      .where(and(eq(teams.id, id), eq(teams.version, expected)))
      .returning();
    return row;
  },
};
