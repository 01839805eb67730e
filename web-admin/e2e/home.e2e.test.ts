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

describe('a day that starts at home', () => {
  it('home shows the stories I hold and my tasks; a task is added (typing kept) and marked done; tasks list; no axe findings', async () => {
    const team = await createTeam(baseUrl, adminSession, `Home team ${Date.now().toString(36)}`);
    const colleague = await addColleague(baseUrl, adminSession, {
      displayName: 'Rhian Morgan',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const { session, account } = await signInOverApi(baseUrl, colleague);
    const ivy = await createPerson(baseUrl, session, { givenName: 'Ivy', familyName: 'Hope' });
    const story = await call('POST', '/v1/stories', session, { personId: ivy.id, teamId: team.id });
    expect(story.json.id).toBeTruthy();
    const task = await call('POST', '/v1/tasks', session, {
      title: 'Phone Ivy’s GP about the new tablets',
      dueOn: '2020-01-06',
      personId: ivy.id,
    });
    expect(task.json.status).toBe('open');

    const { page, errors } = await signedInAtHome(browser(), baseUrl, colleague, account);
    const stories = page.getByTestId('home-stories');
    await stories.getByRole('link', { name: 'Ivy Hope' }).waitFor();
    expect(await stories.getByRole('heading', { level: 2 }).innerText()).toBe('Stories I hold (1)');
    const tasks = page.getByTestId('home-tasks');
    await tasks.getByText('Phone Ivy’s GP about the new tablets', { exact: true }).waitFor();
    expect(await tasks.innerText()).toMatch(/days overdue/);
    expect(await page.locator('main').innerText()).not.toMatch(/being built|Coming soon/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Add a task: what was typed survives going elsewhere and coming back.
    await page.getByLabel('What needs doing').fill('Book a Welsh-speaking advocate');
    await page.getByLabel('Details (optional)').fill('For the review on Tuesday');
    await page.getByRole('link', { name: 'All tasks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await page.getByText('Phone Ivy’s GP about the new tablets', { exact: true }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goBack();
    await page.getByTestId('home-stories').waitFor();
    expect(await page.getByLabel('What needs doing').inputValue()).toBe('Book a Welsh-speaking advocate');
    await page.getByLabel('For').selectOption({ label: `My team: ${team.name}` });
    await page.getByRole('button', { name: 'Add task' }).click();
    await tasks.getByText('Book a Welsh-speaking advocate', { exact: true }).waitFor();
    expect(await page.getByLabel('What needs doing').inputValue()).toBe('');

    // Mark the overdue one done: it leaves home.
    const overdue = tasks.getByTestId(`task-${String(task.json.id)}`);
    await overdue.getByRole('button', { name: /Mark done/ }).click();
    await page.getByTestId('announcement').getByText('Marked done: Phone Ivy’s GP about the new tablets').waitFor();
    await overdue.waitFor({ state: 'detached' });
    const done = await call('GET', `/v1/tasks/${String(task.json.id)}`, session);
    expect(done.json).toMatchObject({ status: 'done', closedBy: { id: colleague.id } });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // From home to the person.
    await stories.getByRole('link', { name: 'Ivy Hope' }).click();
    await page.getByRole('heading', { level: 1, name: /Ivy Hope/ }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
