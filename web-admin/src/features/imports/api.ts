import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type ImportJob = Schemas['ImportJob'];
export type ImportMapping = Schemas['ImportMapping'];
export type NewImportMapping = Schemas['NewImportMapping'];
export type ExportMade = Schemas['Export'];

/** The content type the API takes a file as, from its name. */
export function fileType(
  name: string,
): 'text/csv' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' {
  return name.toLowerCase().endsWith('.xlsx')
    ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    : 'text/csv';
}

/** Imports (mappings, upload and dry run, commit, abandon, history) and hand-backs, on the typed client. */
export function importsApi(client: ThreefoldClient) {
  return {
    mappings: () => settle(client.GET('/v1/import-mappings', { cache: 'no-store' })),
    saveMapping: (body: NewImportMapping) => settle(client.POST('/v1/import-mappings', { body })),
    upload: (mappingId: string, file: Blob & { name: string }) =>
      settle(
        client.POST('/v1/imports', {
          params: { query: { mappingId, fileName: file.name } },
          // The file is the body as it is: never read whole into the page.
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body as BodyInit,
          headers: { 'content-type': fileType(file.name) },
        }),
      ),
    get: (id: string) => settle(client.GET('/v1/imports/{id}', { params: { path: { id } }, cache: 'no-store' })),
    history: () => settle(client.GET('/v1/imports', { cache: 'no-store' })),
    commit: (id: string, skipBadRows: boolean) =>
      settle(client.POST('/v1/imports/{id}/commit', { params: { path: { id } }, body: { skipBadRows } })),
    abandon: (id: string) => settle(client.DELETE('/v1/imports/{id}', { params: { path: { id } } })),
    makeExport: () => settle(client.POST('/v1/exports', { body: {} })),
  };
}

export type ImportsApi = ReturnType<typeof importsApi>;

export function useImportsApi(): ImportsApi {
  return importsApi(useApi());
}

/** The column names in a CSV file's first line (quoted names allowed), read from its first 64 KiB only. */
export async function csvHeader(file: Blob): Promise<string[]> {
  const text = await file.slice(0, 64 * 1024).text();
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      names.push(current.trim());
      current = '';
    } else current += c;
  }
  names.push(current.trim());
  return names.filter(Boolean);
}
