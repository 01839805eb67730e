import { formatNhsNumber, type RelationshipType } from '@threefold/domain';

/** How people, their NHS numbers and their relationships read on any page of the console. */

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
