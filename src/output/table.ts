import { escapeMarkdown } from '../util/escape.js';

/** Tabular output formats of `aggregate`; their columns are a documented contract. */
export const TABLE_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'md'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export type Cell = string | number;
export interface Table {
  readonly columns: readonly string[];
  /** Which columns hold numbers (written as numbers, never neutralized). */
  readonly numeric: ReadonlySet<string>;
  readonly rows: readonly (readonly Cell[])[];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP CSV injection: a text cell a spreadsheet would run as a formula gets a
 * leading apostrophe. Numeric columns are written as plain numbers and left alone.
 */
export function neutralizeFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function tsvCell(s: string): string {
  return s.replace(/[\t\r\n]+/g, ' ');
}

export function writeTable(t: Table, format: TableFormat): string {
  const isNum = t.columns.map((c) => t.numeric.has(c));
  // Numbers as JavaScript writes them: plain digits, no thousands separators, no exponent for normal magnitudes.
  // An empty numeric cell (no figure, e.g. no kg-equivalent factor) stays empty: never 0.
  const text = (v: Cell, i: number): string => (isNum[i] ? (v === '' ? '' : String(Number(v))) : String(v));
  switch (format) {
    case 'csv':
    case 'tsv': {
      const sep = format === 'csv' ? ',' : '\t';
      const esc = format === 'csv' ? csvCell : tsvCell;
      const lines = [t.columns.map(esc).join(sep)];
      for (const r of t.rows) lines.push(r.map((v, i) => (isNum[i] ? text(v, i) : esc(neutralizeFormula(String(v))))).join(sep));
      return lines.join('\n') + '\n';
    }
    case 'json':
    case 'ndjson': {
      const objs = t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, isNum[i] ? (r[i] === '' ? null : Number(r[i])) : String(r[i])])));
      return format === 'json' ? JSON.stringify(objs, null, 2) + '\n' : objs.map((o) => JSON.stringify(o)).join('\n') + (objs.length ? '\n' : '');
    }
    case 'md': {
      const head = `| ${t.columns.map(escapeMarkdown).join(' | ')} |`;
      const rule = `| ${t.columns.map((_c, i) => (isNum[i] ? '---:' : '---')).join(' | ')} |`;
      const body = t.rows.map((r) => `| ${r.map((v, i) => (isNum[i] ? text(v, i) || ' ' : escapeMarkdown(String(v)) || ' ')).join(' | ')} |`);
      return [head, rule, ...body].join('\n') + '\n';
    }
  }
}
