import type { DbOrTx, Tx } from '@threefold/db';
import type { CheckedRow, FieldProblem, ImportKind, RowCheckContext } from '@threefold/domain';
import type { Actor } from '../../../platform/actor.js';
import type { ImportJobRow } from '../repository.js';

/** A row of the file as read through the mapping and checked, with its place in the file. */
export type RowAt = CheckedRow & { rowNumber: number };

/** A record a kind is about to write, keyed by the council's id it claims. */
export interface Claimable {
  externalId: string;
  recordId: string;
}

/** Claims each record's council id; returns the records this call claimed (an earlier run's are left out). */
export type Claim = <T extends Claimable>(records: T[]) => Promise<T[]>;

/** What a batch writer did: rows written, and rows left out (their person or provider missing now). */
export interface BatchWritten {
  written: number;
  left: number;
}

/**
 * One kind of import: its code lists, the checks its rows need against the database during the
 * dry run, and how a batch of checked, not yet imported rows is written (through the module that
 * owns the records). Adding a kind is adding one of these to `kinds/index.ts`.
 */
export interface ImportKindHandler {
  kind: ImportKind;
  /** The values each coded field accepts (after the mapping's value map). */
  codeLists: RowCheckContext['codeLists'];
  /**
   * The database checks for a batch of rows not yet imported (duplicates of people already
   * recorded, people not imported …): the problems of each row, by row number.
   */
  checkBatch?: (tx: DbOrTx, job: ImportJobRow, fresh: RowAt[]) => Promise<Map<number, FieldProblem[]>>;
  /** Writes a batch of good rows not yet imported, in the batch's transaction. */
  write: (tx: Tx, actor: Actor, job: ImportJobRow, fresh: RowAt[], claim: Claim) => Promise<BatchWritten>;
}

/** Adds a problem to a row's list in a by-row-number map. */
export function addProblem(map: Map<number, FieldProblem[]>, rowNumber: number, problem: FieldProblem): void {
  const list = map.get(rowNumber);
  if (list) list.push(problem);
  else map.set(rowNumber, [problem]);
}
