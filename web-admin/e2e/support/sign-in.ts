import type { Page } from 'playwright-core';
import { nextCode, type Authenticator } from './api';

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
