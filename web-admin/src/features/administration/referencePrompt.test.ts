import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountAsAdmin, staffUser } from '@/test-support/admin';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
});

const colleagues = {
  'GET /v1/teams': () => ({ body: { items: [] } }),
  'GET /v1/admin/users': () => ({ body: { items: [staffUser()], nextCursor: null } }),
};
const unitCost = {
  id: 'uc-1',
  name: 'Home care',
  unit: 'hour',
  costPence: 2450,
  notes: '',
  retiredAt: null,
  version: 1,
};

async function open(limits: unknown[], costs: unknown[]) {
  const mounted = await mountAsAdmin('/administration/colleagues', {
    ...colleagues,
    'GET /v1/reference/delegated-limits': () => ({ body: { limits } }),
    'GET /v1/reference/unit-costs': () => ({ body: { items: costs } }),
  });
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').text()).toBe('Colleagues'));
  await flushPromises();
  return mounted.wrapper;
}

describe('the administration home on a new practice', () => {
  it('prompts for each unset piece of reference data, with the way to set it', async () => {
    const wrapper = await open([], []);
    const prompt = wrapper.find('[data-testid="reference-data-prompt"]');
    expect(prompt.text()).toContain('No delegated sign-off limits');
    expect(prompt.text()).toContain('No unit costs');
    expect(prompt.find('a').attributes('href')).toBe('/administration/reference-data');
  });

  it('says only what is still unset, and nothing once both are set', async () => {
    const half = await open([], [unitCost]);
    expect(half.find('[data-testid="reference-data-prompt"]').text()).not.toContain('No unit costs');
    unmount?.();
    document.body.innerHTML = '';
    const done = await open([{ role: 'social_worker', weeklyLimitPence: 30_000 }], [unitCost]);
    expect(done.find('[data-testid="reference-data-prompt"]').exists()).toBe(false);
  });
});
