import { describe, expect, inject, it } from 'vitest';
import {
  apiCall,
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

const api = (
  method: string,
  path: string,
  auth: { session?: ApiSession; bearer?: string },
  body?: unknown,
  headers: Record<string, string> = {},
) => apiCall(baseUrl, method, path, auth, body, headers);
const signedIn = (colleague: Colleague, account: Authenticator) =>
  signedInAtHome(browser(), baseUrl, colleague, account);

describe('connecting a person to the community', () => {
  it('during conversation 1, finds a service by postcode and need and connects the person with consent; the partner accepts and completes it over the API; the practitioner sees the outcome', async () => {
    const run = Date.now().toString(36);
    const admin = { session: adminSession };
    // The directory, as an administrator keeps it.
    await api('POST', '/v1/directory/postcodes', admin, {
      csv: 'postcode,latitude,longitude\nSY2 6ND,52.7000,-2.7200\nSY2 5AA,52.7060,-2.7300\nSY1 1AA,52.7080,-2.7530',
    });
    const partnerOrg = (
      await api('POST', '/v1/directory/organisations', admin, { name: `Age Friendly ${run}`, kind: 'partner' })
    ).json;
    const taxonomy = (await api('POST', '/v1/directory/taxonomies', admin, { name: `Needs ${run}` })).json;
    const term = (
      await api('POST', `/v1/directory/taxonomies/${taxonomy.id}/terms`, admin, { name: `Company and food ${run}` })
    ).json;
    await api('POST', '/v1/directory/services', admin, {
      organisationId: partnerOrg.id,
      name: `Friendship lunch club ${run}`,
      description: 'Hot lunch and company on Wednesdays.',
      minimumAge: 60,
      costPence: 450,
      termIds: [term.id],
      newLocations: [{ name: 'St Mary’s hall', postcode: 'SY2 6ND' }],
      schedules: [{ weekday: 'WE', opensAt: '11:30', closesAt: '14:00' }],
    });
    const client = (
      await api('POST', '/v1/admin/clients', admin, {
        name: `Age Friendly system ${run}`,
        kind: 'partner',
        organisationId: partnerOrg.id,
        scopes: ['connections:read', 'connections:write'],
      })
    ).json;

    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Nia Powell',
      roles: ['practitioner'],
    });
    const seeded = await signInOverApi(baseUrl, practitioner);
    const edith = await createPerson(baseUrl, seeded.session, {
      givenName: 'Edith',
      familyName: `Morris${run}`,
      dateOfBirth: '1941-05-03',
    });

    const { page, errors } = await signedIn(practitioner, seeded.account);
    await page.goto(`${baseUrl}/people/${edith.id}`);
    const stories = page.getByTestId('person-stories');
    await stories.getByRole('button', { name: 'Open a story' }).click();
    await stories.getByRole('button', { name: 'Start conversation 1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 1 — connect' }).waitFor();

    const panel = page.getByTestId('connect-panel');
    await panel.getByRole('button', { name: 'Find a service to connect to' }).click();
    await panel.getByLabel('Near postcode').fill('SY2 5AA');
    await panel.getByLabel('Need').selectOption({ label: `Company and food ${run} (Needs ${run})` });
    await panel.getByRole('button', { name: 'Search the directory' }).click();
    const result = panel.getByTestId('directory-result').filter({ hasText: `Friendship lunch club ${run}` });
    await result.waitFor();
    expect(await result.innerText()).toContain('km away');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await result.getByRole('button', { name: `Choose Friendship lunch club ${run}` }).click();
    await panel.getByLabel('What are you asking them to do?').fill('A place at the Wednesday lunch');
    await panel.getByRole('button', { name: 'Connect', exact: true }).click();
    // Without consent or a lawful reason it is not sent.
    await panel.getByText('Record the person’s consent to share').first().waitFor();
    await panel.getByLabel(/The person agreed to share this/).check();
    await panel.getByRole('button', { name: 'Connect', exact: true }).click();
    await panel.getByTestId('connected').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The partner, over HTTP with its own client credentials.
    const token = (
      await api(
        'POST',
        '/oauth/token',
        {},
        {
          grant_type: 'client_credentials',
          client_id: client.client.clientId,
          client_secret: client.clientSecret,
        },
      )
    ).json.access_token as string;
    const partner = { bearer: token };
    const listed = (await api('GET', '/v1/connections', partner)).json.items as {
      id: string;
      person: { name: string };
      ask: string;
    }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ person: { name: `Edith Morris${run}` }, ask: 'A place at the Wednesday lunch' });
    const id = listed[0]!.id;
    const read = await api('GET', `/v1/connections/${id}`, partner);
    const accepted = await api('POST', `/v1/connections/${id}/accept`, partner, {}, { 'if-match': read.etag });
    await api(
      'POST',
      `/v1/connections/${id}/complete`,
      partner,
      { outcome: 'Comes every Wednesday and has made a friend' },
      { 'if-match': accepted.etag },
    );

    // The practitioner sees how it went.
    await page.goto(`${baseUrl}/people/${edith.id}`);
    const connections = page.getByTestId('person-connections');
    await connections.getByTestId('connection-status').getByText('Completed').waitFor();
    expect(await connections.getByTestId('connection-outcome').innerText()).toContain(
      'Comes every Wednesday and has made a friend',
    );
    expect(errors).toEqual([]);
  });
});
