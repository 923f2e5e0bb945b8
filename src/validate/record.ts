import type { Campaign, SourceFile } from '../config/campaign.js';
import { CANONICAL_FIELDS, REQUIRED_FIELDS, type SourceConfig } from '../config/schema.js';
import { FIELD_INDEX, type ColumnMap } from '../config/column-map.js';
import { AliasTable } from '../normalize/text.js';
import type { CanonicalUnit, UnitConversion } from '../normalize/unit.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { DatePrecision } from '../normalize/date.js';
import { parseNumber } from '../normalize/number.js';
import { createUnitTable } from '../normalize/unit.js';
import { FieldContext, fileParsers, MAX_QUANTITY, NO_CONVERSION, packagingHoldsSticks, plainNumber, type FileParser, type Lookup } from './record-fields.js';
import { createGoodsMemo } from './record-lane.js';
import { goodsVocabulary, UNCLASSIFIED } from '../normalize/goods.js';
import { createCommodityTable } from '../normalize/vocabulary.js';
import { createNullTest, pickQuantityCell } from './source-cells.js';

export { MAX_QUANTITY } from './record-fields.js';

/** One accepted-or-candidate seized item line, normalized. */
export interface SeizureRecord {
  readonly id: string;
  readonly caseId: string;
  /** Days since 1970-01-01. */
  readonly day: number;
  readonly date: string;
  /**
   * How precise the date is: `day`, or `month`/`year` for a total of that
   * period (dated on its first day): never placed in a week, nor listed as one
   * seizure (README "Date precision").
   */
  readonly precision: DatePrecision;
  readonly reportingCountry: string;
  readonly commodity: string;
  /** The goods vocabulary's id; as written (trimmed) when it does not know it. */
  readonly subtype: string;
  /** The good's group (`ats`, `table-i`, `mammals`, `smoked` …); `unclassified` for an unknown subtype; '' without one. */
  readonly group: string;
  /** The campaign's agency id, or the agency as written; '' when not given. */
  readonly agency: string;
  /** In `unit`, the canonical unit of its dimension. */
  readonly quantity: number;
  readonly unit: CanonicalUnit;
  readonly conversion: UnitConversion;
  /** The header of the column the quantity came from, when the source has several (`columns.quantity: { coalesce | max }`); else ''. */
  readonly quantityColumn: string;
  readonly route: string;
  /** Alpha-2, `ZZ` for unknown, '' when not given. */
  readonly origin: string;
  readonly destination: string;
  readonly direction: string;
  /** Phase id from the phase column ('' when absent: decided by date later). */
  readonly phase: string;
  readonly location: string;
  readonly detectionMethod: string;
  readonly concealment: string;
  /** Seizures this row stands for: 1 for an item line, N for a totals row. */
  readonly count: number;
  /** True when the row came from a totals source (count column mapped). */
  readonly totals: boolean;
  readonly fileIndex: number;
  readonly line: number;
  /** The quantity cell as written (trimmed, the source's `values:` applied), before any decimal mark or unit was read. */
  readonly quantityText: string;
  /** Extra columns in the order of the file's ColumnMap.extras. */
  readonly extras: readonly string[];
}

/**
 * A normalized record, or the errors that reject the row. A rejected row keeps
 * its `day` (as SeizureRecord.day) when its date parsed, so that it can be
 * dated (`summary` lists rejected rows by date) without reading the file again.
 */
export type RecordResult = { ok: true; record: SeizureRecord; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[]; day?: number };

/** Everything a file's rows are normalized with; built once per file. */
export interface RecordContext {
  readonly campaign: Campaign;
  readonly file: SourceFile;
  readonly fileIndex: number;
  readonly columns: ColumnMap;
  /**
   * Typed cells (a workbook): a value written yyyy-MM-dd is an ISO date whatever
   * the source's `date_format` (the reader writes date cells so; text cells of
   * other shapes are read with `date_format`).
   */
  readonly isoDates?: boolean;
  /** A workbook's sheet the rows are from: part of an id made of file and line (`columns.id: "@line"`). */
  readonly sheet?: string;
}

const F = FIELD_INDEX;

