import { describe, expect, inject, it } from 'vitest';
import { addColleague, createPerson, createTeam, signInOverApi } from './support/api';
import { seriousAxeViolations } from './support/axe';
import { useChromium } from './support/browser';
import { signedInAtHome } from './support/sign-in';

const baseUrl = inject('baseUrl');
const adminSession = inject('adminSession');
const browser = useChromium();

/** A valid NHS number no other test has used (modulus 11 check digit). */
function freshNhsNumber(): string {
  for (;;) {
    const digits = Array.from({ length: 9 }, (_, i) =>
      i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10),
    );
    const check = 11 - (digits.reduce((sum, d, i) => sum + d * (10 - i), 0) % 11);
    if (check === 10) continue;
    return [...digits, check === 11 ? 0 : check].join('');
  }
}

describe('case notes on a person’s page', () => {
  it('writes a draft kept on the server, comes back to it, finalises it, amends it with a reason and reads both versions', async () => {
    const team = await createTeam(baseUrl, adminSession, `Notes team ${Date.now().toString(36)}`);
    const practitioner = await addColleague(baseUrl, adminSession, {
      displayName: 'Nia Jones',
      roles: ['practitioner'],
      teamIds: [team.id],
    });
    const seeded = await signInOverApi(baseUrl, practitioner);
    const nhsNumber = freshNhsNumber();
    const ivy = await createPerson(baseUrl, seeded.session, {
      givenName: 'Ivy',
      familyName: 'Okafor',
      preferredName: 'Ivy',
      dateOfBirth: '1938-02-11',
      nhsNumber,
    });
    const { page, errors } = await signedInAtHome(browser(), baseUrl, practitioner, seeded.account);

    await page.goto(`${baseUrl}/people/${ivy.id}`);
    await page.getByRole('heading', { level: 1, name: 'Ivy Okafor' }).waitFor();
    const header = page.getByRole('region', { name: 'About Ivy Okafor' });
    expect((await header.innerText()).replace(/\s/g, '')).toContain(nhsNumber);
    const notes = page.getByTestId('person-notes');
    await notes.getByText('No case notes about Ivy yet.').waitFor();

    // A draft, saved on the server.
    await notes.getByRole('button', { name: 'Write a case note' }).click();
    await page.getByLabel('How it happened').selectOption({ label: 'Visit' });
    await page.getByLabel('Summary', { exact: true }).fill('Visited Ivy at home');
    await page.getByLabel('What happened').fill('We talked about getting to the library again.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await notes.getByRole('button', { name: 'Save draft' }).click();
    await notes.getByText(/Draft saved/).waitFor();

    // The page is opened again (as after a timed-out session): the draft is on the server.
    await page.goto(`${baseUrl}/people/${ivy.id}`);
    const draft = notes.getByTestId('note');
    await draft.getByText('Draft', { exact: true }).waitFor();
    await draft.getByRole('button', { name: /^Continue the draft/ }).click();
    await page.getByLabel('What happened').fill('We talked about getting to the library again, on the 14 bus.');
    await notes.getByRole('button', { name: 'Finalise the note' }).click();
    await notes.getByText('The note is final: it is part of their record now.').waitFor();
    expect(await draft.innerText()).not.toContain('Draft');
    expect(await draft.innerText()).toContain('on the 14 bus');

    // Amended with a reason: a new version, the earlier one kept.
    await draft.getByRole('button', { name: /^Amend/ }).click();
    await page.getByLabel('What happened').fill('We talked about getting to the library again, on the 12 bus.');
    await page.getByLabel('Why you are amending it').fill('I wrote the wrong bus number');
    await notes.getByRole('button', { name: 'Save the amendment' }).click();
    await notes.getByText('Amendment saved. The earlier version is in its history.').waitFor();
    await draft.getByText('Amended', { exact: true }).waitFor();

    await draft.getByRole('button', { name: /^Show its history/ }).click();
    const history = notes.getByTestId('note-history');
    await history.getByText('Version 2').waitFor();
    const text = await history.innerText();
    expect(text).toContain('Version 1');
    expect(text).toContain('on the 14 bus');
    expect(text).toContain('Why it was amended: I wrote the wrong bus number');
    expect(text).toContain('on the 12 bus');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
