import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, giveReason, problemBody } from '@/test-support/fetch';
import RecordLink from './RecordLink.vue';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const HREF = '/v1/people/p1/chronology.pdf?kinds=note';
const reason = 'Safeguarding enquiry this morning';

describe('RecordLink', () => {
  it('without a reason is a plain link: the browser opens it, nothing is fetched', async () => {
    const { seen } = fakeFetch(() => ({ body: {} }));
    const wrapper = mount(RecordLink, {
      props: { href: HREF, newTab: true },
      slots: { default: 'Print' },
      attrs: { 'data-testid': 'print' },
      attachTo: document.body,
    });
    const link = wrapper.find('a');
    expect(link.attributes()).toMatchObject({ href: HREF, target: '_blank', rel: 'noopener', 'data-testid': 'print' });
    expect(link.attributes('download')).toBeUndefined();
    // Whether the link left the click to the browser, read after its own handler; then the test
    // stops the navigation itself (there is no server behind this document).
    let leftToTheBrowser: boolean | undefined;
    const after = (event: Event) => {
      leftToTheBrowser = !event.defaultPrevented;
      event.preventDefault();
    };
    document.addEventListener('click', after);
    link.element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    document.removeEventListener('click', after);
    await flushPromises();
    expect(leftToTheBrowser).toBe(true);
    expect(seen).toHaveLength(0);
  });

  it('with a reason opens the tab at the click, fetches with X-Access-Reason and shows what came back there', async () => {
    const { seen } = fakeFetch(() => ({ body: 'pdf bytes', headers: { 'content-type': 'application/pdf' } }));
    const tab = { location: { href: '' }, close: vi.fn() };
    const opened = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:chronology');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const wrapper = mount(RecordLink, { props: { href: HREF, reason, newTab: true }, slots: { default: 'Print' } });
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    wrapper.find('a').element.dispatchEvent(event);
    // Opened before the answer, while the click still counts as the colleague's.
    expect(opened).toHaveBeenCalledWith('', '_blank');
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(tab.location.href).toBe('blob:chronology'));
    expect(seen.map((r) => [r.path, r.query.kinds, r.headers['x-access-reason']])).toEqual([
      ['/v1/people/p1/chronology.pdf', 'note', reason],
    ]);
    expect(tab.close).not.toHaveBeenCalled();
  });

  it('closes the tab it opened and says why in words when the API refuses', async () => {
    fakeFetch(() => ({
      status: 404,
      body: problemBody(404, 'not_found', 'Not found', { detail: 'No such person.' }),
    }));
    const tab = { location: { href: '' }, close: vi.fn() };
    vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    const wrapper = mount(RecordLink, { props: { href: HREF, reason, newTab: true }, slots: { default: 'Print' } });
    await wrapper.find('a').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true));
    expect(wrapper.find('[role="alert"]').attributes('data-problem-code')).toBe('not_found');
    expect(wrapper.find('[role="alert"]').text()).toBe('Not found: No such person.');
    expect(tab.close).toHaveBeenCalledTimes(1);
    expect(tab.location.href).toBe('');
  });

  it('saves a download under the name the API gives', async () => {
    fakeFetch(() => ({
      body: 'pdf bytes',
      headers: { 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="chronology.pdf"' },
    }));
    const opened = vi.spyOn(window, 'open');
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:file');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const saved: [string, string][] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push([this.href, this.download]);
    });
    const wrapper = mount(RecordLink, { props: { href: HREF, reason, download: true }, slots: { default: 'Save' } });
    await wrapper.find('a').trigger('click');
    await vi.waitFor(() => expect(saved).toEqual([['blob:file', 'chronology.pdf']]));
    expect(opened).not.toHaveBeenCalled();
  });
});

describe('RecordLink for a person known to be restricted, with no reason given yet', () => {
  it('asks why at the click, then opens with that reason, and does not ask again', async () => {
    const { seen } = fakeFetch(() => ({ body: 'pdf bytes', headers: { 'content-type': 'application/pdf' } }));
    const tabs: { location: { href: string }; close: () => void }[] = [];
    vi.spyOn(window, 'open').mockImplementation(() => {
      const tab = { location: { href: '' }, close: vi.fn() };
      tabs.push(tab);
      return tab as unknown as Window;
    });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:plan');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const wrapper = mount(RecordLink, {
      props: { href: '/v1/personal-budgets/b1/plan?format=html', restricted: true, newTab: true },
      slots: { default: 'Open it to print' },
      attachTo: document.body,
    });
    const dialog = wrapper.find('[data-testid="reason-dialog"]');
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    await wrapper.find('a').trigger('click');
    await flushPromises();
    // Nothing is fetched, and no tab opened, before a reason is given.
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
    expect(seen).toHaveLength(0);
    expect(tabs).toHaveLength(0);
    await giveReason(dialog, reason);
    await vi.waitFor(() => expect(tabs[0]?.location.href).toBe('blob:plan'));
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    expect(seen.map((r) => [r.path, r.headers['x-access-reason']])).toEqual([['/v1/personal-budgets/b1/plan', reason]]);
    // The next click goes straight to the record with the same reason.
    await wrapper.find('a').trigger('click');
    await vi.waitFor(() => expect(tabs[1]?.location.href).toBe('blob:plan'));
    expect(seen.map((r) => r.headers['x-access-reason'])).toEqual([reason, reason]);
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
  });

  it('going back from the question opens nothing', async () => {
    const { seen } = fakeFetch(() => ({ body: {} }));
    const wrapper = mount(RecordLink, {
      props: { href: '/v1/conversations/c1/record?format=pdf', restricted: true, download: true },
      slots: { default: 'Download the record (PDF)' },
      attachTo: document.body,
    });
    await wrapper.find('a').trigger('click');
    await flushPromises();
    const dialog = wrapper.find('[data-testid="reason-dialog"]');
    await dialog.trigger('cancel');
    await flushPromises();
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    expect(seen).toHaveLength(0);
  });
});
