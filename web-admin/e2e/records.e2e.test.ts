import { describe, expect, inject, it } from 'vitest';
import { addColleague, apiCall, createPerson, createTeam, signInOverApi, type ApiSession } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();

const call = (method: string, path: string, session: ApiSession, body?: unknown) =>
  apiCall(baseUrl, method, path, { session }, body);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const strengths = { personalResources: ['Paints every morning'], networksOfSupport: [], communityResources: [] };
const advocacy = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

describe('the written record', () => {
  it('uploads a document to a conversation, prints the care and support plan, and produces a subject access bundle', async () => {
    const team = await createTeam(baseUrl, adminSession, `Records team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Rhian Lloyd',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const socialWorker = await addColleague(baseUrl, adminSession, {
      displayName: 'Owain Price',
      roles: ['social_worker'],
      teamIds: [team.id],
    });
    const administrator = await addColleague(baseUrl, adminSession, {
      displayName: 'Sian Morgan',
      roles: ['practice_admin'],
    });
    const p = await signInOverApi(baseUrl, practitioner);
    const sw = await signInOverApi(baseUrl, socialWorker);
    const admin = await signInOverApi(baseUrl, administrator);
    const mair = await createPerson(baseUrl, p.session, {
      givenName: 'Mair',
      familyName: 'Evans',
      dateOfBirth: '1940-06-02',
    });

    // Conversations 1 and 3, a decision and a budget through the API: other modules' journeys, tested there.
    const story = await call('POST', '/v1/stories', p.session, { personId: mair.id });
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
        strengths,
        advocacy,
        participants: [{ name: 'Mair Evans', role: 'the person' }],
        whatMatters: 'Painting at the kitchen table',
      }),
    });
    expect(recorded.status).toBe(200);

    // 1. A document, uploaded to conversation 1 in the browser.
    const { page, errors } = await signedInAtHome(browser(), baseUrl, practitioner, p.account, {
      acceptDownloads: true,
    });
    await page.goto(`${baseUrl}/conversations/${String(c1.json.id)}`);
    const documents = page.getByTestId('documents');
    await documents.getByText('No documents yet.').waitFor();
    await documents.getByLabel('What it is (optional)').fill('Letter from her GP');
    await documents
      .getByLabel('File')
      .setInputFiles({ name: 'gp-letter.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await documents.getByRole('button', { name: 'Add the document' }).click();
    await documents.getByTestId('document-added').waitFor();
    const link = documents.getByTestId('document-list').getByRole('link', { name: 'Letter from her GP' });
    await link.waitFor();
    const downloaded = await page.request.get(`${baseUrl}${String(await link.getAttribute('href'))}`);
    expect(downloaded.status()).toBe(200);
    expect(Buffer.from(await downloaded.body()).equals(PDF)).toBe(true);
    // A program named as a PDF is refused, with the reason shown.
    await documents.getByLabel('File').setInputFiles({
      name: 'invoice.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)]),
    });
    await documents.getByRole('button', { name: 'Add the document' }).click();
    await documents
      .getByText(/not a PDF, image or office document/)
      .first()
      .waitFor();

    await call('POST', `/v1/conversations/${String(c1.json.id)}/conclude`, p.session, {
      resolved: false,
      unresolvedReason: 'Needs daily personal care',
    });
    await call('POST', `/v1/stories/${String(story.json.id)}/peer-steps`, sw.session, {
      outcome: 'exhausted',
      why: 'Agreed',
    });
    const c3 = await call('POST', `/v1/stories/${String(story.json.id)}/conversations`, p.session, { kind: 3 });
    const decided = await call('POST', '/v1/eligibility-determinations', sw.session, {
      conversationId: c3.json.id,
      inputs: {
        kind: 'adult',
        needsArise: true,
        condition: 'Heart failure',
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
      determinationId: decided.json.id,
    });

    // 2. The care and support plan, printed from the budget page.
    await page.goto(`${baseUrl}/budgets/${String(budget.json.id)}`);
    await page.getByRole('heading', { level: 2, name: 'The care and support plan for the person' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    const [printable] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('plan-print').click(),
    ]);
    await printable.getByRole('heading', { level: 1, name: 'Your care and support plan' }).waitFor();
    await printable.getByText('Dear Mair Evans,').waitFor();
    expect(await seriousAxeViolations(printable)).toEqual([]);
    const pdf = await page.request.get(`${baseUrl}${String(await page.getByTestId('plan-pdf').getAttribute('href'))}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.body())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect(errors).toEqual([]);

    // 3. The subject access bundle, from her page, by an administrator.
    const adminPage = await signedInAtHome(browser(), baseUrl, administrator, admin.account, { acceptDownloads: true });
    await adminPage.page.goto(`${baseUrl}/people/${mair.id}`);
    await adminPage.page.getByRole('heading', { level: 2, name: 'Subject access' }).waitFor();
    expect(await seriousAxeViolations(adminPage.page)).toEqual([]);
    const [download] = await Promise.all([
      adminPage.page.waitForEvent('download'),
      adminPage.page.getByTestId('subject-access-bundle').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`subject-access-${mair.id}.zip`);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const zip = await readFile(path);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zip.includes(Buffer.from('record.json'))).toBe(true);
    expect(zip.includes(Buffer.from('plans/care-and-support-plan-'))).toBe(true);
    expect(adminPage.errors).toEqual([]);
  });
});
