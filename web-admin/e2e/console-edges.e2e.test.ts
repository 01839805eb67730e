import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addColleague, apiCall, createPerson, createTeam, signInOverApi } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, openPage } from './support/browser';
import { signedInAtHome } from './support/sign-in';

/**
 * The rough edges of a day in the console (issue 22), walked at a desk (1280 px) and on a phone
 * (390 px): each screen is checked with axe, for sideways scrolling on the phone, and kept as a
 * screenshot to be looked at.
 */
const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const screenshotDir = process.env.E2E_SCREENSHOT_DIR ?? path.join(repoRoot, 'web-admin', 'test-results');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const desk = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

/** No sideways scrolling: the page is no wider than the screen. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** At both widths: no serious or critical axe finding, no sideways scroll on the phone, a screenshot each. */
async function checkAtBothWidths(page: Page, name: string, ready: () => Promise<void>) {
  for (const [label, size] of [
    ['desk', desk],
    ['phone', phone],
  ] as const) {
    await page.setViewportSize(size);
    await ready();
    expect(await seriousAxeViolations(page), `${name} at ${label}`).toEqual([]);
    if (label === 'phone') expect(await horizontalOverflow(page), `${name} scrolls sideways on a phone`).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${label}.png`), fullPage: true });
  }
}

describe('the console’s rough edges, smoothed', () => {
  it('Front door today names people from the list itself (no read of any person) and fits a phone', async () => {
    const team = await createTeam(baseUrl, adminSession, `Front door ${Date.now().toString(36)}`);
    const colleague = await addColleague(baseUrl, adminSession, {
      displayName: 'Fola Adeyemi',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const { session, account } = await signInOverApi(baseUrl, colleague);
    const people = [
      await createPerson(baseUrl, session, { givenName: 'Gwendoline', familyName: 'Featherstonehaugh' }),
      await createPerson(baseUrl, session, { givenName: 'Arthur', familyName: 'Pryce' }),
    ];
    for (const [i, person] of people.entries()) {
      await apiCall(
        baseUrl,
        'POST',
        '/v1/contacts',
        { session },
        {
          personId: person.id,
          teamId: team.id,
          channel: 'phone',
          madeBy: 'self',
          routeOfAccess: 'community_other',
          whatMatters:
            'Getting back to the Thursday lunch club in town now that the number 64 bus has stopped running past the end of the road.',
          ...(i === 0 ? { outcome: 'information_and_advice' } : {}),
        },
      );
    }

    const { page, requests, errors } = await signedInAtHome(browser, baseUrl, colleague, account);
    requests.length = 0;
    await page.goto(`${baseUrl}/front-door`);
    await page.getByRole('heading', { level: 1, name: 'Front door today' }).waitFor();
    await page.getByTestId('open-contacts').getByText('Arthur Pryce').waitFor();
    await page.getByTestId('resolved-contacts').getByText('Gwendoline Featherstonehaugh').waitFor();
    // One list view: the names came with it, and no person's record was opened to show them.
    expect(requests.filter((r) => r.startsWith('GET /v1/people'))).toEqual([]);
    expect(requests.filter((r) => r === 'GET /v1/contacts')).toHaveLength(1);
    await checkAtBothWidths(page, 'front-door-today', () =>
      page.getByTestId('open-contacts').getByText('Arthur Pryce').waitFor(),
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('sign-in drops “You have signed out” after a failed attempt and says whom to ask without an account', async () => {
    const { page, errors } = await openPage(browser, { bypassCSP: true });
    await page.goto(`${baseUrl}/sign-in?signedOut=1`);
    await page.getByText('You have signed out.').waitFor();
    await page.getByLabel('Email address').fill('nobody@example.org');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('sign-in-status').locator('.problem, [data-problem-code]').first().waitFor();
    expect(await page.getByText('You have signed out.').count()).toBe(0);
    expect(await page.getByTestId('sign-in-help').innerText()).toContain('Ask your practice administrator');
    await checkAtBothWidths(page, 'sign-in-failed', () => page.getByTestId('sign-in-help').waitFor());
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the administration pages prompt for unset reference data until it is set', async () => {
    const before = await apiCall(baseUrl, 'GET', '/v1/reference/delegated-limits', { session: adminSession });
    await apiCall(baseUrl, 'PUT', '/v1/reference/delegated-limits', { session: adminSession }, { limits: [] });
    try {
      const admin = await addColleague(baseUrl, adminSession, { displayName: 'Ada Admin', roles: ['practice_admin'] });
      const { account } = await signInOverApi(baseUrl, admin);
      const { page, errors } = await signedInAtHome(browser, baseUrl, admin, account);
      await page.goto(`${baseUrl}/administration`);
      await page.getByRole('heading', { level: 1, name: 'Colleagues' }).waitFor();
      const prompt = page.getByTestId('reference-data-prompt');
      await prompt.waitFor();
      expect(await prompt.innerText()).toContain('No delegated sign-off limits');
      await checkAtBothWidths(page, 'administration-reference-prompt', () => prompt.waitFor());
      await prompt.getByRole('link', { name: 'Set the reference data' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reference data' }).waitFor();
      expect(await page.getByTestId('reference-data-prompt').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await apiCall(baseUrl, 'PUT', '/v1/reference/delegated-limits', { session: adminSession }, before.json);
    }
  });

  it('a long conversation keeps Save in sight, fits a phone, and a story names its conversations by number and date', async () => {
    const team = await createTeam(baseUrl, adminSession, `Conversations ${Date.now().toString(36)}`);
    const colleague = await addColleague(baseUrl, adminSession, {
      displayName: 'Cerys Lloyd',
      roles: ['social_worker'],
      teamIds: [team.id],
    });
    const { session, account } = await signInOverApi(baseUrl, colleague);
    const person = await createPerson(baseUrl, session, { givenName: 'Harold', familyName: 'Bevan' });
    const contact = await apiCall(
      baseUrl,
      'POST',
      '/v1/contacts',
      { session },
      {
        personId: person.id,
        teamId: team.id,
        channel: 'phone',
        madeBy: 'self',
        routeOfAccess: 'community_other',
        whatMatters: 'Getting to the shops again',
        outcome: 'progressed_to_conversation_1',
      },
    );
    const storyId = contact.json.storyId as string;
    const conversation = await apiCall(
      baseUrl,
      'POST',
      `/v1/stories/${storyId}/conversations`,
      { session },
      { kind: 1 },
    );

    const { page, errors } = await signedInAtHome(browser, baseUrl, colleague, account);
    await page.goto(`${baseUrl}/conversations/${conversation.json.id as string}`);
    await page.getByTestId('conversation-form').waitFor();
    const save = page.getByTestId('save-bar').getByRole('button', { name: 'Save' });
    await checkAtBothWidths(page, 'conversation-1', () => save.waitFor());
    // Half way down the long form, on a phone, Save is still on the screen.
    await page.setViewportSize(phone);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 3));
    const box = (await save.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(phone.height);

    // The person's page: the story's gate names conversation 1 by its number and date, never an id.
    await page.setViewportSize(desk);
    await page.goto(`${baseUrl}/people/${person.id}`);
    const gate = page.getByTestId('gate');
    await gate.waitFor();
    const words = await gate.innerText();
    expect(words).not.toContain(conversation.json.id as string);
    expect(words).toMatch(/Conversation 1 of \d{1,2} [A-Z][a-z]+ \d{4}/);
    await checkAtBothWidths(page, 'person-page', () => gate.waitFor());
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
