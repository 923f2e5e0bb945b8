/** TOTALS_MISMATCH: a totals row against the records above it, or since the totals row before it. */
import { describe, expect, it } from 'vitest';
import { TotalsCheck } from '../../src/pipeline/totals-check.js';
import type { FileSummary } from '../../src/pipeline/types.js';

const summary = (): FileSummary => ({ file: 'data/x.xlsx', sha256: '', bytes: 0, encoding: '', read: 0, accepted: 0, rejected: 0, duplicates: 0, out_of_scope: 0 });
const totals = (line: number, quantity: number, unit: 'kg' | 'l' = 'kg') => ({ kind: 'totals' as const, line, figure: { quantity, unit, text: `${quantity} ${unit}` } });

describe('TotalsCheck', () => {
  it('subtotals per group, then a grand total of everything above; other units apart', () => {
    const c = TotalsCheck.of(summary());
    c.add('kg', 1.25);
    c.add('kg', 2.5);
    c.add('l', 7);
    expect(c.check('f', totals(4, 3.75))).toBeUndefined();
    c.add('kg', 10);
    expect(c.check('f', totals(6, 10))).toBeUndefined();
    expect(c.check('f', totals(7, 13.75))).toBeUndefined();
    expect(c.check('f', totals(8, 7, 'l'))).toBeUndefined();
    const d = c.check('f', totals(9, 14));
    expect(d).toMatchObject({ code: 'TOTALS_MISMATCH', line: 9, value: '14 kg' });
    expect(d!.message).toBe('the totals row says 14 kg; the records above it in this file sum to 13.75 kg');
  });

  it('equal to 3 decimals; a new sheet starts again; rejected rows above are named', () => {
    const c = TotalsCheck.of(summary());
    c.add('kg', 0.1);
    c.add('kg', 0.2);
    expect(c.check('f', totals(3, 0.3))).toBeUndefined();
    c.restart('Tháng 8');
    c.add('kg', 1);
    c.rejected++;
    const d = c.check('f', { ...totals(5, 2), sheet: 'Tháng 8' });
    expect(d).toMatchObject({ sheet: 'Tháng 8', line: 5 });
    expect(d!.hint).toContain('1 row(s) above it were rejected');
  });

  it('one check per file, across the units it is read in', () => {
    const s = summary();
    expect(TotalsCheck.of(s)).toBe(TotalsCheck.of(s));
    expect(TotalsCheck.of(summary())).not.toBe(TotalsCheck.of(s));
  });
});
