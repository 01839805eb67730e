import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';
import { contactBody, JOHN, MARGARET, personBody } from '@/test-support/people';
import { instantOfLocalInput, localInputValue, startOfTodayInEngland } from './time';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

type Routes = Parameters<typeof mountAsAdmin>[1];

async function open(path: string, routes: Routes, roles = ['practitioner']) {
  const mounted = await mountAsAdmin(path, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

describe('the start of today in England', () => {
  it('is midnight UK time: 00:00Z in winter, 23:00Z the day before in summer', () => {
    expect(startOfTodayInEngland(new Date('2025-01-15T10:00:00Z'))).toBe('2025-01-15T00:00:00.000Z');
    expect(startOfTodayInEngland(new Date('2025-07-15T10:00:00Z'))).toBe('2025-07-14T23:00:00.000Z');
    // Half past midnight in July is already the 15th in England.
    expect(startOfTodayInEngland(new Date('2025-07-14T23:30:00Z'))).toBe('2025-07-14T23:00:00.000Z');
    // The days the clocks change: midnight is still GMT in March, still BST in October.
    expect(startOfTodayInEngland(new Date('2025-03-30T12:00:00Z'))).toBe('2025-03-30T00:00:00.000Z');
    expect(startOfTodayInEngland(new Date('2025-10-26T12:00:00Z'))).toBe('2025-10-25T23:00:00.000Z');
  });

  it('date-time fields are read and written in UK time', () => {
    expect(localInputValue(new Date('2025-07-15T08:30:00Z'))).toBe('2025-07-15T09:30');
    expect(localInputValue(new Date('2025-01-15T08:30:00Z'))).toBe('2025-01-15T08:30');
    expect(instantOfLocalInput('2025-07-15T09:30')?.toISOString()).toBe('2025-07-15T08:30:00.000Z');
    expect(instantOfLocalInput('2025-10-26T00:30')?.toISOString()).toBe('2025-10-25T23:30:00.000Z');
    expect(instantOfLocalInput('25/11/2025 09:30')).toBeNull();
  });
});

describe('Front door today', () => {
  it('lists today’s contacts for the colleague’s team, open ones first, with the count and the share resolved at first contact', async () => {
    const today = [
      contactBody({
        id: 'c-3',
        occurredAt: '2025-11-25T11:00:00.000Z',
        personId: MARGARET,
        personName: 'Margaret Hammond',
        outcome: null,
      }),
      contactBody({
        id: 'c-2',
        occurredAt: '2025-11-25T10:00:00.000Z',
        personId: JOHN,
        personName: 'John Hammond',
        outcome: 'information_and_advice',
        resolvedAtFirstContact: true,
        whatMatters: 'Help with the garden',
      }),
      contactBody({
        id: 'c-1',
        occurredAt: '2025-11-25T09:00:00.000Z',
        personId: 'p-restricted',
        personName: null,
        outcome: 'progressed_to_conversation_1',
      }),
    ];
    const { wrapper, seen } = await open('/front-door', {
      'GET /v1/contacts': () => ({ body: { items: today, nextCursor: null } }),
      'GET /v1/teams': () => ({ body: { items: [{ id: 't-1', name: 'Riverside', description: '', version: 1 }] } }),
    });
    expect(wrapper.find('h1').text()).toBe('Front door today');
    expect(wrapper.find('.page-header__lede').text()).toContain('Contacts since midnight for Riverside');
    const query = lastCall(seen, 'GET /v1/contacts')!.query;
    expect(query).toEqual({ from: startOfTodayInEngland(), teamId: 't-1', limit: '200' });

    expect(wrapper.find('[data-testid="contacts-today"]').text()).toBe('3');
    expect(wrapper.find('[data-testid="resolved-share"]').text()).toContain('33%');
    expect(wrapper.find('[data-testid="resolved-share"]').text()).toContain('1 of 3');
    expect(wrapper.find('[data-testid="still-open"]').text()).toBe('1');

    // Open ones first, in a table of their own.
    const headings = wrapper.findAll('h2').map((h) => h.text());
    expect(headings).toEqual(['Still open (1)', 'Resolved today (2)']);
    const openRow = wrapper.find('[data-testid="open-contacts"] tbody tr').text();
    expect(openRow).toContain('Margaret Hammond');
    expect(openRow).toContain('Record the outcome');
    const resolved = wrapper.findAll('[data-testid="resolved-contacts"] tbody tr').map((tr) => tr.text());
    expect(resolved[0]).toContain('John Hammond');
    expect(resolved[0]).toContain('Information and advice');
    expect(resolved[0]).toContain('At first contact');
    expect(resolved[1]).toContain('A restricted record');
    expect(resolved[1]).toContain('Conversation 1 — connect');
    // The names come with the list: no person's record is read (and audited) to show the page.
    expect(seen.filter((r) => r.path.startsWith('/v1/people'))).toEqual([]);
    expect(calls(seen, 'GET /v1/contacts')).toHaveLength(1);
    // On a phone each row reads as a card: every cell says which column it is.
    const cells = wrapper.findAll('[data-testid="resolved-contacts"] tbody tr:first-child > *');
    expect(cells.map((c) => c.attributes('data-label'))).toEqual(['Time', 'Person', 'How', 'What matters', 'Outcome']);
  });

  it('says so when there is nothing yet today', async () => {
    const { wrapper } = await open('/front-door', {
      'GET /v1/contacts': () => ({ body: { items: [], nextCursor: null } }),
      'GET /v1/teams': () => ({ body: { items: [] } }),
    });
    expect(wrapper.find('[data-testid="contacts-today"]').text()).toBe('0');
    expect(wrapper.find('[data-testid="resolved-share"]').text()).toContain('—');
    expect(wrapper.text()).toContain('No contacts yet today.');
  });

  it('is not in the navigation of a colleague without contacts, and a deep link says they have no access', async () => {
    const { wrapper, seen } = await open('/front-door', {}, ['practice_admin']);
    expect(wrapper.find('h1').text()).toBe('You do not have access to this page');
    expect(wrapper.find('nav[aria-label="Main"]').text()).not.toContain('Front door');
    expect(calls(seen, 'GET /v1/contacts')).toEqual([]);
  });
});

describe('a contact’s page', () => {
  it('records the outcome of an open contact, once', async () => {
    let current = contactBody({ id: 'c-1' });
    const { wrapper, seen } = await open('/front-door/contacts/c-1', {
      'GET /v1/contacts/c-1': () => ({ body: current }),
      [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody() }),
      'POST /v1/contacts/c-1/outcome': ({ body }) => {
        current = { ...current, ...(body as object), outcomeReason: 'Moved away', resolvedAtFirstContact: true };
        return { body: current };
      },
    });
    expect(wrapper.find('[data-testid="contact-outcome"]').text()).toBe('Open: no outcome yet');
    expect(wrapper.text()).toContain('Margaret Hammond');
    // A contact already open cannot be kept open again.
    expect(wrapper.find('#contact-outcome-open').exists()).toBe(false);
    await clickButton(wrapper, 'Record the outcome');
    expect(wrapper.find('#contact-outcome-error').text()).toContain('Choose what came of the contact');
    await wrapper.find('#contact-outcome-no_further_action').setValue(true);
    await wrapper.find('#contact-reason').setValue('Moved away');
    await clickButton(wrapper, 'Record the outcome');
    expect(lastCall(seen, 'POST /v1/contacts/c-1/outcome')?.body).toEqual({
      outcome: 'no_further_action',
      reason: 'Moved away',
    });
    expect(wrapper.find('[data-testid="notice"]').text()).toBe('Outcome recorded.');
    expect(wrapper.find('[data-testid="contact-outcome"]').text()).toContain('No further action');
    expect(wrapper.find('form').exists()).toBe(false);
  });

  it('when a colleague recorded it first (409), shows theirs and says that this one was not saved', async () => {
    let current = contactBody({ id: 'c-1' });
    const { wrapper } = await open('/front-door/contacts/c-1', {
      'GET /v1/contacts/c-1': () => ({ body: current }),
      [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody() }),
      'POST /v1/contacts/c-1/outcome': () => {
        current = { ...current, outcome: 'connected_to_community', resolvedAtFirstContact: true };
        return { status: 409, body: problemBody(409, 'outcome_already_recorded', 'Already has an outcome') };
      },
    });
    await wrapper.find('#contact-outcome').setValue(true);
    await clickButton(wrapper, 'Record the outcome');
    await flushPromises();
    expect(wrapper.find('[data-testid="notice"]').text()).toContain('A colleague recorded its outcome meanwhile');
    expect(wrapper.find('[data-testid="contact-outcome"]').text()).toContain('Connected to community');
  });
});
