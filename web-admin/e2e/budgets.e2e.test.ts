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

const call = (method: string, path: string, session: ApiSession, body?: unknown) =>
  apiCall(baseUrl, method, path, { session }, body);
const signedIn = (colleague: Colleague, known: Authenticator) =>
  signedInAtHome(browser(), baseUrl, colleague, known, { acceptDownloads: true });

const dayCount = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
const todayInLondon = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

describe('a fair budget', () => {
  it('eligibility for an adult → the letter PDF opens → a budget built from the indicative figure → signed off → first review 6–8 weeks out', async () => {
    await call('PUT', '/v1/reference/delegated-limits', adminSession, {
      limits: [{ role: 'social_worker', weeklyLimitPence: 100_000 }],
    });
    const team = await createTeam(baseUrl, adminSession, `Budget team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Hana Price',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const socialWorker = await addColleague(baseUrl, adminSession, {
      displayName: 'Tomasz Wilk',
      roles: ['social_worker'],
      teamIds: [team.id],
    });
    const p = await signInOverApi(baseUrl, practitioner);
    const sw = await signInOverApi(baseUrl, socialWorker);
    const edith = await createPerson(baseUrl, p.session, {
      givenName: 'Edith',
      familyName: 'Marsh',
      dateOfBirth: '1939-03-08',
    });

    // Conversations 1 and 3 through the API: they are the conversations module's journey, tested there.
    const story = await call('POST', '/v1/stories', p.session, { personId: edith.id });
    const c1 = await call('POST', `/v1/stories/${String(story.json.id)}/conversations`, p.session, { kind: 1 });
    const recorded = await fetch(`${baseUrl}/v1/conversations/${String(c1.json.id)}`, {
      method: 'PATCH',
      headers: {
        cookie: p.session.cookie,
        'x-csrf-token': p.session.csrfToken,
        'content-type': 'application/json',
        'if-match': c1.etag,
      },
      body: JSON.stringify({
        strengths: { personalResources: ['Paints every morning'], networksOfSupport: [], communityResources: [] },
        participants: [{ name: 'Edith Marsh', role: 'the person' }],
        advocacy: {
          substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
          appropriatePersonAvailable: true,
          advocateRecorded: false,
        },
      }),
    });
    expect(recorded.status).toBe(200);
    await call('POST', `/v1/conversations/${String(c1.json.id)}/conclude`, p.session, {
      resolved: false,
      unresolvedReason: 'Needs daily personal care that connections cannot give',
    });
    await call('POST', `/v1/stories/${String(story.json.id)}/peer-steps`, sw.session, {
      outcome: 'exhausted',
      why: 'Agreed',
    });
    const c3 = await call('POST', `/v1/stories/${String(story.json.id)}/conversations`, p.session, { kind: 3 });

    const { page, errors } = await signedIn(socialWorker, sw.account);

    // Eligibility, outcome by outcome.
    await page.goto(`${baseUrl}/conversations/${String(c3.json.id)}/eligibility`);
    const form = page.getByTestId('eligibility-form');
    await form.waitFor();
    await page.locator('#needs-arise').check();
    await page.getByLabel('The impairment or illness').fill('Parkinson’s disease');
    await page.getByTestId('outcome-nutrition-details').locator('summary').click();
    await page.locator('#outcome-nutrition').check();
    await page.getByTestId('outcome-personal-hygiene-details').locator('summary').click();
    await page.locator('#outcome-personal-hygiene').check();
    await page.getByTestId('outcome-appropriately-clothed-details').locator('summary').click();
    await page.locator('#outcome-appropriately-clothed').check();
    await page.locator('#wellbeing-significant').check();
    await page.locator('#wellbeing-areas').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByTestId('letter-pdf').waitFor();

    // The letter opens as a PDF.
    const pdfHref = await page.getByTestId('letter-pdf').getAttribute('href');
    const pdf = await page.request.get(`${baseUrl}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/application\/pdf/);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const indicativeText = await page.getByTestId('indicative').innerText();

    // The budget starts from the indicative figure.
    await page.getByRole('link', { name: 'Plan the personal budget from this figure' }).click();
    await page.getByRole('button', { name: 'Start the budget from this figure' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personal budget and support plan' }).waitFor();
    const indicative = await page.getByTestId('indicative').innerText();
    expect(indicativeText).toContain(indicative.replace(' a week', ''));
    await page.getByTestId('derivation').waitFor();

    await page.getByLabel('What a good life looks like').fill('Painting at home and the art group on Fridays.');
    await page.getByRole('button', { name: 'Add a line' }).click();
    await page.getByLabel('Line 1: what the support is').fill('Help to get up, washed and dressed');
    await page.getByLabel('Cost of one hour in pounds').fill('24.50');
    await page.getByLabel('Hours in a week when it happens').fill('7');
    await page.getByTestId('line-cost').first().getByText('£171.50').waitFor();
    await page.getByRole('button', { name: 'Add a line' }).click();
    await page.getByLabel('Line 2: what the support is').fill('Sunday lunch with her son');
    await page.getByTestId('plan-line').nth(1).getByLabel('Who provides it').selectOption('family');
    await page.getByTestId('plan-line').nth(1).getByLabel('Paid support').uncheck();
    await page.getByTestId('plan-line').nth(1).getByLabel('Hours in a week when it happens').fill('3');

    await page.getByRole('button', { name: 'Add a source' }).click();
    await page.getByLabel('Pounds a week').first().fill('20');
    await page.getByRole('button', { name: 'The council pays the rest' }).click();
    // A mix is offered, with its parts and what they leave unmanaged (and it is accessible too);
    // this plan is managed by the council alone.
    await page.getByLabel('Way of managing the budget').selectOption('mixed');
    await page.getByRole('button', { name: 'Add a part' }).click();
    await page.getByTestId('management-part').getByLabel('Pounds a week').fill('100');
    await page.getByTestId('parts-balance').getByText('£71.50 a week is not yet in a part.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Way of managing the budget').selectOption('council_managed');
    await expect.poll(() => page.getByTestId('weekly-total').innerText()).toBe('£171.50');
    expect(await page.getByTestId('four-weekly-total').innerText()).toBe('£686.00');
    expect(await page.getByTestId('annual-total').innerText()).toBe('£8,918.00');
    expect(await page.getByTestId('funding-gap').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign off', exact: true }).click();
    await page.getByTestId('signed-off').waitFor();
    const review = await page.getByTestId('first-review').innerText();
    expect(review).toMatch(/First review due between/);

    const budgetId = new URL(page.url()).pathname.split('/').pop()!;
    const budget = await call('GET', `/v1/personal-budgets/${budgetId}`, sw.session);
    const next = budget.json.nextReview as { dueFrom: string; dueBy: string };
    expect(budget.json.status).toBe('signed_off');
    expect(dayCount(todayInLondon(), next.dueFrom)).toBe(42);
    expect(dayCount(todayInLondon(), next.dueBy)).toBe(56);

    await page.getByRole('link', { name: 'Open the review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review for Edith Marsh' }).waitFor();
    await page.getByTestId('review-window').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
