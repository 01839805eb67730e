import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody, refusedWithout, giveReason } from '@/test-support/fetch';
import { contactBody, JOHN, MARGARET, matchBody, personBody, versionBody } from '@/test-support/people';
import { forgetPersonSummaries } from './personSummary';

let unmount: (() => void) | undefined;
afterEach(() => {
  forgetPersonSummaries();
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

const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
const personPath = `/v1/people/${MARGARET}`;

/** Margaret's page as the API gives it: her record, two relationships, two contacts, her history. */
function margaretRoutes(overrides: Routes = {}): Routes {
  return {
    [`GET ${personPath}`]: () => ({ body: personBody(), headers: { etag: `"${MARGARET}.v1"` } }),
    [`GET ${personPath}/relationships`]: () => ({
      body: {
        items: [
          {
            id: 'r-1',
            pairId: 'p-1',
            personId: MARGARET,
            relatedPersonId: JOHN,
            relatedPersonName: 'John Hammond',
            type: 'cared_for_by',
            isMainCarer: true,
            createdAt: '2025-11-01T09:00:00.000Z',
          },
          {
            id: 'r-2',
            pairId: 'p-2',
            personId: MARGARET,
            relatedPersonId: 'x-3',
            relatedPersonName: 'Anne Hammond',
            type: 'parent_of',
            isMainCarer: false,
            createdAt: '2025-11-01T09:00:00.000Z',
          },
        ],
      },
    }),
    [`GET ${personPath}/history`]: () => ({ body: { items: [versionBody()] } }),
    [`GET ${personPath}/stories`]: () => ({ body: { items: [] } }),
    'GET /v1/contacts': () => ({
      body: {
        items: [
          contactBody({ id: 'c-2', occurredAt: '2025-11-25T10:15:00.000Z' }),
          contactBody({
            id: 'c-1',
            occurredAt: '2025-11-20T09:00:00.000Z',
            whatMatters: 'Staying in her own home.',
            outcome: 'information_and_advice',
            resolvedAtFirstContact: true,
          }),
        ],
        nextCursor: null,
      },
    }),
    ...overrides,
  };
}

describe('a person’s page', () => {
  it('shows their details, the people who matter to them in plain words, their contacts newest first, and the history', async () => {
    const { wrapper, seen } = await open(`/people/${MARGARET}`, margaretRoutes());
    expect(wrapper.find('h1').text()).toBe('Margaret Hammond');
    const header = wrapper.find('[data-testid="person-header"]');
    expect(header.attributes('aria-label')).toBe('About Margaret Hammond');
    expect(header.find('h1').text()).toBe('Margaret Hammond');
    const facts = header.findAll('dl > div').map((d) => `${d.find('dt').text()}: ${d.find('dd').text()}`);
    expect(facts).toEqual([
      'Known as: Peggy',
      expect.stringMatching(/^Born: 2 March 1941 \(\d+\)$/),
      'NHS number: 943 476 5919',
    ]);
    const details = wrapper.find('[data-testid="details"]').text();
    expect(details).toContain('4 Abbey Foregate');
    expect(details).toContain('SY2 6ND');

    const relationships = wrapper.findAll('[data-testid="relationships"] li').map((li) => li.text());
    expect(relationships).toEqual([
      'Peggy is cared for by John Hammond Main carer',
      'Peggy is the parent of Anne Hammond',
    ]);

    expect(lastCall(seen, 'GET /v1/contacts')?.query).toEqual({ personId: MARGARET, limit: '20' });
    const contacts = wrapper.findAll('[data-testid="person-contact"]').map((li) => li.text());
    expect(contacts[0]).toContain('Getting to the lunch club on Thursdays.');
    expect(contacts[0]).toContain('Open: no outcome yet');
    expect(contacts[0]).toContain('Record the outcome');
    expect(contacts[1]).toContain('Information and advice');
    expect(contacts[1]).toContain('Resolved at first contact');

    expect(wrapper.find('[data-testid="history"]').text()).toContain('Record started by you');
    expect(wrapper.find('[data-testid="person-stories"]').text()).toContain('No story yet');
    // Nobody is asked for a reason for an ordinary record.
    expect(lastCall(seen, `GET ${personPath}`)?.headers['x-access-reason']).toBeUndefined();
    expect((wrapper.find('[data-testid="reason-dialog"]').element as HTMLDialogElement).open).toBe(false);
  });

  it('a restricted record asks why first; the reason goes with every read of it on the page', async () => {
    const reason = 'Safeguarding enquiry this morning';
    const needsReason = refusedWithout(reason);
    const routes = margaretRoutes();
    const { wrapper, seen } = await open(`/people/${MARGARET}`, {
      ...routes,
      [`GET ${personPath}`]: (request) =>
        needsReason(request.headers) ?? {
          body: personBody({ restricted: true }),
          headers: { etag: `"${MARGARET}.v1"` },
        },
      [`GET ${personPath}/relationships`]: (request) =>
        needsReason(request.headers) ?? routes[`GET ${personPath}/relationships`]!(request),
      [`GET ${personPath}/history`]: (request) =>
        needsReason(request.headers) ?? routes[`GET ${personPath}/history`]!(request),
    });
    expect(wrapper.find('h1').text()).toBe('This record is restricted');
    expect(wrapper.text()).not.toContain('Margaret');
    const dialog = wrapper.find('[data-testid="reason-dialog"]');
    expect((dialog.element as HTMLDialogElement).open).toBe(true);

    // Going back leaves the record closed, with a way to open it.
    await dialog.trigger('cancel');
    await flushPromises();
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    await clickButton(wrapper, 'Say why and open it');
    expect((dialog.element as HTMLDialogElement).open).toBe(true);

    await giveReason(dialog, reason);
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Margaret Hammond'));
    await flushPromises();
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    expect(wrapper.find('[data-testid="restricted-notice"]').exists()).toBe(true);
    expect(lastCall(seen, `GET ${personPath}`)?.headers['x-access-reason']).toBe(reason);
    expect(lastCall(seen, `GET ${personPath}/relationships`)?.headers['x-access-reason']).toBe(reason);
    expect(lastCall(seen, `GET ${personPath}/history`)?.headers['x-access-reason']).toBe(reason);
    expect(wrapper.findAll('[data-testid="relationships"] li')).toHaveLength(2);
    expect(wrapper.find('[data-testid="history"]').text()).toContain('Record started');
  });

  it('someone who may not open a record (404) is told plainly there is none they can open', async () => {
    const { wrapper } = await open(`/people/${MARGARET}`, {
      [`GET ${personPath}`]: () => ({ status: 404, body: problemBody(404, 'not_found', 'Not found') }),
    });
    expect(wrapper.find('h1').text()).toBe('We could not find this person');
    expect(wrapper.text()).toContain('may be restricted');
  });

  it('a colleague who may only read (an administrator) has no correction or contact actions, and no section their role cannot read', async () => {
    const forbidden = () => ({ status: 403, body: problemBody(403, 'forbidden', 'Forbidden') });
    const { wrapper, seen } = await open(
      `/people/${MARGARET}`,
      margaretRoutes({
        'GET /v1/contacts': forbidden,
        [`GET ${personPath}/stories`]: forbidden,
        [`GET ${personPath}/notes`]: forbidden,
        'GET /v1/personal-budgets': forbidden,
        [`GET ${personPath}/safeguarding`]: forbidden,
        'GET /v1/connections': forbidden,
      }),
      ['practice_admin'],
    );
    expect(wrapper.find('h1').text()).toBe('Margaret Hammond');
    const buttons = wrapper.findAll('button, a').map((b) => b.text());
    expect(buttons).not.toContain('Correct these details');
    expect(buttons).not.toContain('Record a contact');
    expect(buttons).not.toContain('Add someone who matters to them');
    for (const section of ['person-contacts', 'person-stories', 'person-notes', 'person-budgets', 'person-connections'])
      expect(wrapper.find(`[data-testid="${section}"]`).exists(), section).toBe(false);
    expect(wrapper.text()).not.toContain('Forbidden');
    expect(wrapper.text()).not.toContain('Try again');
    // Nothing is asked that would be refused.
    for (const path of ['/v1/contacts', `${personPath}/stories`, `${personPath}/notes`, '/v1/personal-budgets'])
      expect(calls(seen, `GET ${path}`), path).toEqual([]);
    // What an administrator may read stays: their details, the people who matter to them, the history.
    expect(wrapper.find('[data-testid="details"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="history"]').exists()).toBe(true);
  });
});

describe('their personal budget on their page', () => {
  it('shows the real budget, agreed a week, with its next review and a link to the plan', async () => {
    const { wrapper, seen } = await open(
      `/people/${MARGARET}`,
      margaretRoutes({
        'GET /v1/personal-budgets': () => ({
          body: {
            items: [
              {
                id: 'b-1',
                personId: MARGARET,
                status: 'signed_off',
                agreedWeeklyPence: 17_150,
                totals: { weeklyPence: 17_150 },
                liveOn: '2025-12-01',
                nextReview: { id: 'r-1', kind: 'first', dueFrom: '2026-02-01', dueBy: '2026-03-01' },
              },
            ],
            nextCursor: null,
          },
        }),
      }),
    );
    await vi.waitFor(() => expect(wrapper.find('[data-testid="person-budget"]').exists()).toBe(true));
    expect(lastCall(seen, 'GET /v1/personal-budgets')?.query).toMatchObject({ personId: MARGARET });
    const budget = wrapper.find('[data-testid="person-budget"]').text();
    expect(budget).toContain('Signed off');
    expect(budget).toContain('£171.50 a week agreed');
    expect(budget).toContain('Next review due between 1 February 2026 and 1 March 2026');
    expect(wrapper.find('[data-testid="person-budgets"] a').attributes('href')).toBe('/budgets/b-1');
    expect(wrapper.text()).not.toContain('Coming with');
  });
});

describe('the header over a person’s screens', () => {
  it('names who holds their open story and their team, and marks a restricted record', async () => {
    const reason = 'Safeguarding enquiry this morning';
    const { wrapper, seen } = await open(
      `/people/${MARGARET}`,
      margaretRoutes({
        [`GET ${personPath}`]: (request) =>
          refusedWithout(reason)(request.headers) ?? {
            body: personBody({ restricted: true }),
            headers: { etag: `"${MARGARET}.v1"` },
          },
        [`GET ${personPath}/stories`]: () => ({
          body: {
            items: [
              {
                id: 's-1',
                personId: MARGARET,
                teamId: 't-9',
                contactId: null,
                contactIds: [],
                status: 'open',
                heldById: 'w-1',
                openedAt: '2025-11-25T09:00:00.000Z',
                conversations: [],
                peerSteps: [],
                mayGivePeerStep: false,
                events: [],
                openRequests: [],
                conversation3Gate: { open: false, unmet: [] },
                contingencySpentPence: 0,
                version: 1,
              },
            ],
          },
        }),
        'GET /v1/colleagues': () => ({
          body: {
            items: [{ id: 'w-1', displayName: 'Ann Author', teamIds: [], qualified: false, seesConversations: true }],
          },
        }),
        'GET /v1/teams': () => ({ body: { items: [{ id: 't-9', name: 'North team', description: '', version: 1 }] } }),
      }),
      ['safeguarding_lead'],
    );
    const dialog = wrapper.find('[data-testid="reason-dialog"]');
    await giveReason(dialog, reason);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="person-header-worker"]').exists()).toBe(true));
    const header = wrapper.find('[data-testid="person-header"]');
    expect(header.find('h1').text()).toBe('Margaret Hammond');
    expect(wrapper.find('[data-testid="person-header-worker"]').text()).toBe('Ann Author, North team');
    expect(header.find('[data-testid="person-header-restricted"]').text()).toContain('Restricted record');
    // The header shares the page's read of the record (with its reason): it does not read it again.
    expect(calls(seen, `GET ${personPath}`).filter((r) => !r.headers['x-access-reason'])).toHaveLength(1);
  });
});

describe('correcting a person’s record', () => {
  it('needs a reason; sends only what changed, with the reason and the ETag it read; the history reloads', async () => {
    let current = personBody();
    const { wrapper, seen } = await open(
      `/people/${MARGARET}`,
      margaretRoutes({
        [`GET ${personPath}`]: () => ({ body: current, headers: { etag: `"${MARGARET}.v${current.version}"` } }),
        [`PATCH ${personPath}`]: ({ body }) => {
          const { reason: _reason, ...changes } = body as Record<string, unknown>;
          current = { ...current, ...changes, version: current.version + 1 };
          return { body: current, headers: { etag: `"${MARGARET}.v${current.version}"` } };
        },
      }),
    );
    await clickButton(wrapper, 'Correct these details');
    expect(document.activeElement?.id).toBe('person-given-name');
    // Shown as people write them.
    expect((wrapper.find('#person-date-of-birth').element as HTMLInputElement).value).toBe('02/03/1941');
    expect((wrapper.find('#person-nhs-number').element as HTMLInputElement).value).toBe('943 476 5919');

    await wrapper.find('#person-postcode').setValue('sy3 8ab');
    await wrapper.find('[data-testid="correct-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#person-correction-reason-error').text()).toContain('Say why you are correcting the record');
    expect(document.activeElement?.id).toBe('person-correction-reason');
    expect(calls(seen, `PATCH ${personPath}`)).toEqual([]);

    await wrapper.find('#person-correction-reason').setValue('She has moved to her daughter’s.');
    await wrapper.find('[data-testid="correct-form"]').trigger('submit');
    await flushPromises();
    const patch = lastCall(seen, `PATCH ${personPath}`)!;
    expect(patch.headers['if-match']).toBe(`"${MARGARET}.v1"`);
    expect(patch.body).toEqual({ postcode: 'sy3 8ab', reason: 'She has moved to her daughter’s.' });
    expect(wrapper.find('[data-testid="notice"]').text()).toContain('Correction saved.');
    expect(wrapper.find('[data-testid="correct-form"]').exists()).toBe(false);
    expect(calls(seen, `GET ${personPath}/history`)).toHaveLength(2);
    // No draft is left once it is saved.
    expect(Object.keys(sessionStorage).filter((k) => k.includes(`people.person.${MARGARET}`))).toEqual([]);
  });

  it('from the data-quality link (?fix=ethnicity) opens the correction at the field, with the national lists as choices', async () => {
    let current = { ...personBody(), gender: 'female', accommodationStatus: 'Lives in a caravan' };
    const lists = {
      gender: [
        { value: 'male', label: 'Male' },
        { value: 'female', label: 'Female' },
      ],
      ethnicity: [
        { value: 'A1', label: 'White: English, Welsh, Scottish, Northern Irish or British' },
        { value: 'A5', label: 'White: Roma' },
      ],
      primarySupportReason: [{ value: 'mental-health', label: 'Mental health support' }],
      accommodationStatus: [{ value: 'Owner occupier', label: 'Owner occupier' }],
      employmentStatus: [{ value: 'Retired', label: 'Retired' }],
    };
    const { wrapper, seen } = await open(
      `/people/${MARGARET}?fix=ethnicity`,
      margaretRoutes({
        'GET /v1/returns/person-code-lists': () => ({ body: lists }),
        [`GET ${personPath}`]: () => ({ body: current, headers: { etag: `"${MARGARET}.v${current.version}"` } }),
        [`PATCH ${personPath}`]: ({ body }) => {
          const { reason: _reason, ...changes } = body as Record<string, unknown>;
          current = { ...current, ...changes, version: current.version + 1 };
          return { body: current, headers: { etag: `"${MARGARET}.v${current.version}"` } };
        },
      }),
    );
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('person-ethnicity'));
    const options = wrapper.findAll('#person-ethnicity option').map((o) => o.text());
    expect(options).toEqual([
      'Not recorded',
      'White: English, Welsh, Scottish, Northern Irish or British',
      'White: Roma',
    ]);
    expect((wrapper.find('#person-gender').element as HTMLSelectElement).value).toBe('female');
    // A value recorded before the lists is kept and named, not lost.
    expect(wrapper.findAll('#person-accommodation option').map((o) => o.text())).toContain(
      'Lives in a caravan (not on the national list)',
    );
    await wrapper.find('#person-ethnicity').setValue('A5');
    await wrapper.find('#person-primary-support-reason').setValue('mental-health');
    await wrapper.find('#person-correction-reason').setValue('She told us.');
    await wrapper.find('[data-testid="correct-form"]').trigger('submit');
    await flushPromises();
    expect(lastCall(seen, `PATCH ${personPath}`)!.body).toEqual({
      ethnicity: 'A5',
      primarySupportReason: 'mental-health',
      reason: 'She told us.',
    });
  });

  it('from the data-quality link (?fix=hasUnpaidCarer) opens at the flag; yes, no and not recorded are kept apart', async () => {
    let current = { ...personBody(), visualImpairment: true, dementia: false };
    const lists = {
      gender: [],
      ethnicity: [],
      primarySupportReason: [],
      accommodationStatus: [],
      employmentStatus: [],
      autism: [
        { value: 'autism', label: "Autism (excluding Asperger's syndrome / high functioning autism)" },
        { value: 'aspergers', label: "Asperger's syndrome / high functioning autism" },
        { value: 'none', label: 'No autism' },
      ],
    };
    const { wrapper, seen } = await open(
      `/people/${MARGARET}?fix=hasUnpaidCarer`,
      margaretRoutes({
        'GET /v1/returns/person-code-lists': () => ({ body: lists }),
        [`GET ${personPath}`]: () => ({ body: current, headers: { etag: `"${MARGARET}.v${current.version}"` } }),
        [`PATCH ${personPath}`]: ({ body }) => {
          const { reason: _reason, ...changes } = body as Record<string, unknown>;
          current = { ...current, ...changes, version: current.version + 1 };
          return { body: current, headers: { etag: `"${MARGARET}.v${current.version}"` } };
        },
      }),
    );
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('person-has-unpaid-carer'));
    // Each flag is labelled, and offers not recorded, yes and no.
    expect(wrapper.find('label[for="person-has-unpaid-carer"]').text()).toContain('Do they have an unpaid carer?');
    expect(wrapper.find('label[for="person-dementia"]').text()).toContain('Dementia');
    expect(wrapper.findAll('#person-has-unpaid-carer option').map((o) => o.text())).toEqual([
      'Not recorded',
      'Yes',
      'No',
    ]);
    const value = (id: string) => (wrapper.find(`#${id}`).element as HTMLSelectElement).value;
    expect(value('person-has-unpaid-carer')).toBe('');
    expect(value('person-visual-impairment')).toBe('yes');
    expect(value('person-hearing-impairment')).toBe('');
    expect(value('person-dementia')).toBe('no');
    expect(wrapper.findAll('#person-autism option').map((o) => o.text())).toEqual([
      'Not recorded',
      ...lists.autism.map((c) => c.label),
    ]);
    await wrapper.find('#person-has-unpaid-carer').setValue('no');
    await wrapper.find('#person-hearing-impairment').setValue('yes');
    await wrapper.find('#person-dementia').setValue('');
    await wrapper.find('#person-autism').setValue('aspergers');
    await wrapper.find('#person-correction-reason').setValue('Seen at the review.');
    await wrapper.find('[data-testid="correct-form"]').trigger('submit');
    await flushPromises();
    // Only what changed: no is false, not recorded is null, and the untouched visual impairment is not sent.
    expect(lastCall(seen, `PATCH ${personPath}`)!.body).toEqual({
      hasUnpaidCarer: false,
      hearingImpairment: true,
      dementia: null,
      autism: 'aspergers',
      reason: 'Seen at the review.',
    });
  });

  it('on 412 says someone else changed it, and loading the latest keeps what was typed and takes the rest from theirs', async () => {
    let version = 1;
    let current = personBody();
    const { wrapper, seen } = await open(
      `/people/${MARGARET}`,
      margaretRoutes({
        [`GET ${personPath}`]: () => ({ body: current, headers: { etag: `"${MARGARET}.v${version}"` } }),
        [`PATCH ${personPath}`]: ({ headers, body }) => {
          if (headers['if-match'] !== `"${MARGARET}.v${version}"`)
            return { status: 412, body: problemBody(412, 'stale_version', 'Changed by someone else') };
          const { reason: _reason, ...changes } = body as Record<string, unknown>;
          version += 1;
          current = { ...current, ...changes, version };
          return { body: current, headers: { etag: `"${MARGARET}.v${version}"` } };
        },
      }),
    );
    await clickButton(wrapper, 'Correct these details');
    await wrapper.find('#person-postcode').setValue('SY3 8AB');
    await wrapper.find('#person-correction-reason').setValue('New address');
    // Meanwhile a colleague records her phone number.
    version = 2;
    current = personBody({ phone: '01743 000000', version: 2 });
    await wrapper.find('[data-testid="correct-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="stale"]').text()).toContain('Someone else changed this person’s record');
    expect((wrapper.find('#person-postcode').element as HTMLInputElement).value).toBe('SY3 8AB');

    await clickButton(wrapper, 'Load the latest version');
    expect((wrapper.find('#person-postcode').element as HTMLInputElement).value).toBe('SY3 8AB');
    expect((wrapper.find('#person-phone').element as HTMLInputElement).value).toBe('01743 000000');
    await wrapper.find('[data-testid="correct-form"]').trigger('submit');
    await flushPromises();
    const patch = lastCall(seen, `PATCH ${personPath}`)!;
    expect(patch.headers['if-match']).toBe(`"${MARGARET}.v2"`);
    expect(patch.body).toEqual({ postcode: 'SY3 8AB', reason: 'New address' });
    expect(wrapper.find('[data-testid="notice"]').text()).toContain('Correction saved.');
  });

  it('keeps an unsaved correction as a draft in this tab, and opens the form with it on coming back', async () => {
    const first = await open(`/people/${MARGARET}`, margaretRoutes());
    await clickButton(first.wrapper, 'Correct these details');
    await first.wrapper.find('#person-phone').setValue('01743 123456');
    first.wrapper.unmount();

    const again = await open(`/people/${MARGARET}`, margaretRoutes());
    expect(again.wrapper.find('[data-testid="correct-form"]').exists()).toBe(true);
    expect((again.wrapper.find('#person-phone').element as HTMLInputElement).value).toBe('01743 123456');
    expect(again.wrapper.find('[data-testid="notice"]').text()).toContain('put back the corrections');
  });
});

