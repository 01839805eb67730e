import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { addColleague, apiCall, createPerson, createTeam, signInOverApi, type ApiSession } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

/**
 * Long pages made short (issue 22, item 10): eligibility and a conversation in parts that fold
 * away with a line each, a hint said once, the primary action kept in sight on a phone and never
 * over the field being worked on; and the machine client screen names a partner, never its ID.
 * Each screen is checked with axe at 1280 px and 390 px and kept as a screenshot.
 */
const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();
const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const screenshotDir = process.env.E2E_SCREENSHOT_DIR ?? path.join(repoRoot, 'web-admin', 'test-results');
const desk = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

const height = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function checkAtBothWidths(page: Page, name: string) {
  for (const [label, size] of [
    ['desk', desk],
    ['phone', phone],
  ] as const) {
    await page.setViewportSize(size);
    expect(await seriousAxeViolations(page), `${name} at ${label}`).toEqual([]);
    if (label === 'phone') expect(await sideways(page), `${name} scrolls sideways on a phone`).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${label}.png`), fullPage: true });
  }
}

/** The action is on the screen: wholly inside the viewport. */
async function inView(page: Page, action: Locator) {
  const box = (await action.boundingBox())!;
  const viewport = page.viewportSize()!;
  return box.y >= 0 && box.y + box.height <= viewport.height;
}

/**
 * Tabbing through the form on a phone, the focused field is never under the sticky bar (WCAG 2.4.11):
 * each focused element's box ends above the bar's top, unless it is in the bar.
 */
async function focusNeverUnderBar(page: Page, barTestId: string, presses: number) {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const hidden = await page.evaluate((testId) => {
      const bar = document.querySelector(`[data-testid="${testId}"]`);
      const active = document.activeElement;
      if (!bar || !active || bar.contains(active) || active === document.body) return null;
      const a = active.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      return a.bottom > b.top + 1 && a.top < b.bottom
        ? `${active.tagName}#${active.id} ${JSON.stringify([a.top, a.bottom, b.top, b.bottom, getComputedStyle(document.documentElement).scrollPaddingBottom, window.scrollY, document.scrollingElement?.tagName])}`
        : null;
    }, barTestId);
    expect(hidden, `focus under the sticky bar after ${i + 1} Tab presses`).toBeNull();
  }
}

async function send(method: string, url: string, session: ApiSession, body?: unknown, ifMatch?: string) {
  return apiCall(baseUrl, method, url, { session }, body, ifMatch ? { 'if-match': ifMatch } : {});
}

/** A story with conversation 1 saved full of what was said, then concluded unresolved; conversation 3 open. */
async function storyToConversationThree(personId: string, author: ApiSession, peer: ApiSession) {
  const story = (await send('POST', '/v1/stories', author, { personId })).json;
  const c1 = (await send('POST', `/v1/stories/${String(story.id)}/conversations`, author, { kind: 1 })).json;
  const read = await send('GET', `/v1/conversations/${String(c1.id)}`, author);
  await send('PATCH', `/v1/conversations/${String(c1.id)}`, author, conversationContent, read.etag);
  await send('POST', `/v1/conversations/${String(c1.id)}/conclude`, author, {
    resolved: false,
    unresolvedReason: 'Managing at home is getting harder each week',
  });
  await send('POST', `/v1/stories/${String(story.id)}/peer-steps`, peer, { outcome: 'exhausted', why: 'Agreed' });
  const c3 = (await send('POST', `/v1/stories/${String(story.id)}/conversations`, author, { kind: 3 })).json;
  return { storyId: String(story.id), c3: String(c3.id) };
}

const conversationContent = {
  strengths: {
    personalResources: ['Keeps a diary', 'Cooks for herself on good days'],
    networksOfSupport: ['Her nephew visits on Sundays'],
    communityResources: ['The Thursday lunch club'],
  },
  participants: [
    { name: 'Edna Morris', role: 'the person' },
    { name: 'Gareth Morris', role: 'nephew' },
  ],
  whatMatters: 'Staying in her own home, and getting to the lunch club again.',
  outputs: { desiredOutcomes: ['Getting to the lunch club every week', 'Washing safely'] },
  advocacy: {
    substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
    appropriatePersonAvailable: true,
    advocateRecorded: false,
  },
};

async function colleagues() {
  const team = await createTeam(baseUrl, adminSession, `Long pages ${Date.now().toString(36)}`);
  const worker = await addColleague(baseUrl, adminSession, {
    displayName: 'Sian Powell',
    roles: ['social_worker'],
    teamIds: [team.id],
  });
  const peer = await addColleague(baseUrl, adminSession, {
    displayName: 'Dafydd Owen',
    roles: ['social_worker'],
    teamIds: [team.id],
  });
  const w = await signInOverApi(baseUrl, worker);
  const p = await signInOverApi(baseUrl, peer);
  return { worker, w, p };
}

