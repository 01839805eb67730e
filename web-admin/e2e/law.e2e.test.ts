import { describe, expect, inject, it } from 'vitest';
import { addColleague, createPerson, createTeam, signInOverApi } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();

async function colleagueAndPerson(familyName: string) {
  const team = await createTeam(baseUrl, adminSession, `Law team ${Date.now().toString(36)}${familyName}`);
  const practitioner = await addColleague(baseUrl, adminSession, {
    displayName: 'Owain Rees',
    roles: ['practitioner'],
    teamIds: [team.id],
  });
  const seeded = await signInOverApi(baseUrl, practitioner);
  const person = await createPerson(baseUrl, seeded.session, {
    givenName: 'Megan',
    familyName,
    dateOfBirth: '1936-04-21',
  });
  return { practitioner, seeded, person };
}

describe('mental capacity on a person’s page', () => {
  it('records a two-stage assessment for one decision, refuses a lack of capacity without its grounds, and a best-interests decision on it', async () => {
    const { practitioner, seeded, person } = await colleagueAndPerson('Pryce');
    const { page, errors } = await signedInAtHome(browser(), baseUrl, practitioner, seeded.account);
    await page.goto(`${baseUrl}/people/${person.id}`);
    const capacity = page.getByTestId('capacity');
    await capacity.getByText('No capacity assessments recorded.').waitFor();
    await capacity.getByRole('button', { name: 'Record a capacity assessment' }).click();

    const form = page.getByRole('form', { name: 'Capacity assessment' });
    await form.getByLabel('What kind of decision?').selectOption({ label: 'Where to live' });
    await form.getByLabel('The decision', { exact: true }).fill('Where to live when she leaves hospital');
    await form.getByRole('radio', { name: 'Yes' }).check();
    await form.getByLabel('What the impairment is').fill('Vascular dementia');
    await form.getByRole('checkbox', { name: 'Retain that information' }).check();
    await form.getByRole('radio', { name: 'Lacks capacity for this decision' }).check();
    await form.getByLabel('Day of the assessment').fill('2026-11-20');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // No "because of the impairment" and no steps taken: refused, and what was typed stays.
    await form.getByRole('button', { name: 'Save the assessment' }).click();
    await form.getByText(/The inability must be because of the impairment/).waitFor();
    await form.getByText(/practicable steps/).waitFor();
    expect(await form.getByLabel('The decision', { exact: true }).inputValue()).toBe(
      'Where to live when she leaves hospital',
    );
    await form.getByRole('checkbox', { name: 'Yes, the inability is caused by the impairment' }).check();
    await form
      .getByLabel('Steps taken to help them make the decision themselves')
      .fill('Two morning visits, with photographs of both places and her daughter there.');
    await form.getByRole('button', { name: 'Save the assessment' }).click();

    const assessment = capacity.getByTestId('capacity-assessment');
    await assessment.getByText('Where to live when she leaves hospital').waitFor();
    expect(await assessment.innerText()).toContain('Lacks capacity for this decision');

    await assessment.getByRole('button', { name: 'Record a best-interests decision' }).click();
    const decision = page.getByRole('form', { name: 'Best-interests decision' });
    await decision.getByLabel('Day of the decision').fill('2026-11-25');
    await decision.getByLabel('Their wishes and feelings, past and present').fill('Wants to stay near the sea.');
    await decision.getByLabel('Who was consulted').fill('Ann Pryce — daughter — home with daily visits');
    await decision.getByLabel('Less restrictive options considered').fill('Home with care four times a day');
    await decision.getByLabel('What was decided in their best interests').fill('Home with care four times a day.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await decision.getByRole('button', { name: 'Save the decision' }).click();
    await assessment
      .getByTestId('best-interests')
      .getByText(/Home with care four times a day/)
      .waitFor();
    expect(errors).toEqual([]);
  });
});

describe('the person asks for an assessment now', () => {
  it('records who asked and why on a new story, and conversation 3 can start without the peer step', async () => {
    const { practitioner, seeded, person } = await colleagueAndPerson('Vaughan');
    const { page, errors } = await signedInAtHome(browser(), baseUrl, practitioner, seeded.account);
    await page.goto(`${baseUrl}/people/${person.id}`);
    const stories = page.getByTestId('person-stories');
    await stories.getByRole('button', { name: 'Open a story' }).click();
    await stories.getByRole('button', { name: 'Start conversation 1' }).waitFor();
    expect(await stories.getByRole('button', { name: 'Start conversation 3' }).count()).toBe(0);

    await stories.getByRole('button', { name: 'The person asks for an assessment now' }).click();
    const form = page.getByRole('form', { name: 'The person asks for an assessment now' });
    await form.getByRole('radio', { name: 'Someone asking for them' }).check();
    await form.getByRole('button', { name: 'Record the request' }).click();
    await form.getByText('Say who asked for them').first().waitFor();
    await form.getByLabel('Who asked for them').fill('Rhys Vaughan, her son');
    await form
      .getByLabel('Why they want an assessment now')
      .fill('She has been managing alone and wants her needs assessed before winter.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Record the request' }).click();

    await stories.getByText(/Rhys Vaughan, her son asked for an assessment now/).waitFor();
    await stories.getByText('Conversation 3 can open: the person asked for an assessment').waitFor();
    await stories.getByRole('button', { name: 'Start conversation 3' }).click();
    await page.waitForURL(/\/conversations\//);
    expect(errors).toEqual([]);
  });
});
