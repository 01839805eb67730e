import { describe, expect, inject, it } from 'vitest';
import {
  addColleague,
  apiCall,
  createPerson,
  createTeam,
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

const call = async (method: string, path: string, session: ApiSession, body?: unknown) =>
  (await apiCall(baseUrl, method, path, { session }, body)).json;
const signedIn = (colleague: Colleague, known: Authenticator) => signedInAtHome(browser(), baseUrl, colleague, known);

/** A story about `personId` with conversation 3 open (set up over the API). */
async function conversationThree(personId: string, author: ApiSession, peer: ApiSession) {
  const story = await call('POST', '/v1/stories', author, { personId });
  const c1 = await call('POST', `/v1/stories/${String(story.id)}/conversations`, author, { kind: 1 });
  const read = await fetch(`${baseUrl}/v1/conversations/${String(c1.id)}`, { headers: { cookie: author.cookie } });
  const etag = read.headers.get('etag') ?? '';
  await fetch(`${baseUrl}/v1/conversations/${String(c1.id)}`, {
    method: 'PATCH',
    headers: {
      cookie: author.cookie,
      'x-csrf-token': author.csrfToken,
      'content-type': 'application/json',
      'if-match': etag,
    },
    body: JSON.stringify({
      strengths: { personalResources: ['Keeps a diary'], networksOfSupport: [], communityResources: [] },
      participants: [{ name: 'Roy', role: 'the person' }],
      advocacy: {
        substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
        appropriatePersonAvailable: true,
        advocateRecorded: false,
      },
    }),
  });
  await call('POST', `/v1/conversations/${String(c1.id)}/conclude`, author, {
    resolved: false,
    unresolvedReason: 'Caring every night is wearing him down',
  });
  await call('POST', `/v1/stories/${String(story.id)}/peer-steps`, peer, { outcome: 'exhausted', why: 'Agreed' });
  const c3 = await call('POST', `/v1/stories/${String(story.id)}/conversations`, author, { kind: 3 });
  return String(c3.id);
}

describe('eligibility', () => {
  it('a carer, with needs that fluctuate, found eligible on one outcome; the decision, its reasons and the letter', async () => {
    const team = await createTeam(baseUrl, adminSession, `Carers team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Gwen Pryce',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const socialWorker = await addColleague(baseUrl, adminSession, {
      displayName: 'Tomasz Nowak',
      roles: ['social_worker'],
      teamIds: [team.id],
    });
    const p = await signInOverApi(baseUrl, practitioner);
    const sw = await signInOverApi(baseUrl, socialWorker);
    const roy = await createPerson(baseUrl, p.session, { givenName: 'Roy', familyName: 'Hartley' });
    const mair = await createPerson(baseUrl, p.session, { givenName: 'Mair', familyName: 'Hartley' });
    await call('POST', `/v1/people/${roy.id}/relationships`, p.session, {
      relatedPersonId: mair.id,
      type: 'unpaid_carer_of',
      isMainCarer: true,
    });
    const c3 = await conversationThree(roy.id, p.session, sw.session);

    const { page, errors } = await signedIn(socialWorker, sw.account);
    await page.goto(`${baseUrl}/conversations/${c3}`);
    await page.getByRole('link', { name: /Eligibility: decide it/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Decide eligibility' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('A carer', { exact: true }).check();
    await page.getByLabel('The adult they care for').selectOption({ label: 'Mair Hartley' });
    const outcomes = page.getByTestId('outcomes');
    expect(await outcomes.locator('fieldset').count()).toBe(8);
    expect(await outcomes.innerText()).not.toContain('significantly longer');
    await page.locator('#needs-arise').check();
    await page.getByLabel('The care they provide').fill('Roy looks after his wife Mair, who has dementia');
    await page.locator('input[name="health-deteriorating"][value="no"]').check();
    await page.getByTestId('outcome-recreation-details').locator('summary').click();
    await page.locator('#outcome-recreation').check();
    await page.locator('#wellbeing-significant').check();
    await page.getByLabel('Physical and mental health and emotional wellbeing').check();
    await page.locator('input[name="needs-fluctuate"][value="yes"]').check();
    await page.getByLabel('Period considered: from').fill('2026-08-01');
    await page.getByLabel('Period considered: to').fill('2026-10-31');
    await page.getByLabel('How their needs varied over the period').fill('Worse when Mair is awake at night');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Record the decision' }).click();

    await page.getByRole('heading', { level: 1, name: 'Eligible' }).waitFor();
    expect(await page.getByTestId('summary').innerText()).toContain('support as a carer');
    expect(await page.getByTestId('indicative').innerText()).toContain('£20.00 a week'); // 4 points at £5.00
    const preview = page.frameLocator('[data-testid="letter-preview"]');
    await preview.getByRole('heading', { name: 'Your eligibility decision as a carer' }).waitFor();
    expect(await preview.locator('body').innerText()).toContain('from 1 August 2026 to 31 October 2026');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const href = await page.getByTestId('letter-pdf').getAttribute('href');
    const pdf = await page.request.get(`${baseUrl}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('an administrator changes the resource allocation table, adds a unit cost and sets the delegated limits', async () => {
    const admin = await addColleague(baseUrl, adminSession, { displayName: 'Ffion Rees', roles: ['practice_admin'] });
    const a = await signInOverApi(baseUrl, admin);
    const { page, errors } = await signedIn(admin, a.account);
    await page.goto(`${baseUrl}/administration`);
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Reference data' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Reference data' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    const before = Number(/Version (\d+)/.exec(await page.getByTestId('ras').innerText())![1]);
    await page.getByLabel('Managing toilet needs', { exact: true }).fill('14');
    await page.getByLabel('Why this change (for the record)').fill('Browser test');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText(`Saved as version ${before + 1}.`).waitFor();

    const name = `Day opportunity ${Date.now().toString(36)}`;
    await page.getByLabel('What', { exact: true }).last().fill(name);
    await page.getByLabel('Cost of one unit').last().fill('48.75');
    await page.getByRole('button', { name: 'Add the unit cost' }).click();
    await page.getByTestId('unit-costs').getByText(name).waitFor();
    expect(await page.getByTestId('unit-costs').innerText()).toContain('£48.75 an hour');

    // The delegated sign-off limits (the value the budget journey uses, as both may run at once).
    const limits = page.getByTestId('delegated-limits');
    await limits.getByLabel('Social worker: pounds a week').fill('1000');
    await limits.getByRole('button', { name: 'Save the limits' }).click();
    await limits.getByText('Budgets signed off from now on use these limits.').waitFor();
    expect(await limits.getByLabel('Social worker: pounds a week').inputValue()).toBe('1000.00');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});
