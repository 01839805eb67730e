import {
  adultOutcomes,
  adultUnableWays,
  CARER_HEALTH_NEED,
  carerOutcomes,
  carerUnableWays,
  determineEligibility,
  indicativeBudget,
  wellbeingAreas,
  type EligibilityInput,
  type RasTable,
} from '@threefold/domain';
import { describe, expect, it } from 'vitest';
import { buildLetter, letterHtml, letterPdf } from '../../src/modules/eligibility/letter.js';

const table: RasTable = {
  version: 4,
  pencePerPoint: 500,
  maximumWeeklyPence: 20000,
  rows: [
    ...adultOutcomes.map((need) => ({ kind: 'adult' as const, need, points: 9 })),
    ...[CARER_HEALTH_NEED, ...carerOutcomes].map((need) => ({ kind: 'carer' as const, need, points: 4 })),
  ],
};

/** Every code a letter could leak: outcomes, ways of being unable, wellbeing areas, criteria, the carer's health need. */
const codes = [
  ...adultOutcomes,
  ...carerOutcomes,
  ...adultUnableWays,
  ...carerUnableWays,
  ...wellbeingAreas,
  CARER_HEALTH_NEED,
  'needs-arise',
].filter((code) => code.includes('-')); // single words (nutrition, dignity) are English too

function letterFor(inputs: EligibilityInput) {
  const decision = determineEligibility(inputs);
  return buildLetter({
    personName: 'Edith Marsh',
    addressLines: ['4 Mill Lane', 'SY8 1AB'],
    caredForName: inputs.kind === 'carer' ? 'Roy Marsh' : null,
    decidedByName: 'Sam Okafor',
    decidedAt: new Date('2026-11-25T10:30:00Z'),
    eligible: decision.eligible,
    summary: decision.summary,
    findings: decision.findings,
    inputs,
    periodConsidered: decision.periodConsidered ?? null,
    indicativeBudget: decision.eligible ? indicativeBudget(inputs.kind, decision.unmetNeeds, table) : null,
  });
}

/** A spread of decisions: each outcome unmet alone, all unmet, every way, both kinds, fluctuating or not. */
function samples(): EligibilityInput[] {
  const out: EligibilityInput[] = [];
  for (const [i, way] of adultUnableWays.entries()) {
    out.push({
      kind: 'adult',
      needsArise: i % 2 === 0,
      condition: 'Multiple sclerosis',
      outcomes: adultOutcomes.slice(0, i + 1).map((outcome) => ({ outcome, unableWays: [way] })),
      wellbeing: { significant: true, areas: [...wellbeingAreas] },
      needsFluctuate: i === 3,
      ...(i === 3 ? { periodConsidered: { from: '2026-01-01', to: '2026-03-31', description: 'Relapses' } } : {}),
    });
  }
  out.push({
    kind: 'adult',
    needsArise: true,
    condition: 'Stroke',
    outcomes: adultOutcomes.map((outcome) => ({ outcome, unableWays: [...adultUnableWays] })),
    wellbeing: { significant: true, areas: ['dignity'] },
    needsFluctuate: false,
  });
  for (const [i, way] of carerUnableWays.entries()) {
    out.push({
      kind: 'carer',
      needsArise: true,
      condition: 'Cares for Roy',
      healthDeteriorating: i === 0,
      outcomes: carerOutcomes.slice(0, i * 3).map((outcome) => ({ outcome, unableWays: [way] })),
      wellbeing: { significant: i !== 2, areas: i !== 2 ? ['health', 'relationships'] : [] },
      needsFluctuate: false,
    });
  }
  return out;
}

describe('the eligibility letter', () => {
  it('never shows a code, an identifier or an unfilled value, whatever the decision', () => {
    for (const inputs of samples()) {
      const html = letterHtml(letterFor(inputs));
      for (const code of codes)
        expect(html, `${code} in ${JSON.stringify(inputs)}`).not.toMatch(new RegExp(`\\b${code}\\b`));
      expect(html).not.toMatch(/undefined|null|NaN|\[object/);
      expect(html).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });

  it('says the decision, each condition and every outcome in words', () => {
    const letter = letterFor(samples()[4]!);
    const html = letterHtml(letter);
    expect(html).toContain('Your needs meet the national eligibility criteria');
    expect(html).toContain('Managing toilet needs.');
    expect(html).toContain('it takes you significantly longer than would normally be expected');
    expect(html).toContain('£200.00 a week'); // 90 points at £5.00 = £450.00, capped at £200.00
    expect(html).toContain('capped');
  });

  it('for a carer names the person cared for and lists eight outcomes and their health', () => {
    const letter = letterFor(samples()[5]!);
    expect(letter.title).toBe('Your eligibility decision as a carer');
    expect(letter.sections[0]!.paragraphs.join(' ')).toContain('as a carer for Roy Marsh');
    expect(letter.sections[2]!.items).toHaveLength(9);
  });

  it('states the period considered when needs fluctuate', () => {
    const html = letterHtml(letterFor(samples()[3]!));
    expect(html).toContain('from 1 January 2026 to 31 March 2026');
  });

  it('escapes what people typed', () => {
    const inputs = { ...samples()[0]!, condition: '<script>alert(1)</script>' };
    const html = letterHtml(letterFor(inputs));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('prints as a PDF', async () => {
    const pdf = await letterPdf(letterFor(samples()[0]!));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(2000);
  });
});

describe('choosing HTML or PDF', () => {
  it('follows ?format first, then the Accept header with its q-values, and defaults to HTML', async () => {
    const { wantsPdf } = await import('../../src/modules/eligibility/routes.js');
    expect(wantsPdf('pdf', 'text/html')).toBe(true);
    expect(wantsPdf('html', 'application/pdf')).toBe(false);
    expect(wantsPdf(undefined, undefined)).toBe(false);
    expect(wantsPdf(undefined, '*/*')).toBe(false);
    expect(wantsPdf(undefined, 'application/pdf')).toBe(true);
    expect(wantsPdf(undefined, 'text/html, application/pdf')).toBe(false);
    expect(wantsPdf(undefined, 'text/html;q=0.5, application/pdf')).toBe(true);
    expect(wantsPdf(undefined, 'application/pdf;q=0, text/html')).toBe(false);
  });
});
