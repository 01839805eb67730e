import { nameLetters, nameLettersNear } from '@threefold/domain';
import { sql, type SQL } from 'drizzle-orm';

/** A name to look for, lower-cased: `givenKeys` is the given name and its known variants. */
export interface NameLookup {
  given: string;
  family: string;
  givenKeys: string[];
}

/**
 * The distinct names (`person_family_names` or `person_given_names`) like `name`, as (k, w): the
 * `take` most like it by trigrams, and up to 5 one slip away — a letter dropped or added, or two
 * letters swapped — found by their letters (the btree on `name_letters(name)`, probed with
 * `nameLettersNear`) and checked by edit distance: one edit, or two with the same letters (a swap).
 * A short name with a letter dropped ("smih") or any name with two letters swapped ("wislon")
 * shares too few trigrams to pass the threshold, and its double metaphone often differs. A slip
 * counts as likeness 0.6.
 */
function likeNames(table: 'person_family_names' | 'person_given_names', name: string, take: number): SQL {
  const from = sql.raw(table);
  return sql`select k, max(w) as w from (
      (select name as k, similarity(name, ${name}) as w from ${from}
        where name % ${name} order by w desc, name limit ${take})
      union all
      (select name, 0.6::real from ${from}
        where name_letters(name) = any(${sql.param(nameLettersNear(name))}::text[])
          and levenshtein_less_equal(name, ${name}, 2)
              <= case when name_letters(name) = ${nameLetters(name)} then 2 else 1 end
        order by levenshtein(name, ${name}), name limit 5)) l
     group by k`;
}

/**
 * How close a candidate's family name is to the one asked for, as a score term: 0.3 for the same
 * name, 0.2 for one edit or two letters swapped (two edits, same letters), 0.1 for two other edits.
 * Keeps the exact and nearest spellings first among the arms' candidates.
 */
export function familyCloseness(column: SQL, family: string): SQL {
  return sql`(case levenshtein_less_equal(lower(${column}), ${family}, 2)
      when 0 then 0.3 when 1 then 0.2
      when 2 then case when name_letters(${column}) = ${nameLetters(family)} then 0.2 else 0.1 end
      else 0 end)`;
}

/**
 * Common table expressions ending in `found`: the `columns` of `people p` for the people whose name is like this one, from
 * bounded arms joined by `union`, each reading an index and stopping at `perArm` rows:
 *
 * - likeness: the 20 distinct family names most like the family name (trigrams over
 *   `person_family_names`, a few hundred thousand short strings at ten million people) and those
 *   one slip from it (`likeNames`), crossed with the given name, its variants and the 10 distinct
 *   given names most like it (and those one slip from it), the 200 best pairs
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
  const families = sql`families as (${likeNames('person_family_names', name.family, 20)})`;
  if (!name.given) {
    return sql`${families},
      found as (
        (select x.* from (select * from families order by w desc, k) f
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
        ${likeNames('person_given_names', name.given, 10)}) g
       group by k),
    pairs as materialized (
      select f.k as family, g.k as given from families f cross join givens g order by f.w + g.w desc, f.k, g.k
       limit 200),
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
