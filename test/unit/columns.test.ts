import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS, type CanonicalField, type SourceConfig } from '../../src/config/schema.js';
import { FIELD_INDEX, type ColumnMap } from '../../src/config/column-map.js';
import { mapColumns } from '../../src/ingest/columns.js';

const cfg = (c: Partial<SourceConfig> = {}): SourceConfig => ({ path: 'x.csv', ...c });

/** field → header names it reads, for every mapped field. */
function mapped(m: ColumnMap, header: readonly string[]): Partial<Record<CanonicalField, string[]>> {
  const out: Partial<Record<CanonicalField, string[]>> = {};
  for (const f of CANONICAL_FIELDS) {
    const cells = m.cells[FIELD_INDEX[f]]!;
    if (cells.length > 0) out[f] = cells.map((i) => header[i]!);
  }
  return out;
}

describe('mapColumns', () => {
  it('matches canonical headers ignoring case, spaces and underscores', () => {
    const header = ['ID', '  Date ', 'Reporting_Country', 'reporting country x', 'COMMODITY', 'Quantity', 'unit', 'Route', 'Origin Country', 'destination_country', 'Case ID'];
    const m = mapColumns(header, cfg(), 'x.csv');
    expect(mapped(m, header)).toEqual({
      id: ['ID'],
      date: ['  Date '],
      reporting_country: ['Reporting_Country'],
      commodity: ['COMMODITY'],
      quantity: ['Quantity'],
      unit: ['unit'],
      route: ['Route'],
      origin_country: ['Origin Country'],
      destination_country: ['destination_country'],
      case_id: ['Case ID'],
    });
    expect(m.extras.map((e) => e.name)).toEqual(['reporting country x']);
    expect(m.missing).toEqual([]);
    expect(m.diagnostics).toEqual([]);
    expect(m.width).toBe(header.length);
  });

  it('knows the built-in Vietnamese headers, with or without diacritics', () => {
    const header = ['Ngày', 'Nước báo cáo', 'Mặt hàng', 'Loại', 'So luong', 'Don vi tinh', 'Tuyến', 'Nước xuất xứ', 'Nước đến', 'Mã vụ', 'Hướng', 'Giai đoạn', 'Địa điểm', 'Phương pháp phát hiện', 'Cách cất giấu', 'Don vi', 'Ghi chú'];
    const m = mapColumns(header, cfg({ columns: { id: 'Ghi chú' } }), 'x.csv');
    expect(mapped(m, header)).toEqual({
      id: ['Ghi chú'],
      date: ['Ngày'],
      reporting_country: ['Nước báo cáo'],
      commodity: ['Mặt hàng'],
      subtype: ['Loại'],
      quantity: ['So luong'],
      unit: ['Don vi tinh'],
      route: ['Tuyến'],
      origin_country: ['Nước xuất xứ'],
      destination_country: ['Nước đến'],
      case_id: ['Mã vụ'],
      direction: ['Hướng'],
      phase: ['Giai đoạn'],
      location: ['Địa điểm'],
      detection_method: ['Phương pháp phát hiện'],
      concealment: ['Cách cất giấu'],
      // "Đơn vị" alone is the unit of an administration (the agency); the unit of measure is "Đơn vị tính"
      agency: ['Don vi'],
    });
    expect(m.diagnostics).toEqual([]);
  });

  it('knows the built-in Korean headers and the agency headers', () => {
    const header = ['적발번호', '적발일자', '보고국', '품명', '수량', '단위', '운송경로', '원산지', '목적지', '세관'];
    const m = mapColumns(header, cfg({ defaults: { commodity: 'drugs' } }), 'x.csv');
    expect(mapped(m, header)).toEqual({
      id: ['적발번호'],
      date: ['적발일자'],
      reporting_country: ['보고국'],
      subtype: ['품명'],
      quantity: ['수량'],
      unit: ['단위'],
      route: ['운송경로'],
      origin_country: ['원산지'],
      destination_country: ['목적지'],
      agency: ['세관'],
    });
    for (const [h, f] of [['번호', 'id'], ['일자', 'date'], ['날짜', 'date'], ['품목', 'subtype'], ['경로', 'route'], ['출발국', 'origin_country'], ['도착국', 'destination_country'], ['기관', 'agency'], ['Agency', 'agency'], ['Cơ quan', 'agency']] as const) {
      expect(mapped(mapColumns([h], cfg({}), 'x.csv'), [h])).toMatchObject({ [f]: [h] });
    }
  });

  it('"Đơn vị" is the agency beside a unit-of-measure column, the unit of measure without one', () => {
    expect(mapped(mapColumns(['Đơn vị', 'ĐVT'], cfg({}), 'x.csv'), ['Đơn vị', 'ĐVT'])).toMatchObject({ agency: ['Đơn vị'], unit: ['ĐVT'] });
    expect(mapped(mapColumns(['Đơn vị', 'Số lượng'], cfg({}), 'x.csv'), ['Đơn vị', 'Số lượng'])).toMatchObject({ unit: ['Đơn vị'] });
    expect(mapped(mapColumns(['Don vi'], cfg({ defaults: { unit: 'kg' } }), 'x.csv'), ['Don vi'])).toMatchObject({ agency: ['Don vi'] });
  });

  it('an explicit mapping wins over a built-in name, which is then an extra', () => {
    const header = ['Số vụ', 'ID', 'Ngày phát hiện', 'Ngày', 'reporting_country', 'commodity', 'quantity', 'Đơn vị tính', 'route'];
    const m = mapColumns(header, cfg({ columns: { id: 'Số vụ', date: 'Ngày phát hiện', unit: 'Đơn vị tính' } }), 'x.csv');
    const got = mapped(m, header);
    expect(got.id).toEqual(['Số vụ']);
    expect(got.date).toEqual(['Ngày phát hiện']);
    expect(got.unit).toEqual(['Đơn vị tính']);
    expect(m.extras.map((e) => e.name)).toEqual(['ID', 'Ngày']);
    expect(m.diagnostics).toEqual([]);
  });

  it('explicit headers match diacritic-insensitively when unambiguous', () => {
    const header = ['So vu', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'];
    const m = mapColumns(header, cfg({ columns: { id: 'Số vụ' } }), 'x.csv');
    expect(mapped(m, header).id).toEqual(['So vu']);
  });

  it('a list of headers maps one field to several cells (joined later)', () => {
    const header = ['FY', 'Month (abbv)', 'id', 'commodity', 'qty', 'unit', 'route'];
    const m = mapColumns(header, cfg({ columns: { date: ['FY', 'Month (abbv)'] }, defaults: { reporting_country: 'US' } }), 'x.csv');
    expect(mapped(m, header).date).toEqual(['FY', 'Month (abbv)']);
    expect(m.missing).toEqual([]);
    expect(m.defaults[FIELD_INDEX.reporting_country]).toBe('US');
  });

  it('MISSING_COLUMN: one error per required field with neither a column nor a default, at line 1', () => {
    const m = mapColumns(['id', 'date', 'commodity', 'note'], cfg(), 'data/x.csv');
    expect(m.missing).toEqual(['reporting_country', 'quantity', 'unit', 'route']);
    expect(m.diagnostics.map((d) => [d.severity, d.code, d.file, d.line, d.field])).toEqual([
      ['error', 'MISSING_COLUMN', 'data/x.csv', 1, 'reporting_country'],
      ['error', 'MISSING_COLUMN', 'data/x.csv', 1, 'quantity'],
      ['error', 'MISSING_COLUMN', 'data/x.csv', 1, 'unit'],
      ['error', 'MISSING_COLUMN', 'data/x.csv', 1, 'route'],
    ]);
  });

  it('a default satisfies a required field', () => {
    const m = mapColumns(['id', 'date', 'commodity', 'quantity', 'unit', 'route'], cfg({ defaults: { reporting_country: 'MY' } }), 'x.csv');
    expect(m.missing).toEqual([]);
    expect(m.diagnostics).toEqual([]);
  });

  it('an explicitly mapped header that is absent is MISSING_COLUMN naming it (an error for a required field)', () => {
    const m = mapColumns(['id', 'date', 'commodity', 'qty', 'unit', 'route'], cfg({ columns: { reporting_country: 'Nation' } }), 'x.csv');
    expect(m.missing).toEqual(['reporting_country']);
    expect(m.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'MISSING_COLUMN', field: 'reporting_country', value: 'Nation', line: 1 })]);
  });

  it('an explicitly mapped optional header that is absent is only a warning', () => {
    const m = mapColumns(['id', 'date', 'reporting_country', 'commodity', 'qty', 'unit', 'route'], cfg({ columns: { location: 'Port' } }), 'x.csv');
    expect(m.missing).toEqual([]);
    expect(m.diagnostics.map((d) => [d.severity, d.code, d.field])).toEqual([['warning', 'MISSING_COLUMN', 'location']]);
  });

  it('DUPLICATE_COLUMN: a second column for a field warns, the first wins, the second is an extra', () => {
    const header = ['id', 'Ngày', 'Date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route', 'unit'];
    const m = mapColumns(header, cfg(), 'x.csv');
    expect(mapped(m, header).date).toEqual(['Ngày']);
    expect(m.cells[FIELD_INDEX.unit]).toEqual([6]);
    expect(m.diagnostics.map((d) => [d.severity, d.code, d.field, d.value, d.line])).toEqual([
      ['warning', 'DUPLICATE_COLUMN', 'date', 'Date', 1],
      ['warning', 'DUPLICATE_COLUMN', 'unit', 'unit', 1],
    ]);
    expect(m.extras.map((e) => e.index)).toEqual([2, 8]);
  });
});

