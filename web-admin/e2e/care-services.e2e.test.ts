import { describe, expect, inject, it } from 'vitest';
import { addColleague, apiCall, createPerson, createTeam, signInOverApi, type ApiSession } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();

const call = (
  method: string,
  path: string,
  session: ApiSession,
  body?: unknown,
  headers: Record<string, string> = {},
) => apiCall(baseUrl, method, path, { session }, body, headers);
const todayInLondon = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('care after the decision', () => {
  it('a signed-off budget → a service started → suspended for a hospital stay → resumed → ended', async () => {
    await call('PUT', '/v1/reference/delegated-limits', adminSession, {
      limits: [{ role: 'social_worker', weeklyLimitPence: 100_000 }],
    });
    const provider = await call('POST', '/v1/providers', adminSession, {
      name: `Kind Care ${Date.now().toString(36)}`,
      cqcLocationId: `1-${Date.now()}`.slice(0, 13),
      servicesOffered: ['Home care'],
    });
    const team = await createTeam(baseUrl, adminSession, `Care team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Rhiannon Hughes',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const socialWorker = await addColleague(baseUrl, adminSession, {
      displayName: 'Owen Pryce',
      roles: ['social_worker'],
      teamIds: [team.id],
    });
    const p = await signInOverApi(baseUrl, practitioner);
    const sw = await signInOverApi(baseUrl, socialWorker);
    const mair = await createPerson(baseUrl, p.session, {
      givenName: 'Mair',
      familyName: 'Evans',
      dateOfBirth: '1938-11-02',
    });

    // Up to a signed-off budget through the API: the conversations, eligibility and budgets journeys are tested there.
    const story = await call('POST', '/v1/stories', p.session, { personId: mair.id });
    const c1 = await call('POST', `/v1/stories/${String(story.json.id)}/conversations`, p.session, { kind: 1 });
    await call(
      'PATCH',
      `/v1/conversations/${String(c1.json.id)}`,
      p.session,
      {
        strengths: { personalResources: ['Reads the paper daily'], networksOfSupport: [], communityResources: [] },
        participants: [{ name: 'Mair Evans', role: 'the person' }],
        advocacy: {
          substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
          appropriatePersonAvailable: true,
          advocateRecorded: false,
        },
      },
      { 'if-match': c1.etag },
    );
    await call('POST', `/v1/conversations/${String(c1.json.id)}/conclude`, p.session, {
      resolved: false,
      unresolvedReason: 'Needs daily personal care',
    });
    await call('POST', `/v1/stories/${String(story.json.id)}/peer-steps`, sw.session, {
      outcome: 'exhausted',
      why: 'Agreed',
    });
    const c3 = await call('POST', `/v1/stories/${String(story.json.id)}/conversations`, p.session, { kind: 3 });
    const determination = await call('POST', '/v1/eligibility-determinations', sw.session, {
      conversationId: c3.json.id,
      inputs: {
        kind: 'adult',
        needsArise: true,
        condition: 'Arthritis',
        outcomes: [
          { outcome: 'nutrition', unableWays: ['needs-assistance'] },
          { outcome: 'personal-hygiene', unableWays: ['needs-assistance'] },
        ],
        wellbeing: { significant: true, areas: ['dignity'] },
        needsFluctuate: false,
      },
    });
    const budget = await call('POST', '/v1/personal-budgets', p.session, {
      conversationId: c3.json.id,
      determinationId: determination.json.id,
    });
    const planned = await call(
      'PATCH',
      `/v1/personal-budgets/${String(budget.json.id)}`,
      p.session,
      {
        planLines: [
          {
            what: 'Help to get up and washed',
            provider: 'organisation',
            paid: true,
            unitCostPence: 2_450,
            unitsPerWeek: 7,
            frequency: 'weekly',
          },
        ],
        fundingSources: [{ kind: 'council', weeklyPence: 17_150 }],
        management: { method: 'council_managed' },
      },
      { 'if-match': budget.etag },
    );
    await call('POST', `/v1/personal-budgets/${String(budget.json.id)}/sign-off`, sw.session, undefined, {
      'if-match': planned.etag,
    });

    const today = todayInLondon();
    const tomorrow = dayAfter(today);
    const { page, errors } = await signedInAtHome(browser(), baseUrl, socialWorker, sw.account);
    await page.goto(`${baseUrl}/budgets/${String(budget.json.id)}`);
    const services = page.getByTestId('budget-services');
    await services.waitFor();
    await services.getByText('No service has started under this budget yet.').waitFor();

    // Started with its provider and weekly cost.
    await services.getByLabel('Part of the budget').selectOption('council_managed');
    await services.getByLabel('Provider').selectOption(String(provider.json.id));
    await services.getByLabel('What it is (optional)').fill('Morning home care');
    await services.getByLabel('Weekly cost in pounds').fill('171.50');
    await services.getByLabel('First day delivered', { exact: true }).fill(today);
    await services.getByRole('button', { name: 'Start the service' }).click();
    const service = services.getByTestId('care-service');
    await service.getByTestId('service-status').getByText('Live').waitFor();
    expect(await service.getByTestId('service-cost').innerText()).toBe('£171.50 a week');
    expect(await service.innerText()).toContain(String(provider.json.name));
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Suspended for a hospital stay.
    await service.getByRole('button', { name: 'Suspend Morning home care', exact: true }).click();
    await service.getByLabel('First day not delivered').fill(today);
    await service.getByLabel('Why it is suspended').selectOption('hospital_stay');
    await service.getByRole('button', { name: 'Suspend the service' }).click();
    await service.getByTestId('service-status').getByText('Suspended').waitFor();
    await service.getByText(/Hospital stay .*–now/).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Resumed the next day: the hospital stay keeps its dates.
    await service.getByRole('button', { name: 'Resume Morning home care', exact: true }).click();
    await service.getByLabel('First day delivered again').fill(tomorrow);
    await service.getByRole('button', { name: 'Resume the service' }).click();
    await service.getByRole('button', { name: 'Suspend Morning home care', exact: true }).waitFor();
    expect(await service.innerText()).not.toContain('–now');

    // Ended, with the reason.
    await service.getByRole('button', { name: 'End Morning home care', exact: true }).click();
    await service.getByLabel('Last day delivered').fill(tomorrow);
    await service.getByLabel('Why it ended').selectOption('needs_met');
    await service.getByRole('button', { name: 'End the service' }).click();
    await service.getByText(/\(Needs met\)/).waitFor();
    expect(await service.getByRole('button').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The statement for those two days: in hospital today (nothing), home care tomorrow (£171.50 ÷ 7).
    await services.getByLabel('From', { exact: true }).fill(today);
    await services.getByLabel('To', { exact: true }).fill(tomorrow);
    await services.getByRole('button', { name: 'Show the statement' }).click();
    expect(await services.getByTestId('statement-total').innerText()).toBe('£24.50');
    const pdfHref = await services.getByTestId('statement-pdf').getAttribute('href');
    const pdf = await page.request.get(`${baseUrl}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const stored = await call('GET', `/v1/care-services?budgetId=${String(budget.json.id)}`, sw.session);
    expect(stored.json.items[0]).toMatchObject({
      endOn: tomorrow,
      endReason: 'needs_met',
      suspensions: [{ from: today, to: today, reason: 'hospital_stay' }],
    });

    // The person's page lists it with its provider and cost.
    await page.goto(`${baseUrl}/people/${mair.id}`);
    const listed = page.getByTestId('person-service');
    await listed.waitFor();
    expect(await listed.innerText()).toContain('£171.50 a week');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});

describe('care providers in administration', () => {
  it('an administrator adds a provider with its CQC location id, refused when malformed, then suspends and reinstates it', async () => {
    const admin = await addColleague(baseUrl, adminSession, { displayName: 'Gwen Morris', roles: ['practice_admin'] });
    const { account } = await signInOverApi(baseUrl, admin);
    const { page, errors } = await signedInAtHome(browser(), baseUrl, admin, account);
    await page.goto(`${baseUrl}/administration/providers`);
    await page.getByRole('heading', { level: 1, name: 'Care providers' }).waitFor();
    const name = `Valley Home Care ${Date.now().toString(36)}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('CQC location id (optional)').fill('2-123');
    await page.getByRole('button', { name: 'Add the provider' }).click();
    await page.getByText('A CQC location id is “1-” and digits').waitFor();
    // What was typed is still there to correct.
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(name);
    await page.getByLabel('CQC location id (optional)').fill(`1-${Date.now()}`.slice(0, 13));
    await page.getByLabel('Services offered (optional)').fill('Home care, Sitting service');
    await page.getByRole('button', { name: 'Add the provider' }).click();
    const row = page.getByTestId('provider').filter({ hasText: name });
    await row.getByText('Home care, Sitting service').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await row.getByLabel(`Why suspend ${name}`).fill('Inadequate CQC rating');
    await row.getByRole('button', { name: `Suspend ${name}` }).click();
    await row.getByText('Suspended: Inadequate CQC rating').waitFor();
    await row.getByRole('button', { name: `Reinstate ${name}` }).click();
    await row.getByRole('button', { name: `Suspend ${name}` }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
