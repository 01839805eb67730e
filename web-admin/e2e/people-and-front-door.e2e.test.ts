import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addColleague, createPerson, createTeam, signInOverApi, type ApiSession } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, openPage } from './support/browser';
import { signInInBrowser } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
let browser: Browser;
/** A practitioner's API session, for recording the people the tests look for. */
let seeder: ApiSession;
let margaret: { id: string };

beforeAll(async () => {
  browser = await launchChromium();
  const team = await createTeam(baseUrl, adminSession, `Seeding ${Date.now().toString(36)}`);
  const colleague = await addColleague(baseUrl, adminSession, {
    displayName: 'Seed Practitioner',
    roles: ['practitioner'],
    teamIds: [team.id],
  });
  seeder = (await signInOverApi(baseUrl, colleague)).session;
  margaret = await createPerson(baseUrl, seeder, {
    givenName: 'Margaret',
    familyName: 'Hammond',
    dateOfBirth: '1941-03-02',
    nhsNumber: '9434765919',
  });
});

afterAll(async () => {
  await browser?.close();
});

/**
 * A colleague with these roles in a team of their own (so Front door today holds only what the
 * test recorded), authenticator set up over the API, signed in to a fresh browser context.
 */
async function signedIn(displayName: string, roles: string[] = ['practitioner']) {
  const team = await createTeam(baseUrl, adminSession, `${displayName} team ${Date.now().toString(36)}`);
  const colleague = await addColleague(baseUrl, adminSession, { displayName, roles, teamIds: [team.id] });
  const { account } = await signInOverApi(baseUrl, colleague);
  const watched = await openPage(browser, { bypassCSP: true });
  await watched.page.goto(`${baseUrl}/`);
  await signInInBrowser(watched.page, colleague, account);
  await watched.page.getByRole('heading', { level: 1, name: `Hello, ${displayName.split(' ')[0]}` }).waitFor();
  return { ...watched, colleague, team };
}

