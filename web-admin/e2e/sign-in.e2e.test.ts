import { describe, expect, inject, it } from 'vitest';
import { seriousAxeViolations } from './support/axe';
import { openPage, useChromium } from './support/browser';

const baseUrl = inject('baseUrl');
const browser = useChromium();

/** What has keyboard focus, described the way a user would: its label or its text. */
function describeFocus() {
  const element = document.activeElement as HTMLElement | null;
  if (!element || element === document.body) return 'nothing';
  const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent?.trim() : undefined;
  return `${element.tagName.toLowerCase()}: ${label ?? element.textContent?.trim() ?? ''}`;
}

describe('signing in to the console served by the API', () => {
  it('GET / shows the sign-in page, working under the API’s strict CSP', async () => {
    const { page, errors } = await openPage(browser());
    const response = await page.goto(`${baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    // The app itself ran (no inline script was needed) and sent the visitor to sign in.
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Email address').isVisible()).toBe(true);
    expect(await page.getByLabel('Password').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Continue' }).isEnabled()).toBe(true);
    expect(await page.title()).toBe('Sign in – Threefold');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the sign-in page, empty and with errors, has no serious or critical accessibility problems (axe-core)', async () => {
    const { page } = await openPage(browser(), { bypassCSP: true });
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#sign-in-email-error').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('works by keyboard alone: Tab reaches email, password and Continue in order; empty fields are caught without calling the API', async () => {
    const { page, requests } = await openPage(browser());
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    const order: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(describeFocus));
    }
    expect(order).toEqual(['a: Skip to main content', 'input: Email address', 'input: Password', 'button: Continue']);

    // The submit button shows where focus is.
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);

    await page.keyboard.press('Enter');

    await page.locator('#sign-in-email-error').waitFor();
    expect(await page.locator('#sign-in-email-error').innerText()).toContain('Enter your email address');
    expect(await page.locator('#sign-in-password-error').innerText()).toContain('Enter your password');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    // The same messages are in the live region, so a screen reader announces them.
    const status = await page.getByTestId('sign-in-status').innerText();
    expect(status).toContain('Enter your email address');
    expect(status).toContain('Enter your password');
    // Focus went to the first field to fix.
    expect(await page.evaluate(describeFocus)).toBe('input: Email address');
    expect(requests.filter((r) => r.includes('/v1/auth/sign-in'))).toEqual([]);

    // Typing a malformed address and pressing Enter in the field gives the format message, still without the API.
    await page.keyboard.type('not-an-email');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#sign-in-email-error').innerText())
      .toContain('Enter an email address in the right format');
    expect(requests.filter((r) => r.includes('/v1/auth/sign-in'))).toEqual([]);
    await page.context().close();
  });

  it('a deep link (GET /people/anything) serves the console, which sends the visitor to sign in and remembers where they were going', async () => {
    const { page } = await openPage(browser());
    const response = await page.goto(`${baseUrl}/people/anything`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');

    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/people/anything');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('shows what the API said when it turns the sign-in down, and keeps the email address', async () => {
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill('nobody@example.org');
    await page.getByLabel('Password').fill('not the password');

    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/auth/sign-in') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Continue' }).click();
    const response = await answer;
    expect(response.status()).toBeGreaterThanOrEqual(400);
    const problem = (await response.json()) as { title: string; detail?: string; requestId: string };

    const status = page.getByTestId('sign-in-status');
    await expect.poll(() => status.innerText()).toContain(problem.title);
    if (problem.detail) expect(await status.innerText()).toContain(problem.detail);
    expect(await status.innerText()).toContain(problem.requestId);
    expect(await page.getByLabel('Email address').inputValue()).toBe('nobody@example.org');
    expect(await page.getByRole('button', { name: 'Continue' }).isEnabled()).toBe(true);
    await page.context().close();
  });
});
