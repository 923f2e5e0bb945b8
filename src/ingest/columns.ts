import { CANONICAL_FIELDS, LINE_ID, REQUIRED_FIELDS, type CanonicalField, type SourceConfig } from '../config/schema.js';
import { AliasTable, foldKey, looseKey } from '../normalize/text.js';
import { FIELD_INDEX, type ColumnMap } from '../config/column-map.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { settingHints, type SettingHints, type SettingsSyntax } from '../config/setting-hints.js';

/** Built-in header names for each canonical field, in English, Vietnamese and Korean. */
const HEADER_ALIASES: Record<CanonicalField, string[]> = {
  id: ['id', 'seizure id', 'record id', 'seizure no', 'seizure number', 'mã thu giữ', 'mã bắt giữ', 'số hiệu', '번호', '적발번호'],
  date: ['date', 'seizure date', 'date of seizure', 'ngày', 'ngày bắt giữ', 'ngày thu giữ', 'ngày phát hiện', '적발일자', '일자', '날짜'],
  reporting_country: ['reporting country', 'reporter', 'reporting agency country', 'nước báo cáo', 'quốc gia báo cáo', '보고국'],
  commodity: ['commodity', 'category', 'commodity type', 'mặt hàng', 'loại hàng', 'nhóm hàng', '분류', '품목군'],
  subtype: ['subtype', 'sub type', 'type', 'item', 'goods', 'loại', 'chủng loại', 'tên hàng', '품목', '품명'],
  quantity: ['quantity', 'qty', 'amount', 'số lượng', 'khối lượng', 'trọng lượng', '수량'],
  // 'Đơn vị' alone is an organisational unit (agency); the unit of measure is 'Đơn vị tính'.
  unit: ['unit', 'uom', 'unit of measure', 'đơn vị tính', 'đvt', '단위'],
  route: ['route', 'mode', 'transport mode', 'conveyance', 'tuyến', 'phương thức vận chuyển', 'loại hình vận chuyển', '운송경로', '경로'],
  origin_country: ['origin country', 'origin', 'country of origin', 'departure country', 'nước xuất xứ', 'xuất xứ', 'nước đi', '출발국', '원산지'],
  destination_country: ['destination country', 'destination', 'country of destination', 'nước đến', 'nơi đến', 'điểm đến', '도착국', '목적지'],
  case_id: ['case id', 'case', 'case no', 'case number', 'mã vụ', 'mã vụ việc', 'số vụ việc', '사건번호'],
  direction: ['direction', 'flow', 'hướng', 'chiều', '수출입구분', '수출입 구분'],
  phase: ['phase', 'giai đoạn', '단계'],
  location: ['location', 'place', 'port', 'địa điểm', 'nơi bắt giữ', 'cửa khẩu', '적발장소', '장소'],
  detection_method: ['detection method', 'detection', 'phương pháp phát hiện', 'cách phát hiện', '적발경위', '적발방법'],
  concealment: ['concealment', 'concealment method', 'cách cất giấu', 'phương thức cất giấu', 'thủ đoạn cất giấu', '은닉수법', '은닉 수법', '은닉방법'],
  agency: ['agency', 'reporting agency', 'customs office', 'office', 'đơn vị', 'cơ quan', 'đơn vị bắt giữ', '기관', '세관', '적발기관'],
  count: ['count', 'number of seizures', 'events', 'số lần bắt giữ'],
};

let builtins: AliasTable<CanonicalField> | undefined;
function builtinHeaders(): AliasTable<CanonicalField> {
  if (!builtins) {
    builtins = new AliasTable<CanonicalField>();
    for (const f of CANONICAL_FIELDS) for (const a of HEADER_ALIASES[f]) builtins.add(a, f);
  }
  return builtins;
}

/**
 * Maps a header row to the canonical fields: the source's explicit `columns:`
 * first, then the built-in names. Matching ignores case, surrounding spaces and
 * underscores; Vietnamese diacritics are ignored only when that is unambiguous.
 *
 * `redact` (the campaign's `redact:`) names columns, by header or by canonical
 * field, that are dropped here: no cell of theirs feeds a field, an extra or a
 * default, so their values cannot reach a record, a diagnostic or an output.
 * `syntax`: where the source's settings are written, for the hints (absent: a
 * campaign file).
 */
