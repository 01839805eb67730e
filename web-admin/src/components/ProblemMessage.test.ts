import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ProblemMessage from './ProblemMessage.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

const problem = {
  type: 'urn:threefold:problem:validation_failed',
  title: 'Check what you entered',
  status: 400,
  code: 'validation_failed',
  requestId: 'req-123',
  detail: 'Two fields need attention.',
  errors: [
    { in: 'body' as const, field: 'nhsNumber', pointer: '/nhsNumber', message: 'Enter a valid NHS number' },
    { in: 'body' as const, field: 'address.postcode', pointer: '/address/postcode', message: 'Enter a real postcode' },
  ],
};

describe('ProblemMessage', () => {
  it('shows nothing without a problem', () => {
    expect(mount(ProblemMessage, { props: { problem: null } }).html()).not.toContain('alert');
  });

  it('shows the title, detail, each field error and the reference to quote', () => {
    const wrapper = mount(ProblemMessage, { props: { problem, fieldLabels: { 'address.postcode': 'Postcode' } } });
    expect(wrapper.find('.alert__title').text()).toBe('Check what you entered');
    expect(wrapper.text()).toContain('Two fields need attention.');
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual([
      'nhsNumber: Enter a valid NHS number',
      'Postcode: Enter a real postcode',
    ]);
    expect(wrapper.find('code').text()).toBe('req-123');
  });

  it('links field errors to their fields and moves focus there without changing the address', async () => {
    document.body.innerHTML = '<input id="nhs">';
    const wrapper = mount(ProblemMessage, {
      props: { problem, fieldIds: { nhsNumber: 'nhs' } },
      attachTo: document.body,
    });
    const before = window.location.href;
    await wrapper.find('a[href="#nhs"]').trigger('click');
    expect(document.activeElement?.id).toBe('nhs');
    expect(window.location.href).toBe(before);
    wrapper.unmount();
  });

  it('shows no reference for a problem found in the browser', () => {
    const wrapper = mount(ProblemMessage, { props: { problem: { ...problem, requestId: '' } } });
    expect(wrapper.text()).not.toContain('reference');
  });
});
