import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';
import { contactBody, MARGARET, matchBody, personBody } from '@/test-support/people';
import { checkContact, emptyContactForm, newContactOf, type ContactForm } from './contactForm';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

type Routes = Parameters<typeof mountAsAdmin>[1];

const teams = {
  'GET /v1/teams': () => ({ body: { items: [{ id: 't-1', name: 'Riverside', description: '', version: 1 }] } }),
};

async function open(path: string, routes: Routes = {}) {
  const mounted = await mountAsAdmin(path, { ...teams, ...routes }, ['practitioner']);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('[data-testid="contact-form"]').exists()).toBe(true));
  return mounted;
}

const submit = async (wrapper: VueWrapper) => {
  await wrapper.find('[data-testid="contact-form"]').trigger('submit');
  await flushPromises();
};

/** Fills what every contact needs, except who it is about and its outcome. */
async function fillTheContact(wrapper: VueWrapper) {
  await wrapper.find('#contact-channel').setValue(true); // Phone
  await wrapper.find('#contact-made-by').setValue('family_or_friend');
  await wrapper.find('#contact-route').setValue('discharge_from_hospital');
  await wrapper.find('#contact-what-matters').setValue('  To be home for her granddaughter’s wedding in May.  ');
}

const summary = (wrapper: VueWrapper) =>
  wrapper
    .find('[data-testid="form-status"]')
    .findAll('li')
    .map((li) => li.text());

