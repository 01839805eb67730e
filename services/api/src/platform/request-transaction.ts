import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Tx } from '@threefold/db';
import { TransactionRollbackError } from 'drizzle-orm';

interface Scope {
  tx?: Tx;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `next` (the rest of a request) where a request transaction may be opened. */
export function withRequestScope(next: () => void): void {
  scopes.run({}, next);
}

/**
 * The drizzle handle services are given. Outside a request transaction it is the pool's; inside
 * one (an idempotent POST) every query, and every `transaction()` — then a savepoint — runs on
 * the request's transaction, so the business write and its stored answer commit together.
 */
export function requestAwareDb(db: Database): Database {
  return new Proxy(db, {
    get(target, property) {
      const source = scopes.getStore()?.tx ?? target;
      const value: unknown = Reflect.get(source, property, source);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(source) : value;
    },
  });
}

/** Whether this request's queries run in its own transaction (an idempotent POST with its key). */
export function inRequestTransaction(): boolean {
  return scopes.getStore()?.tx !== undefined;
}

export interface RequestTransaction {
  tx: Tx;
  /** Runs `last` in the transaction and commits; or, given null, rolls back. */
  finish(last: ((tx: Tx) => Promise<void>) | null): Promise<void>;
}

/**
 * Opens a transaction that stays open across the request's handler, and makes it the one the
 * request's queries use. It ends with `finish` (the idempotency plugin's onSend).
 */
export function openRequestTransaction(db: Database, idleLimitSeconds: number): Promise<RequestTransaction> {
  const scope = scopes.getStore();
  if (!scope) return Promise.reject(new Error('no request scope: withRequestScope must run first'));
  return new Promise((resolveOpen, rejectOpen) => {
    let settle!: (last: ((tx: Tx) => Promise<void>) | null) => void;
    const outcome = new Promise<((tx: Tx) => Promise<void>) | null>((r) => (settle = r));
    let opened = false;
    const done = db.transaction(async (tx) => {
      // A request that never finishes (a hung handler) must not hold the key's lock for ever.
      await tx.execute(`set local idle_in_transaction_session_timeout = '${idleLimitSeconds}s'`);
      opened = true;
      scope.tx = tx;
      resolveOpen({ tx, finish });
      const last = await outcome;
      scope.tx = undefined;
      if (!last) tx.rollback();
      else await last(tx);
    });
    done.catch((error: unknown) => {
      if (!opened) rejectOpen(error);
    });
    function finish(last: ((tx: Tx) => Promise<void>) | null): Promise<void> {
      settle(last);
      return done.catch((error: unknown) => {
        if (last === null && error instanceof TransactionRollbackError) return;
        throw error;
      });
    }
  });
}