/**
 * Turns one row into a normalized record, or into the errors that reject it:
 * every required field that is empty (MISSING_FIELD), then the errors of each
 * field parser of FIELD_PARSERS (record-fields.ts) in turn. Pure: the only state
 * is the per-file caches of the normalizers.
 */
export function createRecordNormalizer(ctx: RecordContext, fastLane = true): (row: readonly string[], line: number) => RecordResult {
  const state = fileState(ctx);
  const slow = createSlowLane(state);
  // Stryker disable next-line ConditionalExpression: equivalent, the lane gives the slow lane's results (record-lane.test.ts tests the lane itself)
  const lane = fastLane ? createLane(state) : undefined;
  // Stryker disable next-line ConditionalExpression: equivalent (see above)
  return lane === undefined ? slow : (input, line) => lane(input, line) ?? slow(input, line);
}

/** What a file's rows are normalized with, built once per file (shared by both lanes). */
interface FileState {
  readonly fileIndex: number;
  readonly config: SourceConfig;
  readonly columns: ColumnMap;
  readonly totals: boolean;
  readonly cell: (row: readonly string[], f: number) => string;
  readonly fields: FieldContext;
  /** `columns.id: "@line"`: the id is the file (and sheet) and the physical line. */
  readonly lineId: string | undefined;
  readonly isYaml: boolean;
  readonly isoDates: boolean;
  readonly parsers: readonly FileParser[];
  readonly warningsOf: (rec: SeizureRecord, row: readonly string[]) => Diagnostic[];
}

function fileState(ctx: RecordContext): FileState {
  const { campaign, file, columns, fileIndex } = ctx;
  const display = file.display;
  const totals = columns.cells[F.count]!.length > 0;
  const cell = createCellReader(columns, file.config);
  const isoDates = ctx.isoDates === true;
  const fields = new FieldContext(campaign, file.config, totals, display, cell, isoDates);
  const lineId = columns.lineId === true ? `${display}${ctx.sheet !== undefined ? ` [${ctx.sheet}]` : ''}:` : undefined;
  const isYaml = columns.width === 0 || file.config.format === 'yaml' || /\.ya?ml$/i.test(file.path);
  const parsers = fileParsers(fields, columns);
  const warningsOf = createRecordWarnings(campaign, fields, display, cell);
  return { fileIndex, config: file.config, columns, totals, cell, fields, lineId, isYaml, isoDates, parsers, warningsOf };
}

/** The ordinary way of reading a row: every option of the source, every cell through `cell`, each field's parser in turn. */
function createSlowLane(state: FileState): (row: readonly string[], line: number) => RecordResult {
  const { fileIndex, columns, totals, cell, fields, lineId, isYaml, parsers, warningsOf } = state;
  const quantityColumn = columns.quantityPick ? createQuantityColumn(columns, state.config) : undefined;
  const { extras, width } = columns;
  return (input, line) => {
    fields.reset(line);
    if (!isYaml && input.length !== width) {
      fields.fail('FIELD_COUNT', undefined, undefined, `row has ${input.length} fields, the header has ${width}`, 'a delimiter or quote inside a value? quote values that contain the delimiter');
      return { ok: false, errors: fields.errors!, warnings: NONE };
    }
    const id = lineId === undefined ? cell(input, F.id) : lineId + line;
    let missing = id === '';
    // The record is made as it is parsed: its values go nowhere else first.
    const rec = newRecord(id, line, totals, fileIndex);
    for (let k = 0; k < parsers.length; k++) {
      const p = parsers[k]!;
      const v = cell(input, p.index);
      if (v !== '' || p.whenEmpty) p.parse(v, rec, fields, input, p.words);
      else if (p.required) missing = true;
    }
    // An empty commodity is missing only when no known subtype gave it.
    if (rec.commodity === '' && cell(input, F.commodity) === '') missing = true;
    if (missing) reportMissing(fields, cell, input, rec.commodity !== '', lineId !== undefined);
    const errors = fields.errors;
    if (errors !== undefined) return rec.date !== '' ? { ok: false, errors, warnings: NONE, day: rec.day } : { ok: false, errors, warnings: NONE };
    rec.caseId = cell(input, F.case_id) || id;
    rec.quantity *= rec.conversion.factor;
    rec.unit = rec.conversion.unit;
    rec.location = cell(input, F.location);
    rec.detectionMethod = cell(input, F.detection_method);
    rec.concealment = cell(input, F.concealment);
    rec.quantityText = cell(input, F.quantity);
    if (quantityColumn !== undefined) rec.quantityColumn = quantityColumn(input);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a shortcut: no extras map to an empty list either way
    if (extras.length > 0) rec.extras = extras.map((e) => input[e.index] ?? '');
    return { ok: true, warnings: warningsOf(rec, input), record: rec };
  };
}

