import { ref } from 'vue';
import type { ConversationsApi, Colleague } from './api';

const colleagues = ref<Colleague[] | null>(null);
let loading: Promise<void> | null = null;

/** Active colleagues, read once per page load: names on a story's timeline and whom to invite. */
export function useColleagues(api: ConversationsApi) {
  if (!colleagues.value && !loading) {
    loading = api.colleagues().then((result) => {
      colleagues.value = result.ok ? result.data.items : [];
      loading = null;
    });
  }
  const nameOf = (id: string | null | undefined, me?: string | null) => {
    if (!id) return 'someone';
    if (id === me) return 'you';
    return colleagues.value?.find((c) => c.id === id)?.displayName ?? 'a colleague';
  };
  return { colleagues, nameOf };
}

/** For tests: forget what was read. */
export function forgetColleagues() {
  colleagues.value = null;
  loading = null;
}
