import { AliasTable } from './text.js';

export type CanonicalUnit = 'kg' | 'l' | 'pieces' | 'sticks' | 'packages' | 'm' | 'm2';

/**
 * Canonical unit order used in every table and output: one per dimension
 * (mass, volume, count, cigarette sticks, packages of unknown content, length,
 * area), never summed across.
 */
export const CANONICAL_UNITS: readonly CanonicalUnit[] = ['kg', 'l', 'pieces', 'sticks', 'packages', 'm', 'm2'];

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

/**
 * A unit spelling's conversion. Cigarette packagings (pack, carton) hold sticks
 * only when the goods are tobacco: for any other commodity a carton is one
 * package of unknown content, never 200 of anything.
 */
export interface UnitSpec {
  readonly tobacco: UnitConversion;
  readonly other: UnitConversion;
}

/**
 * A built-in unit: its canonical unit and factor, the word it is (a key of the locale
 * files' `unitWords`), and the cigarette packaging it names. One object per unit, shared
 * by all its spellings: two spellings that differ only in diacritics ("lít", "lit") then
 * give the same value, so a third that folds like them ("lìt") is read as they are, as
 * "kiló" is read as "kilô"; only spellings of different units folding alike are ambiguous.
 */
interface BuiltinUnit {
  readonly unit: CanonicalUnit;
  readonly factor: number;
  readonly word: string;
  readonly packaging?: 'pack' | 'carton';
}

/**
 * The built-in spellings of each unit. The capitalized codes at the end of a line are UN/ECE
 * Recommendation 20's (KGM, LTR, PCE, NAR …), as customs declarations and their exports
 * (ASYCUDA, the WCO Data Model) write units. Rec 20's MIL (a thousand items: 1,000 sticks of
 * cigarettes, else 1,000 pieces) is not among them: its unit would depend on the goods.
 */
function builtinUnits(): [alias: string, unit: BuiltinUnit][] {
  const u: [string, BuiltinUnit][] = [];
  const add = (word: string, unit: CanonicalUnit, factor: number, ...aliases: string[]) => {
    const b: BuiltinUnit = { unit, factor, word };
    for (const a of aliases) u.push([a, b]);
  };
  add('kg', 'kg', 1, 'kg', 'kgs', 'kilogram', 'kilograms', 'kilogramme', 'kilos', 'kilô', 'ký', 'kí', 'cân', '킬로그램', '킬로', 'KGM');
  add('g', 'kg', 0.001, 'g', 'gr', 'gm', 'gms', 'gram', 'grams', 'gramme', 'gam', '그램', 'GRM');
  add('mg', 'kg', 1e-6, 'mg', 'milligram', 'milligrams', '밀리그램', 'MGM');
  add('t', 'kg', 1000, 't', 'tonne', 'tonnes', 'metric ton', 'metric tons', 'tấn', '톤', 'TNE');
  add('lb', 'kg', LB, 'lb', 'lbs', 'pound', 'pounds', 'LBR');
  add('oz', 'kg', OZ, 'oz', 'ounce', 'ounces', 'ONZ');
  add('l', 'l', 1, 'l', 'lt', 'lts', 'ltrs', 'litre', 'litres', 'liter', 'liters', 'lít', 'lit', '리터', 'LTR');
  add('ml', 'l', 0.001, 'ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters', 'cc', 'cm3', 'cm³', '밀리리터', 'MLT');
  add('cl', 'l', 0.01, 'cl', 'CLT');
  add('m3', 'l', 1000, 'm3', 'm³', 'cubic metre', 'cubic metres', 'cubic meter', 'cubic meters', 'cbm', 'cu m', 'khối', 'mét khối', 'MTQ');
  add('piece', 'pieces', 1, 'pieces', 'piece', 'pcs', 'pc', 'nos', 'ea', 'each', 'units', 'unit', 'items', 'item', 'chiếc', 'cái', '개', '점', 'PCE', 'NAR', 'H87', 'C62');
  add('tablet', 'pieces', 1, 'tablets', 'tablet', 'tabs', 'tab', 'viên', '정');
  add('specimen', 'pieces', 1, 'specimens', 'specimen', 'con', 'heads', 'head', 'cá thể', '마리');
  add('pair', 'pieces', 2, 'pairs', 'pair', 'đôi', '쌍', 'PR', 'NPR');
  add('stick', 'sticks', 1, 'sticks', 'stick', 'cigarettes', 'cigarette', 'điếu', '개비');
  add('package', 'packages', 1, 'packages', 'package', 'parcel', 'parcels', 'kiện');
  add('box', 'packages', 1, 'box', 'boxes', 'hộp', 'thùng', '상자', '박스');
  add('bag', 'packages', 1, 'bag', 'bags', 'túi');
  add('flask', 'packages', 1, 'flask', 'flasks');
  add('m', 'm', 1, 'm', 'metre', 'metres', 'meter', 'meters', 'mét', 'MTR');
  add('cm', 'm', 0.01, 'cm', 'centimetre', 'centimetres', 'centimeter', 'centimeters', 'CMT');
  add('mm', 'm', 0.001, 'mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters', 'MMT');
  add('m2', 'm2', 1, 'm2', 'm²', 'sq m', 'sqm', 'square metre', 'square metres', 'square meter', 'square meters', 'mét vuông', 'MTK');
  add('cm2', 'm2', 1e-4, 'cm2', 'cm²', 'square centimetre', 'square centimetres', 'square centimeter', 'square centimeters', 'CMK');
  const pack: BuiltinUnit = { unit: 'sticks', factor: 0, word: 'pack', packaging: 'pack' };
  for (const a of ['pack', 'packs', 'packet', 'packets', 'pkt', 'pkts', 'bao', 'gói', '갑']) u.push([a, pack]);
  const carton: BuiltinUnit = { unit: 'sticks', factor: 0, word: 'carton', packaging: 'carton' };
  for (const a of ['carton', 'cartons', 'ctn', 'ctns', 'cây', 'tút', '보루']) u.push([a, carton]);
  return u;
}

