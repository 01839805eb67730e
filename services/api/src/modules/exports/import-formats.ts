import { personImportFields } from '@threefold/domain';
import type { HandBackFile } from './files.js';

/**
 * The hand-back is itself an import format: each file that can be imported again comes with its
 * import mapping (`<file>.mapping.json`, the same JSON form `POST /v1/import-mappings` takes), its
 * source `threefold-export` and its id column `threefoldId`, so one Threefold's records are keyed
 * in the next by the first one's ids (and a person named in stories.csv by threefoldId is found).
 */
export const EXPORT_SOURCE = 'threefold-export';

export const personColumns = Object.keys(personImportFields);

/** The import mapping that brings people.csv back into a Threefold (`pnpm run import -- --mapping people.mapping.json`). */
export const peopleExportMapping = {
  name: 'Threefold export: people',
  kind: 'people',
  source: EXPORT_SOURCE,
  definition: {
    idColumn: 'threefoldId',
    columns: Object.fromEntries(personColumns.map((c) => [c, c])),
    dateFormat: 'iso',
  },
};

/** A file's built-in mapping and the name the archive gives it (stories.csv → stories.mapping.json). */
export function exportMappingOf(file: HandBackFile) {
  if (!file.importAs) return null;
  const base = file.file.replace(/\.csv$/, '');
  return {
    name: `${base}.mapping.json`,
    mapping: {
      name: `Threefold export: ${base}`,
      kind: file.importAs.kind,
      source: EXPORT_SOURCE,
      definition: { idColumn: 'threefoldId', columns: file.importAs.columns, dateFormat: 'iso' },
    },
  };
}
