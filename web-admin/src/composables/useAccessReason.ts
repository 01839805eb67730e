import { ref } from 'vue';
import { needsReason } from '@/api/accessReason';
import type { ApiResult } from '@/api/result';
import type { Failure } from './useRequest';

/**
 * The "break glass" question a page asks before it opens a restricted person's record: whether
 * it is asking, the reason once given (it then goes with every read of the record on the page, and
 * so to the audit trail), and the read made with it.
 *
 * `classify` goes to the page's `useLoad`/`useRecord`: the API's `403 reason_required` becomes the
 * page's 'restricted' state, with the question open. `give` is the dialog's submit: it reads with
 * the reason and hands back the answer for the page to show, or undefined when the API refused the
 * reason itself (the dialog then says why and stays open).
 */
export function useAccessReason<T>(read: (reason: string) => Promise<ApiResult<T>>) {
  const reason = ref<string | undefined>(undefined);
  const asking = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);

  function classify(failure: Failure): 'restricted' | undefined {
    if (!needsReason(failure)) return undefined;
    asking.value = true;
    return 'restricted';
  }

  async function give(text: string): Promise<ApiResult<T> | undefined> {
    busy.value = true;
    error.value = null;
    const result = await read(text);
    busy.value = false;
    if (!result.ok && result.status === 400) {
      error.value = 'Give a reason of 3 to 500 characters';
      return undefined;
    }
    if (result.ok) reason.value = text;
    asking.value = false;
    return result;
  }

  return { reason, asking, busy, error, classify, give };
}
