import type { Campaign, SourceFile } from '../config/campaign.js';
import { CANONICAL_FIELDS, type CanonicalField } from '../config/schema.js';
import { FIELD_INDEX, type ColumnMap } from '../config/column-map.js';
import { createCountryNormalizer } from '../normalize/country.js';
import { compileDateParser, type DateParser } from '../normalize/date.js';
import { parseNumber, type DecimalMark } from '../normalize/number.js';
import { AliasTable } from '../normalize/text.js';
import { createUnitTable, USUAL_UNITS, type CanonicalUnit, type UnitConversion } from '../normalize/unit.js';
import { createCommodityTable, createDirectionTable, createRouteTable } from '../normalize/vocabulary.js';
import type { Diagnostic, DiagnosticCode } from '../core/diagnostic.js';

/** One accepted-or-candidate seized item line, normalized. */
export interface SeizureRecord {
  readonly id: string;
  readonly caseId: string;
  /** Days since 1970-01-01. */
  readonly day: number;
  readonly date: string;
  readonly reportingCountry: string;
  readonly commodity: string;
  readonly subtype: string;
  /** In `unit`, the canonical unit of its dimension. */
  readonly quantity: number;
  readonly unit: CanonicalUnit;
  readonly conversion: UnitConversion;
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
  /** Extra columns in the order of the file's ColumnMap.extras. */
  readonly extras: readonly string[];
}

