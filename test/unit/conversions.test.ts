import { describe, expect, it } from 'vitest';
import { conversionLabel, parseConversionLabel } from '../../src/normalize/unit.js';
import { ConversionTally } from '../../src/pipeline/conversions.js';

describe('conversions as values', () => {
  it('labels a conversion, and reads the label back exactly (a partial keys them by label)', () => {
    for (const c of [{ from: 'cây', factor: 200, unit: 'sticks' }, { from: 'lb', factor: 0.45359237, unit: 'kg' }, { from: 'g × x', factor: 1e-6, unit: 'kg' }]) {
      expect(parseConversionLabel(conversionLabel(c))).toEqual(c);
    }
    expect(conversionLabel({ from: 'KG', factor: 1, unit: 'kg' })).toBe('');
    expect(conversionLabel({ from: 'kilogram', factor: 1, unit: 'kg' })).toBe('kilogram × 1 → kg');
    expect(parseConversionLabel('not a conversion')).toBeUndefined();
    expect(parseConversionLabel('g × abc → kg')).toBeUndefined();
  });

  it('tallies conversions in first-seen order, equal ones merged across tables and partials, identities left out', () => {
    const t = new ConversionTally();
    const g = { from: 'g', factor: 0.001, unit: 'kg' as const };
    const g2 = { ...g }; // the same conversion from another file's unit table
    const kg = { from: 'kg', factor: 1, unit: 'kg' as const };
    const cay = { from: 'cây', factor: 200, unit: 'sticks' as const };
    for (const c of [g, g, kg, cay, g2, g, kg]) t.add(c);
    t.addCounted({ from: 'cây', factor: 200, unit: 'sticks', count: 5 });
    t.addCounted({ from: 'lb', factor: 0.45359237, unit: 'kg', count: 2 });
    expect(t.list()).toEqual([
      { from: 'g', factor: 0.001, unit: 'kg', count: 4 },
      { from: 'cây', factor: 200, unit: 'sticks', count: 6 },
      { from: 'lb', factor: 0.45359237, unit: 'kg', count: 2 },
    ]);
  });
});
