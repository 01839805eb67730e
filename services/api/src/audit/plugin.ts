import type { DbOrTx } from '@threefold/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { actorOf } from '../auth/principal.js';
import type { StatementPart } from '../platform/one-statement.js';
import type { AuditEventInput, RequestAuditEvent } from './event.js';
import { AuditWriter, type AuditWriterOptions } from './writer.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The audit trail's writer, for work done outside a request (workers, CLIs). */
    audit: AuditWriter;
  }
  interface FastifyRequest {
    /**
     * Records what this request did to personal data, as the signed-in principal. Await it
     * before answering: it resolves once the row is stored and rejects (→ 500) if it cannot be.
     */
    audit(event: RequestAuditEvent): Promise<void>;
    /** The same, inside the transaction that makes the change, so they commit or roll back together. */
    auditInTx(tx: DbOrTx, event: RequestAuditEvent): Promise<void>;
    /** The same row as a part of the one statement that makes the change (null when auditing is off). */
    auditPart(event: RequestAuditEvent): StatementPart | null;
  }
}

export type AuditPluginOptions = AuditWriterOptions;

function fromRequest(request: FastifyRequest, event: RequestAuditEvent): AuditEventInput {
  return { ...event, ...actorOf(request.principal), requestId: request.id };
}

export const auditPlugin = fp(
  async (app: FastifyInstance, options: AuditPluginOptions) => {
    const writer = new AuditWriter(app.dbClient.pool, options);
    app.decorate('audit', writer);
    app.decorateRequest('audit', function (this: FastifyRequest, event: RequestAuditEvent) {
      return writer.record(fromRequest(this, event));
    });
    app.decorateRequest('auditPart', function (this: FastifyRequest, event: RequestAuditEvent) {
      return writer.partFor(fromRequest(this, event));
    });
    app.decorateRequest('auditInTx', function (this: FastifyRequest, tx: DbOrTx, event: RequestAuditEvent) {
      return writer.recordInTx(tx, fromRequest(this, event));
    });
    // Rows still waiting are written before the pool closes (the pool's owner closes it after the app).
    app.addHook('onClose', async () => writer.close());
  },
  { name: 'audit', dependencies: ['db'] },
);