async function noSeriousAxeFindings(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

const option = (page: Page, name: string) => page.getByRole('option').filter({ hasText: name });

describe('finding a person and recording a contact, as a practitioner', () => {
  it('finds Margaret Hammond from a misspelt name, opens her, records a contact resolved with information and advice, and sees it on her page and at the front door', async () => {
    const { page, errors, team } = await signedIn('Nadia Okoye');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find a person' }).waitFor();
    await noSeriousAxeFindings(page);

    const search = page.getByRole('combobox', { name: 'Search for a person' });
    await search.fill('Margret Hamond');
    const result = option(page, 'Margaret Hammond');
    await result.waitFor();
    const text = await result.innerText();
    expect(text).toContain('Born 2 March 1941 (');
    expect(text).toContain('NHS 943 476 5919');
    expect(await search.inputValue()).toBe('Margret Hamond');
    await noSeriousAxeFindings(page);

    await result.click();
    await page.waitForURL((url) => url.pathname === `/people/${margaret.id}`);
    await page.getByRole('heading', { level: 1, name: 'Margaret Hammond' }).waitFor();
    await page.getByTestId('person-contacts').getByText('No contacts with the front door').waitFor();
    await page.getByTestId('history').getByText('Record started by a colleague').waitFor();
    await page.getByTestId('person-stories').getByText('No story yet').waitFor();
    await noSeriousAxeFindings(page);

    await page.getByRole('main').getByRole('link', { name: 'Record a contact' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
    expect(await page.getByTestId('chosen-person').innerText()).toContain('Margaret Hammond');
    await page.getByLabel('Phone', { exact: true }).check();
    await page.getByLabel('Who got in touch?').selectOption({ label: 'The person themselves' });
    await page.getByLabel('Route they came by').selectOption({ label: 'From the community, or another route' });
    await page
      .getByLabel('What matters to the person, in their own words')
      .fill('I want to keep going to the lunch club on Thursdays, but the bus has stopped.');
    await page.getByLabel('Information and advice', { exact: true }).check();
    // The conditional fields belong to other outcomes.
    expect(await page.getByLabel('Why is there no further action?').count()).toBe(0);
    await noSeriousAxeFindings(page);

    const recorded = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/v1/contacts' && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Record the contact' }).click();
    const answer = await recorded;
    expect(answer.status()).toBe(201);
    const contact = (await answer.json()) as { id: string; teamId: string; outcome: string; personId: string };
    expect(contact).toMatchObject({ personId: margaret.id, teamId: team.id, outcome: 'information_and_advice' });
    expect(answer.request().headers()['idempotency-key']).toMatch(/^console-/);

    await page.waitForURL((url) => url.pathname === `/people/${margaret.id}`);
    const item = page.getByTestId('person-contact').first();
    await item.waitFor();
    const itemText = await item.innerText();
    expect(itemText).toContain('Information and advice');
    expect(itemText).toContain('the lunch club on Thursdays');
    expect(itemText).toContain('Just recorded');
    expect(itemText).toContain('Resolved at first contact');
    // The draft went once the contact was recorded.
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('front-door')))).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Front door' }).click();
    await page.getByRole('heading', { level: 1, name: 'Front door today' }).waitFor();
    await expect.poll(() => page.getByTestId('contacts-today').innerText()).toBe('1');
    expect(await page.getByTestId('resolved-share').innerText()).toContain('100%');
    const row = page.getByTestId('resolved-contacts').getByRole('row').filter({ hasText: 'Information and advice' });
    await expect.poll(() => row.innerText()).toContain('Margaret Hammond');
    await noSeriousAxeFindings(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works by keyboard alone: “/” goes to the search box, type, ↓ highlights the first match, Enter opens it; going back keeps the search', async () => {
    const { page, errors } = await signedIn('Owen Price');
    await page.goto(`${baseUrl}/people`);
    await page.getByRole('heading', { level: 1, name: 'Find a person' }).waitFor();

    await page.keyboard.press('/');
    const search = page.getByRole('combobox', { name: 'Search for a person' });
    expect(await search.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('Hammond 02/03/1941');
    await option(page, 'Margaret Hammond').waitFor();
    expect(await search.getAttribute('aria-expanded')).toBe('true');

    await page.keyboard.press('ArrowDown');
    const active = await search.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    expect(await page.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator(`[id="${active}"]`).innerText()).toContain('Margaret Hammond');
    // Focus never left the box.
    expect(await search.evaluate((element) => element === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/people/${margaret.id}`);
    await page.getByRole('heading', { level: 1, name: 'Margaret Hammond' }).waitFor();

    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Find a person' }).waitFor();
    expect(await search.inputValue()).toBe('Hammond 02/03/1941');
    await option(page, 'Margaret Hammond').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('adding someone already recorded shows the likely duplicate, and opens it instead', async () => {
    const { page, errors } = await signedIn('Priya Nair');
    await page.goto(`${baseUrl}/people/new`);
    await page.getByRole('heading', { level: 1, name: 'Add a person' }).waitFor();
    await page.getByLabel('Given name').fill('Margaret');
    await page.getByLabel('Family name').fill('Hammond');
    await page.getByLabel('Date of birth (optional)').fill('02/03/1941');
    await page.getByRole('button', { name: 'Add this person' }).click();

    const candidates = page.getByTestId('duplicate-candidates');
    await candidates.waitFor();
    expect(await candidates.innerText()).toContain('They may already be recorded');
    expect(await candidates.innerText()).toContain('Margaret Hammond, born 2 March 1941');
    await noSeriousAxeFindings(page);
    await candidates.getByRole('link', { name: 'Open this record' }).first().click();
    // Opening the existing record is what the colleague wanted: no "leave without saving?" question.
    await page.waitForURL((url) => url.pathname === `/people/${margaret.id}`);
    await page.getByRole('heading', { level: 1, name: 'Margaret Hammond' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('corrects a detail with a reason; the earlier version stays in the history of corrections', async () => {
    const person = await createPerson(baseUrl, seeder, { givenName: 'Walter', familyName: 'Briggs' });
    const { page, errors } = await signedIn('Dev Patel');
    await page.goto(`${baseUrl}/people/${person.id}`);
    await page.getByRole('heading', { level: 1, name: 'Walter Briggs' }).waitFor();
    await page.getByRole('button', { name: 'Correct these details' }).click();
    await page.getByLabel('Postcode (optional)').fill('sy2 6nd');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.locator('#person-correction-reason-error').waitFor();
    await page.getByLabel('Why are you correcting the record?').fill('He told us his address on the phone.');
    const saved = page.waitForRequest((r) => r.method() === 'PATCH');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    expect((await saved).headers()['if-match']).toBeTruthy();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('Correction saved.');
    const history = page.getByTestId('history');
    await expect.poll(() => history.innerText()).toContain('Postcode: nothing → SY2 6ND');
    expect(await history.innerText()).toContain('Why: He told us his address on the phone.');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a restricted record, as a safeguarding lead', () => {
  it('asks why before opening it, then shows it with its relationships and history read with that reason', async () => {
    const rosa = await createPerson(baseUrl, seeder, {
      givenName: 'Rosa',
      familyName: 'Lindqvist',
      dateOfBirth: '1950-07-14',
      restricted: true,
    });
    const { page, errors, requests } = await signedIn('Helen Ward', ['safeguarding_lead']);
    await page.goto(`${baseUrl}/people`);
    await page.getByRole('combobox', { name: 'Search for a person' }).fill('Rosa Lindqvist');
    // Another browser test records a different Rosa Lindqvist; this one is the restricted record.
    const result = option(page, 'Rosa Lindqvist').filter({ hasText: 'Restricted' });
    await result.waitFor();
    expect(await result.innerText()).toContain('Restricted');
    await result.click();

    const dialog = page.getByRole('dialog', { name: 'This record is restricted' });
    await dialog.waitFor();
    await noSeriousAxeFindings(page);
    await dialog.getByRole('button', { name: 'Open the record' }).click();
    await dialog.getByText('Say why you need to open it').waitFor();
    const reason = 'Safeguarding enquiry this morning';
    await dialog.getByLabel('Why are you opening this record?').fill(reason);
    const opened = page.waitForRequest(
      (r) => new URL(r.url()).pathname === `/v1/people/${rosa.id}/history` && r.method() === 'GET',
    );
    await dialog.getByRole('button', { name: 'Open the record' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rosa Lindqvist' }).waitFor();
    expect((await opened).headers()['x-access-reason']).toBe(reason);
    await page.getByTestId('restricted-notice').waitFor();
    await page.getByTestId('history').getByText('Record started by a colleague').waitFor();
    await page.getByTestId('relationships').getByText('No one is recorded yet').waitFor();
    expect(requests.filter((r) => r === `GET /v1/people/${rosa.id}`)).toHaveLength(2);
    await noSeriousAxeFindings(page);

    // The printable chronology is read with the reason too (a plain link could not send it), and
    // opens in a tab of its own.
    const pdf = page.waitForResponse((r) => new URL(r.url()).pathname === `/v1/people/${rosa.id}/chronology.pdf`);
    const tab = page.waitForEvent('popup');
    await page.getByTestId('chronology-pdf').click();
    const printed = await pdf;
    expect(printed.status()).toBe(200);
    expect(printed.headers()['content-type']).toBe('application/pdf');
    expect(printed.request().headers()['x-access-reason']).toBe(reason);
    const tabOpened = await tab;
    await tabOpened.waitForURL((url) => url.protocol === 'blob:');
    await tabOpened.close();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
