import { createDbClient } from '@threefold/db';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

function sortKeys<T extends Record<string, unknown>>(object: T | undefined): T | undefined {
  if (!object) return object;
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b))) as T;
}

/**
 * Builds the app without listening or touching a database and returns its OpenAPI document,
 * with paths and components in a stable order so the committed file diffs cleanly.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({}, { SERVE_CONSOLE: false, LOG_LEVEL: 'silent' });
  // The pool connects lazily; nothing here runs a query.
  const db = createDbClient({ connectionString: 'postgres://contract@127.0.0.1:1/none' });
  const app = await buildApp({ config, db, logger: false });
  try {
    await app.ready();
    const doc = app.swagger() as unknown as Record<string, unknown> & {
      paths?: Record<string, unknown>;
      components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
    };
    doc.paths = sortKeys(doc.paths);
    if (doc.components?.schemas) doc.components.schemas = sortKeys(doc.components.schemas);
    return doc;
  } finally {
    await app.close();
    await db.close();
  }
}

export function serialiseOpenApi(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
