import {
  computed,
  getCurrentInstance,
  onMounted,
  ref,
  shallowRef,
  toValue,
  type MaybeRefOrGetter,
  type Ref,
} from 'vue';
import type { Problem } from '@/api/problems';
import type { ApiResult } from '@/api/result';

/** Where a page that reads something stands: the states every record page shows. */
export type LoadState = 'loading' | 'ready' | 'not-found' | 'denied' | 'problem';

/** A failed answer from the API, as `settle` gives it. */
export type Failure = Extract<ApiResult<unknown>, { ok: false }>;

export interface LoadOptions<T, Extra extends string = never> {
  /**
   * Load when the component mounts (the default), never (`false`: call `load()` yourself), or
   * only while a condition holds (colleagues without the permission do not ask; the API would refuse).
   */
  immediate?: MaybeRefOrGetter<boolean>;
  /** Statuses read as "not found"; a record page also counts 400 (an id that is not one). */
  notFound?: readonly number[];
  /**
   * Every failure is a problem to show, as a section inside a page does (the page around it has
   * its own not-found and denied states).
   */
  failuresAsProblems?: boolean;
  /** Called on 403 instead of showing the denied state (administration has its own page for it). */
  onDenied?: () => void;
  /** A page's own reading of a failure, e.g. a restricted record that asks for a reason. */
  classify?: (failure: Failure) => LoadState | Extra | undefined;
  /** Runs with every successful answer, before the page shows it as ready. */
  onLoaded?: (data: T, etag: string | null) => void;
}

export interface Load<T, Extra extends string = never> {
  /** The last data the API answered with, or null before the first answer. */
  data: Ref<T | null>;
  state: Ref<LoadState | Extra>;
  /** The problem to show when the state is 'problem'. */
  problem: Ref<Problem | null>;
  loading: Readonly<Ref<boolean>>;
  /** Asks the API again (a "Try again" button calls this). */
  load(): Promise<ApiResult<T>>;
  /** Shows an answer fetched some other way (e.g. once a reason for access is given). */
  show(result: ApiResult<T>): void;
}

/**
 * A problem ref, a loading state and a load function for a page or section that reads from the
 * API: the page keeps only its fields and words. `fetch` is one call of a feature's API module.
 */
export function useLoad<T, Extra extends string = never>(
  fetch: () => Promise<ApiResult<T>>,
  options: LoadOptions<T, Extra> = {},
): Load<T, Extra> {
  const data = shallowRef<T | null>(null) as Ref<T | null>;
  const state = ref<LoadState | Extra>('loading') as Ref<LoadState | Extra>;
  const problem = ref<Problem | null>(null);
  const notFound = options.notFound ?? [404];

  function show(result: ApiResult<T>) {
    if (result.ok) {
      options.onLoaded?.(result.data, result.etag);
      data.value = result.data;
      problem.value = null;
      state.value = 'ready';
      return;
    }
    let next = options.classify?.(result);
    if (next === undefined) {
      if (options.failuresAsProblems) next = 'problem';
      else if (result.status === 403 && options.onDenied) return options.onDenied();
      else if (result.status === 403) next = 'denied';
      else if (notFound.includes(result.status)) next = 'not-found';
      else next = 'problem';
    }
    state.value = next;
    if (next === 'problem') problem.value = result.problem;
  }

  async function load() {
    state.value = 'loading';
    problem.value = null;
    const result = await fetch();
    show(result);
    return result;
  }

  const immediate = options.immediate ?? true;
  if (getCurrentInstance()) {
    onMounted(() => {
      if (toValue(immediate)) void load();
    });
  }

  return { data, state, problem, loading: computed(() => state.value === 'loading'), load, show };
}

/**
 * The problem and busy flag of what a page sends (a form's create, an action's button): `send`
 * clears the last problem, marks the page busy while the API answers, and keeps a failure's
 * problem to show. The page still decides what a failure means for its own fields.
 */
export function useRequest() {
  const problem = ref<Problem | null>(null);
  /** Which request is on its way ('send' unless the page names it, e.g. a story's id and action). */
  const pending = ref<string | null>(null);
  const busy = computed(() => pending.value !== null);

  async function send<T>(call: () => Promise<ApiResult<T>>, key = 'send'): Promise<ApiResult<T>> {
    pending.value = key;
    problem.value = null;
    const result = await call();
    pending.value = null;
    if (!result.ok) problem.value = result.problem;
    return result;
  }

  return { problem, busy, pending, send };
}
