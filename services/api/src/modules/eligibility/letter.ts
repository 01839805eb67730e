/**
 * The written record of an eligibility determination (Care Act 2014 s13(2)), for the person. One
 * model of the letter is built from the stored determination and then printed twice: as HTML
 * (read in the browser, printed from it) and as a PDF. The words are the person's: no codes, no
 * identifiers, nothing only the practice would understand.
 */
import {
  adultOutcomes,
  carerOutcomes,
  formatPounds,
  outcomeLabel,
  unableWayLabel,
  wellbeingAreaLabel,
  wellbeingAreas,
  type AdultUnableWay,
  type EligibilityInput,
  type IndicativeBudget,
  type PeriodConsidered,
  ordinaryResidenceLine,
  type OrdinaryResidence,
} from '@threefold/domain';
import PDFDocument from 'pdfkit';

export interface LetterFacts {
  personName: string;
  addressLines: string[];
  caredForName: string | null;
  decidedByName: string;
  decidedAt: Date;
  eligible: boolean;
  summary: string;
  findings: { criterion: string; met: boolean; reason: string }[];
  inputs: EligibilityInput;
  periodConsidered: PeriodConsidered | null;
  indicativeBudget: IndicativeBudget | null;
  /** Who pays (Care Act s13(3)(c)): shown as one section when recorded. */
  ordinaryResidence?: OrdinaryResidence | null;
}

export interface LetterSection {
  heading: string;
  paragraphs: string[];
  /** A list of points; `lead` is shown in bold before the text. */
  items?: { lead?: string; text: string }[];
}

export interface LetterModel {
  title: string;
  from: string;
  date: string;
  to: string[];
  greeting: string;
  sections: LetterSection[];
  closing: string[];
}

const PRACTICE = 'Your Social Work Practice';

const longDate = (value: Date | string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: typeof value === 'string' ? 'UTC' : 'Europe/London',
  }).format(typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value);

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const criterionHeadings: Record<string, string> = {
  'needs-arise': 'Why you have needs',
  outcomes: 'What you are unable to do',
  wellbeing: 'The effect on your wellbeing',
};

