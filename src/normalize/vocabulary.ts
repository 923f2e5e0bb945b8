import { AliasTable } from './text.js';

/** Canonical commodities and routes with their built-in English, Vietnamese and Korean aliases. */
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
  drugs: ['drugs', 'drug', 'narcotics', 'narcotic', 'narcotic drugs', 'ma túy', 'ma tuý', 'chất ma túy', 'chất ma tuý', '마약', '마약류'],
  precursors: ['precursors', 'precursor', 'precursor chemicals', 'chemicals', 'tiền chất', 'tiền chất ma túy', '원료물질', '마약류 원료물질'],
  cites: ['cites', 'wildlife', 'wildlife products', 'cites goods', 'động vật hoang dã', 'động thực vật hoang dã', 'đvhd', 'hàng cites', '야생동식물', 'cites 야생동식물', '멸종위기종'],
  tobacco: ['tobacco', 'cigarettes', 'cigarette', 'tobacco products', 'thuốc lá', 'thuốc lá điếu', '담배'],
};

const ROUTE_ALIASES: Record<string, string[]> = {
  express: ['express', 'courier', 'express courier', 'express consignment', 'courier service', 'express cargo', 'express delivery', 'chuyển phát nhanh', 'cpn', '특송', '특송화물', '국제특송'],
  air: ['air', 'air passenger', 'air cargo', 'air freight', 'aviation', 'aircraft', 'flight', 'airport', 'hàng không', 'đường hàng không', 'máy bay', '항공', '항공화물', '항공여행자', '항공기'],
  sea: ['sea', 'maritime', 'sea cargo', 'sea freight', 'ocean freight', 'container', 'vessel', 'ship', 'boat', 'seaport', 'đường biển', 'đường thủy', 'hàng hải', 'tàu biển', 'cảng biển', '해상', '해상화물', '선박', '해운', '컨테이너'],
  post: ['post', 'postal', 'mail', 'parcel post', 'postal parcel', 'international mail', 'bưu chính', 'bưu điện', 'bưu phẩm', 'bưu kiện', '우편', '국제우편', '우편물'],
  land: ['land', 'road', 'rail', 'railway', 'train', 'truck', 'lorry', 'vehicle', 'car', 'bus', 'road transport', 'land border', 'đường bộ', 'đường sắt', 'xe tải', 'biên giới đất liền', 'cửa khẩu đường bộ', '육로', '도로', '철도'],
  [UNKNOWN_ROUTE]: ['not reported', 'route not reported', 'không báo cáo', 'không rõ', '미보고', '미상'],
};

const DIRECTION_ALIASES: Record<string, string[]> = {
  import: ['import', 'inbound', 'arrival', 'arrivals', 'nhập khẩu', 'nhập', 'nhập cảnh', '수입', '입국'],
  export: ['export', 'outbound', 'departure', 'departures', 'xuất khẩu', 'xuất', 'xuất cảnh', '수출', '출국'],
  transit: ['transit', 'transhipment', 'transshipment', 'quá cảnh', 'chuyển tải', '경유', '환적'],
  domestic: ['domestic', 'inland', 'nội địa', '국내'],
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

/**
 * A table of built-in aliases with a campaign's own (`extra`), built once per `extra` object (and
 * once without), as goodsVocabulary is: every file of a campaign asks for each table (its
 * normalizer, its totals reader). The tables are shared, so no caller adds to them.
 */
function sharedTables(aliases: Record<string, string[]>): (extra?: Record<string, string>) => AliasTable<string> {
  const byExtra = new WeakMap<object, AliasTable<string>>();
  let plain: AliasTable<string> | undefined;
  return (extra) => {
    if (extra === undefined) return (plain ??= tableOf(aliases));
    let t = byExtra.get(extra);
    if (!t) byExtra.set(extra, (t = tableOf(aliases, extra)));
    return t;
  };
}

const commodityTables = sharedTables(COMMODITY_ALIASES);
const routeTables = sharedTables(ROUTE_ALIASES);
const directionTables = sharedTables(DIRECTION_ALIASES);

export function createCommodityTable(extra?: Record<string, string>): AliasTable<string> {
  return commodityTables(extra);
}
export function createRouteTable(extra?: Record<string, string>): AliasTable<string> {
  return routeTables(extra);
}
export function createDirectionTable(extra?: Record<string, string>): AliasTable<string> {
  return directionTables(extra);
}