describe('mapColumns with redact', () => {
  const base = ['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'];

  it('drops redacted headers (case, spaces and diacritics ignored) from the extras', () => {
    const header = [...base, 'Suspect Name', 'Số hộ chiếu', 'note'];
    const m = mapColumns(header, cfg(), 'x.csv', ['suspect_name', 'so ho chieu']);
    expect(m.extras.map((e) => e.name)).toEqual(['note']);
    expect(m.diagnostics).toEqual([]);
  });

  it('a redacted optional field takes the columns that would feed it, explicit or built-in, and its default', () => {
    const viet = mapColumns([...base, 'Cách cất giấu'], cfg({ defaults: { concealment: 'x' } }), 'x.csv', ['concealment']);
    expect(mapped(viet, [...base, 'Cách cất giấu']).concealment).toBeUndefined();
    expect(viet.extras).toEqual([]);
    expect(viet.defaults[FIELD_INDEX.concealment]).toBeUndefined();
    const explicit = mapColumns([...base, 'Hidden in'], cfg({ columns: { concealment: 'Hidden in' } }), 'x.csv', ['concealment']);
    expect(explicit.extras).toEqual([]);
    expect(explicit.cells[FIELD_INDEX.concealment]).toEqual([]);
  });

  it('a required field mapped to a redacted header is a MISSING_COLUMN that says so', () => {
    const header = ['Ref', ...base.slice(1)];
    const m = mapColumns(header, cfg({ columns: { id: 'Ref' } }), 'x.csv', ['ref']);
    expect(m.missing).toEqual(['id']);
    expect(m.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([['MISSING_COLUMN', 'error', 'column "Ref" mapped to id is redacted (campaign file: redact)']]);
  });
});
