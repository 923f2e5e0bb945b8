/**
 * TOTALS_MISMATCH: a totals row that gives a quantity and unit is checked
 * against the records above it in that (canonical) unit — in its sheet for a
 * workbook, else in its file — and, for subtotals, against those since the
 * totals row before it. Every record that became one counts, duplicates and
 * out-of-scope ones too (the agency's sheet sums its rows); rows rejected
 * before they became records have no trusted quantity, and the warning says how many.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { CANONICAL_UNITS } from '../normalize/unit.js';
import type { RowNote } from './read-unit.js';
import type { FileSummary } from './types.js';

const checks = new WeakMap<FileSummary, TotalsCheck>();

/** Sums per canonical unit, in CANONICAL_UNITS order (a record's unit is always one of them). */
const UNIT_AT: Readonly<Record<string, number>> = Object.fromEntries(CANONICAL_UNITS.map((u, i) => [u, i]));

export class TotalsCheck {
  /** Above here in the sheet or file, and since the last totals row. */
  private readonly all = new Float64Array(CANONICAL_UNITS.length);
  private readonly since = new Float64Array(CANONICAL_UNITS.length);
  /** Rows rejected before they became records, above here. */
  rejected = 0;
  /** The workbook sheet being read (the ledger's diagnostics name it too). */
  sheet: string | undefined;

  /** The check of one file (across the units it is read in). */
  static of(summary: FileSummary): TotalsCheck {
    let c = checks.get(summary);
    if (!c) checks.set(summary, (c = new TotalsCheck()));
    return c;
  }

  add(unit: string, quantity: number): void {
    const k = UNIT_AT[unit]!;
    this.all[k]! += quantity;
    this.since[k]! += quantity;
  }

  /** A new sheet: its totals are of its own rows. */
  restart(sheet: string): void {
    this.sheet = sheet;
    this.all.fill(0);
    this.since.fill(0);
    this.rejected = 0;
  }

  /** The warning a totals row earns, if any. */
  check(file: string, n: Extract<RowNote, { kind: 'totals' }>): Diagnostic | undefined {
    const f = n.figure;
    const since = f === undefined ? 0 : this.since[UNIT_AT[f.unit]!]!;
    this.since.fill(0);
    if (f === undefined) return undefined;
    const above = this.all[UNIT_AT[f.unit]!]!;
    if (same(f.quantity, above) || same(f.quantity, since)) return undefined;
    const where = n.sheet !== undefined ? 'in this sheet' : 'in this file';
    const rejected = this.rejected > 0 ? `; ${this.rejected} row(s) above it were rejected, and their quantities are not in the sum` : '';
    return {
      severity: 'warning',
      code: 'TOTALS_MISMATCH',
      file,
      ...(n.sheet !== undefined ? { sheet: n.sheet } : {}),
      line: n.line,
      field: 'quantity',
      value: f.text,
      message: `the totals row says ${round(f.quantity)} ${f.unit}; the records above it ${where} sum to ${round(above)} ${f.unit}`,
      hint: `a row missing from the export, or a total typed by hand?${rejected}`,
    };
  }
}

/** Equal to 3 decimals (as the aggregate table gives quantities), or to a millionth of the figure. */
function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.0005, Math.abs(b) * 1e-6);
}

function round(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
