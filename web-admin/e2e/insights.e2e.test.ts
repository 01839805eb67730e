import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addColleague, signInOverApi } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, openPage } from './support/browser';
import { signInInBrowser } from './support/sign-in';

const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const adminSession = inject('adminSession');
const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
/** Where the dashboard's screenshot is kept, to be looked at. */
const screenshotDir = process.env.E2E_SCREENSHOT_DIR ?? path.join(repoRoot, 'web-admin', 'test-results');
let browser: Browser;
/** A figure as the page writes it, "1,040", as a number. */
const numberOf = (text: string) => Number(text.replaceAll(',', '').trim());

beforeAll(async () => {
  // The seed command fills the database the API uses with 90 days of the practice's work.
  if (databaseUrl) {
    const seeded = spawnSync(
      'pnpm',
      [
        '--filter',
        '@threefold/api',
        'exec',
        'tsx',
        '--conditions=threefold-source',
        'src/cli/seed.ts',
        '--seed',
        '11',
        '--people',
        '300',
      ],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8', timeout: 240_000 },
    );
    if (seeded.status !== 0) throw new Error(`seed failed:\n${seeded.stdout}\n${seeded.stderr}`);
  }
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!databaseUrl)('practice data in the browser', () => {
  it('draws the dashboard from the seeded records, with a table behind every chart, and no serious accessibility findings', async () => {
    const colleague = await addColleague(baseUrl, adminSession, {
      displayName: 'Dana Data',
      roles: ['practice_admin'],
    });
    const { account } = await signInOverApi(baseUrl, colleague);
    const { page, errors } = await openPage(browser, { bypassCSP: true, viewport: { width: 1400, height: 1000 } });
    await page.goto(`${baseUrl}/`);
    await signInInBrowser(page, colleague, account);
    await page.goto(`${baseUrl}/practice-data`);
    await page.getByRole('heading', { level: 1, name: 'Practice data' }).waitFor();
    await page.getByRole('button', { name: 'Last quarter' }).click();
    // Wait on the data, not on words: the quarter's own heading, and the status that changes with it.
    await page.getByRole('heading', { level: 2, name: /\(91 days\)$/ }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Showing the whole practice, / })
      .waitFor();

    // Real numbers from the seed: contacts, and a funnel that narrows.
    const contacts = numberOf(
      await page
        .locator('.figures__item', { hasText: /^Contacts/ })
        .locator('dd')
        .first()
        .innerText(),
    );
    expect(contacts).toBeGreaterThan(300);
    const funnelRows = page.locator('figure', { hasText: 'The journey' }).locator('tbody tr');
    await expect.poll(() => funnelRows.count()).toBe(5);
    const counts = (await funnelRows.locator('td').allTextContents()).map(numberOf);
    expect(counts[0]).toBe(contacts);
    expect(counts[1]!).toBeLessThan(counts[0]!);
    expect(counts[4]!).toBeLessThanOrEqual(counts[3]!);

    // Every chart drew something: its canvas is not blank.
    const canvases = page.locator('canvas[role="img"]');
    expect(await canvases.count()).toBe(5);
    for (const canvas of await canvases.all()) {
      const inked = await canvas.evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) n++;
        return n;
      });
      expect(inked).toBeGreaterThan(500);
    }
    await page.screenshot({ path: path.join(screenshotDir, 'practice-data.png'), fullPage: true });

    // On a phone (390 px) nothing scrolls sideways, the charts included, and axe finds nothing serious.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
      .toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'practice-data-phone.png'), fullPage: true });
    // No chart's label is cut at the edge of a phone's canvas: long labels are broken into lines,
    // so the canvas's first columns of pixels hold no ink (a cut label's letters run into them).
    const charts = page.locator('figure.chart');
    for (const [i, chart] of (await charts.all()).entries()) {
      await chart.scrollIntoViewIfNeeded();
      await chart.screenshot({ path: path.join(screenshotDir, `practice-data-phone-chart-${i + 1}.png`) });
      const inkAtLeftEdge = await chart.locator('canvas').evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const pixels = c.getContext('2d')!.getImageData(0, 0, 3, c.height).data;
        let n = 0;
        for (let p = 3; p < pixels.length; p += 4) if (pixels[p]! > 0) n++;
        return n;
      });
      expect(inkAtLeftEdge, `chart ${i + 1} has a label cut at its left edge`).toBe(0);
    }
    await page.setViewportSize({ width: 1400, height: 1000 });

    // One team narrows every figure.
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Oswestry' });
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /^Oswestry/ }).waitFor();
    const teamContacts = numberOf(
      await page
        .locator('.figures__item', { hasText: /^Contacts/ })
        .locator('dd')
        .first()
        .innerText(),
    );
    expect(teamContacts).toBeLessThan(contacts);

    await page.getByText('The journey, from contact to long-term support: the numbers').click();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);

    // The data quality report links to the people to put right.
    await page.getByRole('link', { name: 'Data quality for the returns' }).click();
    await page.getByRole('heading', { level: 1, name: 'Data quality for the returns' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'data-quality.png'), fullPage: true });
  }, 180_000);
});
