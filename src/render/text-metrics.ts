/**
 * Text measurement shared by the charts and the route map: the advances of the
 * report's fonts from a table (no canvas), so layouts and bytes are reproducible.
 */
export const LABEL_FONT_SIZE = 11;

/**
 * A stand-in with the glyphs d3-format ',' prints for `v` (digits, separators, the
 * minus sign U+2212), for measuring only; Intl would cost ~20 ms to warm up.
 */
export function numberShape(v: number): string {
  const [int = '', frac] = String(Math.abs(v)).split('.');
  if (int.includes('e')) return String(v);
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${v < 0 ? '\u2212' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** A category label as at most three lines of `max` px (joined by newlines), the last cut by vega if still too long. */
export function wrapLabel(label: string, max: number): string {
  if (textWidth(label, LABEL_FONT_SIZE, false) <= max) return label;
  const lines = wrapText(label, max, LABEL_FONT_SIZE, false);
  return lines.length <= 3 ? lines.join('\n') : `${lines.slice(0, 2).join('\n')}\n${lines.slice(2).join(' ')}`;
}

/** Whether horizontal category labels fit side by side in the plot width. */
export function labelsFit(labels: readonly string[], width: number): boolean {
  const step = (width - 80) / Math.max(labels.length, 1);
  return labels.every((l) => textWidth(l, LABEL_FONT_SIZE, false) <= step - 6);
}

// ---- text measurement ------------------------------------------------------------
// Without node-canvas vega guesses 0.8 em per character, which truncates labels with
// "…" far too early and leaves wide empty gutters. These are the advances of
// max(Noto Sans, DejaVu Sans) for U+0020..U+007E in hundredths of an em, measured in
// Chromium; they never under-estimate either font, and they do not depend on
// whether a canvas package happens to be installed, so output stays reproducible.
const ASCII_WIDTHS = [
  32, 40, 46, 84, 64, 95, 78, 28, 39, 39, 55, 84, 32, 36, 32, 37, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 53,
  100, 68, 69, 70, 77, 63, 58, 78, 75, 34, 30, 66, 56, 91, 76, 79, 60, 79, 70, 64, 61, 73, 68, 99, 68, 61, 68, 39, 37, 39, 84, 50,
  50, 61, 64, 55, 64, 62, 35, 64, 63, 28, 28, 58, 28, 97, 63, 61, 64, 64, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 55, 64, 84,
];
const BOLD_FACTOR = 1.12;
const COMBINING = /\p{M}/u;

function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  const ascii = ASCII_WIDTHS[code - 32];
  if (ascii !== undefined) return ascii / 100;
  if (COMBINING.test(ch)) return 0;
  if (ch === 'đ') return 0.64;
  if (ch === 'Đ') return 0.78;
  // dashes, ellipsis, CJK and other wide forms
  return code >= 0x2000 ? 1 : 0.7;
}

export function textWidth(text: string, fontSize: number, bold: boolean): number {
  let em = 0;
  // NFD: Vietnamese "ố" becomes "o" plus two zero-width combining marks
  for (const ch of text.normalize('NFD')) em += charWidth(ch);
  return em * fontSize * (bold ? BOLD_FACTOR : 1);
}

/** Breaks a title into lines that fit `max` px; vega would let it run off the SVG. */
export function wrapText(text: string, max: number, fontSize: number, bold: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next, fontSize, bold) > max) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines;
}
