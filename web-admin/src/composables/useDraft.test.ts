import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { clearAllDrafts, useDraft } from './useDraft';

afterEach(() => sessionStorage.clear());

describe('useDraft', () => {
  it('keeps what is typed in sessionStorage and puts it back in a new form (after a reload, say)', async () => {
    const first = ref({ story: '', whatMatters: '' });
    useDraft('conversation.7', first);
    first.value.whatMatters = 'Getting back to the allotment';
    await nextTick();
    expect(JSON.parse(sessionStorage.getItem('threefold:draft:conversation.7')!)).toMatchObject({
      v: 1,
      value: { story: '', whatMatters: 'Getting back to the allotment' },
    });

    const again = ref({ story: '', whatMatters: '' });
    const draft = useDraft('conversation.7', again);
    expect(again.value.whatMatters).toBe('Getting back to the allotment');
    expect(draft.restored.value).toBe(true);
    expect(draft.savedAt.value).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('does not keep an untouched form, and forgets a draft changed back to how it started', async () => {
    const form = ref('');
    useDraft('note', form);
    expect(sessionStorage.getItem('threefold:draft:note')).toBeNull();
    form.value = 'x';
    expect(sessionStorage.getItem('threefold:draft:note')).not.toBeNull();
    form.value = '';
    expect(sessionStorage.getItem('threefold:draft:note')).toBeNull();
  });

  it('clear() forgets the draft once the form is saved', () => {
    const form = ref('hello');
    const draft = useDraft('note', form);
    form.value = 'hello there';
    draft.clear();
    expect(sessionStorage.getItem('threefold:draft:note')).toBeNull();
    expect(useDraft('note', ref('')).restored.value).toBe(false);
  });

  it('ignores a damaged draft instead of breaking the form', () => {
    sessionStorage.setItem('threefold:draft:note', '{not json');
    const form = ref('start');
    const draft = useDraft('note', form);
    expect(form.value).toBe('start');
    expect(draft.restored.value).toBe(false);
    expect(sessionStorage.getItem('threefold:draft:note')).toBeNull();
  });

  it('keeps the form working when storage refuses to save (quota, policy)', () => {
    const full: Storage = {
      length: 0,
      clear() {},
      key: () => null,
      getItem: () => null,
      removeItem() {},
      setItem() {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    const form = ref('');
    useDraft('note', form, { storage: full });
    expect(() => {
      form.value = 'still typing';
    }).not.toThrow();
  });

  it('stops saving when the component that used it goes away', async () => {
    const form = ref('');
    const wrapper = mount(
      defineComponent(() => {
        useDraft('note', form);
        return () => h('div');
      }),
    );
    form.value = 'a';
    wrapper.unmount();
    form.value = 'b';
    expect(JSON.parse(sessionStorage.getItem('threefold:draft:note')!).value).toBe('a');
  });

  it('clearAllDrafts() removes every draft and nothing else', () => {
    sessionStorage.setItem('threefold:draft:a', '{}');
    sessionStorage.setItem('threefold:draft:b', '{}');
    sessionStorage.setItem('something-else', 'x');
    clearAllDrafts();
    expect(sessionStorage.length).toBe(1);
    expect(sessionStorage.getItem('something-else')).toBe('x');
  });
});
