import type { StaffUser, StaffUserChanges } from './api';
import { penceToPoundsInput, poundsInputToPence, sameMembers } from './labels';

/** What the colleague forms hold: text as typed, the limit in pounds. Safe to keep as a draft. */
export interface ColleagueForm {
  displayName: string;
  roles: string[];
  teamIds: string[];
  /** The delegated weekly limit in pounds, as typed; empty for none. */
  limit: string;
}

export type ColleagueField = 'displayName' | 'email' | 'password' | 'roles' | 'teamIds' | 'delegatedWeeklyLimitPence';

/** Field name (as the API names it) → input id, so every error links to its field. */
/** In the order the fields are on the page: the first with an error gets focus. */
export const colleagueFieldIds: Record<ColleagueField, string> = {
  email: 'colleague-email',
  displayName: 'colleague-name',
  roles: 'colleague-roles',
  teamIds: 'colleague-teams',
  delegatedWeeklyLimitPence: 'colleague-limit',
  password: 'colleague-password',
};

export const MIN_PASSWORD_LENGTH = 12;

export function emptyColleagueForm(): ColleagueForm {
  return { displayName: '', roles: [], teamIds: [], limit: '' };
}

export function formOf(user: StaffUser): ColleagueForm {
  return {
    displayName: user.displayName,
    roles: [...user.roles],
    teamIds: [...user.teamIds],
    limit: penceToPoundsInput(noLimitAsNull(user.delegatedWeeklyLimitPence)),
  };
}

/** The checks made before anything is sent; the API makes them again. */
export function checkColleague(
  form: ColleagueForm,
  extra: { email?: string; password?: string } = {},
): Partial<Record<ColleagueField, string>> {
  // Made in the order of the page, so the summary lists them as they appear.
  const errors: Partial<Record<ColleagueField, string>> = {};
  if (extra.email !== undefined) {
    const email = extra.email.trim();
    if (!email) errors.email = 'Enter their email address';
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      errors.email = 'Enter an email address in the right format, like name@example.org';
  }
  if (!form.displayName.trim()) errors.displayName = 'Enter their full name';
  else if (form.displayName.trim().length > 200) errors.displayName = 'Their name must be 200 characters or fewer';
  if (form.roles.length === 0) errors.roles = 'Choose at least one role';
  const limit = poundsInputToPence(form.limit);
  if (limit.error) errors.delegatedWeeklyLimitPence = limit.error;
  if (extra.password !== undefined) {
    if (!extra.password) errors.password = 'Enter a first password for them, or use a suggested one';
    else if (extra.password.length < MIN_PASSWORD_LENGTH)
      errors.password = `The password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  return errors;
}

/**
 * No limit and a limit of £0 mean the same (they cannot sign off on their own), and the API may
 * hold either; both show as an empty field and compare equal.
 */
const noLimitAsNull = (pence: number | null | undefined) => (pence ? pence : null);

/** The limit as the API takes it: pence, or null for none. Call after checkColleague found no error. */
export function limitPence(form: ColleagueForm): number | null {
  return noLimitAsNull(poundsInputToPence(form.limit).pence);
}

/** Only what differs from the saved account, so a change someone else made to another field is not undone. */
export function changesBetween(saved: StaffUser, form: ColleagueForm): StaffUserChanges {
  const changes: StaffUserChanges = {};
  const name = form.displayName.trim();
  if (name !== saved.displayName) changes.displayName = name;
  if (!sameMembers(form.roles, saved.roles)) changes.roles = form.roles as StaffUser['roles'];
  if (!sameMembers(form.teamIds, saved.teamIds)) changes.teamIds = [...form.teamIds];
  const pence = limitPence(form);
  if (pence !== noLimitAsNull(saved.delegatedWeeklyLimitPence)) changes.delegatedWeeklyLimitPence = pence;
  return changes;
}

/** True when the form says something other than the saved account. */
export function differs(saved: StaffUser, form: ColleagueForm): boolean {
  const name = form.displayName.trim() !== saved.displayName;
  const limit = poundsInputToPence(form.limit);
  return (
    name ||
    !sameMembers(form.roles, saved.roles) ||
    !sameMembers(form.teamIds, saved.teamIds) ||
    (limit.error ? true : noLimitAsNull(limit.pence) !== noLimitAsNull(saved.delegatedWeeklyLimitPence))
  );
}

/** A password for a colleague's first sign-in: 4 groups of 5 letters and digits, none easily confused. */
export function suggestPassword(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const groups: string[] = [];
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let group = '';
  while (groups.length < 4) {
    for (const byte of random(16)) {
      if (byte >= limit) continue;
      group += alphabet[byte % alphabet.length];
      if (group.length === 5) {
        groups.push(group);
        group = '';
        if (groups.length === 4) break;
      }
    }
  }
  return groups.join('-');
}
