import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { actorOf } from '../auth/principal.js';
import { AppProblem, invalidField } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POSTs that honour `Idempotency-Key`: same key and body replays the first answer. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: { scope: string; key: string };
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

/**
 * Idempotency-Key for POSTs, stored in PostgreSQL per caller so retries reach any instance:
 * same key + same request → the stored answer (`Idempotent-Replayed: true`); same key with a
 * different request → 422; a request still in flight with that key → 409. Server errors are
 * not stored, so a retry after one runs again.
 */
export const idempotencyPlugin = fp(
  async (app: FastifyInstance) => {
    const pool = app.dbClient.pool;

    app.addHook('preHandler', async (request, reply) => {
      if (!request.routeOptions.config?.idempotent) return;
      const key = request.headers['idempotency-key'];
      if (key === undefined) return;
      if (typeof key !== 'string' || !KEY.test(key)) {
        throw invalidField(
          'Idempotency-Key',
          'must be 8–200 letters, digits, dots, colons, dashes or underscores',
          'headers',
        );
      }
      const { actorType, actorId } = actorOf(request.principal);
      const scope = `${actorType}:${actorId ?? 'anonymous'}`;
      const hash = fingerprint(request);
      for (let attempt = 0; attempt < 2; attempt++) {
        const inserted = await pool.query(
          `insert into idempotency_keys (scope, key, method, path, request_hash, state)
           values ($1, $2, $3, $4, $5, 'in_flight') on conflict do nothing returning key`,
          [scope, key, request.method, request.routeOptions.url ?? request.url, hash],
        );
        if (inserted.rowCount) {
          request.idempotency = { scope, key };
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
        if (!row) continue; // removed between our insert and select: try once more
        if (row.expired) {
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
        if (row.state !== 'done') {
          throw new AppProblem(
            409,
            'idempotency_in_flight',
            'Request in progress',
            'A request with this Idempotency-Key is still being processed.',
            undefined,
            {
              'retry-after': '1',
            },
          );
        }
        for (const [name, value] of Object.entries(row.response_headers ?? {})) reply.header(name, value);
        reply.header('idempotent-replayed', 'true');
        return reply.code(row.response_status ?? 200).send(row.response_body ?? '');
      }
      throw new AppProblem(409, 'idempotency_in_flight', 'Request in progress', 'Try again shortly.');
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const held = request.idempotency;
      if (!held) return payload;
      request.idempotency = undefined;
      if (reply.statusCode >= 500) {
        await pool.query('delete from idempotency_keys where scope = $1 and key = $2', [held.scope, held.key]);
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'etag', 'location']) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      await pool.query(
        `update idempotency_keys set state = 'done', response_status = $3, response_headers = $4, response_body = $5
          where scope = $1 and key = $2`,
        [
          held.scope,
          held.key,
          reply.statusCode,
          JSON.stringify(headers),
          typeof payload === 'string' ? payload : String(payload ?? ''),
        ],
      );
      return payload;
    });
  },
  { name: 'idempotency', dependencies: ['db', 'problem'] },
);
