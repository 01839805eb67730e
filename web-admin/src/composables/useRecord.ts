import { computed, getCurrentInstance, nextTick, onMounted, ref, toValue, type Ref } from 'vue';
import { keepTypedChanges } from '@/api/merge';
import { fieldErrors, validationProblem, type Problem } from '@/api/problems';
import type { ApiResult } from '@/api/result';
import { useLoadedDraft } from './useLoadedDraft';
import { useLoad, type LoadOptions } from './useRequest';
import { useUnsavedChanges } from './useUnsavedChanges';

export interface RecordOptions<T, F, Extra extends string = never> extends Omit<LoadOptions<T, Extra>, 'onLoaded'> {
  /** Reads the record; its answer's ETag goes back with the next change (If-Match). */
  fetch: () => Promise<ApiResult<T>>;
  /** Where what is typed is kept in this tab, e.g. `people.person.${id}`. */
  draftKey: () => string;
  /** The form before the record has loaded. */
  emptyForm: () => F;
  /** The form for a version of the record. */
  formOf: (record: T) => F;
  /** Whether what is typed differs from the record; by default the form against `formOf(record)`. */
  dirty?: (record: T, form: F) => boolean;
  /** Also counts as unsaved (a secret shown once, say). */
  alsoUnsaved?: () => boolean;
  unsavedMessage?: string;
  /** After a 412: keeps each field changed here over the latest version (default keepTypedChanges). */
  keepTyped?: (typed: F, readBefore: F, latest: F) => F;
  /** Runs once a loaded record is in the form and any draft from earlier in this tab is back. */
  onLoaded?: (record: T) => void;
}

export interface SavePlan<T, C> {
  /** Errors found before sending, by field; nothing is sent while there are any. */
  check?: () => Partial<Record<string, string>>;
  /** Field → input id, in the order the form shows them: the first with an error gets focus. */
  fieldIds?: Readonly<Record<string, string>>;
  /** What changed, as the API's PATCH body. */
  changes: (record: T) => C;
  /** Sends the changes with the ETag the record was read with. */
  send: (etag: string, changes: C) => Promise<ApiResult<T>>;
  /** Saying "nothing to save" instead of sending an empty change (default true). */
  skipUnchanged?: boolean;
}

/** What a save came to; the page chooses its words for each. */
export type SaveOutcome = 'invalid' | 'unchanged' | 'saved' | 'stale' | 'denied' | 'failed';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The lifecycle of a record that can be changed, in the manner of Directus' `use-item`: load it
 * (with the not-found, denied and problem states), keep its ETag, fill a form with it (keeping
 * what is typed as a draft, and warning before it is lost), save with If-Match, and when someone
 * else changed it first (412) keep what was typed and offer to reload the latest version.
 * Pages keep only their fields and words.
 */
export function useRecord<T, F, Extra extends string = never>(options: RecordOptions<T, F, Extra>) {
  const { onLoaded, immediate = true, ...loadOptions } = options;
  const etag = ref('');
  const form = ref(options.emptyForm()) as Ref<F>;
  const draft = useLoadedDraft(options.draftKey, form);
  /** The problem with the last thing sent (a save, a reload); `loadProblem` is why the record could not be shown. */
  const problem = ref<Problem | null>(null);
  const errors = ref<Partial<Record<string, string>>>({});
  /** Someone else changed the record since it was read: the 412 alert is showing. */
  const stale = ref(false);
  /** What the page is waiting for: 'save', 'reload', or a page's own action. */
  const busy = ref<string | null>(null);

  const loaded = useLoad<T, Extra>(options.fetch, {
    ...loadOptions,
    immediate: false,
    onLoaded(data, answerEtag) {
      etag.value = answerEtag ?? '';
      form.value = options.formOf(data);
    },
  });
  const record = loaded.data;

  function afterShow(result: ApiResult<T>) {
    if (!result.ok) return;
    draft.start();
    onLoaded?.(result.data);
  }
  async function load() {
    const result = await loaded.load();
    afterShow(result);
    return result;
  }
  function show(result: ApiResult<T>) {
    loaded.show(result);
    afterShow(result);
  }
  if (getCurrentInstance()) {
    onMounted(() => {
      if (toValue(immediate)) void load();
    });
  }

  const dirty = computed(() => {
    const saved = record.value;
    if (saved === null) return false;
    return options.dirty ? options.dirty(saved, form.value) : !sameJson(options.formOf(saved), form.value);
  });
  useUnsavedChanges(() => dirty.value || (options.alsoUnsaved?.() ?? false), {
    ...(options.unsavedMessage ? { message: options.unsavedMessage } : {}),
  });

  /**
   * Takes a version the API answered with as the record. With `resetForm` (the default) the form
   * shows it and the draft starts afresh, as after a save.
   */
  function accept(data: T, answerEtag: string | null, { resetForm = true } = {}) {
    record.value = data;
    etag.value = answerEtag ?? etag.value;
    stale.value = false;
    if (resetForm) {
      form.value = options.formOf(data);
      draft.restart();
    }
  }

  /** A failed write: the 412 alert, the denied page, or the problem with its field errors. */
  function showFailure(result: { problem: Problem; status: number }): SaveOutcome {
    if (result.status === 412) {
      stale.value = true;
      return 'stale';
    }
    if (result.status === 403 && options.onDenied) {
      options.onDenied();
      return 'denied';
    }
    problem.value = result.problem;
    errors.value = fieldErrors(result.problem);
    return 'failed';
  }

  async function focusFirstError(fieldIds: Readonly<Record<string, string>> | undefined) {
    if (!fieldIds) return;
    await nextTick();
    const first = Object.keys(fieldIds).find((field) => errors.value[field]);
    if (first) document.getElementById(fieldIds[first]!)?.focus();
  }

  async function save<C extends object>(plan: SavePlan<T, C>): Promise<SaveOutcome> {
    const saved = record.value;
    if (saved === null || busy.value === 'save') return 'failed';
    errors.value = plan.check?.() ?? {};
    problem.value = validationProblem(errors.value);
    if (problem.value) {
      await focusFirstError(plan.fieldIds);
      return 'invalid';
    }
    const changes = plan.changes(saved);
    if ((plan.skipUnchanged ?? true) && Object.keys(changes).length === 0) return 'unchanged';
    busy.value = 'save';
    const result = await plan.send(etag.value, changes);
    busy.value = null;
    if (!result.ok) return showFailure(result);
    accept(result.data, result.etag);
    return 'saved';
  }

  /**
   * After someone else's change: the latest version becomes the record. With `keepTyped` each
   * field changed here keeps what was typed; without, the form shows the latest version.
   */
  async function reload(keepTyped: boolean): Promise<'kept' | 'discarded' | null> {
    busy.value = 'reload';
    const result = await options.fetch();
    busy.value = null;
    if (!result.ok) {
      problem.value = result.problem;
      return null;
    }
    const readBefore = record.value ? options.formOf(record.value) : form.value;
    const typed = form.value;
    accept(result.data, result.etag, { resetForm: !keepTyped });
    problem.value = null;
    if (!keepTyped) return 'discarded';
    const keep = options.keepTyped ?? (keepTypedChanges as (typed: F, readBefore: F, latest: F) => F);
    form.value = keep(typed, readBefore, options.formOf(result.data));
    return 'kept';
  }

  return {
    record,
    etag,
    state: loaded.state,
    loadProblem: loaded.problem,
    loading: loaded.loading,
    form,
    draft,
    dirty,
    problem,
    errors,
    stale,
    busy,
    load,
    show,
    save,
    reload,
    accept,
    showFailure,
    focusFirstError,
  };
}