/** A record before its cells are parsed: every record of every lane is made here, so all have one shape. */
function newRecord(id: string, line: number, totals: boolean, fileIndex: number): Mutable<SeizureRecord> {
  return {
    id,
    // Stryker disable next-line StringLiteral: equivalent, always set before the record is returned
    caseId: '',
    day: 0,
    date: '',
    // Stryker disable next-line StringLiteral: equivalent, always set with the date before the record is returned
    precision: 'day',
    reportingCountry: '',
    commodity: '',
    subtype: '',
    group: '',
    agency: '',
    quantity: NaN,
    // Stryker disable next-line StringLiteral: equivalent, always set before the record is returned
    unit: 'kg',
    conversion: NO_CONVERSION,
    quantityColumn: '',
    // Stryker disable next-line StringLiteral: equivalent, always set before the record is returned
    route: '',
    origin: '',
    destination: '',
    direction: '',
    phase: '',
    // Stryker disable next-line StringLiteral: equivalent, always set before the record is returned
    location: '',
    // Stryker disable next-line StringLiteral: equivalent, always set before the record is returned
    detectionMethod: '',
    // Stryker disable next-line StringLiteral: equivalent, always set before the record is returned
    concealment: '',
    count: 1,
    totals,
    fileIndex,
    line,
    // Stryker disable next-line StringLiteral: equivalent, always set before the record is returned
    quantityText: '',
    extras: EMPTY,
  };
}

/**
 * The fast lane of one file's rows (the slow lane's results, in less time), or
 * undefined when the file is not plain. A plain file is a delimited file whose
 * options change no cell (no `null_values`, no `values:`, a decimal point, no
 * totals count, no `@line` id, no extras, each parsed field in one column of its
 * own, none of them the agency), not a workbook. The lane takes a row whose
 * parsed cells are all non-empty and all parse, and hands every other row back
 * (undefined): the slow lane reads it from the start, so every finding of a row
 * comes from one place. Its record is the slow lane's, made with the same memos,
 * the goods cells (subtype, commodity, unit) looked up together (createGoodsMemo).
 */
export function createRecordLane(ctx: RecordContext): ((row: readonly string[], line: number) => RecordResult | undefined) | undefined {
  return createLane(fileState(ctx));
}

/** Fields the fast lane parses; a plain file parses no other. */
const LANE_FIELDS = new Set([F.date, F.quantity, F.subtype, F.commodity, F.unit, F.route, F.reporting_country, F.origin_country, F.destination_country, F.direction, F.phase]);

function isPlain(state: FileState): boolean {
  const { config, columns } = state;
  const values = Object.values(config.values ?? {}).some((v) => v !== undefined && Object.keys(v).length > 0);
  const plainOptions = !values && (config.null_values ?? []).length === 0 && (config.decimal ?? '.') === '.';
  const plainColumns = columns.quantityPick === undefined && columns.extras.length === 0 && state.lineId === undefined;
  const plainFields = state.parsers.every((p) => LANE_FIELDS.has(p.index) && columns.cells[p.index]!.length === 1);
  return plainOptions && plainColumns && plainFields && !state.totals && !state.isYaml && !state.isoDates;
}

