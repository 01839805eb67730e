import { ageOn, dateInEngland, formatNhsNumber, isIsoDate, type RelationshipType } from '@threefold/domain';

/** A calendar date the way people in England read it: "2 March 1941". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (!isIsoDate(iso)) return iso;
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  // Noon UTC keeps the day the same whatever the browser's time zone.
  return new Date(Date.UTC(year, month - 1, day, 12)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Age in whole years today in England, or null when the date is missing or not a date. */
export function ageToday(
  dateOfBirth: string | null | undefined,
  today: string = dateInEngland(new Date()),
): number | null {
  if (!dateOfBirth || !isIsoDate(dateOfBirth)) return null;
  return ageOn(dateOfBirth, today);
}

/** "2 March 1941 (84)", or "" with no date of birth. */
export function birthAndAge(dateOfBirth: string | null | undefined, today?: string): string {
  if (!dateOfBirth) return '';
  const age = ageToday(dateOfBirth, today);
  return age === null ? formatDate(dateOfBirth) : `${formatDate(dateOfBirth)} (${age})`;
}

/** The NHS number in the 3-3-4 grouping printed on NHS letters, or "" with none. */
export function nhsNumberText(nhsNumber: string | null | undefined): string {
  return nhsNumber ? formatNhsNumber(nhsNumber) : '';
}

export function fullName(person: { givenName: string; familyName: string }): string {
  return `${person.givenName} ${person.familyName}`.trim();
}

/** What a person is called day to day, if it is not their given name. */
export function knownAs(person: { givenName: string; preferredName: string | null }): string | null {
  const preferred = person.preferredName?.trim();
  return preferred && preferred.toLowerCase() !== person.givenName.trim().toLowerCase() ? preferred : null;
}

/**
 * Each relationship read from the person's side, in plain words: "<person> is the unpaid carer of
 * <other>". The API records both sides, so each reads naturally from either person's page.
 */
export const relationshipWords: Readonly<Record<RelationshipType, string>> = {
  spouse_or_partner: 'is the spouse or partner of',
  parent_of: 'is the parent of',
  child_of: 'is the son or daughter of',
  sibling_of: 'is the brother or sister of',
  grandparent_of: 'is the grandparent of',
  grandchild_of: 'is the grandchild of',
  friend_of: 'is a friend of',
  neighbour_of: 'is a neighbour of',
  unpaid_carer_of: 'is the unpaid carer of',
  cared_for_by: 'is cared for by',
  appointee_for: 'is the appointee (manages benefits) for',
  has_appointee: 'has as their appointee',
  lpa_attorney_for: 'holds lasting power of attorney for',
  has_lpa_attorney: 'has given lasting power of attorney to',
};

export function relationshipText(type: string): string {
  return (relationshipWords as Record<string, string | undefined>)[type] ?? type.replaceAll('_', ' ');
}

/** A date-time the way people in England read it, in UK time: "25 November 2025 at 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
  return `${day} at ${time}`;
}

/** The time of day in UK time: "14:05". */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
}
