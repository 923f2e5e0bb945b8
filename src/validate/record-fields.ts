import type { Campaign } from '../config/campaign.js';
import type { SourceConfig } from '../config/schema.js';
import { REQUIRED_FIELDS, type CanonicalField } from '../config/schema.js';
import { FIELD_INDEX, type ColumnMap } from '../config/column-map.js';
import type { Diagnostic, DiagnosticCode } from '../core/diagnostic.js';
import { createCountryNormalizer, nearCountry } from '../normalize/country.js';
import { atPrecision, compileDateParser, type DatePrecision, type DayDate } from '../normalize/date.js';
import { parseNumber, type DecimalMark } from '../normalize/number.js';
import { AliasTable } from '../normalize/text.js';
import type { NearMatch } from '../normalize/near.js';
import { createUnitTable, nearUnit, type UnitConversion, type UnitSpec } from '../normalize/unit.js';
import { goodsVocabulary, UNCLASSIFIED, type Good, type GoodsVocabulary } from '../normalize/goods.js';
import { agencyDirectory, type Agency, type AgencyDirectory } from '../config/agencies.js';
import { createCommodityTable, createDirectionTable, createRouteTable } from '../normalize/vocabulary.js';
import { campaignHints } from '../config/setting-hints.js';

/**
 * No single seizure line weighs a billion tonnes or counts a trillion sticks: a
 * quantity above this in its canonical unit is a data error (wrong unit or
 * decimal mark), and rejecting it keeps every sum finite and exact.
 */
export const MAX_QUANTITY = 1e12;

/** The values the field parsers set: the fields of the record being made. */
export interface ParsedFields {
  /** Days since 1970-01-01; `date` is '' until a date parsed. */
  day: number;
  date: string;
  /** How precise the date is (SeizureRecord.precision). */
  precision: DatePrecision;
  /** As written, until the record is complete (then in the canonical unit). */
  quantity: number;
  conversion: UnitConversion;
  commodity: string;
  /** The goods vocabulary's id, or the subtype as written when the vocabulary does not know it. */
  subtype: string;
  /** The good's group; `unclassified` for a subtype the vocabulary does not know, '' when no subtype. */
  group: string;
  /** The campaign's agency id, or the agency as written when the campaign does not name it. */
  agency: string;
  route: string;
  reportingCountry: string;
  origin: string;
  destination: string;
  direction: string;
  phase: string;
  count: number;
}

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Placeholder until the unit parser sets a record's conversion (a record with none is rejected). */
export const NO_CONVERSION: UnitConversion = Object.freeze({ from: '', unit: 'kg', factor: NaN });

/** A vocabulary: the canonical word for a spelling, or undefined when it is not one. */
export type Lookup = (v: string) => string | undefined;

/**
 * What a file's cells are parsed with (its source options, the campaign, its
 * cells, dates and units looked up once per spelling), and the row being read:
 * its line and its errors. Per-row values go to the record (new for each row),
 * never into this long-lived object: storing a new string in an old object
 * takes a write barrier's slow path, ~50 instructions each.
 */
export class FieldContext {
  line = 0;
  /** Allocated only for rows that have errors. */
  errors: Diagnostic[] | undefined = undefined;
  readonly decimal: DecimalMark;
  readonly dateFormat: string;
  readonly date: (v: string) => DayDate | null;
  readonly unit: (v: string) => UnitSpec | undefined;
  readonly goods: GoodsVocabulary;
  /** The good a subtype spelling names (memoized per file). */
  readonly good: (v: string) => Good | undefined;
  readonly agencies: AgencyDirectory;
  readonly agency: (v: string) => Agency | undefined;
  /** `allow_zero:` a quantity of 0 is a reported nil, accepted (else it must be positive, as in a totals source it may be 0). */
  readonly allowZero: boolean;

