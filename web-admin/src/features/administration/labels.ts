import { clientScopes, formatPounds, parsePoundsToPence, roles, type ClientKind, type Role } from '@threefold/domain';
import type { Choice } from '@/components/ChoiceGroup.vue';

/** Each role in the practice's words: what a colleague with it does in Threefold. */
export const roleLabels: Readonly<Record<Role, { label: string; description: string }>> = {
  practitioner: {
    label: 'Practitioner',
    description:
      'Works with people: the front door, conversations, support plans and budgets, connections to the community, and raising safeguarding concerns.',
  },
  social_worker: {
    label: 'Social worker',
    description:
      'Everything a practitioner does, and the decisions the council delegates: signing off a colleague’s conversation, eligibility, and personal budgets up to their weekly limit.',
  },
  safeguarding_lead: {
    label: 'Safeguarding lead',
    description:
      'Everything a practitioner does, and decides on safeguarding concerns and enquiries. Can open restricted records, giving a reason each time.',
  },
  practice_admin: {
    label: 'Practice administrator',
    description:
      'Looks after colleagues’ accounts, teams, connected council and partner systems, and reference data. Does not see conversations or plans.',
  },
  auditor: {
    label: 'Auditor',
    description: 'Sees the audit trail of who looked at or changed what, and nothing else.',
  },
};

export const roleChoices: Choice[] = roles.map((role) => ({ value: role, ...roleLabels[role] }));

export function roleName(role: string): string {
  return (roleLabels as Record<string, { label: string } | undefined>)[role]?.label ?? role;
}

export const kindLabels: Readonly<Record<ClientKind, { label: string; description: string }>> = {
  council: {
    label: 'Council system',
    description: 'The council’s own systems: send contacts, read decisions, raise concerns and pull returns.',
  },
  partner: {
    label: 'Partner organisation',
    description:
      'A voluntary or community organisation’s system: it sees only the connections addressed to that organisation.',
  },
};

export function kindName(kind: string): string {
  return (kindLabels as Record<string, { label: string } | undefined>)[kind]?.label ?? kind;
}

/** What each scope lets a connected system do, in plain words. */
const scopeDescriptions: Readonly<Record<string, string>> = {
  'contacts:write': 'Send new contacts to the front door',
  'contacts:read': 'Read contacts and how each was resolved',
  'people:read': 'Read the records of the people we work with',
  'decisions:read': 'Read decisions: eligibility, personal budgets signed off, reviews and safeguarding enquiries',
  'panel:decide': 'Record the council’s funding panel decision on a personal budget',
  'charging:write': 'Send financial assessments: a person’s assessed weekly contribution',
  'safeguarding:raise': 'Raise safeguarding concerns',
  'returns:read': 'Pull the statutory returns',
  'webhooks:manage': 'Subscribe to events (webhooks) and manage those subscriptions',
  'connections:read': 'Read the connections addressed to its organisation',
  'connections:write': 'Accept or decline those connections and report how they went',
};

/** The scopes a client of this kind may be given, as choices; no others can be chosen. */
export function scopeChoices(kind: ClientKind): Choice[] {
  return Object.keys(clientScopes[kind]).map((scope) => ({
    value: scope,
    label: scopeDescriptions[scope] ?? scope,
    description: `Scope: ${scope}`,
  }));
}

/** The most the API accepts as a delegated weekly limit: £1,000,000.00. */
export const MAX_LIMIT_PENCE = 100_000_000;

/** Pence as the pounds to put in a field: 45000 → "450.00"; null → "". */
export function penceToPoundsInput(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return '';
  return formatPounds(pence).replace('£', '').replaceAll(',', '');
}

/**
 * Typed pounds as pence for the API. Empty means no limit (null). Otherwise an error message
 * fit to show next to the field.
 */
export function poundsInputToPence(
  input: string,
): { pence: number | null; error?: undefined } | { pence?: undefined; error: string } {
  const text = input.trim();
  if (text === '') return { pence: null };
  const pence = parsePoundsToPence(text);
  if (pence === null) {
    return /\.\d{3,}$/.test(text)
      ? { error: 'Enter the amount in pounds and pence, with no more than 2 decimal places, like 450.50' }
      : { error: 'Enter the amount in pounds, like 450 or 1,250.50' };
  }
  if (pence < 0) return { error: 'Enter an amount of £0 or more' };
  if (pence > MAX_LIMIT_PENCE) return { error: `Enter an amount no more than ${formatPounds(MAX_LIMIT_PENCE)}` };
  return { pence };
}

export function limitText(pence: number | null): string {
  return pence ? `${formatPounds(pence)} a week` : 'None';
}

/** Sorted copies, so two lists with the same members compare equal whatever order they were ticked in. */
export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** Dates and times come from the console's one formatter (UK time, whatever the browser's zone). */
export { formatDateTime } from '@/format';
