import { createHash } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import { runNamed, type NamedStatement } from './named-query.js';
import { inRequestTransaction } from './request-transaction.js';

/**
 * One write of a use case as a piece of a larger statement: an INSERT (or other data-modifying
 * statement) with its parameters numbered from $1, and its values. `shape` names the text: two
 * parts with the same shape have the same text, so a composed statement is planned once.
 */
export interface StatementPart {
  shape: string;
  text: string;
  values: unknown[];
}

const composed = new Map<string, NamedStatement>();

/** The parts' texts as one data-modifying WITH, named after their shapes (planned once per connection). */
function statementOf(main: StatementPart, along: StatementPart[]): NamedStatement {
  const shapes = [main, ...along].map((p) => p.shape).join('+');
  let statement = composed.get(shapes);
  if (!statement) {
    let offset = main.values.length;
    const arms = along.map((part, i) => {
      const text = part.text.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`);
      offset += part.values.length;
      return `w${i + 1} as (${text})`;
    });
    // PostgreSQL keeps a prepared statement's name to 63 bytes: a long list of shapes is hashed.
    const name =
      shapes.length <= 58 ? `one_${shapes}` : `one_${createHash('sha1').update(shapes).digest('hex').slice(0, 32)}`;
    const text = arms.length ? `with main as (${main.text}), ${arms.join(', ')} select * from main` : main.text;
    statement = { name, text };
    composed.set(shapes, statement);
  }
  return statement;
}

/**
 * A use case's writes as ONE statement: the main insert (whose rows it returns) and the rows that
 * must go with it — its outbox events, its audit row — as arms of one data-modifying WITH. A
 * statement is atomic by itself, so no BEGIN or COMMIT is sent: one round trip instead of five,
 * and if any arm is refused (a foreign key, a check) nothing at all is written.
 *
 * Only for use cases whose rules need no read between their writes: the arms see the database as
 * it was before the statement, not each other's rows, so every value must be known up front (ids
 * are made by the caller). Anything that reads first keeps its transaction.
 */
export class OneStatement {
  private readonly along: StatementPart[] = [];

  constructor(private readonly main: StatementPart) {}

  /** Adds a write that commits or fails with the main one (none: nothing to add). */
  with(part: StatementPart | null | undefined): this {
    if (part) this.along.push(part);
    return this;
  }

  /**
   * Runs the statement on `db`. Inside a request transaction (an idempotent POST) it runs in a
   * savepoint, so a refused write leaves that transaction able to store the refusal as the answer.
   */
  async run<R extends object>(db: DbOrTx): Promise<R[]> {
    const statement = statementOf(this.main, this.along);
    const values = [...this.main.values, ...this.along.flatMap((p) => p.values)];
    if (inRequestTransaction()) return db.transaction((tx) => runNamed<R>(tx, statement, values));
    return runNamed<R>(db, statement, values);
  }
}
