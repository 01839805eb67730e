import { generate } from 'otplib';
import { describe, expect, inject, it } from 'vitest';
import { addColleague, authenticator, nextCode, sessionStatus, signInOverApi } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { openPage, useChromium } from './support/browser';
import { signInInBrowser } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const firstAdmin = inject('firstAdmin');

/** What a practitioner's navigation holds: no Administration, no Audit. */
const practitionerModules = [
  'Front door',
  'People',
  'Conversations',
  'Team board',
  'Community directory',
  'Budgets & reviews',
  'Safeguarding',
  'Practice data',
];
const browser = useChromium();

/** A practitioner with an authenticator already set up (over the API), ready to sign in. */
async function enrolledPractitioner(displayName: string) {
  const colleague = await addColleague(baseUrl, adminSession, { displayName, roles: ['practitioner'] });
  const { account } = await signInOverApi(baseUrl, colleague);
  return { colleague, account };
}

describe('signing in for real: colleagues made by an administrator, codes from their authenticator', () => {
  it('first sign-in of the administrator create-admin made: password, the QR code and key, a code from that key, signed in', async () => {
    const { page, errors } = await openPage(browser(), { bypassCSP: true });
    await page.goto(`${baseUrl}/`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByLabel('Email address').fill(firstAdmin.email);
    await page.getByLabel('Password').fill(firstAdmin.password);
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { level: 1, name: 'Set up your authenticator app' }).waitFor();
    const qr = page.getByRole('img', { name: 'QR code for adding Threefold to your authenticator app' });
    await qr.waitFor();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const shown = await page.getByTestId('totp-secret').innerText();
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The key as the colleague would type it into their app.
    const account = authenticator(shown);
    await page.getByLabel('Code from your authenticator app').fill(await nextCode(account));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hello, Alex' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('signed-in-colleague').innerText()).toBe('Signed in as Alex Morgan');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([
      'People',
      'Community directory',
      'Practice data',
      'Imports and hand-back',
      'Administration',
    ]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the QR code renders under the API’s strict CSP (no bypass)', async () => {
    const colleague = await addColleague(baseUrl, adminSession, { displayName: 'Priya Shah', roles: ['practitioner'] });
    const { page, errors } = await openPage(browser());
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(colleague.email);
    await page.getByLabel('Password').fill(colleague.password);
    await page.getByRole('button', { name: 'Continue' }).click();
    const qr = page.getByRole('img', { name: 'QR code for adding Threefold to your authenticator app' });
    await qr.waitFor();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a deep link survives signing in: password, a wrong then a right code, and the colleague lands where they asked', async () => {
    const { colleague, account } = await enrolledPractitioner('Sam Carter');
    const { page, errors } = await openPage(browser(), { bypassCSP: true });
    await page.goto(`${baseUrl}/community-directory/anything`);
    await page.waitForURL((url) => url.pathname === '/sign-in');

    await page.getByLabel('Email address').fill(colleague.email);
    await page.getByLabel('Password').fill(colleague.password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
    const codeField = page.getByLabel('Code from your authenticator app');
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');

    // The code the app showed an hour ago is a wrong code now.
    await codeField.fill(await generate({ secret: account.secret, epoch: Math.floor(Date.now() / 1000) - 3600 }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-code-error').waitFor();
    expect(await page.locator('#sign-in-code-error').innerText()).toContain('That code did not work');
    expect(await page.getByTestId('code-status').innerText()).toContain(
      'That code is not right or has already been used.',
    );
    expect(await codeField.inputValue()).toBe('');

    await codeField.fill(await nextCode(account));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/community-directory/anything');

    // The deep link lands on the module it names.
    await page.getByRole('heading', { level: 1, name: 'Community directory' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Find a service' }).isVisible()).toBe(true);
    expect(await page.getByTestId('signed-in-colleague').innerText()).toBe('Signed in as Sam Carter');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(practitionerModules);
    expect(await nav.getByRole('link', { name: 'Community directory' }).getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Community directory – Threefold');
    // On a wide screen the navigation is always there; no Menu button to hide it behind.
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('signing out sends the CSRF token, ends the session on the server, says so, and the console is closed again', async () => {
    const { colleague, account } = await enrolledPractitioner('Jo Okafor');
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl}/`);
    const signedIn = page.waitForResponse((r) => r.url().endsWith('/v1/auth/totp') && r.status() === 200);
    await signInInBrowser(page, colleague, account);
    const { csrfToken } = (await (await signedIn).json()) as { csrfToken: string };
    await page.getByRole('heading', { level: 1, name: 'Hello, Jo' }).waitFor();
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tf_session');
    expect(cookie?.httpOnly).toBe(true);
    const session = { cookie: `tf_session=${cookie?.value}`, csrfToken };
    expect(await sessionStatus(baseUrl, session)).toBe(200);

    const signOut = page.waitForRequest((r) => r.url().endsWith('/v1/auth/sign-out'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect((await signOut).headers()['x-csrf-token']).toBe(csrfToken);
    await page.getByText('You have signed out.').waitFor();
    expect(await page.getByTestId('signed-in-colleague').count()).toBe(0);
    expect(await sessionStatus(baseUrl, session)).toBe(401);

    await page.goto(`${baseUrl}/audit`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/audit');
    await page.context().close();
  });

  it('on a phone-sized screen the navigation is behind Menu, which Esc closes; the skip link goes to the page heading', async () => {
    const { colleague, account } = await enrolledPractitioner('Dee Walsh');
    const { page } = await openPage(browser(), { viewport: { width: 375, height: 740 } });
    await page.goto(`${baseUrl}/`);
    await signInInBrowser(page, colleague, account);
    await page.getByRole('heading', { level: 1, name: 'Hello, Dee' }).waitFor();

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
    await page.getByRole('heading', { level: 1, name: 'Hello, Dee' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hello, Dee');
    await page.context().close();
  });
});