describe('long pages, grouped and folded, with the primary action in sight', () => {
  it('eligibility: outcomes fold to a line each, the hint is said once, Record the decision stays in sight, nothing typed is lost', async () => {
    const { worker, w, p } = await colleagues();
    const edna = await createPerson(baseUrl, w.session, { givenName: 'Edna', familyName: 'Morris' });
    const { c3 } = await storyToConversationThree(edna.id, w.session, p.session);

    const { page, errors } = await signedInAtHome(browser(), baseUrl, worker, w.account, { viewport: desk });
    await page.goto(`${baseUrl}/conversations/${c3}/eligibility`);
    await page.getByRole('heading', { level: 1, name: 'Decide eligibility' }).waitFor();
    const form = page.getByTestId('eligibility-form');
    await form.waitFor();

    // The ten outcomes are a line each; the hint about ticking is said once, above them.
    const outcomeLines = page.getByTestId('outcome-list').locator('details');
    expect(await outcomeLines.count()).toBe(10);
    expect(await page.getByText(/Open an outcome to tick how they are unable/).count()).toBe(1);
    expect(await page.getByTestId('outcomes-summary').innerText()).toBe('Unable to achieve 0 of 10');
    // The optional part (ordinary residence) starts folded, with its line.
    expect(await page.locator('#residence-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('residence-summary').innerText()).toBe('No council named (optional)');

    const folded = await height(page);
    // The old page was 6,096 px at this width.
    expect(folded).toBeLessThan(4000);
    const bar = page.getByTestId('decide-bar');
    const record = bar.getByRole('button', { name: 'Record the decision' });
    expect(await inView(page, record)).toBe(true);
    await checkAtBothWidths(page, 'eligibility-folded');

    // On a phone, half way down, the action is still on the screen; tabbing never hides a field under it.
    await page.setViewportSize(phone);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    expect(await inView(page, record)).toBe(true);
    await page.locator('#needs-arise').focus();
    await focusNeverUnderBar(page, 'decide-bar', 30);
    await page.setViewportSize(desk);

    // An outcome opens with the keyboard, is ticked, and says so on its line when folded again.
    const nutrition = page.getByTestId('outcome-nutrition-details');
    await nutrition.locator('summary').focus();
    await page.keyboard.press('Enter');
    await page.locator('#outcome-nutrition').check();
    await page.getByLabel('What you saw or heard (managing and maintaining nutrition)').fill('Skips lunch most days');
    await nutrition.locator('summary').click();
    expect(await nutrition.locator('summary').innerText()).toContain('Unable: cannot without help');
    expect(await bar.innerText()).toContain('Unable to achieve 1 of 10');

    // Every outcome opened: the page is much taller than folded — the folding is what made it short.
    for (const line of await outcomeLines.all()) await line.evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await page.locator('#residence-toggle').click();
    const unfolded = await height(page);
    expect(unfolded).toBeGreaterThan(folded + 1500);
    await page.screenshot({ path: path.join(screenshotDir, 'eligibility-unfolded-desk.png'), fullPage: true });

    // Folding a part loses nothing typed, and neither does leaving: the draft comes back.
    await page.locator('#condition').fill('Arthritis in both hands');
    await page.locator('#condition-toggle').click();
    expect(await page.locator('#condition-toggle').getAttribute('aria-expanded')).toBe('false');
    await page.locator('#condition-toggle').click();
    expect(await page.locator('#condition').inputValue()).toBe('Arthritis in both hands');
    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.getByTestId('outcome-nutrition-details').getAttribute('open')).not.toBeNull();
    expect(await page.locator('#condition').inputValue()).toBe('Arthritis in both hands');
    expect(await page.getByLabel('What you saw or heard (managing and maintaining nutrition)').inputValue()).toBe(
      'Skips lunch most days',
    );

    // A missing answer in a folded part opens it and takes focus there.
    await page.locator('#wellbeing-toggle').click();
    expect(await page.locator('#wellbeing-toggle').getAttribute('aria-expanded')).toBe('false');
    await page.locator('input[name="needs-arise"][value="yes"]').check();
    await record.click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('#wellbeing-body') !== null))
      .toBe(true);
    expect(await page.locator('#wellbeing-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('a conversation: the parts already saved start folded with their line, Conclude is one step from the sticky bar', async () => {
    const { worker, w } = await colleagues();
    const edna = await createPerson(baseUrl, w.session, { givenName: 'Edna', familyName: 'Morris' });
    const story = (await send('POST', '/v1/stories', w.session, { personId: edna.id })).json;
    const c1 = (await send('POST', `/v1/stories/${String(story.id)}/conversations`, w.session, { kind: 1 })).json;
    const read = await send('GET', `/v1/conversations/${String(c1.id)}`, w.session);
    await send('PATCH', `/v1/conversations/${String(c1.id)}`, w.session, conversationContent, read.etag);

    const { page, errors } = await signedInAtHome(browser(), baseUrl, worker, w.account, { viewport: desk });
    await page.goto(`${baseUrl}/conversations/${String(c1.id)}`);
    await page.getByTestId('conversation-form').waitFor();
    for (const part of ['strengths', 'participants', 'matters', 'advocacy', 'outcomes', 'notes'])
      expect(await page.locator(`#${part}-toggle`).getAttribute('aria-expanded'), part).toBe('false');
    expect(await page.getByTestId('strengths-summary').innerText()).toBe('4 strengths');
    expect(await page.getByTestId('participants-summary').innerText()).toBe('Edna Morris, Gareth Morris');
    expect(await page.getByTestId('outcomes-summary').innerText()).toBe('2 desired outcomes');
    const folded = await height(page);
    // The old page was 4,000–5,000 px at this width.
    expect(folded).toBeLessThan(3200);
    const bar = page.getByTestId('save-bar');
    expect(await inView(page, bar.getByRole('button', { name: 'Save' }))).toBe(true);
    await checkAtBothWidths(page, 'conversation-folded');

    // Opening every part shows how much the folding saves; typed text survives folding again.
    for (const part of ['strengths', 'participants', 'matters', 'advocacy', 'outcomes', 'notes'])
      await page.locator(`#${part}-toggle`).click();
    const unfolded = await height(page);
    expect(unfolded).toBeGreaterThan(folded + 800);
    await page.locator('#what-matters').fill('Staying at home, the lunch club, and her garden.');
    await page.locator('#matters-toggle').click();
    expect(await page.getByTestId('matters-summary').innerText()).toBe(
      'Staying at home, the lunch club, and her garden.',
    );
    await page.locator('#matters-toggle').click();
    expect(await page.locator('#what-matters').inputValue()).toBe('Staying at home, the lunch club, and her garden.');

    // On a phone, from the top, Conclude is one step away: the bar takes you there with focus on the choice.
    await page.setViewportSize(phone);
    await page.evaluate(() => window.scrollTo(0, 0));
    const toConclude = bar.getByRole('link', { name: 'Conclude…' });
    expect(await inView(page, toConclude)).toBe(true);
    await page.locator('#what-matters').focus();
    await focusNeverUnderBar(page, 'save-bar', 25);
    await toConclude.click();
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name))
      .toBe('resolved');
    expect(await inView(page, page.getByRole('button', { name: 'Conclude', exact: true }))).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'conversation-conclude-phone.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('a partner machine client is shown with its organisation’s name, never its ID', async () => {
    const admin = await addColleague(baseUrl, adminSession, { displayName: 'Olwen Price', roles: ['practice_admin'] });
    const a = await signInOverApi(baseUrl, admin);
    const name = `Crossroads Care ${Date.now().toString(36)}`;
    const organisation = (await send('POST', '/v1/directory/organisations', a.session, { name, kind: 'partner' })).json;
    const { page, errors } = await signedInAtHome(browser(), baseUrl, admin, a.account, { viewport: desk });
    await page.goto(`${baseUrl}/administration/clients/new`);
    await page.getByRole('heading', { level: 1, name: 'Register a machine client' }).waitFor();
    await page.getByLabel('Partner organisation', { exact: true }).check();
    const picker = page.getByLabel('Which partner organisation');
    await picker.selectOption({ label: name });
    await page.getByLabel('Name').fill('Crossroads referrals');
    await page.getByLabel('Read the connections addressed to its organisation').check();
    expect(await page.locator('body').innerText()).not.toContain(String(organisation.id));
    await page.getByRole('button', { name: 'Register and show the secret' }).click();
    await page.getByTestId('secret-panel').getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByRole('heading', { level: 1, name: 'Crossroads referrals' }).waitFor();
    await expect.poll(() => page.getByTestId('client-organisation').innerText()).toBe(name);
    const words = await page.locator('body').innerText();
    expect(words).not.toContain(String(organisation.id));
    expect(words).not.toMatch(/organisation ID/i);
    await checkAtBothWidths(page, 'partner-client');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