function createLane(state: FileState): ((row: readonly string[], line: number) => RecordResult | undefined) | undefined {
  if (!isPlain(state)) return undefined;
  const { fileIndex, columns, cell, fields, parsers, warningsOf } = state;
  const width = columns.width;
  // The column of each parsed field, -1 for a field the file does not parse.
  const at = (f: number): number => (parsers.some((p) => p.index === f) ? columns.cells[f]![0]! : -1);
  const words = (f: number): Lookup => parsers.find((p) => p.index === f)?.words ?? NO_WORD;
  const [date, quantity, subtype, commodity, unit, route, reporter, origin, destination, direction, phase] = [F.date, F.quantity, F.subtype, F.commodity, F.unit, F.route, F.reporting_country, F.origin_country, F.destination_country, F.direction, F.phase].map(at) as number[] as [number, number, number, number, number, number, number, number, number, number, number];
  const [routes, reporters, origins, destinations, directions, phases] = [F.route, F.reporting_country, F.origin_country, F.destination_country, F.direction, F.phase].map(words) as [Lookup, Lookup, Lookup, Lookup, Lookup, Lookup];
  const goods = createGoodsMemo(parsers, fields);
  // An optional field's empty cell leaves the record's '' unless the source gives it a default (then the slow lane reads the row).
  const [noSubtype, noOrigin, noDestination, noDirection, noPhase] = [F.subtype, F.origin_country, F.destination_country, F.direction, F.phase].map((f) => columns.defaults[f] === undefined) as [boolean, boolean, boolean, boolean, boolean];
  return (input, line) => {
    if (input.length !== width) return undefined;
    const id = cell(input, F.id);
    const d = fields.date(plainCell(input, date));
    const qText = plainCell(input, quantity);
    const q = plainNumber(qText);
    const s = subtype < 0 ? '' : plainCell(input, subtype);
    const c = plainCell(input, commodity);
    const u = plainCell(input, unit);
    // an empty cell, a date that is none, a quantity that is no positive number: the slow lane says why
    if (id === '' || d === null || !(q > 0) || (s === '' && !noSubtype) || c === '' || u === '') return undefined;
    const g = goods(s, c, u, input);
    if (g === undefined || !(q * g.conversion.factor <= MAX_QUANTITY)) return undefined;
    const r = wordOf(input, route, routes, false);
    const rc = wordOf(input, reporter, reporters, false);
    const o = wordOf(input, origin, origins, noOrigin);
    const de = wordOf(input, destination, destinations, noDestination);
    const di = wordOf(input, direction, directions, noDirection);
    const ph = wordOf(input, phase, phases, noPhase);
    if (r === null || rc === null || o === null || de === null || di === null || ph === null) return undefined;
    const rec = newRecord(id, line, false, fileIndex);
    rec.route = r;
    rec.reportingCountry = rc;
    rec.origin = o;
    rec.destination = de;
    rec.direction = di;
    rec.phase = ph;
    rec.day = d.day;
    rec.date = d.iso;
    rec.precision = d.precision;
    rec.subtype = g.subtype;
    rec.group = g.group;
    rec.commodity = g.commodity;
    rec.caseId = cell(input, F.case_id) || id;
    rec.quantity = q * g.conversion.factor;
    rec.conversion = g.conversion;
    rec.unit = g.conversion.unit;
    rec.location = cell(input, F.location);
    rec.detectionMethod = cell(input, F.detection_method);
    rec.concealment = cell(input, F.concealment);
    rec.quantityText = qText;
    return { ok: true, warnings: warningsOf(rec, input), record: rec };
  };
}

const NO_WORD: Lookup = () => undefined;

/**
 * A vocabulary field's value in the fast lane: '' for a field the file does not
 * parse and for an empty cell that may be empty (`emptyOk`: an optional field
 * without a default), null when the slow lane must read the row (another empty
 * cell, a word the vocabulary does not know).
 */
function wordOf(row: readonly string[], at: number, words: Lookup, emptyOk: boolean): string | null {
  if (at < 0) return '';
  const v = plainCell(row, at);
  if (v === '') return emptyOk ? '' : null;
  return words(v) || null;
}

/** A cell of a plain file, trimmed ('' for an absent cell or column). */
function plainCell(row: readonly string[], at: number): string {
  const v = at < 0 ? '' : (row[at] ?? '');
  return v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) ? v.trim() : v;
}

