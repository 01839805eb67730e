import { describe, expect, inject, it } from 'vitest';
import { addColleague, apiCall, createPerson, createTeam, signInOverApi } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();

/**
 * A practitioner's day, end to end: it starts on home, picks up a story waiting on the team
 * board, writes a case note about the visit, closes the story with the person's own words and
 * sees it counted in the team's practice data. Every screen is checked with axe.
 */
describe('a day’s work', () => {
  it('home → the board → a case note → closing with the person’s words → practice data', async () => {
    const team = await createTeam(baseUrl, adminSession, `Day team ${Date.now().toString(36)}`);
    const [worker, teammate] = await Promise.all([
      addColleague(baseUrl, adminSession, { displayName: 'Gwen Ellis', roles: ['practitioner'], teamIds: [team.id] }),
      addColleague(baseUrl, adminSession, { displayName: 'Huw Price', roles: ['practitioner'], teamIds: [team.id] }),
    ]);
    // A teammate opened a story for Mair and handed it back to the board for someone to pick up.
    const other = await signInOverApi(baseUrl, teammate);
    const mair = await createPerson(baseUrl, other.session, {
      givenName: 'Mair',
      familyName: 'Lloyd',
      dateOfBirth: '1941-02-17',
    });
    const opened = await apiCall(
      baseUrl,
      'POST',
      '/v1/stories',
      { session: other.session },
      {
        personId: mair.id,
        teamId: team.id,
      },
    );
    const storyId = String(opened.json.id);
    await apiCall(
      baseUrl,
      'POST',
      `/v1/stories/${storyId}/hand-on`,
      { session: other.session },
      { note: 'Mair rang about getting out again; I am away from tomorrow.' },
      { 'if-match': opened.etag },
    );

    // Home: nothing held yet, no "coming soon".
    const seeded = await signInOverApi(baseUrl, worker);
    const { page, errors } = await signedInAtHome(browser(), baseUrl, worker, seeded.account);
    await page.getByTestId('home-stories').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/being built|Coming soon/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The board: Mair's story waits, with its stage; picking it up opens her page.
    await page.goto(`${baseUrl}/board`);
    const card = page.getByTestId('board-item').filter({ hasText: 'Mair Lloyd' });
    await card.waitFor();
    expect(await card.getByTestId('card-stage').innerText()).toBeTruthy();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await card.getByRole('button', { name: /Pick up/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Mair Lloyd' }).waitFor();

    // Home now lists the story as one I hold.
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('home-stories').getByRole('link', { name: 'Mair Lloyd' }).waitFor();
    await page.getByTestId('home-stories').getByRole('link', { name: 'Mair Lloyd' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mair Lloyd' }).waitFor();

    // A case note about the visit, finalised.
    const notes = page.getByTestId('person-notes');
    await notes.getByRole('button', { name: 'Write a case note' }).click();
    await page.getByLabel('How it happened').selectOption({ label: 'Visit' });
    await page.getByLabel('Summary', { exact: true }).fill('Visited Mair at home');
    await page.getByLabel('What happened').fill('Mair joined the chapel lunch club on Thursday and loved it.');
    await notes.getByRole('button', { name: 'Finalise the note' }).click();
    await notes.getByText('The note is final: it is part of their record now.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Closing the story, in her words.
    const stories = page.getByTestId('person-stories');
    await stories.getByRole('button', { name: 'Close this story' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close this story' });
    await dialog.getByLabel('Why is the story closing?').selectOption('handed_to_another_organisation');
    await dialog.getByLabel('Yes').check();
    await dialog.getByLabel('What they said, in their own words').fill('I have my Thursdays back.');
    await dialog.getByRole('button', { name: 'Close the story' }).click();
    await stories.getByTestId('story-closure').waitFor();
    expect(await stories.getByTestId('persons-words').innerText()).toContain('I have my Thursdays back.');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The chronology on her page tells the day: the note and the closing.
    await page.reload();
    const chronology = page.getByTestId('chronology');
    await expect.poll(async () => chronology.innerText()).toMatch(/Story closed/);
    expect(await chronology.innerText()).toContain('Visited Mair at home');

    // Practice data counts it.
    await page.goto(`${baseUrl}/practice-data`);
    await page.getByRole('heading', { level: 1, name: 'Practice data' }).waitFor();
    await page.getByLabel('Team', { exact: true }).selectOption(team.id);
    await page.getByRole('button', { name: 'Show' }).click();
    const handed = page.getByTestId('closed-by-reason').getByRole('row', { name: /another organisation/i });
    await expect.poll(async () => (await handed.innerText()).trim().split(/\s+/).at(-1)).toBe('1');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
