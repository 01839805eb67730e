import type { Database } from '@threefold/db';
import { givenNameVariants, isValidPostcodeShape, normaliseNhsNumber, normalisePostcode } from '@threefold/domain';
import { AppProblem } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { canSeeRestricted } from './person-record.js';
import { searchRepository, type PersonHit, type SearchNarrowing } from './search.repository.js';
import { recordDisclosure } from './disclosures.js';

export interface SearchInput {
  q?: string | undefined;
  nhsNumber?: string | undefined;
  dateOfBirth?: string | undefined;
  postcode?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Reads a free-text search box: an NHS number, a date of birth, a postcode, and the rest is a name. */
export function parseSearch(q: string): { name: string; nhsNumber?: string; dateOfBirth?: string; postcode?: string } {
  let rest = ` ${q.trim()} `;
  const out: { name: string; nhsNumber?: string; dateOfBirth?: string; postcode?: string } = { name: '' };
  const nhs = /\s(\d{3}[\s-]?\d{3}[\s-]?\d{4})\s/.exec(rest);
  if (nhs) {
    out.nhsNumber = nhs[1]!.replace(/\D/g, '');
    rest = rest.replace(nhs[1]!, ' ');
  }
  const iso = /\s(\d{4}-\d{2}-\d{2})\s/.exec(rest);
  const uk = /\s(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s/.exec(rest);
  if (iso) {
    out.dateOfBirth = iso[1]!;
    rest = rest.replace(iso[1]!, ' ');
  } else if (uk) {
    out.dateOfBirth = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
    rest = rest.replace(uk[0]!.trim(), ' ');
  }
  const pc = /\s([A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2})\s/.exec(rest);
  if (pc && isValidPostcodeShape(pc[1]!)) {
    out.postcode = normalisePostcode(pc[1]!);
    rest = rest.replace(pc[1]!, ' ');
  }
  out.name = rest.replace(/\s+/g, ' ').trim();
  return out;
}

const matchView = (h: PersonHit) => ({
  id: h.id,
  givenName: h.given_name,
  familyName: h.family_name,
  preferredName: h.preferred_name,
  dateOfBirth: h.date_of_birth,
  nhsNumber: h.nhs_number,
  postcode: h.postcode,
  restricted: h.restricted,
  score: Math.min(10, Math.round(Number(h.score) * 1000) / 1000),
});

export class PeopleSearch {
  constructor(
    /** The primary: the search's audit row and a machine client's disclosures are written here. */
    private readonly db: Database,
    /** Where the search reads: the replica when one is configured (`DATABASE_REPLICA_URL`), else the primary. */
    private readonly reads: Database = db,
  ) {}

  /**
   * One search box, ranked by likeness. The search is audited, and a machine client's results
   * are recorded as disclosed (for the people's subject access exports).
   */
  async find(actor: Actor, input: SearchInput) {
    const parsed = input.q ? parseSearch(input.q) : { name: '' };
    const nhsNumber = input.nhsNumber ? normaliseNhsNumber(input.nhsNumber) : parsed.nhsNumber;
    const narrowing: SearchNarrowing = {
      hideRestricted: !canSeeRestricted(actor.principal),
      dateOfBirth: input.dateOfBirth ?? parsed.dateOfBirth,
      postcode: input.postcode ? normalisePostcode(input.postcode) : parsed.postcode,
      after: decodeCursor<[number, string]>(input.cursor, 2),
      limit: input.limit + 1,
    };
    const name = parsed.name.toLowerCase();
    let hits: PersonHit[];
    if (nhsNumber) {
      hits = await searchRepository.byNhsNumber(this.reads, nhsNumber, narrowing);
    } else if (name) {
      const words = name.split(' ');
      const given = words.length > 1 ? words[0]! : '';
      hits = await searchRepository.byName(
        this.reads,
        { full: name, given, family: words.at(-1)!, variants: given ? givenNameVariants(given) : [] },
        narrowing,
      );
    } else if (narrowing.dateOfBirth || narrowing.postcode) {
      hits = await searchRepository.byDateOfBirthOrPostcode(this.reads, narrowing);
    } else {
      throw new AppProblem(400, 'validation_failed', 'Invalid request', 'Say who you are looking for.', [
        { in: 'query', field: 'q', pointer: '/q', message: 'give a name, NHS number, date of birth or postcode' },
      ]);
    }
    const items = hits.slice(0, input.limit).map(matchView);
    const last = hits[input.limit - 1];
    await actor.audit(this.db, { action: 'person.search', resourceType: 'person', resourceId: null });
    await recordDisclosure(
      this.db,
      actor,
      items.map((p) => p.id),
      'search result (name, date of birth, NHS number, postcode)',
    );
    return {
      items,
      nextCursor: hits.length > input.limit && last ? encodeCursor([Number(last.score), last.id]) : null,
    };
  }
}
