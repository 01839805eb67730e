import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problems, Strict } from '../../src/schemas/common.js';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * The problem machinery is shared by every route. These tests give it a route of their own
 * so each error path can be driven exactly; the module tests drive it through real routes.
 */
const Body = Strict({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  age: Type.Integer({ minimum: 0 }),
  address: Type.Optional(Strict({ postcode: Type.String({ pattern: '^[A-Z0-9 ]+$' }) })),
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    config: { BODY_LIMIT_BYTES: 2048 },
    extend(app) {
      app.post(
        '/test/echo',
        { schema: { body: Body, response: { 200: Body, ...problems(400, 413, 415) } } },
        async (req) => req.body,
      );
      app.get('/test/boom', async () => {
        throw new Error('relation "secret_table" does not exist at /srv/app/src/x.ts:12');
      });
    },
  });
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };

describe('problem+json answers', () => {
  it('lists every field at fault on a validation failure', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: json,
      payload: { name: '', age: -1, address: { postcode: 'bad!' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      type: 'urn:threefold:problem:validation_failed',
    });
    expect(body.requestId).toBe(res.headers['x-request-id']);
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['address.postcode', 'age', 'name']);
    expect(body.errors.every((e: { in: string }) => e.in === 'body')).toBe(true);
  });

  it('names a missing required field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/test/echo', headers: json, payload: { age: 3 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ in: 'body', field: 'name', pointer: '/name', message: 'is required' }]);
  });

  it('rejects an unknown property instead of dropping it, at any depth', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: json,
      payload: { name: 'A', age: 1, nickname: 'x', address: { postcode: 'AB1 2CD', flat: '3' } },
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual(['address.flat', 'nickname']);
    expect(errors[0]?.message).toBe('is not a known field');
  });

  it('validates a JSON body as sent: a number in a string is not a number', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: json,
      payload: { name: 'A', age: '12' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['age']);
  });

  it('accepts a valid body unchanged', async () => {
    const payload = { name: 'A', age: 1, address: { postcode: 'AB1 2CD' } };
    const res = await t.app.inject({ method: 'POST', url: '/test/echo', headers: json, payload });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(payload);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/test/echo', headers: json, payload: '{"name": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('malformed_json');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: json,
      payload: JSON.stringify({ name: 'x'.repeat(5000), age: 1 }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('body_too_large');
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=A',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('answers an unknown route with 404 route_not_found', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/nothing-here?name=Smith' });
    expect(res.statusCode).toBe(404);
    const body = res.json();
    expect(body.code).toBe('route_not_found');
    expect(body.instance).toBe('/v1/nothing-here');
    expect(JSON.stringify(body)).not.toContain('Smith');
  });

  it('masks server faults: 500 with nothing internal in the body', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/boom' });
    expect(res.statusCode).toBe(500);
    const text = res.body;
    expect(res.json().code).toBe('internal_error');
    expect(text).not.toContain('secret_table');
    expect(text).not.toContain('/srv/app');
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });

  it('keeps a well-formed caller request id and replaces a malformed one', async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'council-req-12345' } });
    expect(kept.headers['x-request-id']).toBe('council-req-12345');
    expect(kept.json().requestId).toBe('council-req-12345');
    const replaced = await t.app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'bad id\n' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('security headers and CORS', () => {
  it('sends security headers and no CORS grant by default', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
