import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDbClient } from '@threefold/db';
import { repoRoot } from '../src/config.js';
import { buildOpenApiDocument, serialiseOpenApi } from '../src/contract.js';
import { buildOpenReferralDocument } from '../src/modules/open-referral/contract.js';

const target = path.join(repoRoot, 'openapi', 'openapi.json');
await writeFile(target, serialiseOpenApi(await buildOpenApiDocument()));
console.log(`wrote ${path.relative(repoRoot, target)}`);

// The Open Referral UK read API publishes its own contract. The pool connects lazily; nothing here queries.
const db = createDbClient({ connectionString: 'postgres://contract@127.0.0.1:1/none' });
const oruk = path.join(repoRoot, 'openapi', 'open-referral.json');
await writeFile(oruk, serialiseOpenApi(await buildOpenReferralDocument(db)));
await db.close();
console.log(`wrote ${path.relative(repoRoot, oruk)}`);
