import { CANONICAL_FIELDS, REQUIRED_FIELDS, type CanonicalField, type SourceConfig } from '../config/schema.js';
import { AliasTable, foldKey, looseKey } from '../normalize/text.js';
import { FIELD_INDEX, type ColumnMap } from '../config/column-map.js';
import type { Diagnostic } from '../core/diagnostic.js';

/** Built-in header names for each canonical field, English and Vietnamese. */
const HEADER_ALIASES: Record<CanonicalField, string[]> = {
  id: ['id', 'seizure id', 'record id', 'seizure no', 'seizure number', 'mã thu giữ', 'mã bắt giữ', 'số hiệu'],
  date: ['date', 'seizure date', 'date of seizure', 'ngày', 'ngày bắt giữ', 'ngày thu giữ', 'ngày phát hiện'],
  reporting_country: ['reporting country', 'reporter', 'reporting agency country', 'nước báo cáo', 'quốc gia báo cáo'],
  commodity: ['commodity', 'category', 'commodity type', 'mặt hàng', 'loại hàng', 'nhóm hàng'],
  subtype: ['subtype', 'sub type', 'type', 'item', 'loại', 'chủng loại', 'tên hàng'],
  quantity: ['quantity', 'qty', 'amount', 'số lượng', 'khối lượng', 'trọng lượng'],
  unit: ['unit', 'uom', 'unit of measure', 'đơn vị', 'đơn vị tính', 'đvt'],
  route: ['route', 'mode', 'transport mode', 'conveyance', 'tuyến', 'phương thức vận chuyển', 'loại hình vận chuyển'],
  origin_country: ['origin country', 'origin', 'country of origin', 'departure country', 'nước xuất xứ', 'xuất xứ', 'nước đi'],
  destination_country: ['destination country', 'destination', 'country of destination', 'nước đến', 'nơi đến', 'điểm đến'],
  case_id: ['case id', 'case', 'case no', 'case number', 'mã vụ', 'mã vụ việc', 'số vụ việc'],
  direction: ['direction', 'flow', 'hướng', 'chiều'],
  phase: ['phase', 'giai đoạn'],
  location: ['location', 'place', 'port', 'địa điểm', 'nơi bắt giữ', 'cửa khẩu'],
  detection_method: ['detection method', 'detection', 'phương pháp phát hiện', 'cách phát hiện'],
  concealment: ['concealment', 'concealment method', 'cách cất giấu', 'phương thức cất giấu', 'thủ đoạn cất giấu'],
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
 */
export function mapColumns(header: readonly string[], config: SourceConfig, display: string, redact: readonly string[] = []): ColumnMap {
  const diagnostics: Diagnostic[] = [];
  const redactedNames = new Set(redact.map(looseKey));
  const redactedFolded = new Set(redact.map(foldKey));
  const redactedFields = new Set(CANONICAL_FIELDS.filter((f) => redactedNames.has(looseKey(f))));
  const exact = new Map<string, number[]>();
  const folded = new Map<string, number[]>();
  header.forEach((h, i) => {
    const push = (m: Map<string, number[]>, k: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(i);
    push(exact, looseKey(h));
    push(folded, foldKey(h));
  });
  const find = (name: string): number | undefined => {
    const e = exact.get(looseKey(name));
    if (e && e.length >= 1) return e[0];
    const f = folded.get(foldKey(name));
    return f && f.length === 1 ? f[0] : undefined;
  };
  const redacted = new Set(header.flatMap((h, i) => (redactedNames.has(looseKey(h)) || redactedFolded.has(foldKey(h)) ? [i] : [])));
  // A redacted field takes the columns that would feed it with it (so they do not become extras).
  for (const f of redactedFields) {
    const spec = config.columns?.[f];
    for (const n of spec === undefined ? [] : Array.isArray(spec) ? spec : [spec]) {
      const i = find(n);
      if (i !== undefined) redacted.add(i);
    }
  }
  const used = new Set<number>();
  const cells: number[][] = CANONICAL_FIELDS.map(() => []);
  const explicit = config.columns ?? {};
  for (const f of CANONICAL_FIELDS) {
    const spec = explicit[f];
    if (spec === undefined || redactedFields.has(f)) continue;
    const names = Array.isArray(spec) ? spec : [spec];
    const idx: number[] = [];
    for (const n of names) {
      const found = find(n);
      const i = found !== undefined && redacted.has(found) ? undefined : found;
      if (i === undefined) {
        const required = REQUIRED_FIELDS.includes(f) && config.defaults?.[f] === undefined;
        diagnostics.push({
          severity: required ? 'error' : 'warning',
          code: 'MISSING_COLUMN',
          file: display,
          line: 1,
          field: f,
          value: n,
          message: found !== undefined ? `column "${n}" mapped to ${f} is redacted (campaign file: redact)` : `column "${n}" mapped to ${f} is not in the header`,
          hint: `the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
        });
        idx.length = 0;
        break;
      }
      idx.push(i);
    }
    if (idx.length > 0) {
      cells[FIELD_INDEX[f]] = idx;
      idx.forEach((i) => used.add(i));
    }
  }
  const table = builtinHeaders();
  header.forEach((h, i) => {
    if (used.has(i) || redacted.has(i)) return;
    const f = table.get(h);
    if (f !== undefined && redactedFields.has(f)) {
      redacted.add(i);
      return;
    }
    if (f === undefined || explicit[f] !== undefined) return;
    const slot = cells[FIELD_INDEX[f]]!;
    if (slot.length > 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'DUPLICATE_COLUMN',
        file: display,
        line: 1,
        field: f,
        value: h,
        message: `a second column for ${f}; the first ("${header[slot[0]!]}") is used, this one is kept as an extra`,
      });
      return;
    }
    slot.push(i);
    used.add(i);
  });
  const defaults = CANONICAL_FIELDS.map((f) => (redactedFields.has(f) ? undefined : config.defaults?.[f]));
  const missing = missingFields(header, cells, defaults, display, diagnostics);
  const extras = header.flatMap((name, index) => (used.has(index) || redacted.has(index) ? [] : [{ name, index }]));
  return { cells, defaults, extras, width: header.length, missing, diagnostics };
}

/** Required fields with neither a column nor a default, each reported once (MISSING_COLUMN at line 1) unless it was already. */
function missingFields(header: readonly string[], cells: readonly number[][], defaults: readonly (string | undefined)[], display: string, diagnostics: Diagnostic[]) {
  const missing = REQUIRED_FIELDS.filter((f) => cells[FIELD_INDEX[f]]!.length === 0 && defaults[FIELD_INDEX[f]] === undefined);
  for (const f of missing) {
    if (diagnostics.some((d) => d.code === 'MISSING_COLUMN' && d.field === f)) continue;
    diagnostics.push({
      severity: 'error',
      code: 'MISSING_COLUMN',
      file: display,
      line: 1,
      field: f,
      message: `no column for required field ${f}`,
      hint: `map one with columns: { ${f}: "Header" } or set defaults: { ${f}: ... }; the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
    });
  }
  return missing;
}
