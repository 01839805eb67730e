import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../src/config.js';
import { buildOpenApiDocument, serialiseOpenApi } from '../src/contract.js';

const target = path.join(repoRoot, 'openapi', 'openapi.json');
await writeFile(target, serialiseOpenApi(await buildOpenApiDocument()));
console.log(`wrote ${path.relative(repoRoot, target)}`);
