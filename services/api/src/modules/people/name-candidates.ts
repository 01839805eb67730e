import { sql, type SQL } from 'drizzle-orm';

/** A name to look for, lower-cased: `givenKeys` is the given name and its known variants. */
export interface NameLookup {
  given: string;
  family: string;
  givenKeys: string[];
}

/**
 * Common table expressions ending in `found`: the `columns` of `people p` for the people whose name is like this one, from
 * bounded arms joined by `union`, each reading an index and stopping at `perArm` rows:
 *
 * - likeness: the 20 distinct family names most like the family name (trigrams over
 *   `person_family_names`, a few hundred thousand short strings at ten million people), crossed
 *   with the given name, its variants and the 10 distinct given names most like it, best pairs
 *   first; each pair is a btree probe of `people_name_lower_idx` (family, given, date of birth);
 * - sound: the family name's and the given name's double metaphone together
 *   (`people_name_metaphone_idx`), and the family name's with any of the given keys above
 *   (`people_family_metaphone_idx`) — both columns are index conditions, never a whole sound group.
 *
 * Each arm returns the columns the caller ranks and shows, so the union (which drops the same
 * person found twice) needs no second visit to people. `where` narrows `people p` (merged,
 * restricted, date of birth). With no given name, the arms
 * are the family-name likeness joined by family name alone, and the family name's sound.
 */
export function nameCandidates(name: NameLookup, columns: SQL, where: SQL, perArm: number): SQL {
  const families = sql`families as (
      select name as k, similarity(name, ${name.family}) as w from person_family_names
       where name % ${name.family} order by w desc, name limit 20)`;
  if (!name.given) {
    return sql`${families},
      found as (
        (select x.* from families f
           cross join lateral (select ${columns} from people p where lower(p.family_name) = f.k and ${where} limit ${perArm}) x
          limit ${perArm})
        union
        (select ${columns} from people p where dmetaphone(p.family_name) = dmetaphone(${name.family}) and ${where} limit ${perArm}))`;
  }
  return sql`${families},
    givens as (
      select k, max(w) as w from (
        select k, 1::real as w from unnest(string_to_array(${name.givenKeys.join(',')}, ',')) k
        union all
        (select name, similarity(name, ${name.given}) from person_given_names
          where name % ${name.given} order by 2 desc, name limit 10)) g
       group by k),
    pairs as materialized (
      select f.k as family, g.k as given from families f cross join givens g order by f.w + g.w desc, f.k, g.k),
    found as (
      (select x.* from pairs pr
         cross join lateral (select ${columns} from people p
                              where lower(p.family_name) = pr.family and lower(p.given_name) = pr.given and ${where}
                              limit ${perArm}) x
        limit ${perArm})
      union
      (select ${columns} from people p
        where dmetaphone(p.family_name) = dmetaphone(${name.family}) and dmetaphone(p.given_name) = dmetaphone(${name.given})
          and ${where} limit ${perArm})
      union
      (select ${columns} from people p
        where dmetaphone(p.family_name) = dmetaphone(${name.family}) and lower(p.given_name) = any(array(select k from givens))
          and ${where} limit ${perArm}))`;
}