/**
 * A row's cells as the record rules read them (trimmed, the source's `values:`
 * and defaults applied), in CANONICAL_FIELDS order: what a rejected row "had as
 * written" (export --include rejected). A redacted column feeds no cell.
 */
export function createRowCells(ctx: RecordContext): (row: readonly string[]) => string[] {
  const cell = createCellReader(ctx.columns, ctx.file.config);
  return (row) => CANONICAL_FIELDS.map((_f, i) => cell(row, i));
}

/** What a totals row says: its quantity in the canonical unit of its unit, and both as written. */
export interface TotalsFigure {
  readonly quantity: number;
  readonly unit: CanonicalUnit;
  readonly text: string;
}

/**
 * Reads a totals row's quantity and unit (the file's columns, `values:`,
 * defaults, decimal mark and units, as a record's); undefined when it does not
 * give both, readable.
 */
export function createTotalsReader(ctx: RecordContext): (row: readonly string[]) => TotalsFigure | undefined {
  const cfg = ctx.file.config;
  const cell = createCellReader(ctx.columns, cfg);
  const units = createUnitTable(ctx.campaign.sticks);
  const decimal = cfg.decimal ?? '.';
  const commodities = createCommodityTable(ctx.campaign.aliases.commodity);
  const goods = goodsVocabulary(ctx.campaign.vocabulary);
  // A cigarette packaging holds sticks as in a record (packagingHoldsSticks).
  const inSticks = (row: readonly string[]): boolean => {
    const good = goods.lookup(cell(row, F.subtype));
    return packagingHoldsSticks(commodities.get(cell(row, F.commodity)) ?? good?.commodity ?? '', good);
  };
  return (row) => {
    const q = cell(row, F.quantity);
    const u = cell(row, F.unit);
    if (q === '' || u === '') return undefined;
    const n = parseNumber(q, decimal);
    const spec = units.lookup(u);
    const conv = spec && (spec.tobacco === spec.other || !inSticks(row) ? spec.other : spec.tobacco);
    if (!Number.isFinite(n) || conv === undefined) return undefined;
    return { quantity: n * conv.factor, unit: conv.unit, text: `${q} ${u}` };
  };
}

const REQUIRED = Int32Array.from(REQUIRED_FIELDS, (f) => F[f]);

/**
 * Puts a MISSING_FIELD for each empty required field (in CANONICAL_FIELDS
 * order) before the row's other errors, which come from the fields that were
 * not empty. Rare: the cells are read again rather than kept for every row.
 */