  /**
   * @param totals a totals source (count column mapped): a quantity may be 0, a route `unknown`.
   * @param cell the cell of a canonical field (CANONICAL_FIELDS index) in a row, as the source maps it.
   */
  constructor(
    readonly campaign: Campaign,
    cfg: SourceConfig,
    readonly totals: boolean,
    private readonly display: string,
    readonly cell: (row: readonly string[], f: number) => string,
    isoDates = false,
  ) {
    this.decimal = cfg.decimal ?? '.';
    this.allowZero = cfg.allow_zero === true;
    this.dateFormat = cfg.date_format ?? 'yyyy-MM-dd';
    const byFormat = compileDateParser(this.dateFormat, cfg.fiscal_year_start ?? 1);
    // A workbook's date cells come as yyyy-MM-dd (RecordContext.isoDates).
    const iso = isoDates && this.dateFormat !== 'yyyy-MM-dd' ? compileDateParser('yyyy-MM-dd', 1) : undefined;
    const parseDate = iso ? (raw: string) => (ISO_SHAPE.test(raw) ? iso(raw) : byFormat(raw)) : byFormat;
    // `date_precision` makes dates coarser than written (the first day of their month or year), never finer.
    const precision = cfg.date_precision;
    const units = createUnitTable(campaign.sticks);
    // Exports repeat the same few spellings: look each one up once per file.
    this.date = memo((raw) => {
      const d = parseDate(raw);
      return d && precision ? atPrecision(d, precision) : (d ?? null);
    }, 50_000);
    this.unit = memo((v) => units.lookup(v));
    this.goods = goodsVocabulary(campaign.vocabulary);
    const goods = this.goods;
    this.good = memo((v) => goods.lookup(v));
    this.agencies = agencyDirectory(campaign.agencies);
    const agencies = this.agencies;
    this.agency = memo((v) => agencies.lookup(v));
  }

  /** Starts a row. */
  reset(line: number): void {
    this.line = line;
    this.errors = undefined;
  }

  /** Adds an error that rejects the row. */
  fail(code: DiagnosticCode, field: CanonicalField | undefined, value: string | undefined, message: string, hint?: string): void {
    (this.errors ??= []).push({ severity: 'error', code, file: this.display, line: this.line, ...(field ? { field } : {}), ...(value !== undefined ? { value } : {}), message, ...(hint ? { hint } : {}) });
  }
}

/**
 * How one canonical field's cell becomes a value of the record. Fields without
 * an entry (id, case_id, location, detection_method, concealment) are
 * kept as text. A new field is one entry in FIELD_PARSERS, and its value in
 * ParsedFields and SeizureRecord (with its default where the record is made).
 */
export interface FieldParser {
  readonly field: CanonicalField;
  /** FIELD_INDEX[field]: where its cell is in ColumnMap. */
  readonly index: number;
  /** Required: an empty cell is MISSING_FIELD (reported before any parse error, in CANONICAL_FIELDS order). */
  readonly required: boolean;
  /** Parsed only for totals sources (see FieldContext.totals). */
  readonly totalsOnly: boolean;
  /** Parsed even when empty: else an empty cell leaves the record's default. */
  readonly whenEmpty: boolean;
  /** For a field whose values are words of a vocabulary: its lookup for a file (built once per file, see fileParsers). */
  readonly vocabulary?: (ctx: FieldContext) => Lookup;
  /**
   * Sets the record's value from the cell (trimmed, the source's `values:`
   * applied), or reports why it cannot. `row` is the whole row, for a message
   * that quotes another cell; `words` the file's vocabulary, if the field has one.
   */
  parse(cell: string, rec: ParsedFields, ctx: FieldContext, row: readonly string[], words: Lookup): void;
}

type Parse = FieldParser['parse'];

function entry(field: CanonicalField, spec: { parse: Parse; vocabulary?: (ctx: FieldContext) => Lookup; totalsOnly?: boolean; whenEmpty?: boolean }): FieldParser {
  const { parse, vocabulary } = spec;
  const required = REQUIRED_FIELDS.includes(field);
  return { field, index: F[field], required, totalsOnly: spec.totalsOnly ?? false, whenEmpty: spec.whenEmpty ?? false, ...(vocabulary ? { vocabulary } : {}), parse };
}

const F = FIELD_INDEX;

