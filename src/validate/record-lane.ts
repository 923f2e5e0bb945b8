/**
 * Pieces of the record normalizer's fast lane (record.ts createRecordLane):
 * what a plain file's repeated cells do to a record, looked up once per
 * spelling, in bounded tables. Pure: the only state is the tables.
 */
import { FIELD_INDEX } from '../config/column-map.js';
import type { UnitConversion } from '../normalize/unit.js';
import { NO_CONVERSION, type FieldContext, type FileParser, type ParsedFields } from './record-fields.js';

/** What the subtype, commodity and unit cells of a row set on its record, when they parse without an error. */
export interface GoodsEffect {
  readonly subtype: string;
  readonly group: string;
  readonly commodity: string;
  readonly conversion: UnitConversion;
}

/** Slots of the goods table: at most this many combinations are remembered at once (a new one takes its slot's place). */
export const GOODS_SLOTS = 512;

const F = FIELD_INDEX;

/**
 * The effect of a row's subtype, commodity and unit cells (trimmed, non-empty;
 * subtype '' when the file has no subtype), as the file's parsers give it
 * (parseSubtype, parseCommodity, parseUnit, in that order), or undefined when
 * they report an error (the caller then reads the row the ordinary way, which
 * reports it). The unit's check of the quantity is the caller's: the effect is
 * computed without a quantity. Remembered in a direct-mapped table of
 * GOODS_SLOTS combinations, compared cell by cell: a file of a million distinct
 * combinations keeps no more, each new one parsed again.
 */
export function createGoodsMemo(parsers: readonly FileParser[], fields: FieldContext): (subtype: string, commodity: string, unit: string, row: readonly string[]) => GoodsEffect | undefined {
  const subtypeParser = parsers.find((p) => p.index === F.subtype);
  const commodityParser = parsers.find((p) => p.index === F.commodity)!;
  const unitParser = parsers.find((p) => p.index === F.unit)!;
  const subtypes: (string | undefined)[] = new Array<string | undefined>(GOODS_SLOTS).fill(undefined);
  const commodities: string[] = new Array<string>(GOODS_SLOTS).fill('');
  const units: string[] = new Array<string>(GOODS_SLOTS).fill('');
  const effects: (GoodsEffect | undefined)[] = new Array<GoodsEffect | undefined>(GOODS_SLOTS).fill(undefined);
  const parse = (s: string, c: string, u: string, row: readonly string[]): GoodsEffect | undefined => {
    const rec = scratch();
    fields.errors = undefined;
    if (subtypeParser !== undefined && s !== '') subtypeParser.parse(s, rec, fields, row, subtypeParser.words);
    commodityParser.parse(c, rec, fields, row, commodityParser.words);
    unitParser.parse(u, rec, fields, row, unitParser.words);
    const failed = fields.errors !== undefined;
    fields.errors = undefined;
    return failed ? undefined : { subtype: rec.subtype, group: rec.group, commodity: rec.commodity, conversion: rec.conversion };
  };
  return (s, c, u, row) => {
    // Stryker disable next-line ArithmeticOperator: equivalent, any slot of a combination gives its effect (a miss parses it)
    const h = (goodsHash(s) * 31 + goodsHash(c) * 7 + goodsHash(u)) & (GOODS_SLOTS - 1);
    if (subtypes[h] === s && commodities[h] === c && units[h] === u) return effects[h];
    const effect = parse(s, c, u, row);
    subtypes[h] = s;
    commodities[h] = c;
    units[h] = u;
    effects[h] = effect;
    return effect;
  };
}

/** A cell's part of its slot: its length and first and last characters. */
export function goodsHash(v: string): number {
  const n = v.length;
  return n === 0 ? 0 : n * 17 + v.charCodeAt(0) * 5 + v.charCodeAt(n - 1);
}

/** A record's parsed fields, before any cell: what the goods parsers start from. */
function scratch(): ParsedFields {
  // Stryker disable StringLiteral,ObjectLiteral: equivalent for the fields the goods parsers neither read nor set (their starting values are tested)
  return {
    day: 0,
    date: '',
    precision: 'day',
    quantity: NaN,
    conversion: NO_CONVERSION,
    commodity: '',
    subtype: '',
    group: '',
    agency: '',
    route: '',
    reportingCountry: '',
    origin: '',
    destination: '',
    direction: '',
    phase: '',
    count: 1,
  };
  // Stryker restore all
}
