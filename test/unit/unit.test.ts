import { describe, expect, it } from 'vitest';
import { CANONICAL_UNITS, conversionLabel, createUnitTable, parseConversionLabel, unitWordOf } from '../../src/normalize/unit.js';

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
    const c = units.normalize(raw, 'tobacco');
    expect(c?.unit).toBe(unit);
    expect(c?.factor).toBeCloseTo(factor, 15);
  });

  it('an ounce is 28.349523125 g', () => {
    expect(units.normalize('oz', 'drugs')!.factor * 1000).toBeCloseTo(28.349523125, 12);
  });

  it('keeps the unit as written, trimmed, for the conversions annex', () => {
    expect(units.normalize('  Lbs ', 'drugs')).toEqual({ from: 'Lbs', unit: 'kg', factor: KG_PER_LB });
  });

  it('accepts Vietnamese units without diacritics when unambiguous', () => {
    expect(units.normalize('vien', 'tobacco')?.unit).toBe('pieces');
    expect(units.normalize('tan', 'tobacco')?.factor).toBe(1000);
    expect(units.normalize('dieu', 'tobacco')?.unit).toBe('sticks');
    expect(units.normalize('ĐIẾU', 'tobacco')?.unit).toBe('sticks');
  });

  it('reads a spelling that folds like two spellings of one unit as that unit ("lìt" like "lít" and "lit"), as it reads "kiló" like "kilô"', () => {
    expect(units.normalize('lìt', 'drugs')).toEqual({ from: 'lìt', unit: 'l', factor: 1 });
    expect(units.normalize('LỈT', 'drugs')).toEqual({ from: 'LỈT', unit: 'l', factor: 1 });
    expect(unitWordOf('lìt')).toBe('l');
    expect(units.normalize('kiló', 'drugs')).toEqual({ from: 'kiló', unit: 'kg', factor: 1 });
    expect(unitWordOf('kiló')).toBe('kg');
  });

  it.each([
    ['KGM', 'kg', 1],
    ['GRM', 'kg', 0.001],
    ['TNE', 'kg', 1000],
    ['LTR', 'l', 1],
    ['MTQ', 'l', 1000],
    ['PCE', 'pieces', 1],
    ['NAR', 'pieces', 1],
    ['PR', 'pieces', 2],
    ['MTK', 'm2', 1],
  ])('UN/ECE Recommendation 20 code %j (customs declarations) → %s × %d', (raw, unit, factor) => {
    expect(units.normalize(raw, 'drugs')).toEqual({ from: raw, unit, factor });
  });

  it('reads a spelling with an abbreviation\'s period as without it ("kg.", "Lbs.", "pcs.", "ctns." of tobacco), keeping it as written', () => {
    expect(units.normalize('kg.', 'drugs')).toEqual({ from: 'kg.', unit: 'kg', factor: 1 });
    expect(units.normalize(' Lbs. ', 'drugs')).toEqual({ from: 'Lbs.', unit: 'kg', factor: KG_PER_LB });
    expect(units.normalize('pcs.', 'cites')).toEqual({ from: 'pcs.', unit: 'pieces', factor: 1 });
    expect(units.normalize('ctns.', 'tobacco')).toEqual({ from: 'ctns.', unit: 'sticks', factor: 200 });
    expect(unitWordOf('pcs.')).toBe('piece');
    // One period only, and not a period alone.
    expect(units.normalize('kg..', 'drugs')).toBeUndefined();
    expect(units.normalize('.', 'drugs')).toBeUndefined();
    expect(unitWordOf('.')).toBeUndefined();
  });

  it('does not read MIL (a thousand items), whose unit would depend on the goods', () => {
    expect(units.normalize('MIL', 'tobacco')).toBeUndefined();
  });

  it.each(['sacks', 'cartoon', 'kgx', '', 'kg/l', 'm4', 'cases', 's'])('rejects %j', (raw) => {
    expect(units.normalize(raw, 'cites')).toBeUndefined();
  });

  it('gives the same answer on a cached second lookup', () => {
    expect(units.normalize('carton', 'tobacco')).toEqual(units.normalize('carton', 'tobacco'));
    expect(units.normalize('nope', 'tobacco')).toBeUndefined();
    expect(units.normalize('nope', 'tobacco')).toBeUndefined();
  });
});

