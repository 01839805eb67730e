/**
 * How the practice names a person on the records it gives them. A preferred ("known as") name is
 * used when it is a name in its own right (Bob for Robert, Jo for Joanna's chosen spelling); one
 * that is only the first letters of their given name (Chr for Christine, as some imported records
 * hold) is a truncation, not a preference, so the given name is used. Never "Dear Chr Brown".
 */
export function nameToAddress(person: {
  givenName: string;
  familyName: string;
  preferredName?: string | null;
}): string {
  const given = person.givenName.trim();
  const preferred = person.preferredName?.trim() ?? '';
  const truncation =
    preferred.length < given.length &&
    given.toLocaleLowerCase('en-GB').startsWith(preferred.toLocaleLowerCase('en-GB'));
  const first = preferred !== '' && !truncation ? preferred : given;
  return [first, person.familyName.trim()].filter(Boolean).join(' ');
}