export type RecordResult = { ok: true; record: SeizureRecord; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** Everything a file's rows are normalized with; built once per file. */
export interface RecordContext {
  readonly campaign: Campaign;
  readonly file: SourceFile;
  readonly fileIndex: number;
  readonly columns: ColumnMap;
}

const F = FIELD_INDEX;

/**
 * Turns one row into a normalized record, or into the errors that reject it.
 * Pure: the only state is the per-run caches of the normalizers.
 */
export function createRecordNormalizer(ctx: RecordContext): (row: readonly string[], line: number) => RecordResult {
  const { campaign, file, columns } = ctx;
  const cfg = file.config;
  const display = file.display;
  const decimal: DecimalMark = cfg.decimal ?? '.';
  const dateFormat = cfg.date_format ?? 'yyyy-MM-dd';
  const parseDate: DateParser = cachedDates(compileDateParser(dateFormat, cfg.fiscal_year_start ?? 1));
  const units = createUnitTable(campaign.sticks);
  const commodities = createCommodityTable(campaign.aliases.commodity);
  const routes = createRouteTable(campaign.aliases.route);
  const directions = createDirectionTable(campaign.aliases.direction);
  const country = createCountryNormalizer();
  const participants = new Set(campaign.participants);
  const phaseIds = new AliasTable<string>(campaign.phases.flatMap((p) => [[p.id, p.id] as const, [p.name, p.id] as const]));
  const totals = columns.cells[F.count]!.length > 0;
  const valueAliases: (AliasTable<string> | undefined)[] = CANONICAL_FIELDS.map((f) => {
    const v = cfg.values?.[f];
    return v ? new AliasTable(Object.entries(v)) : undefined;
  });
  const { cells, defaults, extras, width } = columns;
  const isYaml = width === 0 || cfg.format === 'yaml' || /\.ya?ml$/i.test(file.path);

  // The one cell index of each field, -1 when it has several, -2 when none.
  const single = Int32Array.from(cells, (idx) => (idx.length === 1 ? idx[0]! : idx.length === 0 ? -2 : -1));
  // A field with no column: its default (as written) or '' for every row.
  const constant = CANONICAL_FIELDS.map((_f, i) => defaults[i] ?? '');
  const cell = (row: readonly string[], f: number): string => {
    const at = single[f]!;
    let v: string;
    if (at >= 0) v = row[at] ?? '';
    else if (at === -2) return constant[f]!;
    else v = cells[f]!.map((i) => (row[i] ?? '').trim()).filter((x) => x !== '').join(' ');
    if (v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32)) v = v.trim();
    if (v === '') return defaults[f] ?? '';
    const alias = valueAliases[f];
    return alias ? (alias.get(v) ?? v) : v;
  };
  // Exports repeat the same few spellings: look each one up once per file.
  const commodityOf = memo((v) => commodities.get(v));
  const routeOf = memo((v) => routes.get(v));
  const directionOf = memo((v) => directions.get(v));
  const phaseOf = memo((v) => phaseIds.get(v));
  const reporterOf = memo((v) => country(v, false));
  const placeOf = memo((v) => country(v, true));
  const unitOf = memo((v) => units.normalize(v));

  // Per-row diagnostics; allocated only for rows that have some.
  let errors: Diagnostic[] | undefined;
  let line = 0;
  const err = (code: DiagnosticCode, field: CanonicalField | undefined, value: string | undefined, message: string, hint?: string) => {
    (errors ??= []).push({ severity: 'error', code, file: display, line, ...(field ? { field } : {}), ...(value !== undefined ? { value } : {}), message, ...(hint ? { hint } : {}) });
  };
  // The field's index is passed with its name: no keyed lookup per row.
  const required = (row: readonly string[], i: number, f: CanonicalField): string => {
    const v = cell(row, i);
    if (v === '') err('MISSING_FIELD', f, '', `${f} is required but empty`);
    return v;
  };
  const optionalCountry = (row: readonly string[], i: number, f: CanonicalField): string => {
    const v = cell(row, i);
    if (v === '') return '';
    const c = placeOf(v);
    if (!c) err('UNKNOWN_COUNTRY', f, v, 'is not a known country', 'expected an ISO code, a country name, or ZZ/unknown');
    return c ?? '';
  };

  return (row, rowLine) => {
    errors = undefined;
    line = rowLine;
    if (!isYaml && row.length !== width) {
      err('FIELD_COUNT', undefined, undefined, `row has ${row.length} fields, the header has ${width}`, 'a delimiter or quote inside a value? quote values that contain the delimiter');
      return { ok: false, errors: errors!, warnings: NONE };
    }
    const id = required(row, F.id, 'id');
    const rawDate = required(row, F.date, 'date');
    const rawCountry = required(row, F.reporting_country, 'reporting_country');
    const rawCommodity = required(row, F.commodity, 'commodity');
    const rawQuantity = required(row, F.quantity, 'quantity');
    const rawUnit = required(row, F.unit, 'unit');
    const rawRoute = required(row, F.route, 'route');

    let day = 0;
    let date = '';
    if (rawDate !== '') {
      const d = parseDate(rawDate);
      if (!d) err('INVALID_DATE', 'date', rawDate, `is not a real date in the format ${dateFormat}`, hintForDate(rawDate, dateFormat));
      else {
        day = d.day;
        date = d.iso;
      }
    }
    let quantity = NaN;
    if (rawQuantity !== '') {
      quantity = decimal === '.' ? plainNumber(rawQuantity) : parseNumber(rawQuantity, decimal);
      if (Number.isNaN(quantity)) err('INVALID_QUANTITY', 'quantity', rawQuantity, `is not a number (decimal: "${decimal}")`);
      else if (quantity < 0 || (quantity === 0 && !totals) || Object.is(quantity, -0)) {
        err('INVALID_QUANTITY', 'quantity', rawQuantity, totals ? 'must not be negative' : 'must be a positive number');
      }
    }
    let conversion: UnitConversion | undefined;
    if (rawUnit !== '') {
      conversion = unitOf(rawUnit);
      if (!conversion) err('UNKNOWN_UNIT', 'unit', rawUnit, 'is not a known unit', 'expected e.g. kg, g, lb, l, ml, pieces, tablets, sticks, pack, carton');
      // finite as written, but not in the canonical unit (1e308 t is Infinity kg): never accept an Infinity
      else if (Number.isFinite(quantity) && !(quantity * conversion.factor <= MAX_QUANTITY)) {
        err('INVALID_QUANTITY', 'quantity', rawQuantity, `is implausibly large: over ${MAX_QUANTITY.toExponential()} ${conversion.unit}`, 'check the unit and the decimal mark of this source');
      }
    }
    let commodity = '';
    if (rawCommodity !== '') {
      commodity = commodityOf(rawCommodity) ?? '';
      if (!commodity) err('UNKNOWN_COMMODITY', 'commodity', rawCommodity, 'is not a known commodity', "expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source's `values.commodity`");
    }
    let route = '';
    if (rawRoute !== '') {
      const r = routeOf(rawRoute);
      if (r) route = r;
      else if (totals && rawRoute.trim().toLowerCase() === 'unknown') route = 'unknown';
      else err('UNKNOWN_ROUTE', 'route', rawRoute, 'is not a known route', `expected express, air, sea, post or land${totals ? ' (or unknown)' : ''}`);
    }
    let reportingCountry = '';
    if (rawCountry !== '') {
      reportingCountry = reporterOf(rawCountry) ?? '';
      if (!reportingCountry) err('UNKNOWN_COUNTRY', 'reporting_country', rawCountry, 'is not a known country', 'expected an ISO code (VN, VNM) or a country name');
    }
    const origin = optionalCountry(row, F.origin_country, 'origin_country');
    const destination = optionalCountry(row, F.destination_country, 'destination_country');
    let direction = cell(row, F.direction);
    if (direction !== '') {
      const d = directionOf(direction);
      if (!d) err('UNKNOWN_DIRECTION', 'direction', direction, 'is not a known direction', 'expected import, export, transit or domestic');
      direction = d ?? '';
    }
    let phase = cell(row, F.phase);
    if (phase !== '') {
      const p = phaseOf(phase);
      if (!p) err('UNKNOWN_PHASE', 'phase', phase, 'is not a phase of this campaign', `expected one of ${campaign.phases.map((x) => x.id).join(', ')}`);
      phase = p ?? '';
    }
    let count = 1;
    if (totals) {
      const rawCount = cell(row, F.count);
      const n = parseNumber(rawCount, decimal);
      if (!Number.isInteger(n) || n < 1) err('INVALID_COUNT', 'count', rawCount, 'must be a whole number of seizures, 1 or more');
      else count = n;
    }
    if (errors !== undefined) return { ok: false, errors, warnings: NONE };

    let warnings: Diagnostic[] = NONE;
    const unit = conversion!.unit;
    // An ad-hoc run (no campaign file) has no participant list to check against.
    if (participants.size > 0 && !participants.has(reportingCountry)) {
      warnings = [{ severity: 'warning', code: 'NOT_PARTICIPANT', file: display, line, field: 'reporting_country', value: rawCountry, message: `${reportingCountry} is not a participant of this campaign`, hint: 'add it to campaign.participants if it joined' }];
    }
    const usual = USUAL_UNITS[commodity];
    if (usual && !usual.includes(unit)) {
      if (warnings === NONE) warnings = [];
      warnings.push({ severity: 'warning', code: 'UNUSUAL_UNIT', file: display, line, field: 'unit', value: rawUnit, message: `${unit} is unusual for ${commodity}`, hint: `expected ${usual.join(' or ')}` });
    }
    const caseId = cell(row, F.case_id) || id;
    return {
      ok: true,
      warnings,
      record: {
        id,
        caseId,
        day,
        date,
        reportingCountry,
        commodity,
        subtype: cell(row, F.subtype),
        quantity: quantity * conversion!.factor,
        unit,
        conversion: conversion!,
        route,
        origin,
        destination,
        direction,
        phase,
        location: cell(row, F.location),
        detectionMethod: cell(row, F.detection_method),
        concealment: cell(row, F.concealment),
        count,
        totals,
        fileIndex: ctx.fileIndex,
        line,
        extras: extras.length === 0 ? EMPTY : extras.map((e) => row[e.index] ?? ''),
      },
    };
  };
}

