import type { DbOrTx } from '@threefold/db';
import type { FieldProblem } from '@threefold/domain';
import { importsRepository as repo, type ImportJobRow } from '../repository.js';
import { firstRows } from '../seen-keys.js';
import { addProblem, type RowAt } from './types.js';

/** The council ids these fields of a row name (people, say), as written. */
export const refsOf = (r: RowAt, fields: readonly string[]): string[] =>
  fields.map((f) => r.values[f]).filter((v): v is string => typeof v === 'string');

/** Which of the council ids these rows name were imported from the job's source as `kind`, and as which record. */
export async function importedRecords(
  tx: DbOrTx,
  job: ImportJobRow,
  kind: string,
  rows: RowAt[],
  fields: readonly string[],
): Promise<Map<string, string>> {
  return repo.references(
    tx,
    job.source,
    kind,
    rows.flatMap((r) => refsOf(r, fields)),
  );
}

/**
 * The dry run's check that the records a row names by the council's id (its person, say) were
 * imported from the same source first.
 */
export function referenceCheck(kind: string, fields: readonly string[], code = `${singular(kind)}_not_imported`) {
  return async (tx: DbOrTx, job: ImportJobRow, fresh: RowAt[]): Promise<Map<number, FieldProblem[]>> => {
    const imported = await importedRecords(tx, job, kind, fresh, fields);
    const problems = new Map<number, FieldProblem[]>();
    for (const row of fresh) {
      for (const field of fields) {
        const id = row.values[field];
        if (typeof id === 'string' && !imported.has(id))
          addProblem(problems, row.rowNumber, {
            field,
            code,
            reason: `no ${singular(kind)} with council id ${id} was imported from ${job.source}: import the ${kind} file first`,
          });
      }
    }
    return problems;
  };
}

/**
 * The dry run's "one X a person" rule (one open story, one live budget): a row is refused when its
 * imported person already has one (`existing` problem) or an earlier good row of the file names the
 * same person (`earlier` problem, naming that row). The first row naming each person is kept in
 * `import_seen_keys` rather than in memory, so a repeat 100,000 rows on is found at flat memory. A
 * row bad in itself is not written, so it holds no place.
 */
export async function onePerPerson(
  tx: DbOrTx,
  job: ImportJobRow,
  fresh: RowAt[],
  people: Map<string, string>,
  alreadyHave: Set<string>,
  existing: FieldProblem,
  earlier: (row: number) => FieldProblem,
  problems: Map<number, FieldProblem[]> = new Map(),
): Promise<Map<number, FieldProblem[]>> {
  const candidates: { key: string; rowNumber: number }[] = [];
  for (const row of fresh) {
    const personId = people.get(row.values.personId as string);
    if (!personId || row.problems.length) continue;
    if (alreadyHave.has(personId)) addProblem(problems, row.rowNumber, existing);
    else candidates.push({ key: personId, rowNumber: row.rowNumber });
  }
  const first = await firstRows(tx, job.id, 'person', candidates);
  for (const c of candidates) {
    const row = first.get(c.key)!;
    if (row !== c.rowNumber) addProblem(problems, c.rowNumber, earlier(row));
  }
  return problems;
}

function singular(kind: string): string {
  return kind === 'people' ? 'person' : kind.replace(/s$/, '');
}

/** Runs several batch checks and puts their problems together, by row. */
export function allChecks(
  ...checks: ((tx: DbOrTx, job: ImportJobRow, fresh: RowAt[]) => Promise<Map<number, FieldProblem[]>>)[]
) {
  return async (tx: DbOrTx, job: ImportJobRow, fresh: RowAt[]): Promise<Map<number, FieldProblem[]>> => {
    const all = new Map<number, FieldProblem[]>();
    for (const check of checks)
      for (const [rowNumber, problems] of await check(tx, job, fresh))
        for (const p of problems) addProblem(all, rowNumber, p);
    return all;
  };
}