export function mapColumns(header: readonly string[], config: SourceConfig, display: string, redact: readonly string[] = [], syntax?: SettingsSyntax): ColumnMap {
  const find = headerFinder(header);
  const m: Mapping = {
    header,
    config,
    display,
    hints: settingHints(syntax),
    find,
    ...redactionOf(header, config, redact, find),
    cells: CANONICAL_FIELDS.map(() => []),
    used: new Set<number>(),
    diagnostics: [],
  };
  mapExplicitColumns(m);
  mapBuiltinNames(m);
  const { cells, used, redacted, redactedFields, diagnostics } = m;
  const defaults = CANONICAL_FIELDS.map((f) => (redactedFields.has(f) ? undefined : config.defaults?.[f]));
  const lineId = config.columns?.id === LINE_ID;
  const missing = missingFields(m, defaults, lineId);
  const extras = header.flatMap((name, index) => (used.has(index) || redacted.has(index) ? [] : [{ name, index }]));
  const spec = config.columns?.quantity;
  const quantity = cells[FIELD_INDEX.quantity]!;
  const pick = typeof spec === 'object' && !Array.isArray(spec) && quantity.length > 0 ? { mode: 'coalesce' in spec ? ('coalesce' as const) : ('max' as const), headers: quantity.map((i) => header[i]!.trim()) } : undefined;
  return {
    cells,
    defaults,
    extras,
    width: header.length,
    missing,
    diagnostics,
    ...(pick ? { quantityPick: pick } : {}),
    ...(lineId ? { lineId } : {}),
    ...whereOf(config, find),
  };
}

/** The headers a `columns:` entry names: one, a list, the columns of `{ coalesce }` / `{ max }`; "@line" names none. */
export function headersOf(spec: NonNullable<SourceConfig['columns']>[CanonicalField]): readonly string[] {
  if (spec === undefined || spec === LINE_ID) return [];
  if (typeof spec === 'string') return [spec];
  if (Array.isArray(spec)) return spec;
  return 'coalesce' in spec ? spec.coalesce : spec.max;
}

/** The source's `where:` as columns of this header, and the headers it names that the file does not have. */
function whereOf(config: SourceConfig, find: (name: string) => number | undefined): Pick<ColumnMap, 'where' | 'whereMissing'> {
  if (config.where === undefined) return {};
  const where: { header: string; index: number; values: string[] }[] = [];
  const whereMissing: string[] = [];
  for (const [header, values] of Object.entries(config.where)) {
    const index = find(header);
    if (index === undefined) whereMissing.push(header);
    else where.push({ header, index, values });
  }
  return whereMissing.length > 0 ? { where, whereMissing } : { where };
}

/** A header being mapped: what is known so far. */
interface Mapping {
  readonly header: readonly string[];
  readonly config: SourceConfig;
  readonly display: string;
  readonly hints: SettingHints;
  readonly find: (name: string) => number | undefined;
  /** Columns dropped by `redact:` (grows as built-in names find redacted fields). */
  readonly redacted: Set<number>;
  readonly redactedFields: ReadonlySet<CanonicalField>;
  /** Per canonical field, the columns that feed it. */
  readonly cells: number[][];
  /** Columns that feed a field. */
  readonly used: Set<number>;
  readonly diagnostics: Diagnostic[];
}

