import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/database.js';
import { testConfig } from '../support/app.js';

describe('with no DATABASE_URL', () => {
  it('starts an embedded PostgreSQL in the data folder, migrates it, and keeps the data across restarts', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'threefold-embedded-'));
    try {
      const config = { ...testConfig(), DATABASE_URL: undefined, DATA_DIR: dataDir };
      const first = await openDatabase(config);
      expect(first.embedded).toBe(true);
      const app = await buildApp({ config, db: first.client, logger: false });
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      await first.client.pool.query("insert into organisations (name) values ('Kept Across Restarts')");
      const { rows } = await first.client.pool.query<{ v: number }>(
        "select current_setting('server_version_num')::int as v",
      );
      expect(rows[0]!.v).toBeGreaterThanOrEqual(150000);
      await app.close();
      await first.close();

      const second = await openDatabase(config);
      const again = await second.client.pool.query('select name from organisations');
      expect(again.rows).toEqual([{ name: 'Kept Across Restarts' }]);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
