import { createDbClient } from '@threefold/db';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { serialiseOpenApi, stableOpenApi } from './plugins/swagger.js';

export { serialiseOpenApi };

/** Builds the app without listening or touching a database and returns its OpenAPI document. */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({}, { SERVE_CONSOLE: false, LOG_LEVEL: 'silent' });
  // The pool connects lazily; nothing here runs a query.
  const db = createDbClient({ connectionString: 'postgres://contract@127.0.0.1:1/none' });
  const app = await buildApp({ config, db, logger: false });
  try {
    await app.ready();
    return stableOpenApi(app);
  } finally {
    await app.close();
    await db.close();
  }
}
