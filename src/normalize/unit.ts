import { AliasTable } from './text.js';

export type CanonicalUnit = 'kg' | 'l' | 'pieces' | 'sticks';

/** Canonical unit order used in every table and output. */
export const CANONICAL_UNITS: readonly CanonicalUnit[] = ['kg', 'l', 'pieces', 'sticks'];

export interface UnitConversion {
  /** The unit as the source wrote it, trimmed (for the conversions annex). */
  readonly from: string;
  readonly unit: CanonicalUnit;
  /** Multiply the source quantity by this to get the canonical quantity. */
  readonly factor: number;
}

/** A unit conversion, and how many accepted records it was applied to. */
export interface ConversionCount {
  readonly from: string;
  readonly factor: number;
  readonly unit: string;
  readonly count: number;
}

/** "cây × 200 → sticks" (the partial's key and `--report-json`'s); '' for a unit read as itself ("kg" as kg). */
export function conversionLabel(c: { readonly from: string; readonly factor: number; readonly unit: string }): string {
  return c.factor === 1 && c.from.toLowerCase() === c.unit ? '' : `${c.from} × ${c.factor} → ${c.unit}`;
}

/** A label made by conversionLabel, as a conversion (a partial's conversions are keyed by label); undefined when not one. */
export function parseConversionLabel(label: string): { from: string; factor: number; unit: string } | undefined {
  const m = /^(.*) × (\S+) → (\S+)$/.exec(label);
  return m && Number.isFinite(Number(m[2])) ? { from: m[1]!, factor: Number(m[2]), unit: m[3]! } : undefined;
}

/** Stick counts of cigarette packagings; a campaign may override them (`units:`). */
export const DEFAULT_STICKS = { pack: 20, carton: 200 } as const;

const LB = 0.45359237; // international avoirdupois pound, exact
const OZ = LB / 16;

function builtinUnits(sticks: { pack: number; carton: number }): [string, [CanonicalUnit, number]][] {
  const u: [string, [CanonicalUnit, number]][] = [];
  const add = (unit: CanonicalUnit, factor: number, ...aliases: string[]) => {
    for (const a of aliases) u.push([a, [unit, factor]]);
  };
  add('kg', 1, 'kg', 'kgs', 'kilogram', 'kilograms', 'kilogramme', 'kilô', 'ký', 'cân');
  add('kg', 0.001, 'g', 'gr', 'gram', 'grams', 'gramme', 'gam');
  add('kg', 1e-6, 'mg', 'milligram', 'milligrams');
  add('kg', 1000, 't', 'tonne', 'tonnes', 'metric ton', 'metric tons', 'tấn');
  add('kg', LB, 'lb', 'lbs', 'pound', 'pounds');
  add('kg', OZ, 'oz', 'ounce', 'ounces');
  add('l', 1, 'l', 'litre', 'litres', 'liter', 'liters', 'lít', 'lit');
  add('l', 0.001, 'ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters');
  add('l', 0.01, 'cl');
  add('pieces', 1, 'pieces', 'piece', 'pcs', 'pc', 'tablets', 'tablet', 'tabs', 'viên', 'units', 'unit', 'specimens', 'specimen', 'con', 'heads', 'head', 'cá thể', 'items', 'item', 'chiếc', 'cái');
  add('sticks', 1, 'sticks', 'stick', 'cigarettes', 'cigarette', 'điếu');
  add('sticks', sticks.pack, 'pack', 'packs', 'packet', 'packets', 'bao');
  add('sticks', sticks.carton, 'carton', 'cartons', 'cây', 'tút');
  return u;
}

export interface UnitTable {
  normalize(raw: string): UnitConversion | undefined;
}

export function createUnitTable(sticks: { pack: number; carton: number } = DEFAULT_STICKS): UnitTable {
  const table = new AliasTable<[CanonicalUnit, number]>(builtinUnits(sticks));
  const cache = new Map<string, UnitConversion | undefined>();
  return {
    normalize(raw) {
      let hit = cache.get(raw);
      if (hit === undefined && !cache.has(raw)) {
        const t = table.get(raw);
        hit = t ? { from: raw.trim(), unit: t[0], factor: t[1] } : undefined;
        if (cache.size < 10_000) cache.set(raw, hit);
      }
      return hit;
    },
  };
}

/** Canonical units one expects for each commodity; others earn an UNUSUAL_UNIT warning. */
export const USUAL_UNITS: Record<string, readonly CanonicalUnit[]> = {
  drugs: ['kg', 'l', 'pieces'],
  precursors: ['kg', 'l'],
  cites: ['pieces', 'kg'],
  tobacco: ['sticks', 'kg'],
};
