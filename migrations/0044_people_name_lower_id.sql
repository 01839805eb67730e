-- A name's exact matches (lower-cased family and given name) in id order, live records only: the
-- name search reads an exact full name's first page straight from it instead of ranking every
-- namesake (services/api/src/modules/people/search.repository.ts, `byName`).
CREATE INDEX IF NOT EXISTS "people_name_lower_id_idx" ON "people" USING btree (lower("family_name"),lower("given_name"),"id") WHERE "people"."merged_into_id" is null;