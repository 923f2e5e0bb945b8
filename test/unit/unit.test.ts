import { describe, expect, it } from 'vitest';
import { CANONICAL_UNITS, createUnitTable, USUAL_UNITS } from '../../src/normalize/unit.js';

const KG_PER_LB = 0.45359237; // international avoirdupois pound, exact by definition (1959)

describe('createUnitTable (default sticks)', () => {
  const units = createUnitTable();

  it.each([
    ['kg', 'kg', 1],
    ['KG', 'kg', 1],
    ['Kgs', 'kg', 1],
    ['g', 'kg', 0.001],
    ['gam', 'kg', 0.001],
    ['mg', 'kg', 1e-6],
    ['t', 'kg', 1000],
    ['tấn', 'kg', 1000],
    ['lb', 'kg', KG_PER_LB],
    ['lbs', 'kg', KG_PER_LB],
    ['oz', 'kg', KG_PER_LB / 16],
    ['l', 'l', 1],
    ['lít', 'l', 1],
    ['ml', 'l', 0.001],
    ['pieces', 'pieces', 1],
    ['pcs', 'pieces', 1],
    ['tablets', 'pieces', 1],
    ['viên', 'pieces', 1],
    ['units', 'pieces', 1],
    ['specimens', 'pieces', 1],
    ['con', 'pieces', 1],
    ['heads', 'pieces', 1],
    ['sticks', 'sticks', 1],
    ['điếu', 'sticks', 1],
    ['pack', 'sticks', 20],
    ['bao', 'sticks', 20],
    ['carton', 'sticks', 200],
    ['cây', 'sticks', 200],
  ])('%j → %s × %d', (raw, unit, factor) => {
    const c = units.normalize(raw);
    expect(c?.unit).toBe(unit);
    expect(c?.factor).toBeCloseTo(factor, 15);
  });

  it('an ounce is 28.349523125 g', () => {
    expect(units.normalize('oz')!.factor * 1000).toBeCloseTo(28.349523125, 12);
  });

  it('keeps the unit as written, trimmed, for the conversions annex', () => {
    expect(units.normalize('  Lbs ')).toEqual({ from: 'Lbs', unit: 'kg', factor: KG_PER_LB });
  });

  it('accepts Vietnamese units without diacritics when unambiguous', () => {
    expect(units.normalize('vien')?.unit).toBe('pieces');
    expect(units.normalize('tan')?.factor).toBe(1000);
    expect(units.normalize('dieu')?.unit).toBe('sticks');
    expect(units.normalize('ĐIẾU')?.unit).toBe('sticks');
  });

  it.each(['sacks', 'cartoon', 'kgx', '', 'boxes', 'kg/l'])('rejects %j', (raw) => {
    expect(units.normalize(raw)).toBeUndefined();
  });

  it('gives the same answer on a cached second lookup', () => {
    expect(units.normalize('carton')).toEqual(units.normalize('carton'));
    expect(units.normalize('nope')).toBeUndefined();
    expect(units.normalize('nope')).toBeUndefined();
  });
});

describe('createUnitTable with campaign stick overrides', () => {
  it('uses the campaign pack and carton sizes', () => {
    const units = createUnitTable({ pack: 10, carton: 100 });
    expect(units.normalize('pack')).toMatchObject({ unit: 'sticks', factor: 10 });
    expect(units.normalize('bao')).toMatchObject({ unit: 'sticks', factor: 10 });
    expect(units.normalize('carton')).toMatchObject({ unit: 'sticks', factor: 100 });
    expect(units.normalize('cây')).toMatchObject({ unit: 'sticks', factor: 100 });
    expect(units.normalize('sticks')).toMatchObject({ unit: 'sticks', factor: 1 });
  });

  it('does not leak overrides into another table', () => {
    createUnitTable({ pack: 10, carton: 100 });
    expect(createUnitTable().normalize('pack')?.factor).toBe(20);
  });
});

describe('canonical units', () => {
  it('are ordered kg, l, pieces, sticks', () => {
    expect(CANONICAL_UNITS).toEqual(['kg', 'l', 'pieces', 'sticks']);
  });
  it('tobacco is usually counted in sticks or weighed', () => {
    expect(USUAL_UNITS.tobacco).toEqual(['sticks', 'kg']);
  });
});
