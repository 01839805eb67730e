/**
 * Renders the eligibility letter to PNG with headless Chromium, so a person can look at it:
 * `pnpm --filter @threefold/api exec tsx --conditions=threefold-source scripts/render-letter.ts [out-dir]`.
 * The letters are built from decisions the real rules make (an adult with fluctuating needs who is
 * eligible, with the starting resource allocation table; a carer; an adult who is not eligible),
 * through the same code that answers `GET /v1/eligibility-determinations/{id}/letter`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { determineEligibility, indicativeBudget, type EligibilityInput, type RasTable } from '@threefold/domain';
import { chromium } from 'playwright-core';
import { buildLetter, letterHtml, letterPdf } from '../src/modules/eligibility/letter.js';

const outDir = path.resolve(process.argv[2] ?? 'letters');

/** The starting table the migrations seed (version 1, £5.00 a point). */
const startingTable: RasTable = {
  version: 1,
  pencePerPoint: 500,
  maximumWeeklyPence: null,
  rows: [
    { kind: 'adult', need: 'nutrition', points: 12 },
    { kind: 'adult', need: 'personal-hygiene', points: 10 },
    { kind: 'adult', need: 'toilet-needs', points: 12 },
    { kind: 'adult', need: 'using-home-safely', points: 10 },
    { kind: 'adult', need: 'community-facilities', points: 6 },
    { kind: 'carer', need: 'health-deteriorating', points: 8 },
    { kind: 'carer', need: 'recreation', points: 4 },
  ],
};

const samples: { name: string; person: string; caredFor: string | null; inputs: EligibilityInput }[] = [
  {
    name: 'adult-eligible',
    person: 'Edith Marsh',
    caredFor: null,
    inputs: {
      kind: 'adult',
      needsArise: true,
      condition: 'Parkinson’s disease, diagnosed in 2019',
      outcomes: [
        { outcome: 'nutrition', unableWays: ['needs-assistance'] },
        {
          outcome: 'personal-hygiene',
          unableWays: ['significant-pain-distress-anxiety', 'takes-significantly-longer'],
        },
        { outcome: 'using-home-safely', unableWays: ['endangers-health-or-safety'] },
        { outcome: 'community-facilities', unableWays: ['needs-assistance'] },
      ],
      wellbeing: { significant: true, areas: ['dignity', 'health', 'control-over-daily-life', 'relationships'] },
      needsFluctuate: true,
      periodConsidered: {
        from: '2026-08-01',
        to: '2026-10-31',
        description: 'On bad days, about two in every five, her tremor stops her cooking or washing safely on her own.',
      },
    },
  },
  {
    name: 'carer-eligible',
    person: 'Roy Marsh',
    caredFor: 'Edith Marsh',
    inputs: {
      kind: 'carer',
      needsArise: true,
      condition: 'Roy cares for his wife Edith day and night',
      healthDeteriorating: true,
      outcomes: [{ outcome: 'recreation', unableWays: ['significant-pain-distress-anxiety'] }],
      wellbeing: { significant: true, areas: ['health', 'participation'] },
      needsFluctuate: false,
    },
  },
  {
    name: 'adult-not-eligible',
    person: 'Joan Talbot',
    caredFor: null,
    inputs: {
      kind: 'adult',
      needsArise: true,
      condition: 'Arthritis in both knees',
      outcomes: [{ outcome: 'habitable-home', unableWays: ['takes-significantly-longer'] }],
      wellbeing: { significant: false, areas: [] },
      needsFluctuate: false,
    },
  },
];

await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 1 });
  for (const sample of samples) {
    const decision = determineEligibility(sample.inputs);
    const letter = buildLetter({
      personName: sample.person,
      addressLines: ['4 Mill Lane', 'Ludlow', 'SY8 1AB'],
      caredForName: sample.caredFor,
      decidedByName: 'Sam Okafor',
      decidedAt: new Date('2026-11-25T10:30:00Z'),
      eligible: decision.eligible,
      summary: decision.summary,
      findings: decision.findings,
      inputs: sample.inputs,
      periodConsidered: decision.periodConsidered ?? null,
      indicativeBudget: decision.eligible
        ? indicativeBudget(sample.inputs.kind, decision.unmetNeeds, startingTable)
        : null,
    });
    const html = letterHtml(letter);
    await writeFile(path.join(outDir, `${sample.name}.html`), html);
    await writeFile(path.join(outDir, `${sample.name}.pdf`), await letterPdf(letter));
    await page.setContent(html, { waitUntil: 'load' });
    await page.screenshot({ path: path.join(outDir, `${sample.name}.png`), fullPage: true });
    console.log(`wrote ${path.join(outDir, `${sample.name}.png`)} (.html, .pdf)`);
  }
} finally {
  await browser.close();
}
