import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { apiClientKey, createApiClient } from '@/api/client';
import { fakeFetch } from '@/test-support/fetch';
import BudgetServices from './BudgetServices.vue';

const BUDGET = '0196a3c4-0000-7000-8000-00000000b0b0';

const service = (overrides: Record<string, unknown>) => ({
  id: '0196a3c4-0000-7000-8000-00000000d001',
  budgetId: BUDGET,
  personId: '0196a3c4-0000-7000-8000-00000000c0c0',
  part: 'council_managed',
  planLine: null,
  what: 'Home care',
  provider: { id: '0196a3c4-0000-7000-8000-00000000e001', name: 'Severn Home Care', cqcLocationId: '1-101' },
  weeklyPence: 21_000,
  fourWeeklyPence: 84_000,
  annualPence: 1_095_000,
  startOn: '2026-04-01',
  endOn: null,
  plannedEndOn: null,
  unitCostPence: null,
  unitsPerWeek: null,
  importedFrom: null,
  endReason: null,
  endReasonCld: null,
  endNote: null,
  status: 'live',
  suspensions: [],
  replacesId: null,
  carerSupport: null,
  caredForPersonId: null,
  providedAsCaredFor: false,
  createdAt: '2026-04-01T09:00:00.000Z',
  version: 1,
  ...overrides,
});

describe('a budget’s services', () => {
  it('show a service imported from the council with its unit costing, planned end and source', async () => {
    fakeFetch((request) => {
      if (request.path === '/v1/care-services')
        return {
          body: {
            items: [
              service({ unitCostPence: 2_100, unitsPerWeek: 10, plannedEndOn: '2027-03-31', importedFrom: 'mosaic' }),
              service({ id: '0196a3c4-0000-7000-8000-00000000d002', what: 'Day opportunities' }),
            ],
            weeklyTotalPence: 42_000,
          },
        };
      return { body: { items: [], total: 0 } };
    });
    const wrapper = mount(BudgetServices, {
      props: { budgetId: BUDGET, parts: ['council_managed'], canWrite: false },
      global: { provide: { [apiClientKey as symbol]: createApiClient({}) } },
    });
    await flushPromises();
    const [imported, own] = wrapper.findAll('[data-testid="care-service"]');
    expect(imported!.text()).toContain('£210.00 a week (10 units at £21.00)');
    expect(imported!.text()).toMatch(/planned to end .*2027/);
    expect(imported!.text()).toContain('imported from mosaic');
    expect(own!.text()).not.toContain('units at');
    expect(own!.text()).not.toContain('planned to end');
    expect(own!.text()).not.toContain('imported from');
  });
});