function reportMissing(fields: FieldContext, cell: (row: readonly string[], f: number) => string, input: readonly string[], hasCommodity: boolean, lineId: boolean): void {
  const others = fields.errors ?? [];
  fields.errors = undefined;
  for (let k = 0; k < REQUIRED.length; k++) {
    const i = REQUIRED[k]!;
    const f = CANONICAL_FIELDS[i]!;
    if ((i === F.commodity && hasCommodity) || (i === F.id && lineId)) continue;
    if (cell(input, i) === '') fields.fail('MISSING_FIELD', f, '', `${f} is required but empty`);
  }
  fields.errors!.push(...others);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The header of the quantity column a row's quantity came from ('' when every one is empty and a default gave it). */
function createQuantityColumn(columns: ColumnMap, cfg: SourceConfig): (row: readonly string[]) => string {
  const pick = columns.quantityPick!;
  const isNull = createNullTest(cfg.null_values);
  const decimal = cfg.decimal ?? '.';
  const at = columns.cells[F.quantity]!;
  return (row) => {
    const texts = at.map((i) => {
      const v = (row[i] ?? '').trim();
      return isNull?.(v) ? '' : v;
    });
    return pick.headers[pickQuantityCell(texts, pick.mode, decimal)] ?? '';
  };
}

/**
 * The cell of a canonical field in a row: its column (several joined with a
 * space; several quantity columns: the one `columns.quantity` picks), trimmed,
 * empty when it is one of the source's `null_values`, with the source's
 * `values:` aliases applied; the source default when empty or absent.
 */
function createCellReader(columns: ColumnMap, cfg: SourceConfig): (row: readonly string[], f: number) => string {
  const { cells, defaults } = columns;
  const isNull = createNullTest(cfg.null_values);
  const clean = (c: string | undefined): string => {
    const v = (c ?? '').trim();
    return isNull?.(v) ? '' : v;
  };
  const pick = columns.quantityPick;
  const decimal = cfg.decimal ?? '.';
  // A field of several columns (rare, and kept out of the hot closure below): the quantity they pick, else their cells joined.
  const several = (row: readonly string[], f: number): string => {
    const texts = cells[f]!.map((i) => clean(row[i]));
    if (pick !== undefined && f === F.quantity) return texts[pickQuantityCell(texts, pick.mode, decimal)] ?? '';
    return texts.filter((x) => x !== '').join(' ');
  };
  const valueAliases: (AliasTable<string> | undefined)[] = CANONICAL_FIELDS.map((f) => {
    const v = cfg.values?.[f];
    return v ? new AliasTable(Object.entries(v)) : undefined;
  });
  // The one cell index of each field, -1 when it has several, -2 when none.
  // Stryker disable next-line ConditionalExpression: equivalent, a shortcut: a field of no column joins no cell, '', and gets its default like a constant one
  const single = Int32Array.from(cells, (idx) => (idx.length === 1 ? idx[0]! : idx.length === 0 ? -2 : -1));
  // A field with no column: its default (as written) or '' for every row.
  const constant = CANONICAL_FIELDS.map((_f, i) => defaults[i] ?? '');
  return (row, f) => {
    const at = single[f]!;
    let v: string;
    if (at >= 0) v = row[at] ?? '';
    // Stryker disable next-line ConditionalExpression,UnaryOperator: equivalent (see `single`)
    else if (at === -2) return constant[f]!;
    else v = several(row, f);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent when the length test is dropped: an empty cell has no end to trim
    if (v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32)) v = v.trim();
    if (isNull !== undefined && isNull(v)) v = '';
    if (v === '') return defaults[f] ?? '';
    const alias = valueAliases[f];
    return alias ? (alias.get(v) ?? v) : v;
  };
}

/**
 * The warnings of an accepted row: a reporter outside the campaign, a unit
 * unusual for the good (its units in the vocabulary) or, for a subtype the
 * vocabulary does not know, for the commodity (the units of all its goods).
 */
function createRecordWarnings(campaign: Campaign, fields: FieldContext, display: string, cell: (row: readonly string[], f: number) => string): (rec: SeizureRecord, row: readonly string[]) => Diagnostic[] {
  const participants = new Set(campaign.participants);
  const goods = fields.goods;
  return (rec, row) => {
    let warnings: Diagnostic[] = NONE;
    const { reportingCountry, commodity, unit, line } = rec;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent, a shortcut: an empty or unclassified subtype is no good's id
    const good = rec.group !== UNCLASSIFIED && rec.subtype !== '' ? goods.good(rec.subtype) : undefined;
    // An ad-hoc run (no campaign file) has no participant list to check against.
    if (participants.size > 0 && !participants.has(reportingCountry)) {
      const value = cell(row, F.reporting_country);
      warnings = [{ severity: 'warning', code: 'NOT_PARTICIPANT', file: display, line, field: 'reporting_country', value, message: `${reportingCountry} is not a participant of this campaign`, hint: 'add it to campaign.participants if it joined' }];
    }
    const usual = good ? good.units : goods.usualUnits(commodity);
    if (usual && !usual.includes(unit)) {
      if (warnings === NONE) warnings = [];
      const what = good ? `${good.labels.en} (${commodity})` : commodity;
      warnings.push({ severity: 'warning', code: 'UNUSUAL_UNIT', file: display, line, field: 'unit', value: cell(row, F.unit), message: `${unit} is unusual for ${what}`, hint: `expected ${usual.join(' or ')}` });
    }
    return warnings;
  };
}

/** Shared empty warning list of clean records (never mutated). */
const NONE: Diagnostic[] = [];

const EMPTY: readonly string[] = Object.freeze([]);
