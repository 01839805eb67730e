import { onBeforeUnmount, onMounted, toValue, type MaybeRefOrGetter } from 'vue';
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router';
import { askToConfirm } from './useConfirm';

export interface UnsavedChangesOptions {
  message?: string;
  /** How to ask; defaults to the console's confirm dialog. Tests pass their own. */
  confirm?: (message: string) => boolean | Promise<boolean>;
}

const DEFAULT_MESSAGE = 'You have changes that are not saved. If you leave this page, they will be lost.';

/**
 * Warns before what someone typed is thrown away: when they follow a link or go back inside the
 * console (asks, and stays if they say no), and when they close or reload the tab (the browser's
 * own warning). Call it in the setup of a routed page with a form.
 */
export function useUnsavedChanges(dirty: MaybeRefOrGetter<boolean>, options: UnsavedChangesOptions = {}) {
  const message = options.message ?? DEFAULT_MESSAGE;
  const confirm =
    options.confirm ??
    ((text: string) =>
      askToConfirm({
        title: 'Leave without saving?',
        message: text,
        confirmLabel: 'Leave and lose changes',
        cancelLabel: 'Stay on this page',
      }));

  async function mayLeave(): Promise<boolean> {
    if (!toValue(dirty)) return true;
    return await confirm(message);
  }

  onBeforeRouteLeave(mayLeave);
  // The same page with other parameters (another person's record) also replaces the form.
  onBeforeRouteUpdate((to, from) => (to.path === from.path ? true : mayLeave()));

  function onBeforeUnload(event: BeforeUnloadEvent) {
    if (!toValue(dirty)) return;
    event.preventDefault();
    // Older browsers need returnValue set to show their dialog.
    event.returnValue = '';
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload));

  return { mayLeave };
}
