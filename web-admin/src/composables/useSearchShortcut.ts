import { onBeforeUnmount, onMounted } from 'vue';

/** Elements where "/" is something being typed, not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/** Finds the page's search box: one marked `data-search`, else the first search input. */
export function findSearchBox(root: ParentNode = document): HTMLElement | null {
  return root.querySelector<HTMLElement>('[data-search]') ?? root.querySelector<HTMLElement>('input[type="search"]');
}

export function handleSearchShortcut(event: KeyboardEvent, root: ParentNode = document): boolean {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return false;
  if (isTyping(event.target)) return false;
  const box = findSearchBox(root);
  if (!box) return false;
  event.preventDefault();
  box.focus();
  return true;
}

/** "/" jumps to the page's search box, as on many sites people use every day. */
export function useSearchShortcut(): void {
  const listener = (event: KeyboardEvent) => handleSearchShortcut(event);
  onMounted(() => document.addEventListener('keydown', listener));
  onBeforeUnmount(() => document.removeEventListener('keydown', listener));
}
