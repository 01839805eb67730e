import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addColleague,
  createPerson,
  createTeam,
  signInOverApi,
  type Authenticator,
  type Colleague,
} from './support/api';
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

async function signedIn(colleague: Colleague, known?: Authenticator) {
  const account = known ?? (await signInOverApi(baseUrl, colleague)).account;
  const watched = await openPage(browser, { bypassCSP: true });
  await watched.page.goto(`${baseUrl}/`);
  await signInInBrowser(watched.page, colleague, account);
  await watched.page
    .getByRole('heading', { level: 1, name: `Hello, ${colleague.displayName.split(' ')[0]}` })
    .waitFor();
  return watched;
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Strengths, who took part and the advocacy test, then concluded unresolved with a reason. */
async function holdAndConcludeUnresolved(page: Page, strength: string, reason: string) {
  await page.getByTestId('strengths-personalResources').getByRole('button', { name: 'Add a strength' }).click();
  await page.getByLabel('What they bring themselves 1').fill(strength);
  await page.getByRole('button', { name: 'Add someone who took part' }).click();
  await page.getByLabel('Name (person 1)').fill('Rosa Lindqvist');
  await page.getByLabel('How they took part (person 1)').fill('the person');
  await page.getByLabel('Yes, the answers below are what we found').check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByTestId('notice').getByText('Saved.').waitFor();
  await page.getByLabel('No, not yet').check();
  await page.getByLabel('Why it is not resolved').fill(reason);
  await page.getByRole('button', { name: 'Conclude', exact: true }).click();
  await page.getByText('This conversation is concluded').waitFor();
}

describe('a story through the three conversations', () => {
  it('conversation 1 with strengths, concluded unresolved; conversation 2 with a plan and a spend; a social worker signs off; conversation 3 opens', async () => {
    const team = await createTeam(baseUrl, adminSession, `Story team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Priya Natt',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const socialWorker = await addColleague(baseUrl, adminSession, {
      displayName: 'Owen Blake',
      roles: ['social_worker'],
      teamIds: [team.id],
    });
    const seeded = await signInOverApi(baseUrl, practitioner);
    const rosa = await createPerson(baseUrl, seeded.session, {
      givenName: 'Rosa',
      familyName: 'Lindqvist',
      dateOfBirth: '1950-06-14',
    });

    const { page, errors } = await signedIn(practitioner, seeded.account);
    await page.goto(`${baseUrl}/people/${rosa.id}`);
    const stories = page.getByTestId('person-stories');
    await stories.getByText('No story yet').waitFor();
    await stories.getByRole('button', { name: 'Open a story' }).click();
    await stories.getByRole('button', { name: 'Start conversation 1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 1 — connect' }).waitFor();
    expect(await page.locator('form h2').first().innerText()).toBe('Strengths');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await holdAndConcludeUnresolved(page, 'Sings in the choir', 'The lunch club is full until spring.');

    await page.getByRole('link', { name: 'Back to their page and story' }).click();
    await stories.getByText('concluded, not resolved').waitFor();
    expect(await stories.innerText()).toContain('The lunch club is full until spring.');
    await stories.getByRole('button', { name: 'Start conversation 2' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 2 — when at risk' }).waitFor();
    await page.getByLabel('Starts on').fill(isoDay(0));
    await page.getByLabel('Ends on').fill(isoDay(14));
    await page.getByLabel('What must change to keep them safe').fill('Meals every day while her daughter is away.');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    await page.getByText('Plan saved.').waitFor();
    await page.getByLabel('Amount in pounds').fill('45.50');
    await page.getByLabel('What it is for').fill('A week of meals delivered');
    await page.getByRole('button', { name: 'Record the spend' }).click();
    await page.getByTestId('spends').getByText('£45.50 — A week of meals delivered').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await holdAndConcludeUnresolved(
      page,
      'Her neighbour checks in',
      'Still needs more than two conversations can give.',
    );
    expect(errors).toEqual([]);

    const peer = await signedIn(socialWorker);
    await peer.page.goto(`${baseUrl}/people/${rosa.id}`);
    const gate = peer.page.getByTestId('gate');
    await gate.getByText('Conversation 3 cannot open yet').waitFor();
    await peer.page
      .getByLabel(/Sign off as a peer/)
      .fill('Read both conversations: the reasons hold, a good-life plan is needed.');
    await peer.page.getByRole('button', { name: 'Sign off', exact: true }).click();
    await gate.getByText('Conversation 3 can open').waitFor();

    await page.goto(`${baseUrl}/people/${rosa.id}`);
    await stories.getByRole('button', { name: 'Start conversation 3' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 3 — a good life and a fair budget' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
    await peer.page.context().close();
  }, 90_000);
});