/** `did you mean "drugs"? expected …`: a hint led by the known spelling the value is most likely a slip of (see NearSpellings). */
function nearHint(meant: string | undefined, hint: string): string {
  if (meant === undefined) return hint;
  // One string per hint, not one per rejected row (diagnostics are kept to the end of the run);
  // keyed by the hint, then the suggestion, so a look-up makes no string either.
  let byMeant = NEAR_HINTS.get(hint);
  // Stryker disable next-line ConditionalExpression: equivalent, a table made again gives the same hint (only memory)
  if (byMeant === undefined) NEAR_HINTS.set(hint, (byMeant = new Map()));
  let h = byMeant.get(meant);
  // Stryker disable next-line ConditionalExpression: equivalent, a hint made again reads the same (only memory)
  if (h === undefined) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the bound of the cache only limits memory
    if (byMeant.size >= 1024) byMeant.clear();
    byMeant.set(meant, (h = `did you mean ${meant}? ${hint}`));
  }
  return h;
}
/** Hint → suggestion → the hint led by it (the hints are a handful of constant texts and campaign-file hints). */
const NEAR_HINTS = new Map<string, Map<string, string>>();

const quoted = (s: string | undefined) => (s === undefined ? undefined : `"${s}"`);

/** A near spelling as `"drugs"`, or `"narcotics" (drugs)` when the spelling is an alias. */
function spelled(m: NearMatch<string> | undefined): string | undefined {
  if (m === undefined) return undefined;
  return m.spelling === m.value ? `"${m.value}"` : `"${m.spelling}" (${m.value})`;
}

function lookupIn(table: AliasTable<string>): Lookup {
  return (v) => table.get(v);
}

/** Reporting countries are administrations, never unknown; origins and destinations may be ZZ. The campaign's `aliases.country` come first. */
function countries(allowUnknown: boolean): (ctx: FieldContext) => Lookup {
  return (ctx) => {
    const country = createCountryNormalizer(ctx.campaign.aliases.country);
    return (v) => country(v, allowUnknown);
  };
}

function parseDateCell(v: string, rec: ParsedFields, ctx: FieldContext): void {
  const d = ctx.date(v);
  if (!d) ctx.fail('INVALID_DATE', 'date', v, `is not a real date in the format ${ctx.dateFormat}`, hintForDate(v, ctx.dateFormat));
  else {
    rec.day = d.day;
    rec.date = d.iso;
    rec.precision = d.precision;
  }
}

function parseQuantity(v: string, rec: ParsedFields, ctx: FieldContext): void {
  // a totals row may count no seizure of a good, and a source may report a nil (allow_zero)
  const zeroOk = ctx.totals || ctx.allowZero;
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, plainNumber is parseNumber(v, '.') made fast: either answers the same
  const q = ctx.decimal === '.' ? plainNumber(v) : parseNumber(v, ctx.decimal);
  rec.quantity = q;
  if (Number.isNaN(q)) ctx.fail('INVALID_QUANTITY', 'quantity', v, `is not a number (decimal: "${ctx.decimal}")`);
  else if (q < 0 || (q === 0 && !zeroOk) || Object.is(q, -0)) {
    ctx.fail('INVALID_QUANTITY', 'quantity', v, zeroOk ? 'must not be negative' : 'must be a positive number');
  }
}

/**
 * The unit, read after the goods it measures: cigarette packagings hold
 * sticks only for tobacco counted in sticks (see UnitSpec, inSticks).
 */
function parseUnit(v: string, rec: ParsedFields, ctx: FieldContext, row: readonly string[]): void {
  const spec = ctx.unit(v);
  if (!spec) {
    ctx.fail('UNKNOWN_UNIT', 'unit', v, 'is not a known unit', nearHint(quoted(nearUnit(v)), 'expected e.g. kg, g, lb, l, ml, m3, pieces, tablets, pairs, sticks, pack, carton, box, m, cm, m2'));
    return;
  }
  // Stryker disable next-line ConditionalExpression: equivalent when the first test is dropped: a unit that is no packaging has one conversion for both (its siblings that always pick one side are killed)
  const conversion = spec.tobacco === spec.other || !inSticks(rec, ctx) ? spec.other : spec.tobacco;
  rec.conversion = conversion;
  // finite as written, but not in the canonical unit (1e308 t is Infinity kg): never accept an Infinity
  if (Number.isFinite(rec.quantity) && !(rec.quantity * conversion.factor <= MAX_QUANTITY)) {
    const message = `is implausibly large: over ${MAX_QUANTITY.toExponential()} ${conversion.unit}`;
    ctx.fail('INVALID_QUANTITY', 'quantity', ctx.cell(row, F.quantity), message, 'check the unit and the decimal mark of this source');
  }
}

