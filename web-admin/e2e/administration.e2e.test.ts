import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  addColleague,
  changeColleagueElsewhere,
  createTeam,
  sessionStatus,
  signInOverApi,
  type Colleague,
} from './support/api';
import { seriousAxeViolations } from './support/axe';
import { openPage, useChromium } from './support/browser';
import { signInInBrowser } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();

/** Someone with these roles, authenticator already set up, signed in to a fresh browser context. */
async function signedIn(displayName: string, roles: string[], options: { clipboard?: boolean } = {}) {
  const colleague = await addColleague(baseUrl, adminSession, { displayName, roles });
  const { account } = await signInOverApi(baseUrl, colleague);
  const watched = await openPage(browser(), {
    bypassCSP: true,
    ...(options.clipboard ? { permissions: ['clipboard-read', 'clipboard-write'] } : {}),
  });
  await watched.page.goto(`${baseUrl}/`);
  await signInInBrowser(watched.page, colleague, account);
  await watched.page.getByRole('heading', { level: 1, name: `Hello, ${displayName.split(' ')[0]}` }).waitFor();
  return { ...watched, colleague, account };
}

async function noSeriousAxeFindings(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** Answers the console's own confirm dialog, after checking what it says. */
async function confirmInDialog(page: Page, button: string, saying: string | RegExp) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  expect(await dialog.innerText()).toMatch(saying);
  await noSeriousAxeFindings(page);
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function oauthToken(clientId: string, clientSecret: string): Promise<number> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  return response.status;
}

async function apiGet(path: string): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie: adminSession.cookie } });
  expect(response.status).toBe(200);
  return response.json();
}