export function buildLetter(facts: LetterFacts): LetterModel {
  const { inputs } = facts;
  const carer = inputs.kind === 'carer';
  const sections: LetterSection[] = [];

  sections.push({
    heading: 'Our decision',
    paragraphs: [
      facts.summary,
      carer
        ? `We looked at the support you need as a carer${facts.caredForName ? ` for ${facts.caredForName}` : ''}, using the national eligibility criteria for carers.`
        : 'We looked at your needs for care and support using the national eligibility criteria.',
      'This letter is the written record of that decision. The law says you should have one.',
    ],
  });

  sections.push({
    heading: 'How we decided',
    paragraphs: ['The national criteria have three conditions. All three must be met. This is what we found.'],
    items: facts.findings.map((f) => ({
      lead: `${criterionHeadings[f.criterion] ?? 'Condition'}: ${f.met ? 'met' : 'not met'}.`,
      text: f.reason,
    })),
  });

  const order: readonly string[] = carer ? carerOutcomes : adultOutcomes;
  const byOutcome = new Map<string, readonly string[]>(inputs.outcomes.map((o) => [o.outcome, o.unableWays]));
  const outcomeItems = order.map((outcome) => {
    const ways = byOutcome.get(outcome) ?? [];
    const lead = `${sentence(outcomeLabel(inputs.kind, outcome))}.`;
    return ways.length === 0
      ? { lead, text: 'You are able to do this.' }
      : {
          lead,
          text: `You are unable to do this, because ${ways.map((w) => unableWayLabel(w as AdultUnableWay)).join('; and ')}.`,
        };
  });
  if (inputs.kind === 'carer') {
    outcomeItems.unshift({
      lead: 'Your health.',
      text: inputs.healthDeteriorating
        ? 'Your physical or mental health is deteriorating, or is at risk of deteriorating, because of caring.'
        : 'We did not find that your health is deteriorating, or at risk of deteriorating, because of caring.',
    });
  }
  sections.push({
    heading: carer ? 'Your health and the things carers need to be able to do' : 'The things you need to be able to do',
    paragraphs: [
      carer
        ? 'These are the eight things the criteria for carers list, and what we found for each.'
        : 'These are the ten things the criteria list, and what we found for each.',
    ],
    items: outcomeItems,
  });

  const areas = wellbeingAreas.filter((a) => inputs.wellbeing.areas.includes(a));
  sections.push({
    heading: 'Your wellbeing',
    paragraphs: [
      inputs.wellbeing.significant && areas.length > 0
        ? 'We found that your needs have, or are likely to have, a significant effect on these parts of your wellbeing:'
        : 'We did not find a significant effect on your wellbeing.',
    ],
    ...(inputs.wellbeing.significant && areas.length > 0
      ? { items: areas.map((a) => ({ text: `${sentence(wellbeingAreaLabel(a))}.` })) }
      : {}),
  });

  if (facts.periodConsidered) {
    const p = facts.periodConsidered;
    sections.push({
      heading: 'Needs that change from day to day',
      paragraphs: [
        `Your needs change over time, so we did not judge them on a good day. We looked at how things were from ${longDate(p.from)} to ${longDate(p.to)}.`,
        p.description.trim(),
      ],
    });
  }

  if (facts.eligible && facts.indicativeBudget) {
    const b = facts.indicativeBudget;
    sections.push({
      heading: 'Your indicative budget',
      paragraphs: [
        `To help you start planning, our resource allocation table gives an indicative budget of ${formatPounds(b.weeklyPence)} a week.`,
        'This is a starting point, not a fixed amount. Your personal budget will be what it costs to meet your needs in the way that suits you, and we will agree it with you in your support plan.',
        'How we worked it out:',
      ],
      items: [
        ...b.lines.map((l) => ({
          lead: `${sentence(l.label)}:`,
          text: `${l.points} point${l.points === 1 ? '' : 's'}.`,
        })),
        { lead: 'Total:', text: b.explanation },
      ],
    });
  }

  if (facts.ordinaryResidence) {
    sections.push({
      heading: 'Which council is responsible',
      paragraphs: [ordinaryResidenceLine(facts.ordinaryResidence)],
    });
  }

  sections.push({
    heading: 'What happens next',
    paragraphs: facts.eligible
      ? [
          'We will plan your support with you and the people you want involved, starting from what matters to you and what you can already do.',
        ]
      : [
          'Even though your needs do not meet the national criteria, we will give you information and advice about what can help, and about how to stop your needs getting worse.',
          'If things change, please get in touch and we will look again.',
        ],
  });

  sections.push({
    heading: 'If you disagree',
    paragraphs: [
      'If you think we have got something wrong, please tell us. Talk to the social worker who signed this letter, or ask us how to make a complaint.',
      'You can ask for this letter in large print, another format or another language.',
    ],
  });

  return {
    title: carer ? 'Your eligibility decision as a carer' : 'Your eligibility decision',
    from: PRACTICE,
    date: longDate(facts.decidedAt),
    to: [facts.personName, ...facts.addressLines],
    greeting: `Dear ${facts.personName},`,
    sections,
    closing: ['Yours sincerely,', facts.decidedByName, 'Social worker'],
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A complete, printable HTML page; styles are inline so it prints the same anywhere. */
export function letterHtml(letter: LetterModel): string {
  const e = escapeHtml;
  const section = (s: LetterSection) =>
    [
      `<section><h2>${e(s.heading)}</h2>`,
      ...s.paragraphs.map((p) => `<p>${e(p)}</p>`),
      s.items
        ? `<ul>${s.items.map((i) => `<li>${i.lead ? `<strong>${e(i.lead)}</strong> ` : ''}${e(i.text)}</li>`).join('')}</ul>`
        : '',
      '</section>',
    ].join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(letter.title)}</title>
<style>
  @page { size: A4; margin: 20mm; }
  body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.5; color: #111; max-width: 46em; margin: 2em auto; padding: 0 1em; }
  header { display: flex; justify-content: space-between; align-items: flex-start; gap: 2em; margin-bottom: 2em; }
  .from { font-weight: bold; font-size: 13pt; }
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
  <address class="to">${letter.to.map(e).join('<br>')}</address>
  <div><div class="from">${e(letter.from)}</div><div>${e(letter.date)}</div></div>
</header>
<main>
<h1>${e(letter.title)}</h1>
<p>${e(letter.greeting)}</p>
${letter.sections.map(section).join('\n')}
<div class="closing">${letter.closing.map((c) => `<p>${e(c)}</p>`).join('')}</div>
</main>
</body>
</html>
`;
}

/** The same letter as an A4 PDF (pdfkit's built-in Helvetica: no font files to ship). */
export function letterPdf(letter: LetterModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 64, right: 64 },
      info: { Title: letter.title, Author: letter.from },
      lang: 'en-GB',
      displayTitle: true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const width = doc.page.width - 128;
    doc.font('Helvetica-Bold').fontSize(13).text(letter.from, { align: 'right' });
    doc.font('Helvetica').fontSize(11).text(letter.date, { align: 'right' });
    doc.moveDown();
    for (const line of letter.to) doc.text(line);
    doc.moveDown(1.5);
    doc.font('Helvetica-Bold').fontSize(17).text(letter.title);
    doc.moveDown(0.6);
    doc.font('Helvetica').fontSize(11).text(letter.greeting);
    for (const s of letter.sections) {
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
    for (const line of letter.closing) doc.text(line);
    doc.end();
  });
}
