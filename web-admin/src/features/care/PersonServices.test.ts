import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountAsAdmin } from '@/test-support/admin';
import { MARGARET, personBody } from '@/test-support/people';

const CARER = '0196a3c4-0000-7000-8000-00000000c0c0';
const BUDGET = '0196a3c4-0000-7000-8000-00000000b0b0';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
});

const service = (overrides: Record<string, unknown>) => ({
  id: '0196a3c4-0000-7000-8000-00000000d001',
  budgetId: BUDGET,
  personId: CARER,
  part: 'council_managed',
  planLine: null,
  what: 'Sitting service',
  provider: { id: '0196a3c4-0000-7000-8000-00000000e001', name: 'Kind Care', cqcLocationId: null },
  weeklyPence: 6_000,
  fourWeeklyPence: 24_000,
  annualPence: 312_857,
  startOn: '2026-01-05',
  endOn: null,
  endReason: null,
  endReasonCld: null,
  endNote: null,
  status: 'live',
  suspensions: [],
  replacesId: null,
  carerSupport: 'to_cared_for_person',
  caredForPersonId: MARGARET,
  providedAsCaredFor: true,
  createdAt: '2026-01-05T09:00:00.000Z',
  version: 1,
  ...overrides,
});

describe('a person’s services', () => {
  it('flag a service provided to them under their carer’s budget, linking the carer', async () => {
    const mounted = await mountAsAdmin(
      `/people/${MARGARET}`,
      {
        [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
        [`GET /v1/people/${MARGARET}/relationships`]: () => ({ body: { items: [] } }),
        [`GET /v1/people/${MARGARET}/history`]: () => ({ body: { items: [] } }),
        [`GET /v1/people/${MARGARET}/stories`]: () => ({ body: { items: [] } }),
        'GET /v1/contacts': () => ({ body: { items: [], nextCursor: null } }),
        'GET /v1/care-services': () => ({
          body: {
            items: [
              service({}),
              service({
                id: '0196a3c4-0000-7000-8000-00000000d002',
                personId: MARGARET,
                what: 'Home care',
                carerSupport: null,
                caredForPersonId: null,
                providedAsCaredFor: false,
              }),
            ],
            weeklyTotalPence: 6_000,
          },
        }),
      },
      ['practitioner'],
    );
    unmount = () => mounted.wrapper.unmount();
    await vi.waitFor(() => expect(mounted.wrapper.findAll('[data-testid="person-service"]')).toHaveLength(2));
    await flushPromises();
    const [theirs, own] = mounted.wrapper.findAll('[data-testid="person-service"]');
    expect(theirs!.find('[data-testid="carer-support"]').text()).toBe('Provided under their carer’s budget');
    expect(theirs!.find(`a[href="/people/${CARER}"]`).text()).toBe('their carer');
    expect(own!.find('[data-testid="carer-support"]').exists()).toBe(false);
  });
});