describe('relating two people', () => {
  it('finds the other person, says how they are related from this person’s side, and marks the main carer', async () => {
    const { wrapper, seen } = await open(
      `/people/${MARGARET}`,
      margaretRoutes({
        'GET /v1/people': () => ({
          body: {
            items: [matchBody(), matchBody({ id: JOHN, givenName: 'John', preferredName: null })],
            nextCursor: null,
          },
        }),
        [`POST ${personPath}/relationships`]: ({ body }) => ({
          status: 201,
          body: {
            id: 'r-9',
            pairId: 'p-9',
            personId: MARGARET,
            relatedPersonId: JOHN,
            relatedPersonName: 'John Hammond',
            isMainCarer: false,
            createdAt: '2025-11-25T10:00:00.000Z',
            ...(body as object),
          },
        }),
      }),
    );
    await clickButton(wrapper, 'Add someone who matters to them');
    await clickButton(wrapper, 'Add');
    expect(wrapper.find('[data-testid="relationships"]').text()).toContain('Find and choose the person');
    expect(wrapper.find('#relationship-type-error').text()).toContain('Choose how they are related');

    await wrapper.find('#relationship-search').setValue('Hammond');
    await pause();
    await flushPromises();
    // Margaret herself is not offered.
    const options = wrapper.findAll('#relationship-search-results [role="option"]');
    expect(options.map((o) => o.attributes('data-person-id'))).toEqual([JOHN]);
    await options[0]!.trigger('click');
    expect(wrapper.find('[data-testid="chosen-related-person"]').text()).toContain('John Hammond');

    const select = wrapper.find('#relationship-type');
    expect(select.findAll('option').map((o) => o.text())).toContain('Peggy is cared for by …');
    expect(wrapper.find('#relationship-main-carer').exists()).toBe(false);
    await select.setValue('cared_for_by');
    await wrapper.find('#relationship-main-carer').setValue(true);
    await clickButton(wrapper, 'Add');
    expect(lastCall(seen, `POST ${personPath}/relationships`)?.body).toEqual({
      relatedPersonId: JOHN,
      type: 'cared_for_by',
      isMainCarer: true,
    });
    expect(wrapper.find('[data-testid="relationships"]').text()).toContain(
      'Peggy is cared for by John Hammond: added.',
    );
    expect(calls(seen, `GET ${personPath}/relationships`)).toHaveLength(2);
  });
});