/**
 * Whether a cigarette packaging of these goods holds sticks: tobacco whose good
 * is counted in sticks (cigarettes, heated-tobacco sticks) or not known; a
 * pack of shisha or a carton of cigars is a package, not 20 or 200 sticks.
 */
function inSticks(rec: ParsedFields, ctx: FieldContext): boolean {
  // Equivalent mutant: a subtype that is empty or unclassified is no good's id, so good() would find none either.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent (see above)
  const good = rec.subtype === '' || rec.group === UNCLASSIFIED ? undefined : ctx.goods.good(rec.subtype);
  return packagingHoldsSticks(rec.commodity, good);
}

/** The one rule for a cigarette packaging (records and totals rows): sticks for tobacco whose good is counted in sticks or not known. */
export function packagingHoldsSticks(commodity: string, good: Good | undefined): boolean {
  return commodity === 'tobacco' && (good === undefined || good.units.includes('sticks'));
}

/** The subtype as the vocabulary's id and group; one it does not know is kept as written, `unclassified`. */
function parseSubtype(v: string, rec: ParsedFields, ctx: FieldContext): void {
  const good = ctx.good(v);
  if (good) {
    rec.subtype = good.id;
    rec.group = good.group;
  } else {
    rec.subtype = v;
    rec.group = UNCLASSIFIED;
  }
}

/** The commodity; when its cell is empty, the commodity of a known subtype (else the row misses it). */
function parseCommodity(v: string, rec: ParsedFields, ctx: FieldContext, row: readonly string[], words: Lookup): void {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent, a shortcut: an empty or unclassified subtype is no good's id
  const good = rec.group !== UNCLASSIFIED && rec.subtype !== '' ? ctx.goods.good(rec.subtype) : undefined;
  if (v === '') {
    if (good) rec.commodity = good.commodity;
    return;
  }
  rec.commodity = words(v) ?? '';
  if (!rec.commodity) {
    const hint = "expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source's `values.commodity`";
    ctx.fail('UNKNOWN_COMMODITY', 'commodity', v, 'is not a known commodity', campaignHints(ctx.campaign).campaignOnly(nearHint(spelled(createCommodityTable(ctx.campaign.aliases.commodity).near(v)), hint)));
  }
  else if (good && good.commodity !== rec.commodity) {
    const written = ctx.cell(row, F.subtype);
    const message = `"${written}" is ${good.labels.en} (${good.id}), one of the ${good.commodity}, but the commodity is ${rec.commodity}`;
    ctx.fail('SUBTYPE_COMMODITY_MISMATCH', 'subtype', written, message, campaignHints(ctx.campaign).campaignOnly(`correct the commodity or the subtype; if "${written}" means another good in this source, map it with the source's values.subtype or the campaign's aliases.subtype`));
  }
}

/** The agency: the campaign's id for a name or alias it lists (under the record's reporting country), else as written. */
function parseAgency(v: string, rec: ParsedFields, ctx: FieldContext): void {
  const a = ctx.agency(v);
  if (!a) rec.agency = v;
  else if (rec.reportingCountry !== '' && a.country !== rec.reportingCountry) {
    ctx.fail('AGENCY_COUNTRY_MISMATCH', 'agency', v, `${a.name} is an agency of ${a.country}, but the reporting country is ${rec.reportingCountry}`, 'correct the reporting country or the agency, or list the agency under the right participant in campaign.participants');
  } else rec.agency = a.id;
}

function parseCount(v: string, rec: ParsedFields, ctx: FieldContext): void {
  const n = parseNumber(v, ctx.decimal);
  if (!Number.isInteger(n) || n < 1) ctx.fail('INVALID_COUNT', 'count', v, 'must be a whole number of seizures, 1 or more');
  else rec.count = n;
}

/**
 * The canonical fields that are parsed, in the order their errors are reported
 * (after every MISSING_FIELD): the goods (subtype, then commodity) before the
 * unit that measures them, the unit after the quantity it checks, the agency
 * after the reporting country it belongs to. A required field that is empty is
 * not parsed (the commodity is: a known subtype gives it).
 */
