import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * What a PDF looks like printed: each page rendered to a PNG with poppler's `pdftoppm` (how a
 * reader's viewer would draw it) and its text as `pdftotext` lays it out. Tests check both: pages
 * that render with ink on them, and the words on them.
 */
export async function renderPdf(pdf: Buffer): Promise<{ pages: Buffer[]; text: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tf-pdf-'));
  try {
    const file = path.join(dir, 'record.pdf');
    await writeFile(file, pdf);
    await run('pdftoppm', ['-png', '-r', '50', file, path.join(dir, 'page')]);
    const names = (await readdir(dir)).filter((n) => n.startsWith('page') && n.endsWith('.png')).sort();
    const pages = await Promise.all(names.map((n) => readFile(path.join(dir, n))));
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    return { pages, text: stdout.replace(/\s+/g, ' ') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PNG is a real picture: the right signature and bigger than a blank page compresses to. */
export function isRenderedPage(png: Buffer): boolean {
  return png.subarray(1, 4).toString('latin1') === 'PNG' && png.length > 3000;
}
