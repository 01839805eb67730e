import { createHash } from 'node:crypto';
import type { Tx } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { actorOf } from '../auth/principal.js';
import { AppProblem, invalidField } from '../errors.js';
import { openRequestTransaction, withRequestScope, type RequestTransaction } from '../platform/request-transaction.js';
import { problemContentType } from '../schemas/common.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POSTs that honour `Idempotency-Key`: same key and body replays the first answer. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: { scope: string; key: string; transaction: RequestTransaction };
  }
}

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

function fingerprint(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.params ?? {})}\n${JSON.stringify(request.body ?? null)}`,
    )
    .digest('hex');
}

const inFlight = () =>
  new AppProblem(
    409,
    'idempotency_in_flight',
    'Request in progress',
    'A request with this Idempotency-Key is still being processed.',
    undefined,
    { 'retry-after': '1' },
  );

function keyOf(request: FastifyRequest): string | undefined {
  if (!request.routeOptions.config?.idempotent) return undefined;
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw invalidField(
      'Idempotency-Key',
      'must be 8–200 letters, digits, dots, colons, dashes or underscores',
      'headers',
    );
  }
  return key;
}

/**
 * Idempotency-Key for POSTs, stored in PostgreSQL per caller so retries reach any instance:
 * same key + same request → the stored answer (`Idempotent-Replayed: true`); same key with a
 * different request → 422; a request still in flight with that key → 409.
 *
 * Crash-safe by construction:
 * - The key is claimed `in_flight` with a lease (`IDEMPOTENCY_LEASE_SECONDS`). A claim whose
 *   holder died (kill -9, a lost machine) is taken over by a retry once the lease has run out —
 *   never 409 for the key's 24 hours.
 * - The request's handler runs in one transaction that holds the key's row lock, and the
 *   answer is written into `idempotency_keys` in that same transaction before it commits and
 *   before a byte is sent. So the business write and its stored answer commit together or not
 *   at all: a retry after a crash between commit and answer replays the committed answer (same
 *   id); a crash before commit leaves nothing, and the retry runs afresh. A live holder slower
 *   than its lease still holds the row lock, so a retry waits for its answer, never duplicates.
 * - Server errors roll back and are not stored, so a retry after one runs again.
 */
export const idempotencyPlugin = fp(
  async (app: FastifyInstance, opts: { leaseSeconds: number }) => {
    const pool = app.dbClient.pool;
    const lease = `${opts.leaseSeconds} seconds`;

    // The request's transaction has to be visible to the handler's queries: open the scope it
    // lives in for the rest of the request (a callback hook, so the handler runs inside it).
    app.addHook('preHandler', (request, _reply, done) => {
      if (request.routeOptions.config?.idempotent && request.headers['idempotency-key'] !== undefined) {
        withRequestScope(done);
      } else done();
    });

    // Most requests carry no key: plain callbacks let them pass without a promise each.
    app.addHook('preHandler', (request, reply, done) => {
      const key = keyOf(request);
      if (key === undefined) return done();
      // A replayed answer is sent from here, and then the chain stops (done is not called).
      claim(request, reply, key).then(() => {
        if (!reply.sent) done();
      }, done);
    });

    /** Claims `key` for this request (opening its transaction) or replays the answer stored under it. */
    async function claim(request: FastifyRequest, reply: FastifyReply, key: string): Promise<void> {
      const { actorType, actorId } = actorOf(request.principal);
      const scope = `${actorType}:${actorId ?? 'anonymous'}`;
      const hash = fingerprint(request);
      for (let attempt = 0; attempt < 3; attempt++) {
        const inserted = await pool.query(
          `insert into idempotency_keys (scope, key, method, path, request_hash, state, expires_at)
           values ($1, $2, $3, $4, $5, 'in_flight', now() + $6::interval) on conflict do nothing returning key`,
          [scope, key, request.method, request.routeOptions.url ?? request.url, hash, lease],
        );
        if (inserted.rowCount) {
          const transaction = await openRequestTransaction(app.dbClient.db, opts.leaseSeconds * 2);
          // Held until the answer is stored: a retry that finds the lease run out waits for us.
          const locked = await transaction.tx.execute(
            sql`select 1 from idempotency_keys where scope = ${scope} and key = ${key} and state = 'in_flight' for update`,
          );
          if (locked.rowCount !== 1) {
            await transaction.finish(null);
            continue;
          }
          request.idempotency = { scope, key, transaction };
          return;
        }
        const { rows } = await pool.query<{
          request_hash: string;
          state: string;
          response_status: number | null;
          response_headers: Record<string, string> | null;
          response_body: string | null;
          expired: boolean;
        }>(
          `select request_hash, state, response_status, response_headers, response_body, expires_at < now() as expired
             from idempotency_keys where scope = $1 and key = $2`,
          [scope, key],
        );
        const row = rows[0];
        if (!row) continue; // removed between our insert and select: try again
        if (row.expired) {
          // A finished answer past its 24 hours, or a claim whose holder died. A live holder
          // keeps the row locked, so this waits for it and then deletes nothing.
          await pool.query('delete from idempotency_keys where scope = $1 and key = $2 and expires_at < now()', [
            scope,
            key,
          ]);
          continue;
        }
        if (row.request_hash !== hash) {
          throw new AppProblem(
            422,
            'idempotency_key_reused',
            'Idempotency-Key reused',
            'This Idempotency-Key was used for a different request.',
          );
        }
        if (row.state !== 'done') throw inFlight();
        for (const [name, value] of Object.entries(row.response_headers ?? {})) reply.header(name, value);
        reply.header('idempotent-replayed', 'true');
        reply.code(row.response_status ?? 200).send(row.response_body ?? '');
        return;
      }
      throw inFlight();
    }

    app.addHook('onSend', (request, reply, payload, done) => {
      const held = request.idempotency;
      if (!held) return done(null, payload);
      request.idempotency = undefined;
      answer(request, reply, payload, held).then((sent) => done(null, sent), done);
    });

    /** Stores the answer with the request's writes (one commit), or says why it could not. */
    async function answer(
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      held: NonNullable<FastifyRequest['idempotency']>,
    ): Promise<unknown> {
      if (reply.statusCode >= 500) {
        await abandon(held);
        return payload;
      }
      const body = typeof payload === 'string' ? payload : String(payload ?? '');
      try {
        await held.transaction.finish((tx) => storeAnswer(tx, held, reply, body));
        return payload;
      } catch (error) {
        // The write did not commit (nor did its answer): say so, and free the key for a retry.
        request.log.error({ err: error }, 'request transaction failed to commit');
        await pool.query('delete from idempotency_keys where scope = $1 and key = $2', [held.scope, held.key]);
        reply.code(500).type(problemContentType);
        return JSON.stringify({
          type: 'urn:threefold:problem:internal_error',
          title: 'Internal error',
          status: 500,
          code: 'internal_error',
          requestId: request.id,
          detail: 'Something went wrong on our side. Quote the request id if you contact the practice.',
        });
      }
    }

    // An answer that never reached onSend (the client went away mid-handler) still ends its
    // transaction and frees its key.
    app.addHook('onResponse', (request, _reply, done) => {
      const held = request.idempotency;
      if (!held) return done();
      request.idempotency = undefined;
      abandon(held).then(() => done(), done);
    });

    async function abandon(held: NonNullable<FastifyRequest['idempotency']>): Promise<void> {
      await held.transaction.finish(null).catch(() => undefined);
      await pool.query('delete from idempotency_keys where scope = $1 and key = $2', [held.scope, held.key]);
    }
  },
  { name: 'idempotency', dependencies: ['db', 'problem'] },
);

async function storeAnswer(
  tx: Tx,
  held: { scope: string; key: string },
  reply: FastifyReply,
  body: string,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'etag', 'location']) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  await tx.execute(
    sql`update idempotency_keys
           set state = 'done', response_status = ${reply.statusCode}, response_headers = ${JSON.stringify(headers)}::jsonb,
               response_body = ${body}, expires_at = now() + interval '24 hours'
         where scope = ${held.scope} and key = ${held.key}`,
  );
}