export const FIELD_PARSERS: readonly FieldParser[] = [
  entry('date', { parse: parseDateCell }),
  entry('quantity', { parse: parseQuantity }),
  entry('subtype', { parse: parseSubtype }),
  entry('commodity', {
    vocabulary: (ctx) => lookupIn(createCommodityTable(ctx.campaign.aliases.commodity)),
    parse: parseCommodity,
    whenEmpty: true,
  }),
  entry('unit', { parse: parseUnit }),
  entry('route', {
    vocabulary: (ctx) => lookupIn(createRouteTable(ctx.campaign.aliases.route)),
    parse(v, rec, ctx, _row, words) {
      // `unknown` / `not reported` (a cell, an alias or a default that says so) is a route of its own: see UNKNOWN_ROUTE
      const r = words(v);
      if (r) rec.route = r;
      else ctx.fail('UNKNOWN_ROUTE', 'route', v, 'is not a known route', nearHint(spelled(createRouteTable(ctx.campaign.aliases.route).near(v)), 'expected express, air, sea, post or land (or unknown)'));
    },
  }),
  entry('reporting_country', {
    vocabulary: countries(false),
    parse(v, rec, ctx, _row, words) {
      rec.reportingCountry = words(v) ?? '';
      if (!rec.reportingCountry) ctx.fail('UNKNOWN_COUNTRY', 'reporting_country', v, 'is not a known country', nearHint(nearCountry(v), 'expected an ISO code (VN, VNM) or a country name'));
    },
  }),
  entry('origin_country', {
    vocabulary: countries(true),
    parse(v, rec, ctx, _row, words) {
      rec.origin = words(v) ?? '';
      if (!rec.origin) ctx.fail('UNKNOWN_COUNTRY', 'origin_country', v, 'is not a known country', nearHint(nearCountry(v), 'expected an ISO code, a country name, or ZZ/unknown'));
    },
  }),
  entry('destination_country', {
    vocabulary: countries(true),
    parse(v, rec, ctx, _row, words) {
      rec.destination = words(v) ?? '';
      if (!rec.destination) ctx.fail('UNKNOWN_COUNTRY', 'destination_country', v, 'is not a known country', nearHint(nearCountry(v), 'expected an ISO code, a country name, or ZZ/unknown'));
    },
  }),
  entry('direction', {
    vocabulary: (ctx) => lookupIn(createDirectionTable(ctx.campaign.aliases.direction)),
    parse(v, rec, ctx, _row, words) {
      rec.direction = words(v) ?? '';
      if (!rec.direction) ctx.fail('UNKNOWN_DIRECTION', 'direction', v, 'is not a known direction', nearHint(spelled(createDirectionTable(ctx.campaign.aliases.direction).near(v)), 'expected import, export, transit or domestic'));
    },
  }),
  entry('phase', {
    vocabulary: (ctx) => lookupIn(new AliasTable<string>(ctx.campaign.phases.flatMap((p) => [[p.id, p.id] as const, [p.name, p.id] as const]))),
    parse(v, rec, ctx, _row, words) {
      rec.phase = words(v) ?? '';
      if (!rec.phase) ctx.fail('UNKNOWN_PHASE', 'phase', v, 'is not a phase of this campaign', `expected one of ${ctx.campaign.phases.map((x) => x.id).join(', ')}`);
    },
  }),
  entry('agency', { parse: parseAgency }),
  // An empty count of a totals row is an invalid count, not one seizure.
  entry('count', { parse: parseCount, totalsOnly: true, whenEmpty: true }),
];

/** A field parser as one file uses it: its vocabulary built for the file and cached per spelling. */
export interface FileParser {
  readonly index: number;
  readonly required: boolean;
  readonly whenEmpty: boolean;
  readonly parse: Parse;
  readonly words: Lookup;
}

const NO_WORDS: Lookup = () => undefined;

/**
 * The fields a file parses, in FIELD_PARSERS order: count only in a totals
 * source, and no optional field with neither a column nor a default (it is ''
 * on every row: nothing to parse).
 */