describe('finding a person', () => {
  it('opens the one chosen, and the search is still there on coming back', async () => {
    const { wrapper, router, seen } = await open('/people', {
      ...margaretRoutes(),
      'GET /v1/people': () => ({ body: { items: [matchBody()], nextCursor: null } }),
    });
    expect(wrapper.find('h1').text()).toBe('Find a person');
    const box = wrapper.find('#people-search');
    expect(box.attributes('data-search')).toBeDefined();
    await box.setValue('Margret Hamond');
    await pause();
    await flushPromises();
    expect(lastCall(seen, 'GET /v1/people')?.query.q).toBe('Margret Hamond');
    await wrapper.find('[role="option"]').trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe(`/people/${MARGARET}`));

    await router.push('/people');
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Find a person'));
    await flushPromises();
    expect((wrapper.find('#people-search').element as HTMLInputElement).value).toBe('Margret Hamond');
    expect(wrapper.findAll('[role="option"]')).toHaveLength(1);
  });
});

describe('adding a person', () => {
  it('checks the fields first: names needed, NHS number check digit, a real date of birth', async () => {
    const { wrapper, seen } = await open('/people/new', {});
    await wrapper.find('#person-nhs-number').setValue('943 476 5918');
    await wrapper.find('#person-date-of-birth').setValue('31/02/1941');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(
      wrapper
        .find('[data-testid="form-status"]')
        .findAll('li')
        .map((li) => li.text()),
    ).toEqual([
      'Enter their given name',
      'Enter their family name',
      'Enter a real date of birth as day, month and year, like 02/03/1941',
      'This is not a valid NHS number: check it against their letter or card',
    ]);
    expect(document.activeElement?.id).toBe('person-given-name');
    expect(calls(seen, 'POST /v1/people')).toEqual([]);
  });

  it('shows the likely duplicates; “none of these” records them anyway, and their page opens', async () => {
    const { wrapper, seen, router } = await open('/people/new', {
      'POST /v1/people': ({ body }) =>
        (body as { confirmNotDuplicate?: boolean }).confirmNotDuplicate
          ? { status: 201, body: personBody({ id: 'p-new', preferredName: null }) }
          : {
              status: 409,
              body: problemBody(409, 'possible_duplicate', 'May already be recorded', {
                candidates: [{ id: MARGARET, label: 'Margaret Hammond, born 2 March 1941, SY2 6ND', score: 2 }],
              }),
            },
      'GET /v1/people/p-new': () => ({ body: personBody({ id: 'p-new', preferredName: null }) }),
      'GET /v1/people/p-new/relationships': () => ({ body: { items: [] } }),
      'GET /v1/people/p-new/history': () => ({ body: { items: [] } }),
      'GET /v1/contacts': () => ({ body: { items: [], nextCursor: null } }),
    });
    await wrapper.find('#person-given-name').setValue('Margaret');
    await wrapper.find('#person-family-name').setValue('Hammond');
    await wrapper.find('#person-date-of-birth').setValue('2/3/1941');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const first = lastCall(seen, 'POST /v1/people')!;
    expect(first.body).toEqual({ givenName: 'Margaret', familyName: 'Hammond', dateOfBirth: '1941-03-02' });
    const panel = wrapper.find('[data-testid="duplicate-candidates"]');
    expect(panel.text()).toContain('They may already be recorded');
    expect(panel.text()).toContain('Margaret Hammond, born 2 March 1941, SY2 6ND');
    expect(panel.find('a').attributes('href')).toBe(`/people/${MARGARET}`);
    expect(document.activeElement?.id).toBe('duplicate-candidates-title');

    await clickButton(wrapper, 'None of these is Margaret Hammond: add a new record');
    const second = lastCall(seen, 'POST /v1/people')!;
    expect(second.body).toEqual({ ...(first.body as object), confirmNotDuplicate: true });
    expect(second.headers['idempotency-key']).not.toBe(first.headers['idempotency-key']);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/people/p-new?added=1'));
    await vi.waitFor(() => expect(wrapper.find('[data-testid="notice"]').text()).toContain('Added.'));
    expect(Object.keys(sessionStorage).filter((k) => k.includes('people.person.new'))).toEqual([]);
  });

  it('an NHS number already recorded is shown against its field, with the record to open', async () => {
    const { wrapper } = await open('/people/new', {
      'POST /v1/people': () => ({
        status: 409,
        body: problemBody(409, 'duplicate_nhs_number', 'Already recorded', {
          candidates: [{ id: MARGARET, label: 'Same NHS number', score: 10 }],
        }),
      }),
    });
    await wrapper.find('#person-given-name').setValue('Peggy');
    await wrapper.find('#person-family-name').setValue('Hammond');
    await wrapper.find('#person-nhs-number').setValue('9434765919');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#person-nhs-number-error').text()).toContain(
      'Someone with this NHS number is already recorded',
    );
    const panel = wrapper.find('[data-testid="duplicate-candidates"]');
    expect(panel.text()).toContain('This NHS number is already recorded');
    expect(panel.text()).not.toContain('None of these');
  });
});
