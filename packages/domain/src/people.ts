/**
 * People and the front door: the code lists the API publishes and the rules that do not need
 * a database (relationship inverses, nickname expansion for finding people).
 */

export const relationshipTypes = [
  'spouse_or_partner',
  'parent_of',
  'child_of',
  'sibling_of',
  'grandparent_of',
  'grandchild_of',
  'friend_of',
  'neighbour_of',
  'unpaid_carer_of',
  'cared_for_by',
  'appointee_for',
  'has_appointee',
  'lpa_attorney_for',
  'has_lpa_attorney',
] as const;
export type RelationshipType = (typeof relationshipTypes)[number];

const inverses: Record<RelationshipType, RelationshipType> = {
  spouse_or_partner: 'spouse_or_partner',
  parent_of: 'child_of',
  child_of: 'parent_of',
  sibling_of: 'sibling_of',
  grandparent_of: 'grandchild_of',
  grandchild_of: 'grandparent_of',
  friend_of: 'friend_of',
  neighbour_of: 'neighbour_of',
  unpaid_carer_of: 'cared_for_by',
  cared_for_by: 'unpaid_carer_of',
  appointee_for: 'has_appointee',
  has_appointee: 'appointee_for',
  lpa_attorney_for: 'has_lpa_attorney',
  has_lpa_attorney: 'lpa_attorney_for',
};

/** "Ann is the unpaid carer of Bob" seen from Bob: "Bob is cared for by Ann". */
export function inverseRelationship(type: RelationshipType): RelationshipType {
  return inverses[type];
}

/** Main-carer status belongs to the caring side and is shown on both. */
export function isCaringRelationship(type: RelationshipType): boolean {
  return type === 'unpaid_carer_of' || type === 'cared_for_by';
}

export const contactChannels = ['phone', 'email', 'web', 'in_person', 'partner', 'council_system'] as const;
export const contactMadeBy = [
  'self',
  'family_or_friend',
  'gp',
  'hospital',
  'police',
  'housing',
  'provider',
  'council',
  'other',
] as const;
/** The national route-of-access list (Client Level Data). */
export const routesOfAccess = [
  'planned_entry_transition',
  'discharge_from_hospital',
  'diversion_from_hospital',
  'community_other',
  'prison',
  'self_funder',
  'discharge_from_reablement',
  'transfer_from_other_council',
] as const;
export const contactOutcomes = [
  'information_and_advice',
  'connected_to_community',
  'progressed_to_conversation_1',
  'progressed_to_conversation_2',
  'progressed_to_conversation_3',
  'safeguarding_concern_raised',
  'no_further_action',
] as const;
export type ContactOutcome = (typeof contactOutcomes)[number];

/** Outcomes that close the contact at the front door: the practice's "resolved at first contact". */
export function isResolvedAtFirstContact(outcome: ContactOutcome): boolean {
  return (
    outcome === 'information_and_advice' || outcome === 'connected_to_community' || outcome === 'no_further_action'
  );
}

/** An outcome's required companion fields, as problems keyed by field name. */
export function contactOutcomeProblems(outcome: ContactOutcome, reason: string | undefined): Record<string, string> {
  if (outcome === 'no_further_action' && !reason?.trim())
    return { reason: 'is required when there is no further action' };
  return {};
}

// Common English given-name variants: searching for one also finds the others.
const nicknameGroups: string[][] = [
  ['william', 'bill', 'billy', 'will', 'willie', 'liam'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['margaret', 'maggie', 'peggy', 'meg', 'madge', 'marge', 'rita'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'bess', 'eliza', 'libby', 'elisabeth'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'jack', 'johnny', 'jon'],
  ['richard', 'dick', 'rick', 'richie'],
  ['edward', 'ted', 'ed', 'eddie', 'ned'],
  ['catherine', 'katherine', 'kathryn', 'kate', 'katie', 'cathy', 'kathy', 'kath', 'cath', 'kitty'],
  ['patricia', 'pat', 'patsy', 'trish'],
  ['susan', 'sue', 'susie', 'suzanne'],
  ['christine', 'chris', 'chrissie', 'christina'],
  ['christopher', 'chris', 'kit'],
  ['anthony', 'tony'],
  ['michael', 'mike', 'mick', 'mickey'],
  ['david', 'dave', 'davy'],
  ['dorothy', 'dot', 'dottie', 'dolly'],
  ['barbara', 'barbra', 'babs'],
  ['jennifer', 'jenny', 'jen'],
  ['joan', 'joanie'],
  ['kenneth', 'ken', 'kenny'],
  ['stephen', 'steven', 'steve'],
  ['thomas', 'tom', 'tommy'],
  ['alexander', 'alex', 'sandy'],
  ['frederick', 'fred', 'freddie'],
  ['henry', 'harry', 'hal'],
  ['mary', 'molly', 'polly', 'mollie'],
  ['ann', 'anne', 'annie', 'anna', 'nan', 'nancy'],
  ['sarah', 'sara', 'sally'],
  ['helen', 'ellen', 'nell', 'nellie'],
  ['mohammed', 'muhammad', 'mohammad', 'mohamed'],
];
const nicknameIndex = new Map<string, Set<string>>();
for (const group of nicknameGroups) {
  for (const name of group) {
    const set = nicknameIndex.get(name) ?? new Set<string>();
    for (const other of group) set.add(other);
    nicknameIndex.set(name, set);
  }
}

/** The given name and the names it is commonly known by, lower-cased. */
export function givenNameVariants(name: string): string[] {
  const key = name.trim().toLowerCase();
  if (!key) return [];
  return [...(nicknameIndex.get(key) ?? new Set([key]))].sort();
}

const letterPattern = /\p{L}/u;

/**
 * A name's letters, lower-cased, in code-point order ("Wilson", "Wislon", "O'Wilns" → "ilnosw"):
 * two letters swapped keep it. The same as the database's `name_letters(name)`, whose btree
 * indexes on the distinct name parts it probes (migration `0040_name_letters_key`).
 */
export function nameLetters(name: string): string {
  return [...name.toLowerCase()]
    .filter((c) => letterPattern.test(c))
    .sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!)
    .join('');
}

/**
 * The `nameLetters` of every name one slip from this one — two letters swapped (its own key), a
 * letter a–z added, or one of its letters dropped — distinct: the keys a search probes for
 * "smih" (smith), "smiith" or "wislon" (wilson).
 */
export function nameLettersNear(name: string): string[] {
  const own = nameLetters(name);
  const keys = new Set([own]);
  for (let c = 97; c <= 122; c++) keys.add(nameLetters(own + String.fromCharCode(c)));
  for (let i = 0; i < own.length; i++) keys.add(own.slice(0, i) + own.slice(i + 1));
  return [...keys];
}