export function fileParsers(ctx: FieldContext, columns: ColumnMap): FileParser[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent when more parsers are kept: an optional field with neither column nor default is '' on every row, and an empty optional cell is not parsed (its siblings that drop required fields are killed)
  const read = (p: FieldParser) => p.required || p.whenEmpty || columns.cells[p.index]!.length > 0 || columns.defaults[p.index] !== undefined;
  return FIELD_PARSERS.filter((p) => (ctx.totals || !p.totalsOnly) && read(p)).map((p) => ({
    index: p.index,
    required: p.required,
    whenEmpty: p.whenEmpty,
    parse: p.parse,
    // Exports repeat the same few spellings: each is looked up once per file.
    words: p.vocabulary ? memo(p.vocabulary(ctx)) : NO_WORDS,
  }));
}

/**
 * parseNumber(raw, '.') for the common spelling (digits with at most one dot, as
 * exports write quantities) without its regular expressions; anything else goes
 * to parseNumber.
 */
export function plainNumber(raw: string): number {
  // Equivalent mutants in this function: it only chooses between its own value, Number(raw) and
  // parseNumber(raw, '.'), which agree on every string of ASCII digits and dots up to 300
  // characters ('' aside, which reaches parseNumber either way). The choice matters only past
  // 300 digits (Number's Infinity, parseNumber's NaN): `n > 300` made false is killed (record.test.ts).
  const n = raw.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: equivalent (see above)
  if (n === 0 || n > 300) return parseNumber(raw, '.');
  let digits = 0;
  let dots = 0;
  let fraction = 0;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (see above): a digit sent to parseNumber reads the same
    if (c >= 48 && c <= 57) {
      digits++;
      value = value * 10 + (c - 48);
      fraction += dots;
    } else if (c === 46) dots++;
    else return parseNumber(raw, '.');
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: equivalent (see above)
  if (digits === 0 || dots > 1) return parseNumber(raw, '.');
  // Up to 15 digits the integer is exact, and so is 10^fraction: their quotient is the double
  // nearest the decimal, as Number gives it (one rounding, of exact operands).
  return digits <= 15 ? value / POW10[fraction]! : Number(raw);
}

/** 10^0 … 10^15, each exact in a double. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Caches a pure lookup. In front of the Map sits a direct-mapped table of the
 * last string seen per bucket (see frontSlot): cells repeat,
 * and comparing two short strings is cheaper than hashing a fresh one.
 */
function memo<T>(lookup: (v: string) => T, max = 10_000): (v: string) => T {
  // Equivalent mutants in this function: a cache of a pure lookup only saves time, whatever its
  // bucket function, size or bound; a miss asks the lookup.
  const cache = new Map<string, T>();
  // Stryker disable next-line ArrayDeclaration: equivalent (see above)
  const keys: (string | undefined)[] = new Array<string | undefined>(FRONT).fill(undefined);
  // Stryker disable next-line ArrayDeclaration: equivalent (see above)
  const vals: T[] = new Array<T>(FRONT);
  return (v) => {
    const h = frontSlot(v);
    // Stryker disable next-line ConditionalExpression: equivalent (see above)
    if (keys[h] === v) return vals[h]!;
    let r = cache.get(v);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent (see above)
    if (r === undefined && !cache.has(v)) {
      r = lookup(v);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (see above)
      if (cache.size >= max) cache.clear();
      cache.set(v, r);
    }
    keys[h] = v;
    vals[h] = r as T;
    return r as T;
  };
}

const FRONT = 1024;

/**
 * The front table's slot of a cell: a short cell by every character (dates and codes differ in
 * one or two characters anywhere: a sample sent the days of a month to a few slots), a long
 * one by its length and three characters.
 */
function frontSlot(v: string): number {
  // Equivalent mutants in this function: any slot is a valid slot (see memo).
  const n = v.length;
  let h = n;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent (see above)
  if (n <= 16) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator: equivalent (see above)
    for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + v.charCodeAt(i)) | 0;
  } else h = n * 31 + v.charCodeAt(0) * 17 + v.charCodeAt(n >> 1) * 7 + v.charCodeAt(n - 1);
  // Stryker disable next-line ArithmeticOperator: equivalent (see above)
  return (h ^ (h >>> 10)) & (FRONT - 1);
}

function hintForDate(raw: string, format: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw) && format !== 'yyyy-MM-dd') return 'looks like yyyy-MM-dd: set date_format on this source?';
  if (/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(raw) && format === 'yyyy-MM-dd') return 'looks like dd/MM/yyyy: set date_format: dd/MM/yyyy on this source';
  return undefined;
}
