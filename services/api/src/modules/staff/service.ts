import { isRole, type Role } from '@threefold/domain';
import { sessions, staffUsers, teamMembers, teams, type Database, type Tx } from '@threefold/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { hashSecret } from '../../auth/secrets.js';
import { AppProblem, invalidField, notFound } from '../../errors.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';

type UserRow = typeof staffUsers.$inferSelect;
type TeamRow = typeof teams.$inferSelect;

export interface NewStaffUser {
  email: string;
  displayName: string;
  password: string;
  roles: string[];
  teamIds?: string[] | undefined;
  delegatedWeeklyLimitPence?: number | null | undefined;
}

export interface StaffUserChanges {
  displayName?: string | undefined;
  roles?: string[] | undefined;
  teamIds?: string[] | undefined;
  delegatedWeeklyLimitPence?: number | null | undefined;
  disabled?: boolean | undefined;
}

export function userView(row: UserRow, teamIds: string[]) {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles.filter(isRole),
    teamIds,
    delegatedWeeklyLimitPence: row.delegatedWeeklyLimitPence,
    totpEnrolled: row.totpEnrolledAt !== null,
    passwordMustChange: row.passwordMustChange,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

export function teamView(row: TeamRow) {
  return { id: row.id, name: row.name, description: row.description, version: row.version };
}

function checkRoles(roles: string[]): Role[] {
  const wrong = roles.filter((r) => !isRole(r));
  if (wrong.length) throw invalidField('roles', `unknown role: ${wrong.join(', ')}`);
  return roles as Role[];
}

const ADMINISTRATOR: Role = 'practice_admin';

/**
 * The practice always keeps one enabled administrator: nobody else could add colleagues, reset
 * a password or end a session. The enabled administrators are locked while this is decided,
 * so two administrators removing each other at once cannot both succeed.
 */
export async function refuseToRemoveLastAdministrator(tx: Tx, userId: string): Promise<void> {
  const admins = await tx
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(sql`${ADMINISTRATOR} = any(${staffUsers.roles})`, isNull(staffUsers.disabledAt)))
    .for('update');
  if (admins.length === 1 && admins[0]!.id === userId) {
    throw new AppProblem(
      409,
      'last_administrator',
      'The last administrator',
      'This is the practice’s only enabled administrator: make another colleague an administrator first.',
    );
  }
}

/** Staff accounts and self-managed teams, kept by practice administrators. */
export class StaffService {
  constructor(private readonly db: Database) {}

  private async teamIdsOf(userIds: string[], tx: Database | Tx = this.db): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return map;
    const rows = await tx.select().from(teamMembers).where(inArray(teamMembers.userId, userIds));
    for (const r of rows) map.get(r.userId)?.push(r.teamId);
    return map;
  }

  private async setTeams(tx: Tx, userId: string, teamIds: string[]): Promise<void> {
    const unique = [...new Set(teamIds)];
    if (unique.length) {
      const found = await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, unique));
      if (found.length !== unique.length) throw invalidField('teamIds', 'names a team that does not exist');
    }
    await tx.delete(teamMembers).where(eq(teamMembers.userId, userId));
    if (unique.length) await tx.insert(teamMembers).values(unique.map((teamId) => ({ teamId, userId })));
  }

  async createUser(input: NewStaffUser) {
    const roles = checkRoles(input.roles);
    const passwordHash = await hashSecret(input.password);
    return this.db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(sql`lower(${staffUsers.email}) = ${input.email.toLowerCase()}`);
      if (existing)
        throw new AppProblem(409, 'email_taken', 'Email already used', 'Another account has this email address.');
      const [row] = await tx
        .insert(staffUsers)
        .values({
          email: input.email.trim(),
          displayName: input.displayName,
          passwordHash,
          roles,
          delegatedWeeklyLimitPence: input.delegatedWeeklyLimitPence ?? null,
        })
        .returning();
      await this.setTeams(tx, row!.id, input.teamIds ?? []);
      return userView(row!, [...new Set(input.teamIds ?? [])]);
    });
  }

  async getUser(id: string) {
    const [row] = await this.db.select().from(staffUsers).where(eq(staffUsers.id, id));
    if (!row) throw notFound('user');
    return userView(row, (await this.teamIdsOf([id])).get(id) ?? []);
  }

  async listUsers(limit: number, cursor?: string) {
    const after = decodeCursor<[string, string]>(cursor, 2);
    const rows = await this.db
      .select()
      .from(staffUsers)
      .where(after ? sql`(lower(${staffUsers.email}), ${staffUsers.id}) > (${after[0]}, ${after[1]})` : undefined)
      .orderBy(sql`lower(${staffUsers.email})`, asc(staffUsers.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => [r.email.toLowerCase(), r.id]);
    const teamIds = await this.teamIdsOf(page.items.map((r) => r.id));
    return { items: page.items.map((r) => userView(r, teamIds.get(r.id) ?? [])), nextCursor: page.nextCursor };
  }

  /** Disabling an account ends every session it has, in the same transaction. */
  async updateUser(id: string, expected: number, changes: StaffUserChanges) {
    const roles = changes.roles ? checkRoles(changes.roles) : undefined;
    return this.db.transaction(async (tx) => {
      if (changes.disabled === true || (roles && !roles.includes(ADMINISTRATOR))) {
        await refuseToRemoveLastAdministrator(tx, id);
      }
      const [row] = await tx
        .update(staffUsers)
        .set({
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(roles ? { roles } : {}),
          ...(changes.delegatedWeeklyLimitPence !== undefined
            ? { delegatedWeeklyLimitPence: changes.delegatedWeeklyLimitPence }
            : {}),
          ...(changes.disabled !== undefined ? { disabledAt: changes.disabled ? new Date() : null } : {}),
          version: sql`${staffUsers.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(staffUsers.id, id), eq(staffUsers.version, expected)))
        .returning();
      if (!row) {
        const [exists] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, id));
        throw exists ? staleVersion() : notFound('user');
      }
      if (changes.teamIds) await this.setTeams(tx, id, changes.teamIds);
      if (changes.disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
      return userView(row, (await this.teamIdsOf([id], tx)).get(id) ?? []);
    });
  }

  async listTeams() {
    return (await this.db.select().from(teams).orderBy(asc(teams.name))).map(teamView);
  }

  async createTeam(input: { name: string; description?: string | undefined }) {
    const [row] = await this.db
      .insert(teams)
      .values({ name: input.name, description: input.description ?? '' })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppProblem(409, 'team_name_taken', 'Name already used', 'Another team has this name.');
    return teamView(row);
  }

  async getTeam(id: string) {
    const [row] = await this.db.select().from(teams).where(eq(teams.id, id));
    if (!row) throw notFound('team');
    return teamView(row);
  }

  async updateTeam(
    id: string,
    expected: number,
    changes: { name?: string | undefined; description?: string | undefined },
  ) {
    const [row] = await this.db
      .update(teams)
      .set({ ...changes, version: sql`${teams.version} + 1`, updatedAt: new Date() })
      .where(and(eq(teams.id, id), eq(teams.version, expected)))
      .returning();
    if (!row) {
      await this.getTeam(id);
      throw staleVersion();
    }
    return teamView(row);
  }
}
