import { nhsNumberFromSeed } from '@threefold/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addColleague, signInOverApi } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, openPage } from './support/browser';
import { signInInBrowser } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now()
  .toString(36)
  .replace(/\d/g, (d) => 'abcdefghij'.charAt(Number(d)));
const file = [
  'ClientRef,givenName,familyName,dateOfBirth,nhsNumber,postcode',
  `E2E-${stamp}-1,Winifred,Ashcombe${stamp},1938-04-02,${nhsNumberFromSeed(880_001)},SY2 6ND`,
  `E2E-${stamp}-2,Harold,Ashcombe${stamp},1936-11-20,${nhsNumberFromSeed(880_002)},SY3 8HQ`,
  `E2E-${stamp}-3,Mabel,Ashcombe${stamp},1940-02-30,${nhsNumberFromSeed(880_003)},SY1 1AA`,
].join('\n');

describe('imports and hand-back in the browser', () => {
  it('maps a file from its header, shows the dry run’s problems, commits with progress, and hands back; no serious accessibility findings', async () => {
    const colleague = await addColleague(baseUrl, adminSession, {
      displayName: 'Ivor Import',
      roles: ['practice_admin'],
    });
    const { account } = await signInOverApi(baseUrl, colleague);
    const { page, errors } = await openPage(browser, { bypassCSP: true, viewport: { width: 1300, height: 1000 } });
    await page.goto(`${baseUrl}/`);
    await signInInBrowser(page, colleague, account);
    await page.goto(`${baseUrl}/imports`);
    await page.getByRole('heading', { level: 1, name: 'Imports and hand-back' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('The council’s export of people').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file),
    });
    await page.getByLabel('Mapping').selectOption('new');
    await page.getByLabel('Name of this mapping').fill(`E2E people ${stamp}`);
    await page.getByLabel('Council system').fill(`e2e${stamp}`);
    await page.getByLabel('Column holding the council’s id').selectOption('ClientRef');
    // The columns named like Threefold's fields were mapped from the header already.
    await expect.poll(() => page.getByLabel('NHS number', { exact: true }).inputValue()).toBe('nhsNumber');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('status').filter({ hasText: 'Checked 3 rows: 1 with problems' }).waitFor();
    const report = page.getByRole('table', { name: /Problems to fix/ });
    await expect.poll(() => report.locator('tbody tr').count()).toBe(1);
    expect(await report.locator('tbody tr').innerText()).toMatch(
      /4\s+E2E-\w+-3\s+Date of birth\s+"1940-02-30" is not a date/,
    );
    expect(await page.getByRole('link', { name: 'Download every problem (CSV)' }).getAttribute('href')).toMatch(
      /^\/v1\/imports\/[0-9a-f-]+\/problems$/,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);

    const commit = page.getByRole('button', { name: 'Commit: write the records' });
    expect(await commit.isDisabled()).toBe(true);
    await page.getByLabel(/Leave out the 1 rows with problems/).check();
    await commit.click();
    await page.getByRole('status').filter({ hasText: 'Done: 2 records written, 1 rows left out.' }).waitFor();
    expect(await page.getByLabel('Written so far').getAttribute('value')).toBe('100');
    const history = page.getByRole('table', { name: 'Imports, newest first' });
    await expect
      .poll(() => history.locator('tbody tr').first().innerText())
      .toMatch(/people\.csv\s+committed\s+3\s+1\s+2/);

    await page.getByRole('button', { name: 'Make an export' }).click();
    const archive = page.getByRole('link', { name: 'Download the archive (zip)' });
    await archive.waitFor();
    const href = await archive.getAttribute('href');
    const zip = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
    }, href);
    expect(zip).toMatchObject({ status: 200, type: 'application/zip' });
    expect(zip.size).toBeGreaterThan(500);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
