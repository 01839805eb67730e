import { isRole, permissionsOfRoles, type Permission } from '@threefold/domain';

/**
 * The parts of the console, in the practice's own words, in the order the navigation shows
 * them. A module that is not built yet shows an honest "coming soon" page; when one is built,
 * its folder under src/features/ gives the routes that replace the placeholder.
 */
export interface PracticeModule {
  /** Route name, and the folder under src/features/ the module will live in. */
  id: string;
  path: string;
  name: string;
  /** What the module is for, in a sentence a colleague would recognise. */
  summary: string;
  /**
   * The module is in a colleague's navigation when their roles give any one of these. The API
   * checks every call anyway; this only keeps the navigation to what they can use.
   */
  permissions: readonly Permission[];
  /** True once the module has its own pages (and routes); until then it shows "coming soon". */
  built?: boolean;
}

export const practiceModules: readonly PracticeModule[] = [
  {
    id: 'front-door',
    path: '/front-door',
    name: 'Front door',
    summary:
      'Contacts coming in to the practice: who got in touch, what matters to the person, and how it was resolved.',
    permissions: ['contacts:read'],
    built: true,
  },
  {
    id: 'people',
    path: '/people',
    name: 'People',
    summary: 'The people we work with, the people who matter to them, and their stories.',
    permissions: ['people:read'],
    built: true,
  },
  {
    id: 'conversations',
    path: '/conversations',
    name: 'Conversations',
    summary:
      'Your caseload and your team’s: each story’s stage in the three conversations, how long it has waited and how urgent it is.',
    permissions: ['conversations:read'],
    built: true,
  },
  {
    id: 'team-board',
    path: '/board',
    name: 'Team board',
    summary: 'Stories your team has that need someone: pick one up, invite a colleague, or pass it on with a note.',
    permissions: ['conversations:read'],
    built: true,
  },
  {
    id: 'community-directory',
    path: '/community-directory',
    name: 'Community directory',
    summary: 'Community organisations and their services, and the connections made with them.',
    permissions: ['directory:read'],
    built: true,
  },
  {
    id: 'budgets-and-reviews',
    path: '/budgets-and-reviews',
    name: 'Budgets & reviews',
    summary: 'Personal budgets, support plans, sign-off and reviews.',
    permissions: ['budgets:read'],
    built: true,
  },
  {
    id: 'safeguarding',
    path: '/safeguarding',
    name: 'Safeguarding',
    summary: 'Concerns, decisions and enquiries, with the person’s own desired outcomes at the centre.',
    permissions: ['safeguarding:raise', 'safeguarding:read'],
    built: true,
  },
  {
    id: 'practice-data',
    path: '/practice-data',
    name: 'Practice data',
    summary: 'How the practice is doing, day by day, and the returns the council needs.',
    permissions: ['insights:read'],
    built: true,
  },
  {
    id: 'imports',
    path: '/imports',
    name: 'Imports and hand-back',
    summary:
      'Bring the council’s people in from its export, every row checked first; hand everything back when the contract ends.',
    permissions: ['imports:run', 'people:export'],
    built: true,
  },
  {
    id: 'administration',
    path: '/administration',
    name: 'Administration',
    summary: 'Colleagues, teams, connected systems and reference data such as unit costs and delegated limits.',
    permissions: ['admin:users', 'admin:clients'],
    built: true,
  },
  {
    id: 'audit',
    path: '/audit',
    name: 'Audit',
    summary: 'Who looked at or changed what, when, and why.',
    permissions: ['audit:read'],
  },
];

/** Whether a colleague's roles open a module. Roles the console does not know open nothing. */
export function mayUseModule(module: PracticeModule, roles: readonly string[]): boolean {
  const held = permissionsOfRoles(roles.filter(isRole));
  return module.permissions.some((permission) => held.has(permission));
}

/** The modules a colleague with these roles has in their navigation, in order. */
export function modulesFor(roles: readonly string[]): PracticeModule[] {
  return practiceModules.filter((module) => mayUseModule(module, roles));
}
