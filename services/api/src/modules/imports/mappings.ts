import type { Database } from '@threefold/db';
import { mappingProblems, type ImportKind, type ImportMappingDefinition } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { problemAt } from './jobs.js';
import { importsRepository as repo, type ImportMappingRow } from './repository.js';
import type { ImportMappingBody, NewImportMappingBody } from './schemas.js';

/** Saved mappings: a council export's columns → Threefold's fields, with value maps for code lists. */

function mappingView(row: ImportMappingRow): ImportMappingBody {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ImportKind,
    source: row.source,
    definition: row.definition as unknown as ImportMappingDefinition,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createMapping(
  db: Database,
  actor: Actor,
  input: NewImportMappingBody,
): Promise<ImportMappingBody> {
  const user = asUser(actor.principal, 'Import mappings are made by colleagues.');
  const definition = input.definition as ImportMappingDefinition;
  const problems = mappingProblems(input.kind, definition);
  if (problems.length)
    throw new AppProblem(
      400,
      'invalid_mapping',
      'The mapping cannot be used',
      problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
      problems.map((p) => ({
        in: 'body' as const,
        field: `definition.${p.field}`,
        pointer: `/definition/${p.field.split('.').join('/')}`,
        message: p.reason,
      })),
    );
  return db.transaction(async (tx) => {
    if (await repo.mappingByName(tx, input.name))
      throw problemAt(
        409,
        'mapping_name_taken',
        'Name already used',
        'A mapping with this name exists: choose another name.',
        'name',
      );
    const row = await repo.insertMapping(tx, {
      name: input.name.trim(),
      kind: input.kind,
      source: input.source,
      definition: definition as unknown as Record<string, unknown>,
      createdById: user.userId,
      createdAt: actor.now(),
    });
    await actor.audit(tx, { action: 'import_mapping.create', resourceType: 'import_mapping', resourceId: row.id });
    return mappingView(row);
  });
}

export async function listMappings(db: Database): Promise<{ items: ImportMappingBody[] }> {
  return { items: (await repo.mappings(db)).map(mappingView) };
}

export async function mappingNamed(db: Database, name: string): Promise<ImportMappingBody | null> {
  const row = await repo.mappingByName(db, name);
  return row ? mappingView(row) : null;
}
