import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ReasonDialog from '@/components/ReasonDialog.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

async function open(props: Record<string, unknown> = {}) {
  const trigger = document.createElement('button');
  document.body.append(trigger);
  trigger.focus();
  const wrapper = mount(ReasonDialog, { props: { open: true, ...props }, attachTo: document.body });
  await flushPromises();
  return { wrapper, trigger };
}

describe('the reason dialog for a restricted record', () => {
  it('opens as a modal dialog, named by its title, with focus in the reason field', async () => {
    const { wrapper } = await open({ what: 'this person’s record' });
    const dialog = wrapper.find('dialog');
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
    const titleId = dialog.attributes('aria-labelledby')!;
    expect(wrapper.find(`#${titleId}`).text()).toBe('This record is restricted');
    expect(dialog.text()).toContain('To open this person’s record you need to say why');
    expect(dialog.text()).toContain('kept in the audit trail');
    expect(document.activeElement?.tagName).toBe('TEXTAREA');
    expect(wrapper.find('label').text()).toBe('Why are you opening this record?');
  });

  it('will not go on without a reason of a few words, and says so by the field', async () => {
    const { wrapper } = await open();
    await wrapper.find('textarea').setValue('  x ');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toBeUndefined();
    expect(wrapper.find('.field__error').text()).toContain('Say why you need to open it');
    expect(wrapper.find('textarea').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('textarea').attributes('aria-describedby')).toContain(
      wrapper.find('.field__error').attributes('id'),
    );
  });

  it('gives the reason, trimmed, when it is long enough', async () => {
    const { wrapper } = await open();
    await wrapper.find('textarea').setValue('  Safeguarding enquiry this morning  ');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([['Safeguarding enquiry this morning']]);
  });

  it('refuses a reason longer than the API takes', async () => {
    const { wrapper } = await open();
    await wrapper.find('textarea').setValue('x'.repeat(501));
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toBeUndefined();
    expect(wrapper.find('.field__error').text()).toContain('500 characters or fewer');
  });

  it('Esc and “Go back” open nothing', async () => {
    const { wrapper } = await open();
    await wrapper.find('dialog').trigger('cancel');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Go back')!
      .trigger('click');
    expect(wrapper.emitted('cancel')).toHaveLength(2);
    expect(wrapper.emitted('submit')).toBeUndefined();
  });

  it('shows what the API said about the reason, and says it is opening while busy', async () => {
    const { wrapper } = await open({ error: 'Give a reason of 3 to 500 characters', busy: true });
    expect(wrapper.find('.field__error').text()).toContain('Give a reason of 3 to 500 characters');
    const submit = wrapper.find('button[type="submit"]');
    expect(submit.text()).toBe('Opening…');
    expect(submit.attributes('disabled')).toBeDefined();
  });

  it('closes when told to, and gives focus back to where it was', async () => {
    const { wrapper, trigger } = await open();
    await wrapper.setProps({ open: false });
    await flushPromises();
    expect((wrapper.find('dialog').element as HTMLDialogElement).open).toBe(false);
    expect(document.activeElement).toBe(trigger);
  });
});

describe('a reason the browser can send', () => {
  it('sends typographic quotes, dashes and ellipses as their plain forms (a header carries only Latin-1)', async () => {
    const { wrapper } = await open();
    await wrapper.find('textarea').setValue('Mrs O’Brien’s “urgent” enquiry – café visit…');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[`Mrs O'Brien's "urgent" enquiry - café visit...`]]);
    // What it sends is Latin-1 throughout, so a browser will put it in a header.
    expect(wrapper.emitted<[string]>('submit')![0]![0]).toSatisfy((text: string) =>
      [...text].every((c) => c.codePointAt(0)! <= 0xff),
    );
  });

  it('asks, by the field, for a reason without a character no header can carry', async () => {
    const { wrapper } = await open();
    await wrapper.find('textarea').setValue('Checking her contacts 🙂');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toBeUndefined();
    expect(wrapper.find('.field__error').text()).toContain('Write the reason without “🙂”');
  });
});
