/**
 * Open Referral UK v3 conformance: every answer of the read API validated, by ajv, against the
 * official UK profile schemas (openreferral/uk-profile, HSDS 3.0; vendored for reference beside
 * the checkout in ../shared/standards/oruk — read from there, never copied into this repository).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { seedDirectory, type Directory } from '../directory/support.js';

const standards = path.resolve(repoRoot, '..', 'shared', 'standards', 'oruk');

function schema(file: string): Record<string, unknown> {
  const full = path.join(standards, file);
  if (!existsSync(full)) throw new Error(`the ORUK profile's schemas are expected in ${standards} (missing ${file})`);
  return JSON.parse(readFileSync(full, 'utf8')) as Record<string, unknown>;
}

// The profile's schemas carry Frictionless Data keywords (name, path, constraints, core, ...)
// beside JSON Schema ones: ajv ignores unknown keywords rather than refusing them.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
// Each schema under the address the profile's openapi.json gives it, so their relative $refs
// (taxonomy.json → taxonomy_term.json) resolve as the profile means them.
const profileBase = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const addressOf = (file: string) =>
  file.startsWith('compiled-') ? `${profileBase}compiled/${file.slice('compiled-'.length)}` : `${profileBase}${file}`;
for (const file of ['taxonomy_term.json', 'taxonomy.json']) ajv.addSchema({ ...schema(file), $id: addressOf(file) });
const validators: Record<string, ValidateFunction> = {};
const validator = (file: string) =>
  (validators[file] ??= ajv.getSchema(addressOf(file)) ?? ajv.compile({ ...schema(file), $id: addressOf(file) }));

/** The profile's OpenAPI description: its Page envelope and the root ("/") answer. */
const openapi = schema('openapi.json') as {
  components: { schemas: { Page: Record<string, unknown> } };
  paths: Record<string, { get: { responses: { 200: { content: { 'application/json': { schema: unknown } } } } } }>;
};
const page = ajv.compile(openapi.components.schemas.Page);
const root = ajv.compile(openapi.paths['/']!.get.responses[200].content['application/json'].schema as object);

function conforms(check: ValidateFunction, value: unknown, where: string) {
  const ok = check(value);
  expect(
    ok ? [] : check.errors!.map((e) => `${where}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
  ).toEqual([]);
}

let t: TestApp;
let d: Directory;

beforeAll(async () => {
  t = await createTestApp({ config: { OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE: 1000 } });
  const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  d = await seedDirectory(t.app, admin.headers);
});
afterAll(() => t.close());

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url: `/open-referral${url}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Record<string, unknown> & { contents: Record<string, unknown>[] };
}

/** A list answer: the Page envelope, and each item by the list schema the profile names. */
async function conformingList(url: string, item: string) {
  const body = await get(url);
  conforms(page, body, url);
  expect(body.contents.length, `${url} returned nothing to check`).toBeGreaterThan(0);
  body.contents.forEach((c, i) => conforms(validator(item), c, `${url} contents/${i}`));
  return body.contents;
}

describe('Open Referral UK v3 conformance (official UK profile schemas)', () => {
  it('GET / answers as the profile describes, with absolute links that resolve here', async () => {
    const body = await get('/');
    conforms(root, body, '/');
    expect(body.openapi_url).toMatch(/^https?:\/\//);
    expect(body.profile).toMatch(/^https:\/\//);
  });

  it('every service, listed and read whole, validates against service_list.json and service.json', async () => {
    const services = await conformingList('/services?per_page=50', 'compiled-service_list.json');
    for (const s of services) {
      conforms(validator('compiled-service.json'), await get(`/services/${String(s.id)}`), `/services/${String(s.id)}`);
    }
  });

  it('every service at a location, listed and read whole, validates against the service_at_location schemas', async () => {
    const rows = await conformingList('/service_at_locations?per_page=50', 'compiled-service_at_location_list.json');
    for (const r of rows) {
      conforms(
        validator('compiled-service_at_location.json'),
        await get(`/service_at_locations/${String(r.id)}`),
        `/service_at_locations/${String(r.id)}`,
      );
    }
  });

  it('taxonomies and taxonomy terms, listed and read, validate against taxonomy.json and taxonomy_term.json', async () => {
    for (const x of await conformingList('/taxonomies', 'taxonomy.json')) {
      conforms(validator('taxonomy.json'), await get(`/taxonomies/${String(x.id)}`), `/taxonomies/${String(x.id)}`);
    }
    const terms = await conformingList('/taxonomy_terms?per_page=50', 'taxonomy_term.json');
    expect(terms.map((x) => x.id)).toContain(d.terms.lunch);
    for (const x of terms) {
      conforms(
        validator('taxonomy_term.json'),
        await get(`/taxonomy_terms/${String(x.id)}`),
        `/taxonomy_terms/${String(x.id)}`,
      );
    }
  });
});