/** The built-in spellings, made once: every file of a campaign asks for a unit table (its normalizer, its totals reader). */
let builtinTable: AliasTable<BuiltinUnit> | undefined;

function builtins(): AliasTable<BuiltinUnit> {
  return (builtinTable ??= new AliasTable(builtinUnits()));
}

/** The built-in unit a spelling is, with or without an abbreviation's period ("kg.", "lbs.", "pcs."). */
function builtinUnitOf(raw: string): BuiltinUnit | undefined {
  const b = builtins().get(raw);
  if (b !== undefined) return b;
  const s = raw.trim();
  return s.endsWith('.') ? builtins().get(s.slice(0, -1)) : undefined;
}

/**
 * A value that is no unit is said to be near a unit's spelling only when it is one slip away
 * and 6 characters or more long ("cartoon": carton): "sacks" is not a misspelt "packs", and a
 * unit followed wrongly is a wrong figure.
 */
const NEAR_UNIT_LENGTH = 6;

/** The built-in spelling a value that is no unit is most likely a slip of (see NEAR_UNIT_LENGTH), if any. */
export function nearUnit(raw: string): string | undefined {
  if ([...raw.trim()].length < NEAR_UNIT_LENGTH) return undefined;
  const m = builtins().near(raw);
  return m !== undefined && m.distance === 1 ? m.spelling : undefined;
}

/** Words a spelling of a built-in unit reads as itself: "pcs" is pieces, "điếu" sticks. */
const SELF_WORDS: Readonly<Record<CanonicalUnit, string>> = { kg: 'kg', l: 'l', pieces: 'piece', sticks: 'stick', packages: 'package', m: 'm', m2: 'm2' };

/**
 * The word a unit spelling is ("tabs", "viên", "정" → "tablet"; "cây", "보루" →
 * "carton"), a key of the locale files' `unitWords`; undefined for a spelling
 * that is no built-in unit.
 */
export function unitWordOf(raw: string): string | undefined {
  return builtinUnitOf(raw)?.word;
}

/** Whether a conversion only reads a spelling as its own unit ("pcs × 1 → pieces"): no conversion for a reader. */
export function isSelfConversion(c: { readonly from: string; readonly factor: number; readonly unit: string }): boolean {
  return c.factor === 1 && SELF_WORDS[c.unit as CanonicalUnit] !== undefined && unitWordOf(c.from) === SELF_WORDS[c.unit as CanonicalUnit];
}

export interface UnitTable {
  /** Both conversions of a spelling (see UnitSpec), or undefined when it is not a unit. */
  lookup(raw: string): UnitSpec | undefined;
  /** The conversion of a spelling for goods of `commodity`. */
  normalize(raw: string, commodity: string): UnitConversion | undefined;
}

export function createUnitTable(sticks: { pack: number; carton: number } = DEFAULT_STICKS): UnitTable {
  // The built-in spellings are shared and never added to (builtins): only the conversions below depend on the campaign (its stick counts).
  const cache = new Map<string, UnitSpec | undefined>();
  const specOf = (raw: string): UnitSpec | undefined => {
    const b = builtinUnitOf(raw);
    if (!b) return undefined;
    const from = raw.trim();
    const { unit, factor, packaging } = b;
    if (!packaging) {
      const c: UnitConversion = { from, unit, factor };
      return { tobacco: c, other: c };
    }
    return { tobacco: { from, unit: 'sticks', factor: sticks[packaging] }, other: { from, unit: 'packages', factor: 1 } };
  };
  const lookup = (raw: string): UnitSpec | undefined => {
    let hit = cache.get(raw);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, a cache of a pure function only saves time
    if (hit === undefined && !cache.has(raw)) {
      hit = specOf(raw);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the bound of the cache only limits memory
      if (cache.size < 10_000) cache.set(raw, hit);
    }
    return hit;
  };
  return {
    lookup,
    normalize(raw, commodity) {
      const spec = lookup(raw);
      return spec && (commodity === 'tobacco' ? spec.tobacco : spec.other);
    },
  };
}
