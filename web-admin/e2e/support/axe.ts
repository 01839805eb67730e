import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page (WCAG 2.0–2.2 A and AA rules) and returns its serious and critical findings. */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  // An inline script: the page's context must be opened with bypassCSP for this to run.
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

declare global {
  interface Window {
    axe: typeof axe;
  }
}
