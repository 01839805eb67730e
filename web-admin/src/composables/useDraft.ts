import { getCurrentScope, onScopeDispose, ref, watch, type Ref } from 'vue';

const PREFIX = 'threefold:draft:';

interface StoredDraft<T> {
  v: 1;
  savedAt: string;
  value: T;
}

export interface DraftOptions {
  /** Defaults to sessionStorage: one tab, gone when the tab closes, never shared with another browser. */
  storage?: Storage;
}

export interface Draft {
  /** True when a draft from earlier in this tab was put back into the form. */
  restored: Ref<boolean>;
  /** When the draft was last saved (ISO), or null. */
  savedAt: Ref<string | null>;
  /** Forget the draft, e.g. once the form has been saved. */
  clear(): void;
}

function defaultStorage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    // Storage can be switched off by policy; drafts are then simply not kept.
    return undefined;
  }
}

/**
 * Keeps what someone is typing in `source` as a draft under `key`, and puts it back if the page
 * is reloaded or they come back to the form in the same tab. Store only what is safe to keep on
 * this device: never passwords or codes.
 */
export function useDraft<T>(key: string, source: Ref<T>, options: DraftOptions = {}): Draft {
  const storage = options.storage ?? defaultStorage();
  const storageKey = PREFIX + key;
  const restored = ref(false);
  const savedAt = ref<string | null>(null);
  // An untouched form is not a draft: only a change from the starting value is kept.
  const initial = JSON.stringify(source.value);

  try {
    const raw = storage?.getItem(storageKey);
    if (raw) {
      const stored = JSON.parse(raw) as Partial<StoredDraft<T>>;
      if (stored.v === 1 && 'value' in stored) {
        source.value = stored.value as T;
        restored.value = true;
        savedAt.value = stored.savedAt ?? null;
      }
    }
  } catch {
    storage?.removeItem(storageKey);
  }

  const stop = watch(
    source,
    (value) => {
      if (!storage) return;
      try {
        if (JSON.stringify(value) === initial) {
          storage.removeItem(storageKey);
          savedAt.value = null;
          return;
        }
        const draft: StoredDraft<T> = { v: 1, savedAt: new Date().toISOString(), value };
        storage.setItem(storageKey, JSON.stringify(draft));
        savedAt.value = draft.savedAt;
      } catch {
        // Quota exceeded or storage blocked: the form still works, it just is not kept.
      }
    },
    { deep: true, flush: 'sync' },
  );
  if (getCurrentScope()) onScopeDispose(stop);

  return {
    restored,
    savedAt,
    clear() {
      try {
        storage?.removeItem(storageKey);
      } catch {
        // nothing to do
      }
      restored.value = false;
      savedAt.value = null;
    },
  };
}

/** Forgets every draft in this tab: on sign-out, so the next colleague at this computer sees none. */
export function clearAllDrafts(storage: Storage | undefined = defaultStorage()): void {
  if (!storage) return;
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  } catch {
    // nothing to do
  }
}
