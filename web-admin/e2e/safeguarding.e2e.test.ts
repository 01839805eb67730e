import { describe, expect, inject, it } from 'vitest';
import {
  addColleague,
  createPerson,
  signInOverApi,
  type ApiSession,
  type Authenticator,
  type Colleague,
} from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();
const signedIn = (colleague: Colleague, account: Authenticator) =>
  signedInAtHome(browser(), baseUrl, colleague, account);

/** A phone call at the front door about the person, with no outcome yet. */
async function recordContact(session: ApiSession, personId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    body: JSON.stringify({
      personId,
      channel: 'phone',
      madeBy: 'family_or_friend',
      routeOfAccess: 'community_other',
      whatMatters: 'Her daughter says she wants to stay in her own home',
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe('safeguarding, from a contact to a conclusion', () => {
  it('raise a concern from a contact → decide s42 → record what the person wants → conclude, risk reduced, outcomes partly achieved', async () => {
    const stamp = Date.now().toString(36);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Nia Powell',
      roles: ['practitioner'],
    });
    const lead = await addColleague(baseUrl, adminSession, {
      displayName: 'Gwen Safeguard',
      roles: ['safeguarding_lead'],
    });
    const seeded = await signInOverApi(baseUrl, practitioner);
    const leadSeeded = await signInOverApi(baseUrl, lead);
    const ivy = await createPerson(baseUrl, seeded.session, {
      givenName: 'Ivy',
      familyName: `Pryce-${stamp}`,
      dateOfBirth: '1938-04-09',
    });
    const contactId = await recordContact(seeded.session, ivy.id);

    // The practitioner raises it from the contact.
    const first = await signedIn(practitioner, seeded.account);
    await first.page.goto(`${baseUrl}/front-door/contacts/${contactId}`);
    await first.page.getByRole('button', { name: 'Raise a safeguarding concern' }).click();
    await first.page.getByLabel('What happened').fill('Her daughter saw a carer take £200 from her purse');
    await first.page.getByLabel('Who raised it').selectOption('family_or_friend');
    await first.page.getByLabel('Safe for now').check();
    await first.page.getByLabel('Financial or material abuse').check();
    expect(await seriousAxeViolations(first.page)).toEqual([]);
    await first.page.getByRole('button', { name: 'Raise the concern' }).click();
    await first.page.getByTestId('concern-raised').waitFor();
    expect(await first.page.getByTestId('concern-raised').innerText()).toContain('The safeguarding lead decides on it');

    // The safeguarding lead finds it in the queue, with its decision clock, and decides.
    const second = await signedIn(lead, leadSeeded.account);
    const { page } = second;
    await page.goto(`${baseUrl}/safeguarding`);
    const item = page.getByTestId('queue-item').filter({ hasText: `Ivy Pryce-${stamp}` });
    await item.waitFor();
    expect(await item.innerText()).toMatch(/Due|Overdue/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await item.getByRole('link', { name: `Ivy Pryce-${stamp}` }).click();
    await page.getByRole('heading', { level: 2, name: 'The section 42 decision' }).waitFor();
    expect(await page.getByTestId('concern').innerText()).toContain(
      'Her daughter saw a carer take £200 from her purse',
    );
    await page.locator('#criterion-a').check();
    await page.locator('#criterion-b').check();
    await page.locator('#criterion-c').check();
    await page.getByTestId('s42-applies').waitFor();
    await page.getByLabel('Why, in plain words').fill('Ivy has dementia and relies on the carer for everything');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Record the decision' }).click();

    // The enquiry starts with what Ivy wants.
    await page.getByRole('heading', { level: 1, name: `Section 42 enquiry: Ivy Pryce-${stamp}` }).waitFor();
    expect(await page.locator('main h2').first().innerText()).toBe(`What Ivy Pryce-${stamp} wants`);
    await page.locator('#wants-status').check();
    await page.locator('#wants-outcomes-0').fill('I want my money to be safe');
    await page.getByRole('button', { name: 'Add another thing they want' }).click();
    await page.locator('#wants-outcomes-1').fill('I want to keep seeing Julie, but not alone');
    await page.locator('#capacity').check();
    await page
      .getByLabel('What will keep them safe, and who does what')
      .fill('Daughter holds the bank card; two carers');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('notice').getByText('Saved.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // And concludes with the national lists.
    await page.locator('#conclusion-risk-types-financial_or_material').check();
    await page.getByLabel('Where the risk was').selectOption('own_home');
    await page.getByLabel('Where the risk came from').selectOption('service_provider');
    await page.getByLabel('Risk identified, and action taken').selectOption('risk_identified_action_taken');
    await page.locator('#conclusion-result-reduced').check();
    await page.locator('#conclusion-outcomes-achieved-partially').check();
    await page.getByRole('button', { name: 'Conclude', exact: true }).click();
    const conclusion = page.getByTestId('conclusion');
    await conclusion.waitFor();
    const text = await conclusion.innerText();
    expect(text).toContain('Financial or material abuse');
    expect(text).toContain('Risk reduced');
    expect(text).toContain('Partially achieved');
    expect(await page.getByTestId('enquiry-status').innerText()).toContain('Concluded');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The practitioner, not involved in the enquiry, sees only that a matter exists and whom to ask.
    await first.page.goto(`${baseUrl}/people/${ivy.id}`);
    const matter = first.page.getByTestId('safeguarding-matter');
    await matter.first().waitFor();
    expect(await matter.first().innerText()).toBe(`A safeguarding matter exists. Ask ${lead.displayName}.`);
    expect(await first.page.getByTestId('person-safeguarding').innerText()).not.toContain('£200');

    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
  }, 180_000);
});
