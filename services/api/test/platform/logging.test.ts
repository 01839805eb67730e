import { Writable } from 'node:stream';
import type pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions, safeError, safeUrl } from '../../src/logger.js';
import { createTestApp, testConfig, type TestApp } from '../support/app.js';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  const options = loggerOptions(testConfig({ LOG_LEVEL: 'info' })) as pino.LoggerOptions;
  t = await createTestApp({
    logger: { ...options, stream: sink } as never,
    extend(app) {
      app.post('/test/log', async (request) => {
        request.log.info(
          { person: { givenName: 'Ann', nhsNumber: '9434765919', address: { postcode: 'SY1 1AA' } } },
          'saw a person',
        );
        return { ok: true };
      });
      app.get('/test/fail', async () => {
        const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
          code: '23505',
          detail: 'Key (nhs_number)=(9434765919) already exists.',
        });
        throw Object.assign(new Error('Failed query: insert into people ... params: Ann,Smith,9434765919'), {
          name: 'DrizzleQueryError',
          cause,
        });
      });
    },
  });
});
afterAll(() => t.close());

describe('logging', () => {
  it('puts the request id on every line of a request', async () => {
    lines.length = 0;
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/log',
      payload: {},
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    expect(res.statusCode).toBe(200);
    const mine = lines.filter((l) => l.requestId === 'trace-abc-123');
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'saw a person', 'request completed']);
  });

  it('redacts personal fields at any depth', async () => {
    lines.length = 0;
    await t.app.inject({ method: 'POST', url: '/test/log', payload: {} });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('Ann');
    expect(text).not.toContain('9434765919');
    expect(text).not.toContain('SY1 1AA');
    expect(text).toContain('[redacted]');
  });

  it('logs the names of query parameters, never their values', async () => {
    lines.length = 0;
    await t.app.inject({ method: 'GET', url: '/v1/people?q=Margaret%20Smith&nhsNumber=9434765919' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('Margaret');
    expect(text).not.toContain('9434765919');
    expect(text).toContain('/v1/people?q=…&nhsNumber=…');
  });

  it('logs a failed query by its kind and code, without the values it carried', async () => {
    lines.length = 0;
    const res = await t.app.inject({ method: 'GET', url: '/test/fail' });
    expect(res.statusCode).toBe(500);
    const errorLine = lines.find((l) => l.level === 50) as { err: Record<string, unknown> } | undefined;
    expect(errorLine?.err).toMatchObject({
      type: 'DrizzleQueryError',
      message: 'database query failed',
      code: '23505',
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('9434765919');
    expect(text).not.toContain('Smith');
  });
});

describe('safe serialisers', () => {
  it('keeps a URL without a query as it is', () => {
    expect(safeUrl('/v1/people/123')).toBe('/v1/people/123');
  });
  it('keeps ordinary errors readable', () => {
    expect(safeError(new TypeError('boom'))).toMatchObject({ type: 'TypeError', message: 'boom' });
  });
});
