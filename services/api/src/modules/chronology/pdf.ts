import PDFDocument from 'pdfkit';
import type { ChronologyEntryBody } from './schemas.js';

export interface ChronologyPrint {
  person: { name: string; dateOfBirth: string | null };
  entries: ChronologyEntryBody[];
  truncated: boolean;
  printedAt: Date;
  filterLine: string | null;
}

const when = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  }).format(new Date(iso));

const longDate = (value: Date | string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: typeof value === 'string' ? 'UTC' : 'Europe/London',
  }).format(typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value);

/** A person's chronology on A4, newest first, as the eligibility letter is printed (pdfkit, tagged title, en-GB). */
export function chronologyPdf(print: ChronologyPrint): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const title = `Chronology: ${print.person.name}`;
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 56, right: 56 },
      info: { Title: title, Author: 'Your Social Work Practice' },
      lang: 'en-GB',
      displayTitle: true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const width = doc.page.width - 112;
    doc.font('Helvetica-Bold').fontSize(17).text(title, { width });
    doc.font('Helvetica').fontSize(10);
    if (print.person.dateOfBirth) doc.text(`Born ${longDate(print.person.dateOfBirth)}`, { width });
    doc.text(`Printed ${longDate(print.printedAt)}. Newest first. Confidential: personal data.`, { width });
    if (print.filterLine) doc.text(print.filterLine, { width });
    doc.moveDown();
    if (print.entries.length === 0) doc.fontSize(11).text('Nothing recorded.', { width });
    for (const entry of print.entries) {
      doc
        .font('Helvetica-Bold')
        .fontSize(11)
        .text(`${when(entry.at)}  ${entry.title}`, { width });
      doc.font('Helvetica').fontSize(10);
      if (entry.summary) doc.text(entry.summary, { width, lineGap: 1 });
      if (entry.by) doc.fillColor('#444444').text(`By ${entry.by.name}`, { width }).fillColor('black');
      doc.moveDown(0.6);
    }
    if (print.truncated) {
      doc
        .moveDown()
        .font('Helvetica-Oblique')
        .fontSize(10)
        .text('Only the newest entries are printed: narrow the dates to print earlier ones.', { width });
    }
    doc.end();
  });
}
