/**
 * Every written record the practice gives a person (the eligibility letter, the record of a
 * conversation, the care and support plan, a review's outcome) is one model, printed twice: as an
 * accessible HTML page (read in the browser, printed from it) and as an A4 PDF. The words are the
 * person's: no codes, no identifiers, nothing only the practice would understand.
 */
import PDFDocument from 'pdfkit';

/** Who the record is from: the practice's details (reference data kept by administrators). */
export interface RecordSender {
  name: string;
  /** Address lines, then how to reach the practice. */
  lines: string[];
}

export interface RecordSection {
  heading: string;
  paragraphs: string[];
  /** A list of points; `lead` is shown in bold before the text. */
  items?: { lead?: string; text: string }[];
}

export interface WrittenRecord {
  title: string;
  sender: RecordSender;
  date: string;
  to: string[];
  greeting: string;
  sections: RecordSection[];
  closing: string[];
}

/** The sender block from the practice's details: address, postcode, phone, email, website. */
export function senderOf(practice: {
  name: string;
  addressLines: string[];
  postcode: string;
  phone: string;
  email: string;
  website: string | null;
}): RecordSender {
  return {
    name: practice.name,
    lines: [
      ...practice.addressLines,
      practice.postcode,
      practice.phone ? `Phone: ${practice.phone}` : '',
      practice.email ? `Email: ${practice.email}` : '',
      practice.website ?? '',
    ].filter((l) => l.trim() !== ''),
  };
}

/** A date as a person reads it: "4 December 2026" (a `date` string is that day, wherever you are). */
export const longDate = (value: Date | string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: typeof value === 'string' ? 'UTC' : 'Europe/London',
  }).format(typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value);

export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A complete, printable HTML page; styles are inline so it prints the same anywhere. */
export function recordHtml(record: WrittenRecord): string {
  const e = escapeHtml;
  const section = (s: RecordSection) =>
    [
      `<section><h2>${e(s.heading)}</h2>`,
      ...s.paragraphs.map((p) => `<p>${e(p)}</p>`),
      s.items && s.items.length > 0
        ? `<ul>${s.items.map((i) => `<li>${i.lead ? `<strong>${e(i.lead)}</strong> ` : ''}${e(i.text)}</li>`).join('')}</ul>`
        : '',
      '</section>',
    ].join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(record.title)}</title>
<style>
  @page { size: A4; margin: 20mm; }
  body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.5; color: #111; max-width: 46em; margin: 2em auto; padding: 0 1em; }
  header { display: flex; justify-content: space-between; align-items: flex-start; gap: 2em; margin-bottom: 2em; }
  .from { font-style: normal; text-align: right; }
  .from strong { font-size: 13pt; }
  .to { margin: 0; font-style: normal; }
  h1 { font-size: 18pt; margin: 1.5em 0 0.5em; }
  h2 { font-size: 14pt; margin: 1.4em 0 0.4em; }
  ul { padding-left: 1.3em; }
  li { margin-bottom: 0.4em; }
  .closing p { margin: 0.2em 0; }
  @media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<header>
  <address class="to" aria-label="To">${record.to.map(e).join('<br>')}</address>
  <div><address class="from" aria-label="From"><strong>${e(record.sender.name)}</strong><br>${record.sender.lines.map(e).join('<br>')}</address><p class="from">${e(record.date)}</p></div>
</header>
<main>
<h1>${e(record.title)}</h1>
<p>${e(record.greeting)}</p>
${record.sections.map(section).join('\n')}
<div class="closing">${record.closing.map((c) => `<p>${e(c)}</p>`).join('')}</div>
</main>
</body>
</html>
`;
}

/** The same record as an A4 PDF (pdfkit's built-in Helvetica: no font files to ship). */
export function recordPdf(record: WrittenRecord): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 64, right: 64 },
      info: { Title: record.title, Author: record.sender.name },
      lang: 'en-GB',
      displayTitle: true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const width = doc.page.width - 128;
    doc.font('Helvetica-Bold').fontSize(13).text(record.sender.name, { align: 'right' });
    doc.font('Helvetica').fontSize(10);
    for (const line of record.sender.lines) doc.text(line, { align: 'right' });
    doc.fontSize(11).text(record.date, { align: 'right' });
    doc.moveDown();
    for (const line of record.to) doc.text(line);
    doc.moveDown(1.5);
    doc.font('Helvetica-Bold').fontSize(17).text(record.title);
    doc.moveDown(0.6);
    doc.font('Helvetica').fontSize(11).text(record.greeting);
    for (const s of record.sections) {
      doc.moveDown(0.8);
      doc.font('Helvetica-Bold').fontSize(13).text(s.heading, { width });
      doc.moveDown(0.3);
      doc.font('Helvetica').fontSize(11);
      for (const p of s.paragraphs) doc.text(p, { width, lineGap: 2 }).moveDown(0.4);
      for (const item of s.items ?? []) {
        const x = doc.x;
        doc.text('•', x, doc.y, { continued: false, width: 12, lineBreak: false });
        doc.moveUp();
        if (item.lead) {
          doc
            .font('Helvetica-Bold')
            .text(`${item.lead} `, x + 14, doc.y, { width: width - 14, continued: true, lineGap: 2 });
          doc.font('Helvetica').text(item.text, { lineGap: 2 });
        } else {
          doc.text(item.text, x + 14, doc.y, { width: width - 14, lineGap: 2 });
        }
        doc.x = x;
        doc.moveDown(0.3);
      }
    }
    doc.moveDown(1);
    for (const line of record.closing) doc.text(line);
    doc.end();
  });
}

/** Whether the caller asked for the PDF: `?format=` first, else the Accept header's preference. */
export function wantsPdf(format: 'html' | 'pdf' | undefined, accept: string | undefined): boolean {
  if (format) return format === 'pdf';
  const types = (accept ?? '')
    .split(',')
    .map((part) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((t) => t.q > 0);
  const pdf = types.find((t) => t.type === 'application/pdf');
  if (!pdf) return false;
  const html = types.find((t) => t.type === 'text/html');
  return !html || pdf.q > html.q;
}
