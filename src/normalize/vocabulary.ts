import { AliasTable } from './text.js';

/** Canonical commodities and routes with their built-in English and Vietnamese aliases. */
export const COMMODITIES = ['drugs', 'precursors', 'cites', 'tobacco'] as const;
export const ROUTES = ['express', 'air', 'sea', 'post', 'land'] as const;
export const DIRECTIONS = ['import', 'export', 'transit', 'domestic'] as const;
/**
 * The route of a record whose source says it was not reported (a cell, an
 * alias or a default): accepted from any source that says so, never one of
 * ROUTES. Reports show it as "not reported" (locale `routes.unknown`); its id
 * sorts after every route's (tables sort by code point).
 */
export const UNKNOWN_ROUTE = 'unknown';

const COMMODITY_ALIASES: Record<string, string[]> = {
  drugs: ['drugs', 'drug', 'narcotics', 'narcotic', 'narcotic drugs', 'ma túy', 'ma tuý', 'chất ma túy', 'chất ma tuý'],
  precursors: ['precursors', 'precursor', 'precursor chemicals', 'chemicals', 'tiền chất', 'tiền chất ma túy'],
  cites: ['cites', 'wildlife', 'wildlife products', 'cites goods', 'động vật hoang dã', 'động thực vật hoang dã', 'đvhd', 'hàng cites'],
  tobacco: ['tobacco', 'cigarettes', 'cigarette', 'tobacco products', 'thuốc lá', 'thuốc lá điếu'],
};

const ROUTE_ALIASES: Record<string, string[]> = {
  express: ['express', 'courier', 'express courier', 'express consignment', 'chuyển phát nhanh', 'cpn'],
  air: ['air', 'air passenger', 'air cargo', 'aviation', 'airport', 'hàng không', 'đường hàng không'],
  sea: ['sea', 'maritime', 'sea cargo', 'container', 'seaport', 'đường biển', 'đường thủy', 'cảng biển'],
  post: ['post', 'postal', 'mail', 'bưu chính', 'bưu điện', 'bưu phẩm', 'bưu kiện'],
  land: ['land', 'road', 'rail', 'land border', 'đường bộ', 'biên giới đất liền', 'cửa khẩu đường bộ'],
  [UNKNOWN_ROUTE]: ['not reported', 'route not reported', 'không báo cáo', 'không rõ', '미보고', '미상'],
};

const DIRECTION_ALIASES: Record<string, string[]> = {
  import: ['import', 'inbound', 'nhập khẩu', 'nhập'],
  export: ['export', 'outbound', 'xuất khẩu', 'xuất'],
  transit: ['transit', 'transhipment', 'transshipment', 'quá cảnh', 'chuyển tải'],
  domestic: ['domestic', 'inland', 'nội địa'],
};

function tableOf(aliases: Record<string, string[]>, extra: Record<string, string> = {}): AliasTable<string> {
  const t = new AliasTable<string>();
  for (const [canonical, list] of Object.entries(aliases)) {
    t.add(canonical, canonical);
    for (const a of list) t.add(a, canonical);
  }
  for (const [alias, canonical] of Object.entries(extra)) t.add(alias, canonical);
  return t;
}

export function createCommodityTable(extra?: Record<string, string>): AliasTable<string> {
  return tableOf(COMMODITY_ALIASES, extra);
}
export function createRouteTable(extra?: Record<string, string>): AliasTable<string> {
  return tableOf(ROUTE_ALIASES, extra);
}
export function createDirectionTable(extra?: Record<string, string>): AliasTable<string> {
  return tableOf(DIRECTION_ALIASES, extra);
}