describe('createUnitTable with campaign stick overrides', () => {
  it('uses the campaign pack and carton sizes', () => {
    const units = createUnitTable({ pack: 10, carton: 100 });
    expect(units.normalize('pack', 'tobacco')).toMatchObject({ unit: 'sticks', factor: 10 });
    expect(units.normalize('bao', 'tobacco')).toMatchObject({ unit: 'sticks', factor: 10 });
    expect(units.normalize('carton', 'tobacco')).toMatchObject({ unit: 'sticks', factor: 100 });
    expect(units.normalize('cây', 'tobacco')).toMatchObject({ unit: 'sticks', factor: 100 });
    expect(units.normalize('sticks', 'tobacco')).toMatchObject({ unit: 'sticks', factor: 1 });
  });

  it('does not leak overrides into another table', () => {
    createUnitTable({ pack: 10, carton: 100 });
    expect(createUnitTable().normalize('pack', 'tobacco')?.factor).toBe(20);
  });
});

describe('canonical units', () => {
  it('are ordered kg, l, pieces, sticks, packages, m, m2: one column each, never summed across', () => {
    expect(CANONICAL_UNITS).toEqual(['kg', 'l', 'pieces', 'sticks', 'packages', 'm', 'm2']);
  });
});

describe('units that know the commodity', () => {
  const units = createUnitTable();

  it.each([
    ['pack', 20],
    ['packs', 20],
    ['bao', 20],
    ['gói', 20],
    ['갑', 20],
    ['carton', 200],
    ['cartons', 200],
    ['cây', 200],
    ['tút', 200],
    ['보루', 200],
  ])('%j of tobacco is %d sticks', (raw, sticks) => {
    expect(units.normalize(raw, 'tobacco')).toEqual({ from: raw, unit: 'sticks', factor: sticks });
  });

  it.each(['cites', 'drugs', 'precursors', ''])('a carton of %j goods is one package, never sticks', (commodity) => {
    for (const raw of ['carton', 'Cartons', 'cây', 'pack', 'bao', '보루']) {
      expect(units.normalize(raw, commodity)).toEqual({ from: raw, unit: 'packages', factor: 1 });
    }
  });

  it.each([
    ['box', 'packages', 1],
    ['boxes', 'packages', 1],
    ['bag', 'packages', 1],
    ['parcel', 'packages', 1],
    ['package', 'packages', 1],
    ['flasks', 'packages', 1],
    ['hộp', 'packages', 1],
    ['kiện', 'packages', 1],
    ['m', 'm', 1],
    ['metres', 'm', 1],
    ['cm', 'm', 0.01],
    ['mm', 'm', 0.001],
    ['m2', 'm2', 1],
    ['m²', 'm2', 1],
    ['cm2', 'm2', 1e-4],
    ['m3', 'l', 1000],
    ['m³', 'l', 1000],
    ['cubic metres', 'l', 1000],
    ['pairs', 'pieces', 2],
    ['pair', 'pieces', 2],
    ['đôi', 'pieces', 2],
    ['그램', 'kg', 0.001],
    ['킬로그램', 'kg', 1],
    ['정', 'pieces', 1],
    ['개비', 'sticks', 1],
  ])('%j → %s × %d, whatever the goods', (raw, unit, factor) => {
    for (const commodity of ['tobacco', 'cites', 'drugs']) {
      const c = units.normalize(raw, commodity);
      expect(c?.unit).toBe(unit);
      expect(c?.factor).toBeCloseTo(factor, 15);
    }
  });

  it('both conversions of a packaging, by lookup', () => {
    expect(units.lookup('cây')).toEqual({ tobacco: { from: 'cây', unit: 'sticks', factor: 200 }, other: { from: 'cây', unit: 'packages', factor: 1 } });
    const kg = units.lookup('kg')!;
    expect(kg.tobacco).toBe(kg.other);
  });
});

describe('conversion labels (the conversions annex, partials)', () => {
  it('"from × factor → unit", and none for a unit read as itself', () => {
    expect(conversionLabel({ from: 'cây', factor: 200, unit: 'sticks' })).toBe('cây × 200 → sticks');
    expect(conversionLabel({ from: 'g', factor: 0.001, unit: 'kg' })).toBe('g × 0.001 → kg');
    expect(conversionLabel({ from: 'KG', factor: 1, unit: 'kg' })).toBe('');
    expect(conversionLabel({ from: 'kgs', factor: 1, unit: 'kg' })).toBe('kgs × 1 → kg');
    expect(conversionLabel({ from: 'box', factor: 1, unit: 'packages' })).toBe('box × 1 → packages');
  });

  it('read back from a label; anything else is not one', () => {
    expect(parseConversionLabel('cây × 200 → sticks')).toEqual({ from: 'cây', factor: 200, unit: 'sticks' });
    expect(parseConversionLabel('metric tons × 1000 → kg')).toEqual({ from: 'metric tons', factor: 1000, unit: 'kg' });
    expect(parseConversionLabel('cây × 200 → sticks and more')).toBeUndefined();
    expect(parseConversionLabel('cây × many → sticks')).toBeUndefined();
    expect(parseConversionLabel('cây 200 sticks')).toBeUndefined();
  });
});
