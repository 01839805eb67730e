import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { colleague, csrfToken, stubAuth, validCode } from './support/auth-stub';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, openPage } from './support/browser';

const baseUrl = inject('baseUrl');
const password = 'correct horse battery staple';
const modules = [
  'Front door',
  'People',
  'Conversations',
  'Team board',
  'Community directory',
  'Budgets & reviews',
  'Safeguarding',
  'Practice data',
  'Administration',
  'Audit',
];
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function enterPassword(page: Page) {
  await page.getByLabel('Email address').fill(colleague.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('the signed-in console (auth contract stubbed in the browser, console served by the real API)', () => {
  it('a deep link survives signing in: password, a wrong then a right code, and the colleague lands where they asked', async () => {
    const { page, errors } = await openPage(browser, { bypassCSP: true });
    const auth = await stubAuth(page, { next: 'totp' });
    await page.goto(`${baseUrl}/people/anything`);
    await page.waitForURL((url) => url.pathname === '/sign-in');

    await enterPassword(page);
    await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
    const codeField = page.getByLabel('Code from your authenticator app');
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');

    await codeField.fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-code-error').waitFor();
    expect(await page.locator('#sign-in-code-error').innerText()).toContain('That code did not work');
    expect(await page.getByTestId('code-status').innerText()).toContain('That code is not right.');
    expect(await codeField.inputValue()).toBe('');

    await codeField.fill(validCode);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/people/anything');

    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    expect(await page.getByText('Coming soon').isVisible()).toBe(true);
    expect(await page.getByTestId('signed-in-colleague').innerText()).toBe('Signed in as Sam Carter');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(modules);
    expect(await nav.getByRole('link', { name: 'People' }).getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('People – Threefold');
    // On a wide screen the navigation is always there; no Menu button to hide it behind.
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(auth.calls).toContain(`POST /v1/auth/totp`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('first sign-in: shows the QR code as an image (allowed by the CSP, its script inert) and the key to type', async () => {
    const { page, errors } = await openPage(browser);
    await stubAuth(page, { next: 'enrol-totp' });
    await page.goto(`${baseUrl}/`);
    await enterPassword(page);

    await page.getByRole('heading', { level: 1, name: 'Set up your authenticator app' }).waitFor();
    const qr = page.getByRole('img', { name: 'QR code for adding Threefold to your authenticator app' });
    await qr.waitFor();
    // The image really rendered under the API's CSP (img-src 'self' data:).
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.title()).not.toBe('pwned');
    expect(await page.getByTestId('totp-secret').innerText()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');

    await page.getByLabel('Code from your authenticator app').fill('123 456');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hello, Sam' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('signing out sends the CSRF token, says so, and the console is closed again', async () => {
    const { page } = await openPage(browser);
    const auth = await stubAuth(page, { next: 'totp' });
    await page.goto(`${baseUrl}/`);
    await enterPassword(page);
    await page.getByLabel('Code from your authenticator app').fill(validCode);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hello, Sam' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(auth.calls).toContain(`POST /v1/auth/sign-out csrf=${csrfToken}`);
    expect(auth.signedIn()).toBe(false);
    expect(await page.getByTestId('signed-in-colleague').count()).toBe(0);

    await page.goto(`${baseUrl}/audit`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/audit');
    await page.context().close();
  });

  it('on a phone-sized screen the navigation is behind Menu, which Esc closes; the skip link goes to the page heading', async () => {
    const { page } = await openPage(browser, { viewport: { width: 375, height: 740 } });
    await stubAuth(page, { next: 'totp' });
    await page.goto(`${baseUrl}/`);
    await enterPassword(page);
    await page.getByLabel('Code from your authenticator app').fill(validCode);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Hello, Sam' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await nav.isVisible()).toBe(false);
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Front door');
    await page.keyboard.press('Escape');
    expect(await nav.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('menu-button');

    // From the top of a freshly loaded page, the first Tab reaches the skip link.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Hello, Sam' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hello, Sam');
    await page.context().close();
  });
});