describe('administration, as a practice administrator', () => {
  it('adds a colleague with a role, a team and a limit in pounds; they sign in; disabling them (after a confirm) ends their session', async () => {
    const team = await createTeam(baseUrl, adminSession, `Riverside ${Date.now().toString(36)}`);
    const { page, errors } = await signedIn('Morgan Lee', ['practice_admin']);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    await page.waitForURL((url) => url.pathname === '/administration/colleagues');
    await page.getByRole('heading', { level: 1, name: 'Colleagues' }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('link', { name: 'Morgan Lee' }).isVisible()).toBe(true);
    await noSeriousAxeFindings(page);

    // The search box asks the server (every colleague, not only those loaded), and "/" reaches it.
    await page.keyboard.press('/');
    await page.keyboard.type('morgan lee');
    await expect.poll(() => page.getByTestId('colleague-count').innerText()).toBe('1 colleague matches “morgan lee”.');
    expect(await page.getByRole('row').count()).toBe(2);

    await page.getByRole('link', { name: 'Add a colleague' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a colleague' }).waitFor();
    await noSeriousAxeFindings(page);

    // Nothing filled in: every problem is named, next to its field and at the top.
    await page.getByRole('button', { name: 'Add colleague' }).click();
    await page.locator('#colleague-email-error').waitFor();
    expect(await page.getByTestId('form-status').innerText()).toContain('Choose at least one role');
    await noSeriousAxeFindings(page);

    const email = `rosa.lindqvist.${Date.now().toString(36)}@example.org`;
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Full name').fill('Rosa Lindqvist');
    await page.getByLabel('Social worker', { exact: true }).check();
    await page.getByLabel(team.name).check();
    await page.getByLabel('Delegated weekly limit, in pounds (optional)').fill('450.50');
    await page.getByRole('button', { name: 'Suggest a strong password' }).click();
    const password = await page.getByLabel('First password').inputValue();
    expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    await page.getByRole('button', { name: 'Add colleague' }).click();

    await page.getByRole('heading', { level: 1, name: 'Rosa Lindqvist' }).waitFor();
    expect(await page.getByTestId('notice').innerText()).toContain('Rosa Lindqvist’s account is ready');
    expect(await page.getByLabel('Social worker', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(team.name).isChecked()).toBe(true);
    expect(await page.getByLabel('Delegated weekly limit, in pounds (optional)').inputValue()).toBe('450.50');
    await noSeriousAxeFindings(page);
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    // Pounds on screen, pence in the API.
    expect(await apiGet(`/v1/admin/users/${id}`)).toMatchObject({
      email,
      roles: ['social_worker'],
      teamIds: [team.id],
      delegatedWeeklyLimitPence: 45050,
      disabled: false,
    });

    // Rosa signs in with the password the form suggested.
    const rosa = await signInOverApi(baseUrl, { email, password });
    expect(await sessionStatus(baseUrl, rosa.session)).toBe(200);

    await page.getByRole('button', { name: 'Disable account' }).click();
    await confirmInDialog(page, 'Disable account', /all of their sessions end/);
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('All of their sessions have ended.');
    expect(await page.getByTestId('account-status').innerText()).toBe('Disabled');
    expect(await sessionStatus(baseUrl, rosa.session)).toBe(401);
    expect(await apiGet(`/v1/admin/users/${id}`)).toMatchObject({ disabled: true });

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Colleagues' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Rosa Lindqvist' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Disabled');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('when someone else saves first (412), says so, keeps what was typed, and saves it once the latest version is loaded', async () => {
    const other: Colleague = await addColleague(baseUrl, adminSession, {
      displayName: 'Chris Doyle',
      roles: ['practitioner'],
    });
    const { page } = await signedIn('Ash Patel', ['practice_admin']);
    await page.goto(`${baseUrl}/administration/colleagues/${other.id}`);
    await page.getByRole('heading', { level: 1, name: 'Chris Doyle' }).waitFor();

    // Another administrator gives Chris a limit while this page is open.
    await changeColleagueElsewhere(baseUrl, adminSession, other.id, { delegatedWeeklyLimitPence: 12_000 });

    await page.getByLabel('Full name').fill('Christopher Doyle');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const stale = page.getByTestId('stale');
    await stale.waitFor();
    expect(await stale.innerText()).toContain('Someone else changed this colleague’s account');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Christopher Doyle');
    await noSeriousAxeFindings(page);

    await stale.getByRole('button', { name: 'Load the latest version' }).click();
    await page.getByTestId('latest').waitFor();
    expect(await page.getByTestId('latest').innerText()).toContain('£120.00 a week');
    // The field changed here keeps what was typed; the one left alone shows the other change.
    expect(await page.getByLabel('Full name').inputValue()).toBe('Christopher Doyle');
    expect(await page.getByLabel('Delegated weekly limit, in pounds (optional)').inputValue()).toBe('120.00');

    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toBe('Changes saved.');
    // Only the name was sent: the other administrator's limit stands.
    expect(await apiGet(`/v1/admin/users/${other.id}`)).toMatchObject({
      displayName: 'Christopher Doyle',
      delegatedWeeklyLimitPence: 12_000,
    });
    await page.context().close();
  });

  it('creates a team and renames it', async () => {
    const { page, errors } = await signedIn('Kit Robinson', ['practice_admin']);
    await page.goto(`${baseUrl}/administration/teams`);
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await noSeriousAxeFindings(page);

    await page.getByRole('link', { name: 'Create a team' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create a team' }).waitFor();
    await noSeriousAxeFindings(page);
    const name = `Hillside ${Date.now().toString(36)}`;
    await page.getByLabel('Team name').fill(name);
    await page.getByLabel('What the team does (optional)').fill('Adults living around the hospital');
    await page.getByRole('button', { name: 'Create team' }).click();

    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await page.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await noSeriousAxeFindings(page);
    await page.getByLabel('Team name').fill(`${name} North`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toBe('Changes saved.');
    await page.getByRole('heading', { level: 1, name: `${name} North` }).waitFor();

    await page.getByRole('link', { name: 'Back to teams' }).click();
    await page.getByRole('link', { name: `${name} North` }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('registers a council client with scopes for councils only, shows the secret once, rotates it (the old one still works), then disables it', async () => {
    const { page, errors } = await signedIn('Noor Haddad', ['practice_admin'], { clipboard: true });
    await page.goto(`${baseUrl}/administration/clients`);
    await page.getByRole('heading', { level: 1, name: 'Machine clients' }).waitFor();
    await noSeriousAxeFindings(page);

    await page.getByRole('link', { name: 'Register a machine client' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register a machine client' }).waitFor();
    await noSeriousAxeFindings(page);

    // A partner is bound to an organisation, and can only be given a partner's scopes.
    await page.getByLabel('Partner organisation', { exact: true }).check();
    await page.getByLabel('Which partner organisation').waitFor();
    expect(await page.getByLabel('Read the connections addressed to its organisation').isVisible()).toBe(true);
    expect(await page.getByLabel('Send new contacts to the front door').count()).toBe(0);
    await page.getByLabel('Name').fill('Age Concern Riverside');
    await page.getByLabel('Read the connections addressed to its organisation').check();
    // The organisation is chosen from the directory, never typed; none chosen is said next to the field.
    await page.getByRole('button', { name: 'Register and show the secret' }).click();
    await page.locator('#client-organisation-error').waitFor();
    expect(await page.locator('#client-organisation-error').innerText()).toContain('Choose the partner organisation');
    await noSeriousAxeFindings(page);

    await page.getByLabel('Council system').check();
    expect(await page.getByLabel('Which partner organisation').count()).toBe(0);
    expect(await page.getByLabel('Read the connections addressed to its organisation').count()).toBe(0);
    await page.getByLabel('Name').fill('Council case management');
    await page.getByLabel('Send new contacts to the front door').check();
    await page.getByLabel('Pull the statutory returns').check();
    await page.getByRole('button', { name: 'Register and show the secret' }).click();

    const panel = page.getByTestId('secret-panel');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('You will not see this secret again.');
    const clientId = await page.getByTestId('client-id').innerText();
    const secret = await page.getByTestId('client-secret').innerText();
    expect(secret).toMatch(/^tfs_/);
    await panel.getByRole('button', { name: 'Copy secret' }).click();
    await expect.poll(() => panel.innerText()).toContain('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await noSeriousAxeFindings(page);
    expect(await oauthToken(clientId, secret)).toBe(200);

    await panel.getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByRole('heading', { level: 1, name: 'Council case management' }).waitFor();
    // Once stored, it is gone: not on the page, and not kept anywhere in the tab.
    expect(await page.content()).not.toContain(secret);
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(secret);
    expect(await page.getByLabel('Pull the statutory returns').isChecked()).toBe(true);
    await noSeriousAxeFindings(page);

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await confirmInDialog(page, 'Rotate secret', /keeps working for a grace period/);
    await page.getByTestId('secret-panel').waitFor();
    const rotated = await page.getByTestId('client-secret').innerText();
    expect(rotated).toMatch(/^tfs_/);
    expect(rotated).not.toBe(secret);
    expect(await page.getByTestId('secret-panel').innerText()).toMatch(
      /The previous secret keeps working until \d+ \w+ \d{4}/,
    );
    expect(await oauthToken(clientId, rotated)).toBe(200);
    expect(await oauthToken(clientId, secret)).toBe(200);
    await page.getByTestId('secret-panel').getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByTestId('secret-panel').waitFor({ state: 'detached' });

    // Take a scope away; the save goes through with the ETag read after the rotation.
    await page.getByLabel('Pull the statutory returns').uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('Changes saved.');

    await page.getByRole('button', { name: 'Disable client' }).click();
    await confirmInDialog(page, 'Disable client', /access tokens stop working/);
    await expect.poll(() => page.getByTestId('client-status').innerText()).toBe('Disabled');
    expect(await oauthToken(clientId, rotated)).toBe(401);

    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Machine clients' })
      .click();
    const row = page.getByRole('row').filter({ hasText: 'Council case management' });
    await row.waitFor();
    expect(await row.innerText()).toContain('contacts:write');
    expect(await row.innerText()).toContain('Disabled');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('account recovery, as a practice administrator', () => {
  it('ends a colleague’s sessions, gives them a one-time password they must change at sign-in, and resets their authenticator', async () => {
    const colleague = await addColleague(baseUrl, adminSession, { displayName: 'Jamie Fox', roles: ['practitioner'] });
    const { session: theirSession, account } = await signInOverApi(baseUrl, colleague);
    const { page, errors } = await signedIn('Robin Hale', ['practice_admin']);

    await page.goto(`${baseUrl}/administration/colleagues/${colleague.id}`);
    await page.getByRole('heading', { level: 2, name: 'Account recovery' }).waitFor();
    await noSeriousAxeFindings(page);

    await page.getByRole('button', { name: 'End all sessions' }).click();
    await confirmInDialog(page, 'End their sessions', /Every session Jamie Fox has ends at once/);
    await expect.poll(() => page.getByTestId('recovery-status').innerText()).toContain('signed out everywhere');
    expect(await sessionStatus(baseUrl, theirSession)).toBe(401);

    await page.getByRole('button', { name: 'Reset password' }).click();
    await confirmInDialog(page, 'Reset password', /one-time password/);
    await page.getByTestId('temporary-password-panel').waitFor();
    const temporaryPassword = (await page.getByTestId('temporary-password').innerText()).trim();
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    await noSeriousAxeFindings(page);
    await page.getByRole('button', { name: 'I have given it to them' }).click();

    // The colleague signs in with it and must choose their own password before anything else.
    const theirs = await openPage(browser(), { bypassCSP: true });
    await theirs.page.goto(`${baseUrl}/`);
    await signInInBrowser(theirs.page, { email: colleague.email, password: temporaryPassword }, account);
    await theirs.page.waitForURL((url) => url.pathname === '/change-password');
    await theirs.page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await noSeriousAxeFindings(theirs.page);
    await theirs.page.goto(`${baseUrl}/people`);
    await theirs.page.waitForURL((url) => url.pathname === '/change-password');
    await theirs.page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await theirs.page.getByRole('button', { name: 'Save new password' }).click();
    await theirs.page.locator('#password-current-error').waitFor();
    await noSeriousAxeFindings(theirs.page);
    await theirs.page.getByLabel('One-time password').fill(temporaryPassword);
    await theirs.page.getByLabel('New password', { exact: true }).fill('my own long passphrase');
    await theirs.page.getByLabel('New password again').fill('my own long passphrase');
    await theirs.page.getByRole('button', { name: 'Save new password' }).click();
    await theirs.page.waitForURL((url) => url.pathname === '/people');
    expect(theirs.errors).toEqual([]);
    await theirs.page.context().close();

    await page.getByRole('button', { name: 'Reset authenticator' }).click();
    await confirmInDialog(page, 'Reset authenticator', /set up a new one/);
    await expect.poll(() => page.getByTestId('recovery-status').innerText()).toContain('authenticator is reset');
    const next = await fetch(`${baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: colleague.email, password: 'my own long passphrase' }),
    });
    expect(await next.json()).toEqual({ next: 'enrol-totp' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('my account', () => {
  it('shows where I am signed in, ends another session, and changes my password', async () => {
    const { page, errors, colleague, account } = await signedIn('Sam Okafor', ['practitioner']);
    const elsewhere = await signInOverApi(baseUrl, colleague, account);
    await page.getByRole('link', { name: 'My account' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await page.getByTestId('my-sessions').waitFor();
    await noSeriousAxeFindings(page);
    // The browser session, the first API sign-in (signedIn's) and this one.
    await expect.poll(() => page.getByRole('button', { name: 'End this session' }).count()).toBe(2);
    expect(await page.getByText('This session', { exact: true }).count()).toBe(1);

    await page.getByRole('button', { name: 'End this session' }).first().click();
    await expect.poll(() => page.getByTestId('account-status').innerText()).toContain('That session has ended');
    await expect.poll(() => page.getByRole('button', { name: 'End this session' }).count()).toBe(1);

    await page.getByLabel('Current password').fill(colleague.password);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#password-new-error').waitFor();
    await noSeriousAxeFindings(page);
    await page.getByLabel('New password', { exact: true }).fill('a much longer passphrase');
    await page.getByLabel('New password again').fill('a much longer passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByTestId('account-status').innerText()).toContain('Your password is changed');
    // Every other session ended; this one carries on.
    expect(await sessionStatus(baseUrl, elsewhere.session)).toBe(401);
    await expect.poll(() => page.getByRole('button', { name: 'End this session' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('administration, as a practitioner', () => {
  it('is not in their navigation, and a deep link to it shows “you do not have access” (the API answers 403)', async () => {
    const { page, errors } = await signedIn('Lee Barnes', ['practitioner']);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allInnerTexts()).not.toContain('Administration');
    expect(await nav.getByRole('link').allInnerTexts()).not.toContain('Audit');

    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/admin/users');
    await page.goto(`${baseUrl}/administration/colleagues`);
    expect((await refused).status()).toBe(403);
    await page.getByRole('heading', { level: 1, name: 'You do not have access to this page' }).waitFor();
    expect(await page.getByTestId('access-denied').innerText()).toContain(
      'Administration is for practice administrators',
    );
    expect(await page.getByRole('navigation', { name: 'Administration' }).count()).toBe(0);
    expect(await page.getByRole('table').count()).toBe(0);
    await noSeriousAxeFindings(page);

    const alsoRefused = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/admin/clients');
    await page.goto(`${baseUrl}/administration/clients`);
    expect((await alsoRefused).status()).toBe(403);
    await page.getByRole('heading', { level: 1, name: 'You do not have access to this page' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
