/**
 * Who may do what. The one place the role → permission table lives; routes name a permission
 * and the auth plugin checks it. Object-level checks (a partner's own connections, a restricted
 * record, a safeguarding enquiry one is involved in) are made by the services on top of this.
 */
export const roles = ['practitioner', 'social_worker', 'safeguarding_lead', 'practice_admin', 'auditor'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'people:read',
  'people:write',
  'people:merge',
  'people:restricted',
  'people:export',
  'imports:run',
  'contacts:read',
  'contacts:write',
  'notes:read',
  'notes:write',
  'documents:read',
  'documents:write',
  'warnings:read',
  'warnings:write',
  'capacity:read',
  'capacity:write',
  'tasks:read',
  'tasks:write',
  'conversations:read',
  'conversations:write',
  'conversations:peer-sign-off',
  'directory:read',
  'directory:write',
  'connections:read',
  'connections:write',
  'eligibility:decide',
  'budgets:read',
  'budgets:write',
  'budgets:sign-off',
  'budgets:panel-decision',
  // The council's charging system sends a person's assessed contribution.
  'charging:write',
  'reviews:write',
  'safeguarding:raise',
  'safeguarding:read',
  'safeguarding:decide',
  /** A concluded section 42 enquiry's outcome (no detail): the council's systems, with `decisions:read`. */
  'safeguarding:outcomes',
  'teams:read',
  'insights:read',
  'returns:read',
  'audit:read',
  'admin:users',
  'admin:clients',
  'admin:reference',
  'reference:read',
  'webhooks:manage',
  'session:self',
] as const;
export type Permission = (typeof permissions)[number];

const practitioner: Permission[] = [
  'session:self',
  'people:read',
  'people:write',
  'contacts:read',
  'contacts:write',
  // Case notes, warnings and tasks: the everyday record of the work.
  'notes:read',
  'notes:write',
  // Documents (letters, agreements, photos of paperwork): read and removed under their parent's rules.
  'documents:read',
  'documents:write',
  'warnings:read',
  'warnings:write',
  'capacity:read',
  'capacity:write',
  'tasks:read',
  'tasks:write',
  'conversations:read',
  'conversations:write',
  'directory:read',
  'connections:read',
  'connections:write',
  'budgets:read',
  'budgets:write',
  'reviews:write',
  'safeguarding:raise',
  'teams:read',
  'insights:read',
  // The resource allocation table and unit costs: what indicative budgets and plan lines are priced from.
  'reference:read',
];

export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  practitioner,
  // Qualified social workers: the statutory decisions the council delegates to the practice.
  social_worker: [...practitioner, 'conversations:peer-sign-off', 'eligibility:decide', 'budgets:sign-off'],
  // Restricted records (e.g. people at risk from someone who might look) open to the
  // safeguarding lead with a recorded reason; everyone else does not find them at all.
  safeguarding_lead: [
    ...practitioner,
    'conversations:peer-sign-off',
    'safeguarding:read',
    'safeguarding:decide',
    'safeguarding:outcomes',
    'people:restricted',
  ],
  practice_admin: [
    'session:self',
    'people:read',
    'people:merge',
    'people:restricted',
    'people:export',
    // Bringing the council's caseload in (and handing it back: people:export).
    'imports:run',
    'directory:read',
    'directory:write',
    'teams:read',
    'insights:read',
    'returns:read',
    'admin:users',
    'admin:clients',
    'admin:reference',
    'reference:read',
  ],
  // Auditors see the audit trail and nothing else.
  auditor: ['session:self', 'audit:read'],
};

export function permissionsOfRoles(held: readonly Role[]): Set<Permission> {
  return new Set(held.flatMap((r) => rolePermissions[r] ?? []));
}

export const clientKinds = ['council', 'partner'] as const;
export type ClientKind = (typeof clientKinds)[number];

/** Scopes a machine client can be granted, by kind, and the permission (or permissions) each one carries. */
export const clientScopes: Readonly<Record<ClientKind, Readonly<Record<string, Permission | readonly Permission[]>>>> =
  {
    council: {
      'contacts:write': 'contacts:write',
      'contacts:read': 'contacts:read',
      'people:read': 'people:read',
      // The council's decisions: the panel's budgets, and the outcome of its section 42 enquiries.
      'decisions:read': ['budgets:read', 'safeguarding:outcomes'],
      'panel:decide': 'budgets:panel-decision',
      'charging:write': 'charging:write',
      'safeguarding:raise': 'safeguarding:raise',
      'returns:read': 'returns:read',
      'webhooks:manage': 'webhooks:manage',
    },
    partner: {
      'connections:read': 'connections:read',
      'connections:write': 'connections:write',
      'webhooks:manage': 'webhooks:manage',
    },
  };

/**
 * What a partner organisation must not even learn exists: safeguarding. A partner asking for it
 * is told "not found", as if there were nothing there, rather than "forbidden".
 */
export function hiddenFromPartners(permission: Permission): boolean {
  return permission.startsWith('safeguarding:');
}

export function permissionsOfScopes(kind: ClientKind, scopes: readonly string[]): Set<Permission> {
  const table = clientScopes[kind];
  return new Set(scopes.flatMap((s) => permissionsOfScope(table[s])));
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** The permissions one scope's entry carries (none for an unknown scope). */
export function permissionsOfScope(granted: Permission | readonly Permission[] | undefined): readonly Permission[] {
  if (granted === undefined) return [];
  return typeof granted === 'string' ? [granted] : granted;
}
