import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { nextCode, type Authenticator, type Colleague } from './api';
import { openPage, type WatchedPage } from './browser';

/** Types the password, then a fresh code, the way a colleague signs in; waits to be let in. */
export async function signInInBrowser(
  page: Page,
  credentials: { email: string; password: string },
  account: Authenticator,
): Promise<void> {
  await page.getByLabel('Email address').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
  await page.getByLabel('Code from your authenticator app').fill(await nextCode(account));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/**
 * A fresh browser page signed in as `colleague` (password and a fresh code), waiting on the home
 * page's greeting: where most journeys start.
 */
export async function signedInAtHome(
  browser: Browser,
  baseUrl: string,
  colleague: Colleague,
  account: Authenticator,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const watched = await openPage(browser, { bypassCSP: true, ...options });
  await watched.page.goto(`${baseUrl}/`);
  await signInInBrowser(watched.page, colleague, account);
  await watched.page
    .getByRole('heading', { level: 1, name: `Hello, ${colleague.displayName.split(' ')[0]}` })
    .waitFor();
  return watched;
}
