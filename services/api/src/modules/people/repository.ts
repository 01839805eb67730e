import { people, personVersions, type DbOrTx } from '@threefold/db';
import { and, asc, eq, getTableColumns, gt, isNull, sql } from 'drizzle-orm';
import { insertByUnnest } from '../../platform/unnest-insert.js';
import { runNamed, type NamedStatement } from '../../platform/named-query.js';
import type { PersonRow } from './person-record.js';
import { familyCloseness, nameCandidates } from './name-candidates.js';

type NewPersonRow = typeof people.$inferInsert;
type NewPersonVersion = typeof personVersions.$inferInsert;

export type DuplicateCandidate = {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  postcode: string | null;
  score: number;
};

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Every column of `people` under its drizzle key, so a raw row is a PersonRow as it comes. */
const personColumns = Object.keys(getTableColumns(people))
  .map((key) => `${snake(key)} as "${key}"`)
  .join(', ');

// Opening a record is on the hottest read path: named, planned once per connection, no SQL built per request.
const PERSON_BY_ID: NamedStatement = {
  name: 'people_by_id',
  text: `select ${personColumns} from people where id = $1`,
};

/** People's records and their versions: drizzle only, each method one named query. */
export const personRepository = {
  /** What an access check needs of a person: that they exist, and whether their record is restricted. */
  async accessOf(tx: DbOrTx, personId: string): Promise<{ id: string; restricted: boolean } | undefined> {
    const [row] = await tx
      .select({ id: people.id, restricted: people.restricted })
      .from(people)
      .where(eq(people.id, personId));
    return row;
  },

  async insert(tx: DbOrTx, values: NewPersonRow): Promise<PersonRow> {
    const [row] = await tx.insert(people).values(values).returning();
    return row!;
  },

  async insertVersion(tx: DbOrTx, values: NewPersonVersion): Promise<void> {
    await tx.insert(personVersions).values(values);
  },

  /** Many records at once (an import's batch), with their first versions. */
  async insertMany(tx: DbOrTx, rows: NewPersonRow[], versions: NewPersonVersion[]): Promise<void> {
    // By unnest: a batch of 1,000 people is one short statement each, not 40,000 bound parameters.
    await insertByUnnest(tx, people, rows);
    await insertByUnnest(tx, personVersions, versions);
  },

  /** Live (not merged away) records after `afterId`, in id order: an export's pages. */
  async livePage(tx: DbOrTx, afterId: string | null, limit: number): Promise<PersonRow[]> {
    return tx
      .select()
      .from(people)
      .where(and(isNull(people.mergedIntoId), afterId ? gt(people.id, afterId) : undefined))
      .orderBy(asc(people.id))
      .limit(limit);
  },

  /** The live records holding any of these NHS numbers. */
  async liveByNhsNumbers(tx: DbOrTx, nhsNumbers: string[]): Promise<{ id: string; nhsNumber: string }[]> {
    if (!nhsNumbers.length) return [];
    const { rows } = await tx.execute<{ id: string; nhsNumber: string }>(sql`
      select id, nhs_number as "nhsNumber" from people
       where merged_into_id is null and nhs_number = any(${sql.param(nhsNumbers)}::text[])`);
    return rows;
  },

  /**
   * Live records with exactly this given and family name (any case) and date of birth, for any of
   * the names given; `fullName` is "given family", lower-cased. Each name is one probe of
   * `people_name_lower_idx` (family, given, date of birth all index conditions).
   */
  async liveByExactNamesAndDates(
    tx: DbOrTx,
    names: { givenName: string; familyName: string; dateOfBirth: string }[],
  ): Promise<{ id: string; fullName: string; dateOfBirth: string }[]> {
    if (!names.length) return [];
    const { rows } = await tx.execute<{ id: string; fullName: string; dateOfBirth: string }>(sql`
      select p.id, q.given || ' ' || q.family as "fullName", q.dob::text as "dateOfBirth"
        from unnest(${sql.param(names.map((p) => p.givenName.toLowerCase()))}::text[],
                    ${sql.param(names.map((p) => p.familyName.toLowerCase()))}::text[],
                    ${sql.param(names.map((p) => p.dateOfBirth))}::date[]) as q(given, family, dob)
        join people p on lower(p.family_name) = q.family and lower(p.given_name) = q.given
                     and p.date_of_birth = q.dob
       where p.merged_into_id is null`);
    return rows;
  },

  async byId(tx: DbOrTx, id: string): Promise<PersonRow | null> {
    const [row] = await runNamed<PersonRow>(tx, PERSON_BY_ID, [id]);
    return row ?? null;
  },

  /** The record, locked for the rest of the transaction (a correction or a merge). */
  async lock(tx: DbOrTx, id: string): Promise<PersonRow | null> {
    const [row] = await tx.select().from(people).where(eq(people.id, id)).for('update');
    return row ?? null;
  },

  /** Writes a correction only if the record is still at `expected`; null when someone got there first. */
  async updateAtVersion(
    tx: DbOrTx,
    id: string,
    expected: number,
    set: Partial<NewPersonRow>,
  ): Promise<PersonRow | null> {
    const [row] = await tx
      .update(people)
      .set(set)
      .where(and(eq(people.id, id), eq(people.version, expected)))
      .returning();
    return row ?? null;
  },

  async versionsOf(tx: DbOrTx, id: string) {
    return tx.select().from(personVersions).where(eq(personVersions.personId, id)).orderBy(asc(personVersions.version));
  },

  /** The live (not merged away) record holding this NHS number, if any. */
  async liveByNhsNumber(tx: DbOrTx, nhsNumber: string): Promise<{ id: string } | null> {
    const [row] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.nhsNumber, nhsNumber), isNull(people.mergedIntoId)));
    return row ?? null;
  },

  /**
   * At most `limit` live records whose name is like this one (`nameCandidates`: bounded index arms
   * of at most 50 people each, so a common name costs the same as a rare one) and whose date of
   * birth does not differ, best first: full-name likeness and the family name's closeness, plus 1
   * for the same date of birth.
   */
  async likelyDuplicates(
    tx: DbOrTx,
    input: { givenName: string; familyName: string; givenVariants: string[]; dateOfBirth?: string | null | undefined },
    limit = 5,
  ): Promise<DuplicateCandidate[]> {
    const given = input.givenName.trim().toLowerCase();
    const family = input.familyName.trim().toLowerCase();
    const full = `${given} ${family}`;
    const dateOfBirth = input.dateOfBirth ?? null;
    const where = sql`p.merged_into_id is null
      and (${dateOfBirth}::date is null or p.date_of_birth is null or p.date_of_birth = ${dateOfBirth}::date)`;
    const { rows } = await tx.execute<DuplicateCandidate>(sql`
      with ${nameCandidates(
        { given, family, givenKeys: input.givenVariants },
        sql`p.id, p.given_name, p.family_name, p.date_of_birth, p.postcode`,
        where,
        50,
      )}
      select c.id, c.given_name, c.family_name, c.date_of_birth::text, c.postcode,
             similarity(lower(c.given_name || ' ' || c.family_name), ${full})
               + ${familyCloseness(sql`c.family_name`, family)}
               + case when c.date_of_birth = ${dateOfBirth}::date then 1 else 0 end as score
        from found c
       order by score desc, c.id
       limit ${limit}`);
    return rows;
  },

  /** Up to two live records born that day whose full name is very like this one (the front door's match). */
  async liveByNameAndDateOfBirth(tx: DbOrTx, fullName: string, dateOfBirth: string): Promise<{ id: string }[]> {
    const { rows } = await tx.execute<{ id: string }>(sql`
      select id from people
       where merged_into_id is null and date_of_birth = ${dateOfBirth}::date
         and similarity(lower(given_name || ' ' || family_name), ${fullName.toLowerCase()}) > 0.6
       limit 2`);
    return rows;
  },
};