describe('recording a contact: the form', () => {
  it('shows each conditional field only with the choice it belongs to', async () => {
    const { wrapper } = await open('/front-door/new');
    expect(wrapper.find('h1').text()).toBe('Record a contact');
    expect(wrapper.find('label[for="contact-what-matters"]').text()).toBe(
      'What matters to the person, in their own words',
    );
    expect(wrapper.find('#contact-given-name').exists()).toBe(false);
    expect(wrapper.find('#contact-person-search').exists()).toBe(false);

    await wrapper.find('#contact-who-new').setValue(true);
    expect(wrapper.find('#contact-given-name').exists()).toBe(true);
    expect(wrapper.find('#contact-nhs-number').exists()).toBe(true);
    await wrapper.find('#contact-who').setValue(true);
    expect(wrapper.find('#contact-given-name').exists()).toBe(false);
    expect(wrapper.find('#contact-person-search').attributes('role')).toBe('combobox');
    await wrapper.find('#contact-who-anonymous').setValue(true);
    expect(wrapper.find('#contact-person-search').exists()).toBe(false);

    expect(wrapper.find('#contact-occurred-at').exists()).toBe(false);
    await wrapper.find('#contact-when-earlier').setValue(true);
    expect((wrapper.find('#contact-occurred-at').element as HTMLInputElement).value).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d$/,
    );

    const reason = () => wrapper.find('#contact-reason').exists();
    const concern = () => wrapper.find('#contact-concern').exists();
    expect([reason(), concern()]).toEqual([false, false]);
    await wrapper.find('#contact-outcome-no_further_action').setValue(true);
    expect([reason(), concern()]).toEqual([true, false]);
    expect(wrapper.find('label[for="contact-reason"]').text()).toBe('Why is there no further action?');
    await wrapper.find('#contact-outcome-safeguarding_concern_raised').setValue(true);
    expect([reason(), concern()]).toEqual([false, true]);
    await wrapper.find('#contact-outcome').setValue(true); // Information and advice
    expect([reason(), concern()]).toEqual([false, false]);

    // Outcomes in plain English, with the conversations by their names.
    const outcomes = wrapper.findAll('input[name="contact-outcome"] + label').map((l) => l.text());
    expect(outcomes).toEqual([
      'Information and advice',
      'Connected to community',
      'Conversation 1 — connect',
      'Conversation 2 — when at risk',
      'Conversation 3 — a good life and a fair budget',
      'Safeguarding concern raised',
      'No further action',
      'Not decided yet: keep it open',
    ]);
  });

  it('checks everything before sending: each problem by its field and in the summary, focus on the first', async () => {
    const { wrapper, seen } = await open('/front-door/new');
    await submit(wrapper);
    expect(summary(wrapper)).toEqual([
      'Say who the contact is about',
      'Choose how they got in touch',
      'Choose who got in touch',
      'Choose the route they came by',
      'Write what matters to the person, in their own words',
      'Choose what came of the contact, or keep it open for now',
    ]);
    expect(document.activeElement?.id).toBe('contact-who');
    expect(wrapper.find('#contact-what-matters-error').text()).toContain('in their own words');

    await wrapper.find('#contact-who').setValue(true);
    await wrapper.find('#contact-outcome-no_further_action').setValue(true);
    await submit(wrapper);
    expect(summary(wrapper)).toContain('Find and choose the person, or choose “Someone new to the practice”');
    expect(wrapper.find('#contact-reason-error').text()).toContain('Say why there is no further action');

    await wrapper.find('#contact-outcome-safeguarding_concern_raised').setValue(true);
    await submit(wrapper);
    expect(wrapper.find('#contact-concern-error').text()).toContain('whether they are safe now');

    await wrapper.find('#contact-who-new').setValue(true);
    await wrapper.find('#contact-nhs-number').setValue('123');
    await wrapper.find('#contact-date-of-birth').setValue('1941-13-01');
    await submit(wrapper);
    expect(wrapper.find('#contact-given-name-error').text()).toContain('Enter their given name');
    expect(wrapper.find('#contact-nhs-number-error').text()).toContain('10 digits');
    expect(wrapper.find('#contact-date-of-birth-error').text()).toContain('a real date of birth');
    expect(calls(seen, 'POST /v1/contacts')).toEqual([]);
  });

  it('keeps what is typed as a draft in this tab, puts it back after a reload, and can start again', async () => {
    const first = await open('/front-door/new');
    await fillTheContact(first.wrapper);
    await first.wrapper.find('#contact-outcome-no_further_action').setValue(true);
    await first.wrapper.find('#contact-reason').setValue('Their son is sorting it out with the GP.');
    expect(Object.keys(sessionStorage)).toContain('threefold:draft:front-door.contact.new');
    first.wrapper.unmount();

    const again = await open('/front-door/new');
    const { wrapper } = again;
    expect(wrapper.find('[data-testid="draft-restored"]').text()).toContain('put back what you typed earlier');
    expect((wrapper.find('#contact-what-matters').element as HTMLTextAreaElement).value).toContain(
      'granddaughter’s wedding',
    );
    expect((wrapper.find('#contact-reason').element as HTMLTextAreaElement).value).toBe(
      'Their son is sorting it out with the GP.',
    );
    expect((wrapper.find('#contact-made-by').element as HTMLSelectElement).value).toBe('family_or_friend');

    await clickButton(wrapper, 'Start again with an empty form');
    expect((wrapper.find('#contact-what-matters').element as HTMLTextAreaElement).value).toBe('');
    expect(Object.keys(sessionStorage).filter((k) => k.includes('front-door'))).toEqual([]);
  });

  it('from a person’s page: the person is filled in; the contact goes with its outcome and reason, and the draft goes once saved', async () => {
    const created = contactBody({ id: 'c-new', outcome: 'no_further_action', resolvedAtFirstContact: true });
    const { wrapper, seen, router } = await open(`/front-door/new?personId=${MARGARET}`, {
      [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody() }),
      'POST /v1/contacts': () => ({ status: 201, body: created }),
      [`GET /v1/people/${MARGARET}/relationships`]: () => ({ body: { items: [] } }),
      [`GET /v1/people/${MARGARET}/history`]: () => ({ body: { items: [] } }),
      'GET /v1/contacts': () => ({ body: { items: [created], nextCursor: null } }),
    });
    const chosen = wrapper.find('[data-testid="chosen-person"]').text();
    expect(chosen).toContain('Margaret Hammond');
    expect(chosen).toContain('NHS 943 476 5919');
    expect((wrapper.find('#contact-who').element as HTMLInputElement).checked).toBe(true);
    // Filling in the person is not a change of the colleague's: leaving now asks nothing, keeps no draft.
    expect(Object.keys(sessionStorage).filter((k) => k.includes('front-door'))).toEqual([]);

    await fillTheContact(wrapper);
    await wrapper.find('#contact-outcome-no_further_action').setValue(true);
    await wrapper.find('#contact-reason').setValue('Their son is sorting it out with the GP.');
    expect(Object.keys(sessionStorage)).toContain(`threefold:draft:front-door.contact.new.${MARGARET}`);
    await submit(wrapper);

    const post = lastCall(seen, 'POST /v1/contacts')!;
    expect(post.body).toEqual({
      personId: MARGARET,
      teamId: 't-1',
      channel: 'phone',
      madeBy: 'family_or_friend',
      routeOfAccess: 'discharge_from_hospital',
      whatMatters: 'To be home for her granddaughter’s wedding in May.',
      outcome: 'no_further_action',
      reason: 'Their son is sorting it out with the GP.',
    });
    expect(post.headers['idempotency-key']).toMatch(/^console-/);
    expect(post.headers['x-csrf-token']).toBe('csrf-1');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/people/${MARGARET}?contact=c-new`));
    await vi.waitFor(() => expect(wrapper.find('[data-testid="person-contact"]').text()).toContain('Just recorded'));
    expect(Object.keys(sessionStorage).filter((k) => k.includes('front-door'))).toEqual([]);
  });

  it('finds the person by searching, and sends a safeguarding concern with its summary', async () => {
    const { wrapper, seen } = await open('/front-door/new', {
      'GET /v1/people': () => ({ body: { items: [matchBody()], nextCursor: null } }),
      'POST /v1/contacts': () => ({
        status: 201,
        body: contactBody({ id: 'c-2', outcome: 'safeguarding_concern_raised', safeguardingConcernId: 's-1' }),
      }),
    });
    await wrapper.find('#contact-who').setValue(true);
    await wrapper.find('#contact-person-search').setValue('Margret Hamond');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flushPromises();
    await wrapper.find('[role="option"]').trigger('click');
    expect(wrapper.find('[data-testid="chosen-person"]').text()).toContain('Margaret Hammond');
    await fillTheContact(wrapper);
    await wrapper.find('#contact-outcome-safeguarding_concern_raised').setValue(true);
    await wrapper.find('#contact-concern').setValue('Bruises on her arms; says her lodger pushes her. Safe today.');
    await submit(wrapper);
    expect(lastCall(seen, 'POST /v1/contacts')?.body).toMatchObject({
      personId: MARGARET,
      outcome: 'safeguarding_concern_raised',
      concernSummary: 'Bruises on her arms; says her lodger pushes her. Safe today.',
    });
    expect(lastCall(seen, 'POST /v1/contacts')?.body).not.toHaveProperty('reason');
  });

  it('someone new: their details go with the contact; the API’s field errors show by those fields', async () => {
    let attempts = 0;
    const { wrapper, seen } = await open('/front-door/new', {
      'POST /v1/contacts': () => {
        attempts += 1;
        return {
          status: 400,
          body: problemBody(400, 'validation_failed', 'Invalid request', {
            errors: [{ in: 'body', field: 'postcode', pointer: '/person/postcode', message: 'is not a UK postcode' }],
          }),
        };
      },
    });
    await wrapper.find('#contact-who-new').setValue(true);
    await wrapper.find('#contact-given-name').setValue('Ada');
    await wrapper.find('#contact-family-name').setValue('Lovelace');
    await wrapper.find('#contact-date-of-birth').setValue('10/12/1955');
    await wrapper.find('#contact-nhs-number').setValue('943-476-5919');
    await wrapper.find('#contact-postcode').setValue('SY2 6ND');
    await fillTheContact(wrapper);
    await wrapper.find('#contact-outcome-open').setValue(true);
    await submit(wrapper);
    const post = lastCall(seen, 'POST /v1/contacts')!;
    expect(post.body).toMatchObject({
      person: {
        givenName: 'Ada',
        familyName: 'Lovelace',
        dateOfBirth: '1955-12-10',
        nhsNumber: '9434765919',
        postcode: 'SY2 6ND',
      },
    });
    expect(post.body).not.toHaveProperty('outcome');
    expect(post.body).not.toHaveProperty('personId');
    expect(wrapper.find('#contact-postcode-error').text()).toContain('is not a UK postcode');
    expect(wrapper.find('[data-testid="form-status"] a').attributes('href')).toBe('#contact-postcode');

    // The same request again (a retry) keeps its Idempotency-Key; a changed one gets a new key.
    await submit(wrapper);
    expect(lastCall(seen, 'POST /v1/contacts')!.headers['idempotency-key']).toBe(post.headers['idempotency-key']);
    await wrapper.find('#contact-postcode').setValue('SY3 8AB');
    await submit(wrapper);
    expect(lastCall(seen, 'POST /v1/contacts')!.headers['idempotency-key']).not.toBe(post.headers['idempotency-key']);
    expect(attempts).toBe(3);
  });
});

describe('the contact form’s rules', () => {
  const filled = (overrides: Partial<ContactForm> = {}): ContactForm => ({
    ...emptyContactForm('t-1'),
    who: 'anonymous',
    channel: 'phone',
    madeBy: 'self',
    routeOfAccess: 'community_other',
    whatMatters: 'A lift to the shops',
    outcome: 'information_and_advice',
    ...overrides,
  });

  it('a contact “earlier” is sent at that UK time (BST in summer, GMT in winter)', () => {
    expect(newContactOf(filled({ when: 'earlier', occurredAt: '2025-07-15T09:30' })).occurredAt).toBe(
      '2025-07-15T08:30:00.000Z',
    );
    expect(newContactOf(filled({ when: 'earlier', occurredAt: '2025-01-15T09:30' })).occurredAt).toBe(
      '2025-01-15T09:30:00.000Z',
    );
    expect(newContactOf(filled())).not.toHaveProperty('occurredAt');
  });

  it('a time in the future is refused; only the outcome’s own companion field is sent', () => {
    const now = new Date('2025-07-15T08:00:00Z');
    expect(checkContact(filled({ when: 'earlier', occurredAt: '2025-07-15T10:00' }), now).occurredAt).toBe(
      'The time cannot be in the future',
    );
    expect(checkContact(filled({ when: 'earlier', occurredAt: '2025-07-15T08:30' }), now)).toEqual({});
    const body = newContactOf(filled({ outcome: 'information_and_advice', reason: 'left over', concernSummary: 'x' }));
    expect(body).not.toHaveProperty('reason');
    expect(body).not.toHaveProperty('concernSummary');
    expect(body.teamId).toBe('t-1');
  });
});
