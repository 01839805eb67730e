import { describe, expect, it } from 'vitest';
import { labelWidthInCharacters, wrapLabel } from './chartLabels';

describe('chart labels fitted to the room they have', () => {
  it('breaks a long label into lines at spaces, each within the width, keeping every word', () => {
    const lines = wrapLabel('Conversation 3 → long-term support', 16);
    expect(lines).toEqual(['Conversation 3 →', 'long-term', 'support']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(16);
    expect(lines.join(' ')).toBe('Conversation 3 → long-term support');
  });

  it('leaves a label that fits alone', () => {
    expect(wrapLabel('Died', 10)).toEqual(['Died']);
  });

  it('shortens only what cannot be broken, and says so with an ellipsis', () => {
    expect(wrapLabel('Safeguarding', 8)).toEqual(['Safegua…']);
    const many = wrapLabel('one two three four five six seven eight', 9, 2);
    expect(many).toHaveLength(2);
    expect(many[1]!.endsWith('…')).toBe(true);
    for (const line of many) expect(line.length).toBeLessThanOrEqual(9);
  });

  it('gives a phone chart fewer characters a line than a desk one', () => {
    const phone = labelWidthInCharacters(340, 7, true);
    const desk = labelWidthInCharacters(1100, 7, true);
    expect(phone).toBeLessThan(desk);
    expect(phone * 6.5).toBeLessThanOrEqual(340 * 0.4);
    expect(labelWidthInCharacters(340, 91, false)).toBe(10);
    expect(wrapLabel('19 Sept', labelWidthInCharacters(340, 91, false))).toEqual(['19 Sept']);
  });
});
