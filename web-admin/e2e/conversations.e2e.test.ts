import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  addColleague,
  createPerson,
  createTeam,
  signInOverApi,
  type Authenticator,
  type Colleague,
} from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();
async function signedIn(colleague: Colleague, known?: Authenticator) {
  const account = known ?? (await signInOverApi(baseUrl, colleague)).account;
  return signedInAtHome(browser(), baseUrl, colleague, account);
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Strengths, who took part and the advocacy test, then concluded unresolved with a reason. */
async function holdAndConcludeUnresolved(page: Page, strength: string, reason: string, who = 'Rosa Lindqvist') {
  await page.getByTestId('strengths-personalResources').getByRole('button', { name: 'Add a strength' }).click();
  await page.getByLabel('What they bring themselves 1').fill(strength);
  await page.getByRole('button', { name: 'Add someone who took part' }).click();
  await page.getByLabel('Name (person 1)').fill(who);
  await page.getByLabel('How they took part (person 1)').fill('the person');
  await page.getByLabel('Yes, the answers below are what we found').check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByTestId('notice').getByText('Saved.').waitFor();
  await page.getByLabel('No, not yet').check();
  await page.getByLabel('Why it is not resolved').fill(reason);
  await page.getByRole('button', { name: 'Conclude', exact: true }).click();
  await page.getByText('This conversation is concluded').waitFor();
}

describe('a story through the three conversations', () => {
  it('conversation 1 with strengths, concluded unresolved; conversation 2 with a plan and a spend; a social worker gives the peer step that signs off; conversation 3 opens', async () => {
    const team = await createTeam(baseUrl, adminSession, `Story team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Priya Natt',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const socialWorker = await addColleague(baseUrl, adminSession, {
      displayName: 'Owen Blake',
      roles: ['social_worker'],
      teamIds: [team.id],
    });
    const seeded = await signInOverApi(baseUrl, practitioner);
    const rosa = await createPerson(baseUrl, seeded.session, {
      givenName: 'Rosa',
      familyName: 'Lindqvist',
      dateOfBirth: '1950-06-14',
    });

    const { page, errors } = await signedIn(practitioner, seeded.account);
    await page.goto(`${baseUrl}/people/${rosa.id}`);
    const stories = page.getByTestId('person-stories');
    await stories.getByText('No story yet').waitFor();
    await stories.getByRole('button', { name: 'Open a story' }).click();
    await stories.getByRole('button', { name: 'Start conversation 1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 1 — connect' }).waitFor();
    expect(await page.locator('form h2').first().innerText()).toBe('Strengths');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await holdAndConcludeUnresolved(page, 'Sings in the choir', 'The lunch club is full until spring.');

    await page.getByRole('link', { name: 'Back to their page and story' }).click();
    await stories.getByText('concluded, not resolved').waitFor();
    expect(await stories.innerText()).toContain('The lunch club is full until spring.');
    await stories.getByRole('button', { name: 'Start conversation 2' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 2 — when at risk' }).waitFor();
    // Conversation 1's strengths are the starting text, marked as carried forward; the person is named above.
    await page.getByTestId('carried-forward').waitFor();
    expect(await page.getByLabel('What they bring themselves 1').inputValue()).toBe('Sings in the choir');
    expect(await page.getByTestId('person-header-name').innerText()).toBe('Rosa Lindqvist');
    await page.getByLabel('Starts on').fill(isoDay(0));
    await page.getByLabel('Ends on').fill(isoDay(14));
    await page.getByLabel('What must change to keep them safe').fill('Meals every day while her daughter is away.');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    await page.getByText('Plan saved.').waitFor();
    await page.getByLabel('Amount in pounds').fill('45.50');
    await page.getByLabel('What it is for').fill('A week of meals delivered');
    await page.getByRole('button', { name: 'Record the spend' }).click();
    await page.getByTestId('spends').getByText('£45.50 — A week of meals delivered').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await holdAndConcludeUnresolved(
      page,
      'Her neighbour checks in',
      'Still needs more than two conversations can give.',
    );
    expect(errors).toEqual([]);

    const peer = await signedIn(socialWorker);
    await peer.page.goto(`${baseUrl}/people/${rosa.id}`);
    const gate = peer.page.getByTestId('gate');
    await gate.getByText('Conversation 3 cannot open yet').waitFor();
    await peer.page.getByLabel(/Conversations 1 and 2 are exhausted/).check();
    await peer.page
      .getByLabel('Why', { exact: true })
      .fill('Read both conversations: the reasons hold, a good-life plan is needed.');
    await peer.page.getByRole('button', { name: 'Give the peer step' }).click();
    await gate.getByText('Conversation 3 can open').waitFor();
    await peer.page.getByTestId('peer-step').getByText('a good-life plan is needed').waitFor();

    await page.goto(`${baseUrl}/people/${rosa.id}`);
    await stories.getByRole('button', { name: 'Start conversation 3' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 3 — a good life and a fair budget' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
    await peer.page.context().close();
  }, 90_000);
});

describe('from a contact at the front door to conversation 3', () => {
  it('a contact progressed to conversation 1 opens the story; strengths and outputs; concluded unresolved; conversation 2 with a plan and a spend; a peer step asked for on the board and given by a second colleague, signing off; conversation 3 opens', async () => {
    const team = await createTeam(baseUrl, adminSession, `Front door team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Nadia Okafor',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const socialWorker = await addColleague(baseUrl, adminSession, {
      displayName: 'Huw Jenkins',
      roles: ['social_worker'],
      teamIds: [team.id],
    });
    const seeded = await signInOverApi(baseUrl, practitioner);
    const elsie = await createPerson(baseUrl, seeded.session, {
      givenName: 'Elsie',
      familyName: 'Marchetti',
      dateOfBirth: '1947-09-30',
    });

    // The front door: a contact whose outcome is conversation 1.
    const { page, errors } = await signedIn(practitioner, seeded.account);
    await page.goto(`${baseUrl}/front-door/new?personId=${elsie.id}`);
    await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
    expect(await page.getByTestId('chosen-person').innerText()).toContain('Elsie Marchetti');
    await page.getByLabel('Phone', { exact: true }).check();
    await page.getByLabel('Who got in touch?').selectOption({ label: 'The person themselves' });
    await page.getByLabel('Route they came by').selectOption({ label: 'From the community, or another route' });
    await page
      .getByLabel('What matters to the person, in their own words')
      .fill('I want to get back to the allotment, but I fell in the spring.');
    await page.getByLabel('Conversation 1 — connect', { exact: true }).check();
    expect(await seriousAxeViolations(page)).toEqual([]);
    const recorded = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/v1/contacts' && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Record the contact' }).click();
    const answer = await recorded;
    expect(answer.status()).toBe(201);
    const contact = (await answer.json()) as { id: string; storyId: string | null; outcome: string };
    expect(contact.outcome).toBe('progressed_to_conversation_1');
    expect(contact.storyId).toEqual(expect.any(String));
    await page.waitForURL((url) => url.pathname === `/people/${elsie.id}`);

    // The contact's page says which story it opened, and offers conversation 1 on it.
    await page.goto(`${baseUrl}/front-door/contacts/${contact.id}`);
    const contactStory = page.getByTestId('contact-story');
    await contactStory.getByText('This contact opened their story.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await contactStory.getByRole('button', { name: 'Start conversation 1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 1 — connect' }).waitFor();
    expect(await page.locator('form h2').first().innerText()).toBe('Strengths');

    // Outputs: a desired outcome and a risk enablement plan, then concluded unresolved.
    await page.getByRole('button', { name: 'Add a desired outcome' }).click();
    await page.getByLabel('Desired outcome 1').fill('Back on the allotment by spring');
    // The outputs fold away until needed: open the risk enablement plan first.
    const riskToggle = page.getByRole('button', { name: 'Risk enablement plan' });
    expect(await riskToggle.getAttribute('aria-expanded')).toBe('false');
    await riskToggle.click();
    await page.getByRole('button', { name: 'Add a risk' }).click();
    await page.getByLabel('The risk (risk 1)').fill('A fall on the path to the allotment');
    await page.getByLabel('Why taking it matters to them (risk 1)').fill('It is where she feels most herself');
    await page.getByLabel('Way of making risk 1 safer 1').fill('A walking frame and her phone on her');
    await page.getByLabel('Who keeps an eye on it (risk 1)').fill('Her neighbour Dai');
    await page.getByLabel('Review on (risk 1)').fill(isoDay(30));
    expect(await seriousAxeViolations(page)).toEqual([]);
    await holdAndConcludeUnresolved(
      page,
      'Knows every plant by name',
      'Without help at home she cannot get there safely yet.',
      'Elsie Marchetti',
    );
    // Concluded, it reads as a record rather than greyed-out fields.
    const record = page.getByTestId('conversation-record');
    expect(await record.innerText()).toContain('A fall on the path to the allotment');
    expect(await record.locator('input, textarea').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Conversation 2 from her page: a plan and a spend, concluded unresolved.
    await page.getByRole('link', { name: 'Back to their page and story' }).click();
    const stories = page.getByTestId('person-stories');
    await stories.getByText('concluded, not resolved').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await stories.getByRole('button', { name: 'Start conversation 2' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 2 — when at risk' }).waitFor();
    await page.getByLabel('Starts on').fill(isoDay(0));
    await page.getByLabel('Ends on').fill(isoDay(21));
    await page
      .getByLabel('What must change to keep them safe')
      .fill('Someone with her every morning until the rail is fitted.');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    await page.getByText('Plan saved.').waitFor();
    await page.getByLabel('Amount in pounds').fill('120');
    await page.getByLabel('What it is for').fill('A grab rail by the back door');
    await page.getByRole('button', { name: 'Record the spend' }).click();
    await page.getByTestId('spends').getByText('£120.00 — A grab rail by the back door').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await holdAndConcludeUnresolved(
      page,
      'Her neighbour Dai calls round',
      'She needs support at home for longer than conversation 2 allows.',
      'Elsie Marchetti',
    );

    // She asks a colleague for a peer step on the story; she is its author, so none is offered to her.
    await page.getByRole('link', { name: 'Back to their page and story' }).click();
    await stories.getByText('Share this story or ask for help').click();
    expect(await stories.getByTestId('peer-step-form').count()).toBe(0);
    await stories.getByLabel('A peer step', { exact: true }).check();
    await stories
      .getByLabel('What would you like them to look at? (optional)')
      .fill('Is conversation 3 right for Elsie?');
    await stories.getByRole('button', { name: 'Ask', exact: true }).click();
    await stories.getByTestId('open-request').getByText('You asked for a peer step').waitFor();
    expect(errors).toEqual([]);

    // A second colleague, a social worker: the request on the board, then one peer step that answers it and signs off.
    const peer = await signedIn(socialWorker);
    await peer.page.goto(`${baseUrl}/board`);
    const request = peer.page.getByTestId('board-request').filter({ hasText: 'Is conversation 3 right for Elsie?' });
    await request.waitFor();
    expect(await seriousAxeViolations(peer.page)).toEqual([]);
    await peer.page.getByRole('link', { name: 'Open Elsie Marchetti’s story to help' }).click();
    const gate = peer.page.getByTestId('gate');
    await gate.getByText('Conversation 3 cannot open yet').waitFor();
    await peer.page.getByLabel(/Conversations 1 and 2 are exhausted/).check();
    await peer.page
      .getByLabel('Why', { exact: true })
      .fill('Read both conversations: the reasons hold, a good-life plan is needed.');
    await peer.page.getByRole('button', { name: 'Give the peer step' }).click();
    await gate.getByText('Conversation 3 can open').waitFor();
    await peer.page.getByTestId('peer-step').getByText('a good-life plan is needed').waitFor();
    await peer.page.getByTestId('open-request').waitFor({ state: 'detached' });
    expect(await seriousAxeViolations(peer.page)).toEqual([]);
    expect(peer.errors).toEqual([]);

    // Conversation 3 opens for the practitioner, with the outputs a good-life plan needs.
    await page.goto(`${baseUrl}/people/${elsie.id}`);
    await stories.getByRole('button', { name: 'Start conversation 3' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversation 3 — a good life and a fair budget' }).waitFor();
    await page.getByTestId('circle-of-support').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
    await peer.page.context().close();
  }, 240_000);
});
