import { isRole, type Role } from '@threefold/domain';
import type { Database, DbOrTx } from '@threefold/db';
import { hashSecret } from '../../auth/secrets.js';
import { AppProblem, invalidField, notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { staffRepository as repo, type TeamRow, type UserRow } from './repository.js';
import { endSessionsOf } from '../auth/sessions.js';
import { forgetPrincipal } from '../../auth/principal-cache.js';

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
export async function refuseToRemoveLastAdministrator(tx: DbOrTx, userId: string): Promise<void> {
  const admins = await repo.lockEnabledAdministrators(tx, ADMINISTRATOR);
  if (admins.length === 1 && admins[0] === userId) {
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

  private async setTeams(tx: DbOrTx, userId: string, teamIds: string[]): Promise<void> {
    const unique = [...new Set(teamIds)];
    if ((await repo.countTeams(tx, unique)) !== unique.length) {
      throw invalidField('teamIds', 'names a team that does not exist');
    }
    await repo.replaceTeams(tx, userId, unique);
  }

  /** `by` is the request's actor, or the create-admin command's clock (it has no request behind it). */
  async createUser(input: NewStaffUser, by: Pick<Actor, 'now'>) {
    const roles = checkRoles(input.roles);
    const passwordHash = await hashSecret(input.password);
    return this.db.transaction(async (tx) => {
      if (await repo.userIdByEmail(tx, input.email))
        throw new AppProblem(409, 'email_taken', 'Email already used', 'Another account has this email address.');
      const row = await repo.insertUser(tx, {
        email: input.email.trim(),
        displayName: input.displayName,
        passwordHash,
        roles,
        delegatedWeeklyLimitPence: input.delegatedWeeklyLimitPence ?? null,
        now: by.now(),
      });
      await this.setTeams(tx, row.id, input.teamIds ?? []);
      return userView(row, [...new Set(input.teamIds ?? [])]);
    });
  }

  async getUser(id: string) {
    const row = await repo.findUser(this.db, id);
    if (!row) throw notFound('user');
    return userView(row, (await repo.teamIdsOf(this.db, [id])).get(id) ?? []);
  }

  async listUsers(limit: number, cursor?: string, search?: string) {
    const after = decodeCursor<[string, string]>(cursor, 2);
    const rows = await repo.listUsersAfter(this.db, after, limit + 1, search?.trim() || undefined);
    const page = pageOf(rows, limit, (r) => [r.email.toLowerCase(), r.id]);
    const teamIds = await repo.teamIdsOf(
      this.db,
      page.items.map((r) => r.id),
    );
    return { items: page.items.map((r) => userView(r, teamIds.get(r.id) ?? [])), nextCursor: page.nextCursor };
  }

  /** Disabling an account ends every session it has, in the same transaction. */
  async updateUser(actor: Actor, id: string, expected: number, changes: StaffUserChanges) {
    const roles = changes.roles ? checkRoles(changes.roles) : undefined;
    const now = actor.now();
    const view = await this.db.transaction(async (tx) => {
      if (changes.disabled === true || (roles && !roles.includes(ADMINISTRATOR))) {
        await refuseToRemoveLastAdministrator(tx, id);
      }
      const row = await repo.updateUser(
        tx,
        id,
        {
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(roles ? { roles } : {}),
          ...(changes.delegatedWeeklyLimitPence !== undefined
            ? { delegatedWeeklyLimitPence: changes.delegatedWeeklyLimitPence }
            : {}),
          ...(changes.disabled !== undefined ? { disabledAt: changes.disabled ? now : null } : {}),
        },
        now,
        expected,
      );
      if (!row) throw (await repo.findUser(tx, id)) ? staleVersion() : notFound('user');
      if (changes.teamIds) await this.setTeams(tx, id, changes.teamIds);
      if (changes.disabled) await endSessionsOf(tx, id);
      return userView(row, (await repo.teamIdsOf(tx, [id])).get(id) ?? []);
    });
    // Roles, teams or a disabled account apply to the next request here; elsewhere on the notification.
    forgetPrincipal(`user:${id}`);
    return view;
  }

  async listTeams() {
    return (await repo.listTeams(this.db)).map(teamView);
  }

  async createTeam(actor: Actor, input: { name: string; description?: string | undefined }) {
    const row = await repo.insertTeam(this.db, {
      name: input.name,
      description: input.description ?? '',
      now: actor.now(),
    });
    if (!row) throw new AppProblem(409, 'team_name_taken', 'Name already used', 'Another team has this name.');
    return teamView(row);
  }

  async getTeam(id: string) {
    const row = await repo.findTeam(this.db, id);
    if (!row) throw notFound('team');
    return teamView(row);
  }

  async updateTeam(
    actor: Actor,
    id: string,
    expected: number,
    changes: { name?: string | undefined; description?: string | undefined },
  ) {
    const row = await repo.updateTeam(this.db, id, expected, changes, actor.now());
    if (!row) {
      await this.getTeam(id);
      throw staleVersion();
    }
    return teamView(row);
  }
}