/** The column a name (from `columns:` or `redact:`) means: the first exact match, else the one match without diacritics. */
function headerFinder(header: readonly string[]): (name: string) => number | undefined {
  const exact = new Map<string, number[]>();
  const folded = new Map<string, number[]>();
  header.forEach((h, i) => {
    const push = (m: Map<string, number[]>, k: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(i);
    push(exact, looseKey(h));
    push(folded, foldKey(h));
  });
  return (name) => {
    const e = exact.get(looseKey(name));
    if (e && e.length >= 1) return e[0];
    const f = folded.get(foldKey(name));
    return f && f.length === 1 ? f[0] : undefined;
  };
}

/** The columns and canonical fields `redact:` names. */
function redactionOf(header: readonly string[], config: SourceConfig, redact: readonly string[], find: (name: string) => number | undefined) {
  const names = new Set(redact.map(looseKey));
  const folded = new Set(redact.map(foldKey));
  const redactedFields: ReadonlySet<CanonicalField> = new Set(CANONICAL_FIELDS.filter((f) => names.has(looseKey(f))));
  const redacted = new Set(header.flatMap((h, i) => (names.has(looseKey(h)) || folded.has(foldKey(h)) ? [i] : [])));
  // A redacted field takes the columns that would feed it with it (so they do not become extras).
  for (const f of redactedFields) {
    for (const n of headersOf(config.columns?.[f])) {
      const i = find(n);
      if (i !== undefined) redacted.add(i);
    }
  }
  return { redacted, redactedFields };
}

/** The source's `columns:`: every name of a field must be in the header (and not redacted), else MISSING_COLUMN. */
function mapExplicitColumns(m: Mapping): void {
  const explicit = m.config.columns ?? {};
  for (const f of CANONICAL_FIELDS) {
    const names = headersOf(explicit[f]);
    if (names.length === 0 || m.redactedFields.has(f)) continue;
    const idx: number[] = [];
    for (const n of names) {
      const found = m.find(n);
      const i = found !== undefined && m.redacted.has(found) ? undefined : found;
      if (i === undefined) {
        const required = REQUIRED_FIELDS.includes(f) && m.config.defaults?.[f] === undefined;
        m.diagnostics.push({
          severity: required ? 'error' : 'warning',
          code: 'MISSING_COLUMN',
          file: m.display,
          line: 1,
          field: f,
          value: n,
          message: found !== undefined ? `column "${n}" mapped to ${f} is redacted (campaign file: redact)` : `column "${n}" mapped to ${f} is not in the header`,
          hint: `the header has: ${m.header.map((h) => JSON.stringify(h)).join(', ')}`,
        });
        idx.length = 0;
        break;
      }
      idx.push(i);
    }
    if (idx.length > 0) {
      m.cells[FIELD_INDEX[f]] = idx;
      idx.forEach((i) => m.used.add(i));
    }
  }
}

/**
 * The built-in names, for the columns and fields `columns:` left: the first
 * column of a field feeds it, a second is kept as an extra (DUPLICATE_COLUMN).
 */
function mapBuiltinNames(m: Mapping): void {
  const table = builtinHeaders();
  const explicit = m.config.columns ?? {};
  const unitElsewhere = explicit.unit !== undefined || m.config.defaults?.unit !== undefined || m.header.some((h) => table.get(h) === 'unit');
  m.header.forEach((h, i) => {
    if (m.used.has(i) || m.redacted.has(i)) return;
    let f = table.get(h);
    // "Đơn vị" is an administration's unit (the agency) beside a "Đơn vị tính" column, but the unit of measure in a table without one.
    if (f === 'agency' && !unitElsewhere && foldKey(h) === 'don vi') f = 'unit';
    if (f !== undefined && m.redactedFields.has(f)) {
      m.redacted.add(i);
      return;
    }
    if (f === undefined || explicit[f] !== undefined) return;
    const slot = m.cells[FIELD_INDEX[f]]!;
    if (slot.length > 0) {
      m.diagnostics.push({
        severity: 'warning',
        code: 'DUPLICATE_COLUMN',
        file: m.display,
        line: 1,
        field: f,
        value: h,
        message: `a second column for ${f}; the first ("${m.header[slot[0]!]}") is used, this one is kept as an extra`,
      });
      return;
    }
    slot.push(i);
    m.used.add(i);
  });
}

/** Required fields with neither a column nor a default, each reported once (MISSING_COLUMN at line 1) unless it was already. */
function missingFields(m: Mapping, defaults: readonly (string | undefined)[], lineId: boolean) {
  const { header, cells, diagnostics } = m;
  const has = (f: CanonicalField) => cells[FIELD_INDEX[f]]!.length > 0 || defaults[FIELD_INDEX[f]] !== undefined || (f === 'id' && lineId);
  // A file with a subtype column may leave the commodity out: a known subtype gives it (else the row misses it).
  const missing = REQUIRED_FIELDS.filter((f) => !has(f) && !(f === 'commodity' && has('subtype')));
  for (const f of missing) {
    if (diagnostics.some((d) => d.code === 'MISSING_COLUMN' && d.field === f)) continue;
    diagnostics.push({
      severity: 'error',
      code: 'MISSING_COLUMN',
      file: m.display,
      line: 1,
      field: f,
      message: `no column for required field ${f}`,
      hint: `${m.hints.columnOrDefault(f)}; the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
    });
  }
  return missing;
}
