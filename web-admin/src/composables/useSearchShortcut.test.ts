import { afterEach, describe, expect, it } from 'vitest';
import { handleSearchShortcut } from './useSearchShortcut';

afterEach(() => {
  document.body.innerHTML = '';
});

function press(key: string, target: Element, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return { handled: handleSearchShortcut(event), event };
}

describe('"/" focuses the search box', () => {
  it('focuses the page’s search box from anywhere that is not a text field', () => {
    document.body.innerHTML = '<button id="b">x</button><input type="search" id="s" aria-label="Search people">';
    const { handled, event } = press('/', document.getElementById('b')!);
    expect(handled).toBe(true);
    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe('s');
  });

  it('prefers a box marked data-search', () => {
    document.body.innerHTML = '<input type="search" id="other"><input id="main" data-search>';
    press('/', document.body);
    expect(document.activeElement?.id).toBe('main');
  });

  it('leaves "/" alone while someone is typing, with modifiers, or when there is no search box', () => {
    document.body.innerHTML = '<textarea id="t"></textarea><input type="search" id="s">';
    expect(press('/', document.getElementById('t')!).handled).toBe(false);
    expect(press('/', document.body, { ctrlKey: true }).handled).toBe(false);
    document.body.innerHTML = '<p>no search here</p>';
    expect(press('/', document.body).handled).toBe(false);
  });
});
