DROP INDEX IF EXISTS "people_full_name_idx";
-- hand-written
-- A name's letters, lower-cased, in byte order ("Wilson", "Wislon" and "O'Wilns" → "ilnosw"): two
-- letters swapped keep it, where trigrams and double metaphone both miss. IMMUTABLE for the
-- indexes below: the letters are sorted by byte ("C"), not by the database's collation. The same
-- as `nameLetters` (packages/domain/src/people.ts), which computes the keys a search probes.
CREATE OR REPLACE FUNCTION name_letters(name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(c, '' ORDER BY c COLLATE "C"), '')
    FROM regexp_split_to_table(regexp_replace(lower(name), '[^[:alpha:]]', '', 'g'), '') AS c
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "person_family_names_letters_idx" ON "person_family_names" USING btree (name_letters("name"));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "person_given_names_letters_idx" ON "person_given_names" USING btree (name_letters("name"));
--> statement-breakpoint
-- Statistics for the new expressions, else the planner walks the primary key filtering every name.
ANALYZE person_family_names;
--> statement-breakpoint
ANALYZE person_given_names;
