import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { shutdownGracefully } from '../../src/plugins/lifecycle.js';
import { createTestApp, type TestApp } from '../support/app.js';

function get(
  agent: http.Agent,
  port: number,
  path: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close().catch(() => {});
  t = undefined;
});

describe('graceful shutdown', () => {
  it('finishes requests in flight, answers new ones 503 problem+json, then closes', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    t = await createTestApp({
      extend(app) {
        app.get('/test/slow', async () => {
          started();
          await held;
          return { done: true };
        });
      },
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    // Two kept-alive connections: one carries the slow request, the other is idle and reused.
    const slowAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const otherAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(otherAgent, port, '/health/live')).status).toBe(200);

    const slow = get(slowAgent, port, '/test/slow');
    await inFlight;
    // Drain for long enough to send a request on the kept-alive connection.
    const closing = shutdownGracefully(t.app, 300);
    const refused = await get(otherAgent, port, '/health/live');
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.headers.connection).toBe('close');
    expect(JSON.parse(refused.body).code).toBe('shutting_down');

    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 400));
    expect(closed).toBe(false); // still waiting for the request in flight
    release();
    const finished = await slow;
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.body)).toEqual({ done: true });
    await closing;
    expect(closed).toBe(true);
    slowAgent.destroy();
    otherAgent.destroy();
    // Building the app on a loaded two-core machine can take most of the default 30 s.
  }, 120_000);
});

describe('under pressure', () => {
  it('answers 503 overloaded with Retry-After while the health check fails', async () => {
    let healthy = true;
    t = await createTestApp({ pressureCheck: () => healthy, config: { RETRY_AFTER_SECONDS: 7 } });
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    healthy = false;
    await new Promise((r) => setTimeout(r, 120));
    const res = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('overloaded');
    healthy = true;
    await new Promise((r) => setTimeout(r, 120));
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});
