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

type NameColumns = { given: SQL; family: SQL };

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
   *
   * Exact matches first, from an index: for a two-word name (given, family) without a date of
   * birth or postcode, the people whose lower-cased given and family names are exactly those score
   * the most any candidate can (`likeness` is largest for the name itself) and no one else reaches
   * it, so they open the ranking in `id desc` order. They are read straight from
   * `people_name_lower_id_idx` (lower family, lower given, id), the page's worth after the cursor;
   * when they fill the page the arms are never run (a gating condition PostgreSQL checks once),
   * else the page is the exact matches left and the arms' candidates, ranked as before. So a
   * common name ("John Smith", thousands of people at 10 M) reads one page of people, not 300,
   * and every one of its namesakes is reachable by paging (the arms alone found at most 300).
   */
  async byName(
    db: DbOrTx,
    name: { full: string; given: string; family: string; variants: string[] },
    n: SearchNarrowing,
  ): Promise<PersonHit[]> {
    const { full, given, family } = name;
    const variants = name.variants.join(',');
    const columns = sql`p.id, p.given_name, p.family_name, p.preferred_name, p.date_of_birth, p.nhs_number, p.postcode, p.restricted`;
    const candidates = nameCandidates({ given, family, givenKeys: name.variants }, columns, narrowed(n), 100);
    // The ranking's score of a (given, family) pair: columns of a candidate, or the name asked for.
    const likeness = (c: NameColumns) => sql`(similarity(lower(${c.given} || ' ' || ${c.family}), ${full})
                  + similarity(lower(${c.family}), ${family}) * 0.5
                  + case when dmetaphone(${c.family}) = dmetaphone(${family}) then 0.3 else 0 end
                  + ${familyCloseness(c.family, family)}
                  + case when ${given} <> '' and lower(${c.given}) = any(string_to_array(${variants}, ',')) then 0.4
                         when ${given} <> '' and similarity(lower(${c.given}), ${given}) > 0.4 then 0.2 else 0 end
                  + case when ${n.dateOfBirth ?? null}::date is not null then 1 else 0 end)::float8`;
    const exactFirst = given !== '' && full === `${given} ${family}` && !n.dateOfBirth && !n.postcode;
    // The page: the people of `source` scored, best first, after the cursor.
    const ranked = (source: SQL) => sql`scored as (
          select c.id, c.given_name, c.family_name, c.preferred_name, c.date_of_birth::text, c.nhs_number, c.postcode, c.restricted,
                 ${likeness({ given: sql`c.given_name`, family: sql`c.family_name` })} as score
            from ${source} c
        )
        select * from scored
         ${n.after ? sql`where (score, id) < (${n.after[0]}::float8, ${n.after[1]}::uuid)` : sql``}
         order by score desc, id desc
         limit ${n.limit}`;
    if (!exactFirst) {
      return executePrepared<PersonHit>(db, 'people_by_name', sql`with ${candidates}, ${ranked(sql`found`)}`);
    }
    // The exact matches' score, from the name itself: the cursor is still among them when its score is this.
    const exactScore = likeness({ given: sql`${given}::text`, family: sql`${family}::text` });
    return executePrepared<PersonHit>(
      db,
      'people_by_name_exact',
      sql`
        with exact as materialized (
          select ${columns} from people p
           where lower(p.family_name) = ${family} and lower(p.given_name) = ${given} and ${narrowed(n)}
             ${n.after ? sql`and p.id < ${n.after[1]}::uuid and ${n.after[0]}::float8 >= (select ${exactScore})` : sql``}
           order by p.id desc
           limit ${n.limit}),
        ${candidates},
        pool as (
          select * from exact
          union
          select * from found where (select count(*) from exact) < ${n.limit}
        ),
        ${ranked(sql`pool`)}`,
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
