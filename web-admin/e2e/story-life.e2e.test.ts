import { describe, expect, inject, it } from 'vitest';
import { addColleague, createPerson, createTeam, signInOverApi } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();

describe('a story’s whole life', () => {
  it('closes a story with the person’s own words, keeps a half-written closing, counts it in practice data and reopens it', async () => {
    const team = await createTeam(baseUrl, adminSession, `Life team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Cerys Bowen',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const seeded = await signInOverApi(baseUrl, practitioner);
    const nia = await createPerson(baseUrl, seeded.session, {
      givenName: 'Nia',
      familyName: 'Prosser',
      dateOfBirth: '1947-09-03',
    });
    const { page, errors } = await signedInAtHome(browser(), baseUrl, practitioner, seeded.account);

    await page.goto(`${baseUrl}/people/${nia.id}`);
    const stories = page.getByTestId('person-stories');
    await stories.getByRole('button', { name: 'Open a story' }).click();
    await stories.getByRole('button', { name: 'Close this story' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close this story' });
    await dialog.getByLabel('Why is the story closing?').selectOption('declined_further_help');
    await dialog.getByLabel('Partly').check();
    await dialog.getByLabel('What they said, in their own words').fill('I’d rather sort the garden with my nephew.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Closing the dialog keeps what was written.
    await dialog.getByRole('button', { name: 'Not now (keep what I wrote)' }).click();
    await stories.getByRole('button', { name: 'Close this story' }).click();
    expect(await dialog.getByLabel('What they said, in their own words').inputValue()).toBe(
      'I’d rather sort the garden with my nephew.',
    );
    await dialog.getByRole('button', { name: 'Close the story' }).click();
    const closure = stories.getByTestId('story-closure');
    await closure.waitFor();
    expect(await closure.innerText()).toContain('Declined further help');
    expect(await closure.innerText()).toContain('Partly');
    expect(await stories.getByTestId('persons-words').innerText()).toContain('sort the garden with my nephew');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/practice-data`);
    await page.getByRole('heading', { level: 1, name: 'Practice data' }).waitFor();
    await page.getByLabel('Team', { exact: true }).selectOption(team.id);
    await page.getByRole('button', { name: 'Show' }).click();
    const declined = page.getByTestId('closed-by-reason').getByRole('row', { name: /Declined further help/ });
    await expect.poll(async () => (await declined.innerText()).trim().split(/\s+/).at(-1)).toBe('1');
    expect(
      await page
        .getByTestId('closed-by-answer')
        .getByRole('row', { name: /Partly/ })
        .innerText(),
    ).toContain('1');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/people/${nia.id}`);
    await stories.getByText('Reopen this story').click();
    await stories.getByLabel('Why is it opening again?').fill('Her nephew has moved away.');
    await stories.getByRole('button', { name: 'Reopen', exact: true }).click();
    await stories.getByRole('button', { name: 'Close this story' }).waitFor();
    expect(await stories.getByTestId('story-closure').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
