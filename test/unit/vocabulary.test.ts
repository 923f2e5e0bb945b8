import { describe, expect, it } from 'vitest';
import { createCommodityTable, createDirectionTable, createRouteTable, ROUTES, UNKNOWN_ROUTE } from '../../src/normalize/vocabulary.js';

describe('commodities', () => {
  const t = createCommodityTable();
  it.each([
    ['drugs', 'drugs'],
    ['Narcotics', 'drugs'],
    ['ma túy', 'drugs'],
    ['ma tuý', 'drugs'],
    ['Ma Tuy', 'drugs'],
    ['chất ma túy', 'drugs'],
    ['tiền chất', 'precursors'],
    ['Tien chat', 'precursors'],
    ['precursor chemicals', 'precursors'],
    ['động vật hoang dã', 'cites'],
    ['ĐVHD', 'cites'],
    ['dvhd', 'cites'],
    ['wildlife', 'cites'],
    ['CITES', 'cites'],
    ['thuốc lá', 'tobacco'],
    ['thuoc la', 'tobacco'],
    ['cigarettes', 'tobacco'],
  ])('%j → %s', (raw, canonical) => {
    expect(t.get(raw)).toBe(canonical);
  });

  it.each(['durgs', 'weapons', 'currency', ''])('rejects %j', (raw) => {
    expect(t.get(raw)).toBeUndefined();
  });

  it('takes campaign aliases on top of the built-ins', () => {
    const ext = createCommodityTable({ 'hàng cấm': 'drugs', ivory: 'cites' });
    expect(ext.get('Hàng cấm')).toBe('drugs');
    expect(ext.get('hang cam')).toBe('drugs');
    expect(ext.get('Ivory')).toBe('cites');
    expect(ext.get('ma túy')).toBe('drugs');
    expect(createCommodityTable().get('ivory')).toBeUndefined();
  });
});

describe('routes', () => {
  const t = createRouteTable();
  it.each([
    ['express', 'express'],
    ['courier', 'express'],
    ['chuyển phát nhanh', 'express'],
    ['Chuyen phat nhanh', 'express'],
    ['CPN', 'express'],
    ['hàng không', 'air'],
    ['Air Passenger', 'air'],
    ['đường biển', 'sea'],
    ['duong bien', 'sea'],
    ['container', 'sea'],
    ['bưu chính', 'post'],
    ['bưu điện', 'post'],
    ['postal', 'post'],
    ['đường bộ', 'land'],
    ['Duong Bo', 'land'],
    ['road', 'land'],
  ])('%j → %s', (raw, canonical) => {
    expect(t.get(raw)).toBe(canonical);
  });

  it('knows "unknown" and "not reported" as the route of a record whose source says it was not reported (never one of ROUTES)', () => {
    for (const v of ['unknown', 'Unknown', 'not reported', 'NOT  REPORTED', 'không báo cáo', 'khong bao cao', '미보고', '미상']) expect(t.get(v), v).toBe(UNKNOWN_ROUTE);
    expect(UNKNOWN_ROUTE).toBe('unknown');
    expect(ROUTES as readonly string[]).not.toContain(UNKNOWN_ROUTE);
    expect(t.get('n/a')).toBeUndefined();
  });

  it('campaign aliases can redirect a route', () => {
    expect(createRouteTable({ 'đường sắt': 'land' }).get('duong sat')).toBe('land');
  });
});

describe('directions', () => {
  const t = createDirectionTable();
  it.each([
    ['import', 'import'],
    ['nhập khẩu', 'import'],
    ['Nhap', 'import'],
    ['xuất khẩu', 'export'],
    ['quá cảnh', 'transit'],
    ['transhipment', 'transit'],
    ['nội địa', 'domestic'],
  ])('%j → %s', (raw, canonical) => {
    expect(t.get(raw)).toBe(canonical);
  });
  it('rejects a typo', () => {
    expect(t.get('imprt')).toBeUndefined();
  });
});
