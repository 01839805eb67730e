import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref, type Ref } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ConfirmDialog from '@/components/ConfirmDialog.vue';
import { pendingConfirm } from './useConfirm';
import { useUnsavedChanges } from './useUnsavedChanges';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

/** A routed page with a form whose dirtiness the test controls. */
async function setup(confirm?: (message: string) => boolean | Promise<boolean>, withDialog = false) {
  const dirty = ref(false);
  const Form = defineComponent(() => {
    useUnsavedChanges(dirty, confirm ? { confirm } : {});
    return () => h('form', [h('textarea')]);
  });
  const Elsewhere = defineComponent(() => () => h('p', 'elsewhere'));
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/form/:id', component: Form },
      { path: '/elsewhere', component: Elsewhere },
    ],
  });
  await router.push('/form/1');
  await router.isReady();
  const wrapper = mount(
    defineComponent(() => () => [h(RouterView), withDialog ? h(ConfirmDialog) : null]),
    { global: { plugins: [router] }, attachTo: document.body },
  );
  unmount = () => wrapper.unmount();
  return { dirty: dirty as Ref<boolean>, router, wrapper };
}

function fireBeforeUnload() {
  const event = new Event('beforeunload', { cancelable: true }) as BeforeUnloadEvent;
  window.dispatchEvent(event);
  return event;
}

describe('useUnsavedChanges', () => {
  it('lets people leave a form they have not changed without asking', async () => {
    const confirm = vi.fn(() => false);
    const { router } = await setup(confirm);
    await router.push('/elsewhere');
    expect(router.currentRoute.value.path).toBe('/elsewhere');
    expect(confirm).not.toHaveBeenCalled();
  });

  it('asks before leaving a changed form, and stays when the answer is no', async () => {
    const confirm = vi.fn(() => false);
    const { router, dirty, wrapper } = await setup(confirm);
    dirty.value = true;
    await router.push('/elsewhere');
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('not saved'));
    expect(router.currentRoute.value.path).toBe('/form/1');
    expect(wrapper.find('textarea').exists()).toBe(true);
  });

  it('leaves when the answer is yes', async () => {
    const { router, dirty } = await setup(async () => true);
    dirty.value = true;
    await router.push('/elsewhere');
    expect(router.currentRoute.value.path).toBe('/elsewhere');
  });

  it('also asks when the same page opens another record (/form/1 → /form/2)', async () => {
    const confirm = vi.fn(() => false);
    const { router, dirty } = await setup(confirm);
    dirty.value = true;
    await router.push('/form/2');
    expect(confirm).toHaveBeenCalledOnce();
    expect(router.currentRoute.value.path).toBe('/form/1');
  });

  it('has the browser warn on closing or reloading the tab only while the form is changed, and stops when the page goes', async () => {
    const { dirty } = await setup(() => true);
    expect(fireBeforeUnload().defaultPrevented).toBe(false);
    dirty.value = true;
    expect(fireBeforeUnload().defaultPrevented).toBe(true);
    unmount?.();
    unmount = undefined;
    expect(fireBeforeUnload().defaultPrevented).toBe(false);
  });

  it('by default asks in the console’s own dialog, where Esc means stay', async () => {
    const { router, dirty, wrapper } = await setup(undefined, true);
    dirty.value = true;
    const navigation = router.push('/elsewhere');
    await flushPromises();

    const dialog = wrapper.find('dialog');
    expect(dialog.text()).toContain('Leave without saving?');
    expect(dialog.text()).toContain('not saved');
    expect(pendingConfirm.value).not.toBeNull();
    // Esc on a modal dialog fires "cancel".
    await dialog.trigger('cancel');
    await navigation;
    expect(router.currentRoute.value.path).toBe('/form/1');
    expect(pendingConfirm.value).toBeNull();

    const second = router.push('/elsewhere');
    await flushPromises();
    await wrapper
      .findAll('dialog button')
      .find((b) => b.text() === 'Leave and lose changes')!
      .trigger('click');
    await second;
    expect(router.currentRoute.value.path).toBe('/elsewhere');
  });
});
