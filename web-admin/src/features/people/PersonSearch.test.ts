import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { apiClientKey, createApiClient } from '@/api/client';
import { fakeFetch, problemBody, type FakeAnswer, type SeenRequest } from '@/test-support/fetch';
import { JOHN, MARGARET, matchBody } from '@/test-support/people';
import type { PersonMatch } from './api';
import PersonSearch from './PersonSearch.vue';

beforeEach(() => {
  // Only the debounce's timers: flushPromises needs the real setImmediate.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2025-11-25T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

const results = {
  body: {
    items: [
      matchBody(),
      matchBody({
        id: JOHN,
        givenName: 'John',
        preferredName: null,
        dateOfBirth: null,
        nhsNumber: null,
        restricted: true,
        score: 1.2,
      }),
    ],
    nextCursor: null,
  },
};

/** PersonSearch on its own, inside a form (as in the contact form), with the API played by `answer`. */
function mountSearch(answer: (request: SeenRequest) => FakeAnswer | Promise<FakeAnswer>, props = {}) {
  const { seen } = fakeFetch(answer);
  const query = ref('');
  const chosen: PersonMatch[] = [];
  const submitted = vi.fn();
  const wrapper = mount(
    defineComponent(
      () => () =>
        h('form', { onSubmit: (event: Event) => (event.preventDefault(), submitted()) }, [
          h(PersonSearch, {
            id: 'search',
            label: 'Find the person',
            modelValue: query.value,
            'onUpdate:modelValue': (value: string) => (query.value = value),
            onChoose: (match: PersonMatch) => chosen.push(match),
            ...props,
          }),
        ]),
    ),
    {
      attachTo: document.body,
      global: { provide: { [apiClientKey as symbol]: createApiClient({ baseUrl: 'http://console.test' }) } },
    },
  );
  const input = wrapper.find('input');
  const press = async (key: string) => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    input.element.dispatchEvent(event);
    await flushPromises();
    return event;
  };
  const type = async (text: string) => {
    await input.setValue(text);
  };
  const settle = async () => {
    await vi.advanceTimersByTimeAsync(250);
    await flushPromises();
  };
  return { wrapper, seen, query, chosen, submitted, input, press, type, settle };
}

const searches = (seen: SeenRequest[]) => seen.filter((r) => r.path === '/v1/people');

describe('the person search box', () => {
  it('searches once typing pauses, with exactly what was typed, and shows who each match is', async () => {
    const { wrapper, seen, input, type } = mountSearch(() => results);
    await type('M');
    await type('Marg');
    await type('Margret Hamond');
    await vi.advanceTimersByTimeAsync(249);
    expect(searches(seen)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await flushPromises();
    expect(searches(seen)).toHaveLength(1);
    expect(searches(seen)[0]!.query).toEqual({ q: 'Margret Hamond', limit: '20' });

    const options = wrapper.findAll('[role="option"]');
    expect(options).toHaveLength(2);
    const first = options[0]!.text();
    expect(first).toContain('Margaret Hammond');
    expect(first).toContain('Known as Peggy');
    expect(first).toContain('Born 2 March 1941 (84)');
    expect(first).toContain('NHS 943 476 5919');
    expect(first).toContain('SY2 6ND');
    expect(first).not.toContain('Restricted');
    expect(options[1]!.text()).toContain('Restricted');
    expect(options[1]!.text()).toContain('Date of birth not recorded');
    expect(wrapper.find('[role="status"]').text()).toContain('2 people found');
    expect(input.attributes('aria-expanded')).toBe('true');
    expect((input.element as HTMLInputElement).value).toBe('Margret Hamond');
  });

  it('does not search on fewer than two characters', async () => {
    const { seen, type, settle } = mountSearch(() => results);
    await type('M ');
    await settle();
    expect(searches(seen)).toHaveLength(0);
  });

  it('↓ and ↑ move through the matches with focus staying in the box; Enter chooses the highlighted one and never submits the form', async () => {
    const { wrapper, input, press, type, settle, chosen, submitted } = mountSearch(() => results);
    input.element.focus();
    await type('Hammond');
    await settle();
    const active = () => input.attributes('aria-activedescendant');
    const selected = () =>
      wrapper
        .findAll('[role="option"]')
        .map((o) => o.attributes('aria-selected'))
        .join(',');
    expect(active()).toBeUndefined();

    expect((await press('ArrowDown')).defaultPrevented).toBe(true);
    expect(active()).toBe('search-option-0');
    expect(selected()).toBe('true,false');
    await press('ArrowDown');
    await press('ArrowDown');
    expect(active()).toBe('search-option-1');
    expect(selected()).toBe('false,true');
    await press('ArrowUp');
    expect(active()).toBe('search-option-0');
    await press('ArrowUp');
    expect(active()).toBeUndefined();
    expect(document.activeElement).toBe(input.element);

    await press('ArrowDown');
    await press('ArrowDown');
    const enter = await press('Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(chosen.map((m) => m.id)).toEqual([JOHN]);
    expect(submitted).not.toHaveBeenCalled();

    // Esc only takes the highlight away; what was typed stays.
    await press('ArrowUp');
    await press('Escape');
    expect(active()).toBeUndefined();
    expect((input.element as HTMLInputElement).value).toBe('Hammond');
  });

  it('Enter with nothing highlighted searches at once, without waiting for the pause', async () => {
    const { seen, press, type } = mountSearch(() => results);
    await type('Hammond');
    await press('Enter');
    expect(searches(seen)).toHaveLength(1);
  });

  it('a click chooses a match too', async () => {
    const { wrapper, type, settle, chosen } = mountSearch(() => results);
    await type('Hammond');
    await settle();
    await wrapper.findAll('[role="option"]')[0]!.trigger('click');
    expect(chosen.map((m) => m.id)).toEqual([MARGARET]);
  });

  it('a slow answer to an older search never replaces the newer results, and never touches what was typed', async () => {
    const pending: Record<string, (answer: FakeAnswer) => void> = {};
    const { wrapper, input, type, settle } = mountSearch(
      ({ query }) => new Promise<FakeAnswer>((resolve) => (pending[query.q!] = resolve)),
    );
    await type('Hamm');
    await settle();
    await type('Hammond 02/03/1941');
    await settle();
    pending['Hammond 02/03/1941']!({ body: { items: [matchBody()], nextCursor: null } });
    await flushPromises();
    pending['Hamm']!(results);
    await flushPromises();
    expect(wrapper.findAll('[role="option"]')).toHaveLength(1);
    expect((input.element as HTMLInputElement).value).toBe('Hammond 02/03/1941');
  });

  it('when the search fails, says so and keeps the text; trying again works', async () => {
    let fail = true;
    const { wrapper, input, type, settle } = mountSearch(() =>
      fail ? { status: 503, body: problemBody(503, 'unavailable', 'Threefold is busy') } : results,
    );
    await type('Hammond');
    await settle();
    expect(wrapper.find('.problem').text()).toContain('Threefold is busy');
    expect(wrapper.find('.problem').text()).toContain('What you typed is still in the box');
    expect((input.element as HTMLInputElement).value).toBe('Hammond');
    fail = false;
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Try again')!
      .trigger('click');
    await flushPromises();
    expect(wrapper.find('.problem').exists()).toBe(false);
    expect(wrapper.findAll('[role="option"]')).toHaveLength(2);
  });

  it('leaves out the people it is told to (the person being related to someone)', async () => {
    const { wrapper, type, settle } = mountSearch(() => results, { excludeIds: [MARGARET] });
    await type('Hammond');
    await settle();
    expect(wrapper.findAll('[role="option"]').map((o) => o.attributes('data-person-id'))).toEqual([JOHN]);
  });

  it('loads more matches with the cursor the API gave', async () => {
    const { wrapper, seen, type, settle } = mountSearch(({ query }) =>
      query.cursor
        ? { body: { items: [matchBody({ id: JOHN, givenName: 'John' })], nextCursor: null } }
        : { body: { items: [matchBody()], nextCursor: 'next-1' } },
    );
    await type('Hammond');
    await settle();
    expect(wrapper.find('[role="status"]').text()).toContain('1 person found, and more below');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Show more people')!
      .trigger('click');
    await flushPromises();
    expect(searches(seen).at(-1)!.query).toEqual({ q: 'Hammond', limit: '20', cursor: 'next-1' });
    expect(wrapper.findAll('[role="option"]')).toHaveLength(2);
  });
});
