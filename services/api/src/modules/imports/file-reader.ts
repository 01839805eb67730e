/**
 * Reading an uploaded file as rows, streaming: CSV through csv-parse, Excel (.xlsx) through
 * exceljs's streaming WorkbookReader. Neither loads the whole file; a CSV that is not UTF-8
 * (Windows-1252 from Excel's plain "CSV" save, most often) is refused with a problem saying so.
 */
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppProblem } from '../../errors.js';

export const importFormats = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type ImportFormat = keyof typeof importFormats;

export interface FileRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  rowNumber: number;
  record: Record<string, string>;
}

const fileProblem = (status: number, code: string, title: string, detail: string) =>
  new AppProblem(status, code, title, detail, [{ in: 'body', field: 'file', pointer: '/', message: detail }]);

export const emptyFile = () =>
  fileProblem(
    422,
    'empty_file',
    'The file is empty',
    'The file has no rows: export the records again and upload that file.',
  );

/** Windows-1252 (and Latin-1) put accented letters and curly quotes in single bytes 0x80–0xFF, which UTF-8 never does alone. */
function encodingProblem(bytes: Buffer): AppProblem {
  if (bytes.includes(0))
    return fileProblem(
      415,
      'unsupported_file_type',
      'Not a CSV file',
      'This file is not text: send a CSV file (text/csv) or an Excel workbook (.xlsx).',
    );
  return fileProblem(
    422,
    'encoding_not_utf8',
    'The file is not UTF-8',
    'The file is not UTF-8: it looks like Windows-1252 (what Excel writes for a plain "CSV" save). ' +
      'Save it again as "CSV UTF-8 (comma delimited)" and upload that file.',
  );
}

/** Passes bytes through unchanged, refusing the stream at the first byte sequence that is not UTF-8. */
function utf8Guard(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (first) {
        first = false;
        // A zip (xlsx, docx) or a PDF sent as CSV.
        if (
          chunk.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) ||
          chunk.subarray(0, 5).toString() === '%PDF-'
        )
          return done(
            fileProblem(
              415,
              'unsupported_file_type',
              'Not a CSV file',
              'This file is a workbook or a document, not CSV: send an Excel workbook as .xlsx (its own content type), or save it as "CSV UTF-8".',
            ),
          );
      }
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(encodingProblem(chunk));
      }
      if (chunk.includes(0)) return done(encodingProblem(chunk));
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
      } catch {
        return done(encodingProblem(Buffer.alloc(0)));
      }
      done();
    },
  });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    return '';
  }
  return String(value);
}

async function* csvRows(input: Readable, onHeader: (header: string[]) => void): AsyncGenerator<FileRow> {
  let header: string[] | null = null;
  const parser = parse({
    bom: true,
    columns: (names: string[]) => {
      header = names.map((n) => n.trim());
      onHeader(header);
      return header;
    },
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const guarded = input.pipe(utf8Guard());
  input.on('error', (error) => guarded.destroy(error));
  guarded.on('error', (error) => parser.destroy(error));
  guarded.pipe(parser);
  let rowNumber = 1;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      rowNumber += 1;
      yield { rowNumber, record };
    }
  } catch (error) {
    if (error instanceof AppProblem) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw fileProblem(
      422,
      'csv_malformed',
      'The CSV file cannot be read',
      `The file stops being CSV near row ${rowNumber + 1} (${message}). Check that row's quotes, fix it and upload again.`,
    );
  }
  if (!header) throw emptyFile();
}

async function* xlsxRows(input: Readable, onHeader: (header: string[]) => void): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let header: string[] | null = null;
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1).map(cellText);
        if (!header) {
          header = values.map((v) => v.trim());
          onHeader(header);
          continue;
        }
        if (values.every((v) => !v.trim())) continue;
        const record: Record<string, string> = {};
        header.forEach((name, i) => (record[name] = values[i] ?? ''));
        yield { rowNumber: row.number, record };
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof AppProblem) throw error;
    throw fileProblem(
      415,
      'unsupported_file_type',
      'Not an Excel workbook',
      'This file cannot be read as an Excel workbook (.xlsx): save it from Excel as .xlsx, or as "CSV UTF-8".',
    );
  }
  if (!header) throw emptyFile();
}

/** The rows of a file, one at a time; `onHeader` hears the header before the first row. */
export function readRows(
  input: Readable,
  format: ImportFormat,
  onHeader: (header: string[]) => void,
): AsyncGenerator<FileRow> {
  return format === 'csv' ? csvRows(input, onHeader) : xlsxRows(input, onHeader);
}
