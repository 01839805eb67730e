import { createDbClient } from '@threefold/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, createTestDatabase, testConfig, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health', () => {
  it('is live', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers and every migration is applied', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ready');
    expect(body.checks).toEqual({ database: 'ok', migrations: 'ok' });
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect(body.migrations.expected).toBeGreaterThan(0);
  });

  it('is not ready when a migration is missing', async () => {
    const database = await createTestDatabase();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      'delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)',
    );
    await admin.end();
    const db = createDbClient({ connectionString: database.url, max: 2 });
    const app = await buildApp({ config: testConfig({ DATABASE_URL: database.url }), db, logger: false });
    try {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.migrations).toBe('failing');
    } finally {
      await app.close();
      await db.close();
      await database.drop();
    }
  });

  it('is not ready when the database does not answer', async () => {
    const db = createDbClient({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1 });
    const app = await buildApp({ config: testConfig(), db, logger: false });
    try {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', checks: { database: 'failing' } });
    } finally {
      await app.close();
      await db.close();
    }
  });
});