/**
 * parseNumber(raw, '.') for the common spelling (digits with at most one dot, as
 * exports write quantities) without its regular expressions; anything else goes
 * to parseNumber.
 */
function plainNumber(raw: string): number {
  const n = raw.length;
  if (n === 0 || n > 300) return parseNumber(raw, '.');
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46) dots++;
    else return parseNumber(raw, '.');
  }
  return digits > 0 && dots <= 1 ? Number(raw) : parseNumber(raw, '.');
}

/**
 * No single seizure line weighs a billion tonnes or counts a trillion sticks: a
 * quantity above this in its canonical unit is a data error (wrong unit or
 * decimal mark), and rejecting it keeps every sum finite and exact.
 */
export const MAX_QUANTITY = 1e12;

/** Shared empty warning list of clean records (never mutated). */
const NONE: Diagnostic[] = [];

/**
 * Caches a pure lookup. In front of the Map sits a direct-mapped table of the
 * last string seen per bucket (by length and three characters): cells repeat,
 * and comparing two short strings is cheaper than hashing a fresh one.
 */
function memo<T>(lookup: (v: string) => T, max = 10_000): (v: string) => T {
  const cache = new Map<string, T>();
  const keys: (string | undefined)[] = new Array<string | undefined>(FRONT).fill(undefined);
  const vals: T[] = new Array<T>(FRONT);
  return (v) => {
    const n = v.length;
    const h = n === 0 ? 0 : (n * 31 + v.charCodeAt(0) * 17 + v.charCodeAt(n >> 1) * 7 + v.charCodeAt(n - 1)) & (FRONT - 1);
    if (keys[h] === v) return vals[h]!;
    let r = cache.get(v);
    if (r === undefined && !cache.has(v)) {
      r = lookup(v);
      if (cache.size >= max) cache.clear();
      cache.set(v, r);
    }
    keys[h] = v;
    vals[h] = r as T;
    return r as T;
  };
}

const FRONT = 256;

const EMPTY: readonly string[] = Object.freeze([]);

function cachedDates(parse: DateParser): DateParser {
  return memo((raw) => parse(raw) ?? null, 50_000);
}

function hintForDate(raw: string, format: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw) && format !== 'yyyy-MM-dd') return 'looks like yyyy-MM-dd: set date_format on this source?';
  if (/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(raw) && format === 'yyyy-MM-dd') return 'looks like dd/MM/yyyy: set date_format: dd/MM/yyyy on this source';
  return undefined;
}
