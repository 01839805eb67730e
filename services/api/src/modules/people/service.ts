/**
 * What other modules may use of people: they write `people` and `person_versions` only through
 * `recordPerson`, in their own transaction. The use cases live by aggregate: `records.ts`
 * (recording, opening, corrections), `search.ts`, `relationships.ts`, `merges.ts`,
 * `subject-access.ts`.
 */
export { checkPersonFields, personView } from './person-record.js';
export {
  findPerson,
  liveByExactNamesAndDates,
  liveByNhsNumbers,
  livePeople,
  matchPerson,
  recordImportedPeople,
  recordPerson,
  refuseLikelyDuplicates,
  type ImportedPerson,
  type PersonDetails,
  type PersonMatch,
  type RecordPersonOptions,
} from './record-person.js';
export { recordImportedRelationships, type ImportedRelationship } from './relationships.js';
