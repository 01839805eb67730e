import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers a browser navigation to a console route with the console's index.html. */
    serveConsole?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
  }
}

const apiPrefixes = ['/v1/', '/oauth/', '/health/', '/openapi', '/docs', '/open-referral'];

/** Serves the built console at `/`; the browser's history routes fall back to index.html. */
export const consolePlugin = fp(
  async (app: FastifyInstance, opts: { root: string }) => {
    if (!existsSync(path.join(opts.root, 'index.html'))) {
      app.log.warn({ root: opts.root }, 'console not built; serving the API only');
      return;
    }
    await app.register(fastifyStatic, {
      root: opts.root,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders(res, filePath) {
        // Hashed assets never change; index.html must always be fresh.
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    app.decorate('serveConsole', (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      const wantsHtml = (request.headers.accept ?? '').includes('text/html');
      if (request.method !== 'GET' || !wantsHtml || apiPrefixes.some((p) => pathname.startsWith(p))) return undefined;
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    });
  },
  { name: 'console' },
);
