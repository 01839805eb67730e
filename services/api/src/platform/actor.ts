import type { DbOrTx } from '@threefold/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import { toAuditRow, type RequestAuditEvent } from '../audit/event.js';
import { auditRowPart } from '../audit/writer.js';
import { actorOf, principalOf, type Principal } from '../auth/principal.js';
import type { StatementPart } from './one-statement.js';

/** Records what a use case did to personal data, in the transaction that did it. */
export type Audit = (tx: DbOrTx, event: RequestAuditEvent) => Promise<void>;

/** The same audit row, as a part of the one statement that makes the change (null: auditing is off). */
export type AuditPart = (event: RequestAuditEvent) => StatementPart | null;

/**
 * Who is acting and when: the first argument of every service use case. Built once per request;
 * `now()` is the request's own moment (read once from the app's clock), so every row a use case
 * writes carries the same time and every rule can be tested at a fixed time.
 */
export interface Actor {
  principal: Principal;
  /**
   * Audit in `tx` (the row commits or rolls back with the change). Given the app's database
   * rather than a transaction, as reads do, it goes through the writer's group commit instead.
   */
  audit: Audit;
  /** `audit`'s row for a use case written as one statement (`OneStatement`): it commits with the change. */
  auditPart: AuditPart;
  now(): Date;
}

/** The one clock of the API: the real time, or a fixed one that tests set through `buildApp({ now })`. */
export type Clock = () => Date;

declare module 'fastify' {
  interface FastifyInstance {
    clock: Clock;
  }
  interface FastifyRequest {
    /** The caller of a guarded route as an actor; reading it on an anonymous request is 401. */
    readonly actor: Actor;
  }
}

const actors = new WeakMap<FastifyRequest, Actor>();

export const actorPlugin = fp(
  async (app: FastifyInstance, { clock }: { clock: Clock }) => {
    app.decorate('clock', clock);
    app.decorateRequest('actor', {
      getter(this: FastifyRequest): Actor {
        let actor = actors.get(this);
        if (actor) return actor;
        const principal = principalOf(this);
        const at = app.clock();
        const db = app.dbClient.db;
        actor = {
          principal,
          audit: (tx, event) => (tx === db ? this.audit(event) : this.auditInTx(tx, event)),
          auditPart: (event) => this.auditPart(event),
          now: () => new Date(at.getTime()),
        };
        actors.set(this, actor);
        return actor;
      },
    });
  },
  { name: 'actor', dependencies: ['db', 'audit'] },
);

/**
 * An actor for tests and tools that call a service directly: fixed principal and clock. Its
 * one-statement audit rows are the principal's, as a request's would be (without a request id).
 */
export function fixedActor(
  principal: Principal,
  audit: Audit,
  now: Clock = () => new Date(),
  auditPart: AuditPart = (event) =>
    auditRowPart(toAuditRow({ ...event, ...actorOf(principal) }, randomUUID(), new Date())),
): Actor {
  return { principal, audit, auditPart, now };
}
