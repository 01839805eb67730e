/**
 * A chart's category labels, fitted to the room the chart has. Chart.js draws a label on one line
 * and cuts what does not fit (on a 390 px phone a long label lost its start); here a label is
 * broken into lines at spaces, and only a single word too long for a line is shortened with "…".
 * The full words stay in the table of numbers under every chart and in the canvas's description.
 */

/** Roughly how wide one character of the axis's 12 px font is, in pixels. */
export const AXIS_CHARACTER_PX = 6.5;

export function wrapLabel(text: string, maxChars: number, maxLines = 3): string[] {
  const width = Math.max(4, Math.floor(maxChars));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const fitted = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    if (!line) line = fitted;
    else if (line.length + 1 + fitted.length <= width) line = `${line} ${fitted}`;
    else {
      lines.push(line);
      line = fitted;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = last.length < width ? `${last}…` : `${last.slice(0, width - 1)}…`;
  return kept;
}

/**
 * How many characters a category label may have per line: a horizontal chart's labels may take
 * about two fifths of its width; a vertical chart's share the width between its categories.
 */
export function labelWidthInCharacters(chartWidth: number, categories: number, horizontal: boolean): number {
  const room = horizontal ? chartWidth * 0.4 : chartWidth / Math.max(1, categories);
  // A vertical chart with many categories shows only some labels (the rest are skipped), so a short
  // date such as "19 Sept" keeps one line.
  return Math.max(horizontal ? 6 : 10, Math.floor(room / AXIS_CHARACTER_PX));
}
