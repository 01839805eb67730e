import { computed, effectScope, onScopeDispose, shallowRef, type Ref } from 'vue';
import { useDraft, type Draft } from './useDraft';

/**
 * useDraft for a form filled from the API: the draft starts once the record has loaded (so the
 * loaded values, not empty fields, count as "unchanged"), and can start afresh after a save.
 * Call it in setup; call `start()` after filling the form.
 */
export function useLoadedDraft<T>(key: () => string, source: Ref<T>) {
  let scope = effectScope(true);
  const draft = shallowRef<Draft | null>(null);
  onScopeDispose(() => scope.stop());

  return {
    /** Starts keeping drafts, first putting back one from earlier in this tab, if any. */
    start() {
      if (!draft.value) draft.value = scope.run(() => useDraft(key(), source)) ?? null;
    },
    /** After a save: forgets the draft, and counts what is in the form now as unchanged. */
    restart() {
      draft.value?.clear();
      scope.stop();
      scope = effectScope(true);
      draft.value = scope.run(() => useDraft(key(), source)) ?? null;
    },
    clear() {
      draft.value?.clear();
    },
    restored: computed(() => draft.value?.restored.value ?? false),
  };
}
