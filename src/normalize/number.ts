/** Decimal separator of a source: "." (default) or ",". */
export type DecimalMark = '.' | ',';

const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS_DOT = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const THOUSANDS_COMMA = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const SPACES = /[\s\u00a0\u202f']/g;
const HAS_SPACE = /[\s\u00a0\u202f']/;

/**
 * Parses a number as an export writes it. With decimal "," the dot may only be a
 * thousands separator (1.234.567,8); with decimal "." the comma may only be one
 * (1,234,567.8). Spaces, NBSP and apostrophes as group separators are accepted.
 * Returns NaN when the text is not a finite number.
 */
// Stryker disable next-line StringLiteral: equivalent, only ',' is tested for: any other default reads '.'
export function parseNumber(raw: string, decimal: DecimalMark = '.'): number {
  // Equivalent mutants below: the spaces removed next include the ends (so trim() only saves
  // work); an empty string fails PLAIN anyway (so the early return only saves work); replacing
  // no space in a string without one changes nothing (so the test only saves work).
  // Stryker disable next-line MethodExpression: equivalent (see above)
  let s = raw.trim();
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent (see above)
  if (s === '') return NaN;
  // Stryker disable next-line ConditionalExpression: equivalent (see above)
  if (HAS_SPACE.test(s)) s = s.replace(SPACES, '');
  if (decimal === ',') {
    if (THOUSANDS_DOT.test(s)) s = s.replace(/\./g, '');
    else if (s.includes('.')) return NaN; // a dot with decimal comma is ambiguous: refuse
    s = s.replace(',', '.');
  } else if (THOUSANDS_COMMA.test(s)) {
    s = s.replace(/,/g, '');
  }
  if (!PLAIN.test(s)) return NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}
