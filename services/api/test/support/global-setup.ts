import { randomBytes } from 'node:crypto';
import { migrate } from '@threefold/db';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startTestServer, withDatabase } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    runPrefix: string;
  }
}

/**
 * One migrated template database per run; every test file clones it (CREATE DATABASE ...
 * TEMPLATE), so files run in parallel on clean data and nothing leaks between them.
 */
export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const runPrefix = `tf_t${randomBytes(4).toString('hex')}`;
  const templateDatabase = `${runPrefix}_template`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  await migrate(withDatabase(server.adminUrl, templateDatabase));
  project.provide('adminUrl', server.adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('runPrefix', runPrefix);
  console.log(`test databases: ${server.kind} server, template ${templateDatabase}`);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `${runPrefix}%`,
    ]);
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${datname} with (force)`);
    }
    await admin.end();
    await server.stop();
  };
}
