import { roles } from '@threefold/domain';
import { Type } from 'typebox';
import { NextCursor } from '../../platform/pagination.js';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const RoleName = StringEnum(roles);
const RoleList = Type.Array(RoleName, { maxItems: 5, uniqueItems: true });
const TeamIds = Type.Array(Type.String({ format: 'uuid', maxLength: 36 }), { maxItems: 50, uniqueItems: true });
const Limit = Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000, format: 'int32' }), Type.Null()], {
  description: 'Delegated weekly budget sign-off limit in pence (social workers).',
});

export const StaffUser = Strict(
  {
    id: Type.String({ format: 'uuid', maxLength: 36 }),
    email: Type.String({ format: 'email', maxLength: 320 }),
    displayName: Type.String({ maxLength: 200 }),
    roles: RoleList,
    teamIds: TeamIds,
    delegatedWeeklyLimitPence: Limit,
    totpEnrolled: Type.Boolean(),
    passwordMustChange: Type.Boolean({
      description: 'A one-time password was set; it must be changed at next sign-in.',
    }),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time', maxLength: 40 }),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
  },
  { $id: 'StaffUser', title: 'StaffUser', description: 'A colleague’s account.' },
);

export const StaffUserPage = Strict(
  { items: Type.Array(ref(StaffUser), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'StaffUserPage', title: 'StaffUserPage' },
);

export const NewStaffUser = Strict(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({
      minLength: 12,
      maxLength: 1024,
      description: 'At least 12 characters; the colleague enrols an authenticator at first sign-in.',
    }),
    roles: RoleList,
    teamIds: Type.Optional(TeamIds),
    delegatedWeeklyLimitPence: Type.Optional(Limit),
  },
  { $id: 'NewStaffUser', title: 'NewStaffUser' },
);

export const StaffUserChanges = Strict(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    roles: Type.Optional(RoleList),
    teamIds: Type.Optional(TeamIds),
    delegatedWeeklyLimitPence: Type.Optional(Limit),
    disabled: Type.Optional(Type.Boolean({ description: 'Disabling ends every session of the account at once.' })),
  },
  { $id: 'StaffUserChanges', title: 'StaffUserChanges' },
);

export const Team = Strict(
  {
    id: Type.String({ format: 'uuid', maxLength: 36 }),
    name: Type.String({ maxLength: 200 }),
    description: Type.String({ maxLength: 2000 }),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
  },
  { $id: 'Team', title: 'Team', description: 'A self-managed team.' },
);

export const TeamList = Strict(
  { items: Type.Array(ref(Team), { maxItems: 1000 }) },
  { $id: 'TeamList', title: 'TeamList' },
);

export const NewTeam = Strict(
  { name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 2000 })) },
  { $id: 'NewTeam', title: 'NewTeam' },
);

export const TeamChanges = Strict(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { $id: 'TeamChanges', title: 'TeamChanges' },
);

export const TemporaryPassword = Strict(
  {
    temporaryPassword: Type.String({
      minLength: 12,
      maxLength: 100,
      description: 'Shown once: give it to the colleague in person. It works for one sign-in, then must be changed.',
    }),
  },
  { $id: 'TemporaryPassword', title: 'TemporaryPassword' },
);

export const EndedSessions = Strict(
  {
    ended: Type.Integer({ minimum: 0, maximum: 2147483647, format: 'int32', description: 'How many sessions ended.' }),
  },
  { $id: 'EndedSessions', title: 'EndedSessions' },
);

export const staffSchemas = [
  TemporaryPassword,
  EndedSessions,
  StaffUser,
  StaffUserPage,
  NewStaffUser,
  StaffUserChanges,
  Team,
  TeamList,
  NewTeam,
  TeamChanges,
];
