import type { DbOrTx } from '@threefold/db';
import { sql, type SQL } from 'drizzle-orm';
import { familyCloseness, nameCandidates } from './name-candidates.js';
import { executePrepared } from './prepared.js';

export type PersonHit = {
  id: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string | null;
  nhs_number: string | null;
  postcode: string | null;
  restricted: boolean;
  score: number;
};

export interface SearchNarrowing {
  /** Leave out restricted records (colleagues without `people:restricted`). */
  hideRestricted: boolean;
  dateOfBirth?: string | undefined;
  postcode?: string | undefined;
  /** Keyset: the last hit of the previous page, as (score, id). */
  after?: [number, string] | null | undefined;
  /** One more than the page, to know whether another follows. */
  limit: number;
}

const visible = (n: SearchNarrowing) => (n.hideRestricted ? sql`not p.restricted` : sql`true`);
const narrowed = (n: SearchNarrowing): SQL => sql`p.merged_into_id is null and ${visible(n)}
  ${n.dateOfBirth ? sql`and p.date_of_birth = ${n.dateOfBirth}::date` : sql``}
  ${n.postcode ? sql`and p.postcode = ${n.postcode}` : sql``}`;

/** Finding people: drizzle `sql` over the name-part trigram, btree and double-metaphone indexes. */
export const searchRepository = {
  async byNhsNumber(db: DbOrTx, nhsNumber: string, n: SearchNarrowing): Promise<PersonHit[]> {
    const { rows } = await db.execute<PersonHit>(sql`
      select p.id, p.given_name, p.family_name, p.preferred_name, p.date_of_birth::text, p.nhs_number, p.postcode, p.restricted, 10::float8 as score
        from people p where p.nhs_number = ${nhsNumber} and p.merged_into_id is null and ${visible(n)}
       limit ${n.limit}`);
    return rows;
  },

  /**
   * Candidates come from bounded index arms (`nameCandidates`): trigram likeness of the distinct
   * family and given names joined to people by btree (typos), and double metaphone of both names
   * (spellings, nicknames), and names with two letters swapped. Each arm stops at 100 people; the
   * union is ranked here, the family name's closeness (`familyCloseness`) keeping the nearest first.
   */
  async byName(
    db: DbOrTx,
    name: { full: string; given: string; family: string; variants: string[] },
    n: SearchNarrowing,
  ): Promise<PersonHit[]> {
    const { full, given, family } = name;
    const variants = name.variants.join(',');
    const candidates = nameCandidates(
      { given, family, givenKeys: name.variants },
      sql`p.id, p.given_name, p.family_name, p.preferred_name, p.date_of_birth, p.nhs_number, p.postcode, p.restricted`,
      narrowed(n),
      100,
    );
    return executePrepared<PersonHit>(
      db,
      'people_by_name',
      sql`
        with ${candidates},
        scored as (
          select c.id, c.given_name, c.family_name, c.preferred_name, c.date_of_birth::text, c.nhs_number, c.postcode, c.restricted,
                 (similarity(lower(c.given_name || ' ' || c.family_name), ${full})
                  + similarity(lower(c.family_name), ${family}) * 0.5
                  + case when dmetaphone(c.family_name) = dmetaphone(${family}) then 0.3 else 0 end
                  + ${familyCloseness(sql`c.family_name`, family)}
                  + case when ${given} <> '' and lower(c.given_name) = any(string_to_array(${variants}, ',')) then 0.4
                         when ${given} <> '' and similarity(lower(c.given_name), ${given}) > 0.4 then 0.2 else 0 end
                  + case when ${n.dateOfBirth ?? null}::date is not null then 1 else 0 end)::float8 as score
            from found c
        )
        select * from scored
         ${n.after ? sql`where (score, id) < (${n.after[0]}::float8, ${n.after[1]}::uuid)` : sql``}
         order by score desc, id desc
         limit ${n.limit}`,
    );
  },

  async byDateOfBirthOrPostcode(db: DbOrTx, n: SearchNarrowing): Promise<PersonHit[]> {
    const { rows } = await db.execute<PersonHit>(sql`
      select p.id, p.given_name, p.family_name, p.preferred_name, p.date_of_birth::text, p.nhs_number, p.postcode, p.restricted, 1::float8 as score
        from people p
       where ${narrowed(n)}
         ${n.after ? sql`and p.id < ${n.after[1]}::uuid` : sql``}
       order by p.id desc
       limit ${n.limit}`);
    return rows;
  },
};
