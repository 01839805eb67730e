import swagger from '@fastify/swagger';
import type { DbClient } from '@threefold/db';
import Fastify from 'fastify';
import { commonSchemas } from '../../schemas/common.js';
import { installValidators } from '../../plugins/validation.js';
import { openReferralSchemas } from './schemas.js';
import { openReferralRoutes } from './routes.js';

function sortKeys<T extends Record<string, unknown>>(object: T | undefined): T | undefined {
  if (!object) return object;
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b))) as T;
}

const rateLimitHeaders = {
  'RateLimit-Limit': {
    description: 'Requests allowed per minute from one address.',
    schema: { type: 'integer', minimum: 1, maximum: 1000000, format: 'int32' },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current minute.',
    schema: { type: 'integer', minimum: 0, maximum: 1000000, format: 'int32' },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the current minute ends.',
    schema: { type: 'integer', minimum: 0, maximum: 60, format: 'int32' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 1, maximum: 3600, format: 'int32' },
  },
  'Access-Control-Allow-Origin': {
    description: 'Always `*`: open data, readable from any web page.',
    schema: { type: 'string', enum: ['*'], maxLength: 1 },
  },
};

/**
 * The Open Referral UK API's own contract (openapi/open-referral.json): built from the same
 * routes and schemas as the running API, in an app that holds nothing else.
 */
export async function buildOpenReferralDocument(db: DbClient): Promise<Record<string, unknown>> {
  const app = Fastify({ logger: false });
  for (const schema of [...commonSchemas, ...openReferralSchemas]) app.addSchema(schema);
  installValidators(app, [...commonSchemas, ...openReferralSchemas]);
  app.decorate('dbClient', db);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Threefold community directory — Open Referral UK',
        version: '3.0.0',
        description:
          'The practice’s community directory as an Open Referral UK (HSDS 3.0, UK profile) read API: public, no credentials, ' +
          '`Access-Control-Allow-Origin: *`, throttled per address. Only public directory data — never a person.',
        contact: { name: 'Threefold practice support', email: 'support@threefold.invalid' },
        license: {
          name: 'Open Government Licence v3.0',
          url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
        },
      },
      servers: [
        {
          url: '/open-referral',
          description: 'This Threefold instance (production, or local when run on a workstation)',
          ...{ 'x-internal': false },
        },
      ],
      tags: [{ name: 'open-referral', description: 'Open Referral UK read API: services, locations, taxonomies.' }],
      security: [],
    },
    refResolver: {
      buildLocalReference(json: { $id?: unknown }, _b: unknown, _f: unknown, i: number) {
        return typeof json.$id === 'string' ? json.$id : `Schema${i}`;
      },
    },
  });
  await app.register(openReferralRoutes, { perMinute: 1, publish: true, addSchemas: false });
  try {
    await app.ready();
    const doc = structuredClone(app.swagger()) as unknown as Record<string, unknown> & {
      paths?: Record<string, Record<string, { responses?: Record<string, { headers?: object }> }>>;
      components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
    };
    doc.components = { ...doc.components, headers: rateLimitHeaders };
    const refs = (names: string[]) => Object.fromEntries(names.map((h) => [h, { $ref: `#/components/headers/${h}` }]));
    for (const item of Object.values(doc.paths ?? {})) {
      for (const op of Object.values(item)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const names = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Access-Control-Allow-Origin'];
          if (status === '429') names.push('Retry-After');
          if (/^[24]/.test(status)) response.headers = { ...response.headers, ...refs(names) };
        }
      }
    }
    // Paths are relative to the server URL (`/open-referral`), as Open Referral UK names them: `/`, `/services`, …
    doc.paths = sortKeys(doc.paths);
    if (doc.components.schemas) doc.components.schemas = sortKeys(doc.components.schemas);
    return doc;
  } finally {
    await app.close();
  }
}
