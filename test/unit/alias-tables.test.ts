// The built-in alias tables are claims about how exports write things: every alias of countries,
// units, commodities, routes, directions and headers is listed here, as data, and checked one by
// one, so deleting or redirecting an alias in src fails a test (mutation testing leaves these
// module-level tables out, see README → Development → Mutation testing). Goods are pinned by
// goods-spellings.test.ts. A new alias is added in src and here.
import { describe, expect, it, vi } from 'vitest';
import { FIELD_INDEX } from '../../src/config/column-map.js';
import type { CanonicalField } from '../../src/config/schema.js';
import { mapColumns } from '../../src/ingest/columns.js';
import type { CanonicalUnit } from '../../src/normalize/unit.js';
import { createCommodityTable, createDirectionTable, createRouteTable } from '../../src/normalize/vocabulary.js';

/** A fresh copy of country.ts: its tables are built lazily, once per module, so each test builds them itself. */
async function freshCountry() {
  vi.resetModules();
  return import('../../src/normalize/country.js');
}

/** country.ts's SHORT_FORMS, by country. */
const SHORT_FORMS: Record<string, string[]> = {
  VN: ['viet nam', 'vietnam', 'việt nam', 'vn'],
  LA: ['laos', 'lào', 'lao pdr', 'lao'],
  US: ['hoa kỳ', 'mỹ', 'usa', 'u.s.', 'u.s.a.', 'united states of america', 'america'],
  KR: ['south korea', 'korea', 'republic of korea', 'korea, republic of', 'hàn quốc', 'đại hàn', '한국'],
  KP: ['north korea', 'triều tiên'],
  CN: ['trung quốc', 'prc', "people's republic of china"],
  HK: ['hong kong', 'hồng kông', 'hongkong', 'hong kong sar'],
  MO: ['macau', 'macao', 'ma cao'],
  TW: ['đài loan', 'taiwan'],
  KH: ['campuchia', 'cambodia', 'căm pu chia'],
  TH: ['thái lan'],
  MM: ['myanmar', 'burma', 'miến điện'],
  MY: ['ma-lai-xi-a', 'malaixia'],
  ID: ['in-đô-nê-xi-a', 'indonexia'],
  PH: ['phi-líp-pin', 'philippin'],
  SG: ['xin-ga-po', 'singapo'],
  BN: ['brunei darussalam'],
  JP: ['nhật bản'],
  IN: ['ấn độ'],
  AU: ['úc', 'ô-xtrây-li-a'],
  GB: ['anh', 'uk', 'great britain', 'england'],
  // 'nga' (Russia in Vietnamese): in capitals NGA is Nigeria's alpha-3 code (see the test below).
  RU: ['russia', 'nga'],
  AE: ['uae', 'các tiểu vương quốc ả rập thống nhất'],
  DE: ['đức'],
  FR: ['pháp'],
  NL: ['hà lan'],
  BE: ['bỉ'],
  CA: ['ca-na-đa', 'canada'],
  ZA: ['nam phi'],
  NG: ['ni-giê-ri-a', 'nigeria'],
  MZ: ['mô-dăm-bích'],
  CI: ['côte d’ivoire', "cote d'ivoire", 'ivory coast'],
  TR: ['turkey', 'türkiye'],
  CZ: ['czech republic'],
  IR: ['iran'],
  SY: ['syria'],
  BO: ['bolivia'],
  VE: ['venezuela'],
  TZ: ['tanzania'],
  MD: ['moldova'],
  PS: ['palestine'],
  TL: ['east timor', 'đông timor'],
};
const UNKNOWN_FORMS = ['zz', 'xx', 'unknown', 'không rõ', 'không xác định', 'n/a', 'chưa rõ', '미상', '불명'];

describe('countries', () => {
  it('every short form names its country, as written and in capitals (except where the capitals are a code)', async () => {
    const { normalizeCountry } = await freshCountry();
    for (const [code, forms] of Object.entries(SHORT_FORMS)) {
      for (const f of forms) {
        expect(normalizeCountry(f), f).toBe(code);
        // NGA in capitals is Nigeria's alpha-3 code (below).
        if (f !== 'nga') expect(normalizeCountry(f.toUpperCase()), f).toBe(code);
      }
    }
  });

  it('"Nga" (Russia in Vietnamese) is RU: a code counts first only in capitals, so NGA is Nigeria; "Ngà" is neither', async () => {
    const { normalizeCountry } = await freshCountry();
    expect(normalizeCountry('Nga')).toBe('RU');
    expect(normalizeCountry('nga')).toBe('RU');
    expect(normalizeCountry(' NGA ')).toBe('NG');
    // 'ngà' folds to 'nga', which the short form names RU and the alpha-3 code NG: ambiguous, refused.
    expect(normalizeCountry('Ngà')).toBeUndefined();
    expect(normalizeCountry('Russia')).toBe('RU');
  });

  it('every unknown form is ZZ only where unknown is allowed', async () => {
    const { normalizeCountry } = await freshCountry();
    for (const f of UNKNOWN_FORMS) {
      expect(normalizeCountry(f, true), f).toBe('ZZ');
      expect(normalizeCountry(f.toUpperCase(), true), f).toBe('ZZ');
      expect(normalizeCountry(f), f).toBeUndefined();
    }
  });

  it('ISO names in English and Vietnamese (i18n-iso-countries), where CLDR and the short forms have none', async () => {
    const { normalizeCountry } = await freshCountry();
    expect(normalizeCountry('Bosnia and Herzegovina')).toBe('BA');
    expect(normalizeCountry("Lao People's Democratic Republic")).toBe('LA');
    expect(normalizeCountry('Ý')).toBe('IT');
    expect(normalizeCountry('Cô-oét')).toBe('KW');
    expect(normalizeCountry('Liên bang Nga')).toBe('RU');
  });

  it("CLDR display names in English and Vietnamese (Node's Intl), where the ISO data and the short forms have none", async () => {
    const { normalizeCountry } = await freshCountry();
    expect(normalizeCountry('Bosnia & Herzegovina')).toBe('BA');
    expect(normalizeCountry('Antigua & Barbuda')).toBe('AG');
    expect(normalizeCountry('Áo')).toBe('AT');
    expect(normalizeCountry('Síp')).toBe('CY');
    expect(normalizeCountry('Li-băng')).toBe('LB');
  });

  it('alpha-2 and alpha-3 codes in any case; a name that folds onto a code of another country is refused', async () => {
    const { normalizeCountry } = await freshCountry();
    expect(normalizeCountry('khm')).toBe('KH');
    expect(normalizeCountry(' Kh ')).toBe('KH');
    expect(normalizeCountry('nld')).toBe('NL');
    // 'Mý' is not written anywhere; it folds to 'my', both Malaysia's code and 'Mỹ' (US): no guess.
    expect(normalizeCountry('Mý')).toBeUndefined();
    // 'Bí' folds to 'bi', Burundi's code, and to 'Bỉ' (Belgium).
    expect(normalizeCountry('Bí')).toBeUndefined();
  });
});

/** unit.ts's built-in spellings: unit, factor (multiply by it) and aliases. */
const UNITS: [CanonicalUnit, number, string[]][] = [
  ['kg', 1, ['kg', 'kgs', 'kilogram', 'kilograms', 'kilogramme', 'kilos', 'kilô', 'ký', 'kí', 'cân', '킬로그램', '킬로', 'KGM']],
  ['kg', 0.001, ['g', 'gr', 'gm', 'gms', 'gram', 'grams', 'gramme', 'gam', '그램', 'GRM']],
  ['kg', 1e-6, ['mg', 'milligram', 'milligrams', '밀리그램', 'MGM']],
  ['kg', 1000, ['t', 'tonne', 'tonnes', 'metric ton', 'metric tons', 'tấn', '톤', 'TNE']],
  ['kg', 0.45359237, ['lb', 'lbs', 'pound', 'pounds', 'LBR']],
  ['kg', 0.45359237 / 16, ['oz', 'ounce', 'ounces', 'ONZ']],
  ['l', 1, ['l', 'lt', 'lts', 'ltrs', 'litre', 'litres', 'liter', 'liters', 'lít', 'lit', '리터', 'LTR']],
  ['l', 0.001, ['ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters', 'cc', 'cm3', 'cm³', '밀리리터', 'MLT']],
  ['l', 0.01, ['cl', 'CLT']],
  ['l', 1000, ['m3', 'm³', 'cubic metre', 'cubic metres', 'cubic meter', 'cubic meters', 'cbm', 'cu m', 'khối', 'mét khối', 'MTQ']],
  ['pieces', 1, ['pieces', 'piece', 'pcs', 'pc', 'nos', 'ea', 'each', 'tablets', 'tablet', 'tabs', 'tab', 'viên', 'units', 'unit', 'specimens', 'specimen', 'con', 'heads', 'head', 'cá thể', 'items', 'item', 'chiếc', 'cái', '정', '개', '점', '마리', 'PCE', 'NAR', 'H87', 'C62']],
  ['pieces', 2, ['pairs', 'pair', 'đôi', '쌍', 'PR', 'NPR']],
  ['sticks', 1, ['sticks', 'stick', 'cigarettes', 'cigarette', 'điếu', '개비']],
  ['packages', 1, ['packages', 'package', 'box', 'boxes', 'bag', 'bags', 'parcel', 'parcels', 'flask', 'flasks', 'hộp', 'túi', 'kiện', 'thùng', '상자', '박스']],
  ['m', 1, ['m', 'metre', 'metres', 'meter', 'meters', 'mét', 'MTR']],
  ['m', 0.01, ['cm', 'centimetre', 'centimetres', 'centimeter', 'centimeters', 'CMT']],
  ['m', 0.001, ['mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters', 'MMT']],
  ['m2', 1, ['m2', 'm²', 'sq m', 'sqm', 'square metre', 'square metres', 'square meter', 'square meters', 'mét vuông', 'MTK']],
  ['m2', 1e-4, ['cm2', 'cm²', 'square centimetre', 'square centimetres', 'square centimeter', 'square centimeters', 'CMK']],
];
/** Cigarette packagings: sticks for tobacco (pack, carton sizes), one package of anything else. */
const PACKAGINGS: ['pack' | 'carton', string[]][] = [
  ['pack', ['pack', 'packs', 'packet', 'packets', 'pkt', 'pkts', 'bao', 'gói', '갑']],
  ['carton', ['carton', 'cartons', 'ctn', 'ctns', 'cây', 'tút', '보루']],
];

/** A fresh copy of unit.ts: its table of built-in spellings is made once per module, so each test loads it itself (see freshVocabulary). */
async function freshUnits() {
  vi.resetModules();
  return import('../../src/normalize/unit.js');
}

describe('units', () => {
  it('every spelling converts to its canonical unit by its factor, for any goods', async () => {
    const units = (await freshUnits()).createUnitTable();
    for (const [unit, factor, aliases] of UNITS) {
      for (const a of aliases) {
        for (const commodity of ['tobacco', 'drugs']) expect(units.normalize(a, commodity), `${a} (${commodity})`).toEqual({ from: a, unit, factor });
      }
    }
  });

  it('every cigarette packaging is its campaign size in sticks for tobacco, one package otherwise', async () => {
    const units = (await freshUnits()).createUnitTable({ pack: 19, carton: 190 });
    for (const [packaging, aliases] of PACKAGINGS) {
      for (const a of aliases) {
        expect(units.normalize(a, 'tobacco'), a).toEqual({ from: a, unit: 'sticks', factor: packaging === 'pack' ? 19 : 190 });
        expect(units.normalize(a, 'cites'), a).toEqual({ from: a, unit: 'packages', factor: 1 });
      }
    }
  });
  it('the unit table and the word of a spelling agree on every spelling, as written, in capitals, with a period and with its diacritics changed', async () => {
    const { createUnitTable, unitWordOf } = await freshUnits();
    const units = createUnitTable();
    const spellings = [...UNITS.flatMap(([, , a]) => a), ...PACKAGINGS.flatMap(([, a]) => a)];
    // Every spelling, with an abbreviation's period, and with its diacritics: each turned into a grave accent, and none.
    const variants = (s: string) => [s, s.toUpperCase(), `${s}.`, s.normalize('NFD').replace(/\p{M}/gu, ''), s.normalize('NFD').replace(/\p{M}+/gu, '\u0300').normalize('NFC')];
    let folded = 0;
    for (const s of spellings) {
      for (const v of variants(s)) {
        const spec = units.lookup(v);
        expect(spec === undefined, v).toBe(unitWordOf(v) === undefined);
        if (v !== s && spec !== undefined && v.toLowerCase() !== s.toLowerCase()) folded++;
      }
    }
    // Not a vacuous agreement: spellings with a diacritic changed are read, 'lìt' among them.
    expect(folded).toBeGreaterThan(20);
    expect(units.lookup('lìt')?.other).toEqual({ from: 'lìt', unit: 'l', factor: 1 });
  });
});

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
};
const DIRECTION_ALIASES: Record<string, string[]> = {
  import: ['import', 'inbound', 'arrival', 'arrivals', 'nhập khẩu', 'nhập', 'nhập cảnh', '수입', '입국'],
  export: ['export', 'outbound', 'departure', 'departures', 'xuất khẩu', 'xuất', 'xuất cảnh', '수출', '출국'],
  transit: ['transit', 'transhipment', 'transshipment', 'quá cảnh', 'chuyển tải', '경유', '환적'],
  domestic: ['domestic', 'inland', 'nội địa', '국내'],
};

/** A fresh copy of vocabulary.ts: its alias lists are module-level, so each test loads them itself (see freshCountry). */
async function freshVocabulary() {
  vi.resetModules();
  return import('../../src/normalize/vocabulary.js');
}

describe.each([
  ['commodities', 'createCommodityTable', COMMODITY_ALIASES],
  ['routes', 'createRouteTable', ROUTE_ALIASES],
  ['directions', 'createDirectionTable', DIRECTION_ALIASES],
] as const)('%s', (_name, factory, aliases) => {
  const create = { createCommodityTable, createRouteTable, createDirectionTable }[factory];

  it('every alias names its canonical value, as written and in capitals', async () => {
    const t = (await freshVocabulary())[factory]();
    for (const [canonical, list] of Object.entries(aliases)) {
      for (const a of list) {
        expect(t.get(a), a).toBe(canonical);
        expect(t.get(a.toUpperCase()), a).toBe(canonical);
      }
    }
  });

  it("a campaign's alias is added to them, and may redirect a built-in one", () => {
    const [first, second] = Object.keys(aliases) as [string, string];
    const t = create({ 'campaign word': first, [aliases[second]![1]!]: first });
    expect(t.get('Campaign Word')).toBe(first);
    expect(t.get(aliases[second]![1]!)).toBe(first);
    expect(t.get(aliases[second]![0]!)).toBe(second);
  });

  it("is built once per campaign's aliases (every file asks for it), and once without: another campaign's aliases get their own", () => {
    const [first, second] = Object.keys(aliases) as [string, string];
    const mine = { 'my word': first };
    const theirs = { 'my word': second };
    expect(create(mine)).toBe(create(mine));
    expect(create()).toBe(create());
    expect(create(theirs)).not.toBe(create(mine));
    expect(create()).not.toBe(create(mine));
    expect(create(mine).get('my word')).toBe(first);
    expect(create(theirs).get('my word')).toBe(second);
    expect(create().get('my word')).toBeUndefined();
  });
});

/** columns.ts's HEADER_ALIASES. */
const HEADER_ALIASES: Record<CanonicalField, string[]> = {
  id: ['id', 'seizure id', 'record id', 'seizure no', 'seizure number', 'mã thu giữ', 'mã bắt giữ', 'số hiệu', '번호', '적발번호'],
  date: ['date', 'seizure date', 'date of seizure', 'ngày', 'ngày bắt giữ', 'ngày thu giữ', 'ngày phát hiện', '적발일자', '일자', '날짜'],
  reporting_country: ['reporting country', 'reporter', 'reporting agency country', 'nước báo cáo', 'quốc gia báo cáo', '보고국'],
  commodity: ['commodity', 'category', 'commodity type', 'mặt hàng', 'loại hàng', 'nhóm hàng', '분류', '품목군'],
  subtype: ['subtype', 'sub type', 'type', 'item', 'goods', 'loại', 'chủng loại', 'tên hàng', '품목', '품명'],
  quantity: ['quantity', 'qty', 'amount', 'số lượng', 'khối lượng', 'trọng lượng', '수량'],
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
  // 'đơn vị' alone is the agency only beside a unit-of-measure column: see columns.test.ts.
  agency: ['agency', 'reporting agency', 'customs office', 'office', 'cơ quan', 'đơn vị bắt giữ', '기관', '세관', '적발기관'],
  count: ['count', 'number of seizures', 'events', 'số lần bắt giữ'],
};

describe('headers', () => {
  it('every built-in header name feeds its field, as written, in capitals and with underscores', () => {
    for (const [field, names] of Object.entries(HEADER_ALIASES) as [CanonicalField, string[]][]) {
      for (const name of names) {
        for (const h of [name, name.toUpperCase(), name.replace(/ /g, '_')]) {
          const m = mapColumns(['x', h], { path: 'x.csv' }, 'x.csv');
          expect(m.cells[FIELD_INDEX[field]], `${h} → ${field}`).toEqual([1]);
          expect(m.extras, h).toEqual([{ name: 'x', index: 0 }]);
        }
      }
    }
  });

  it('"Đơn vị" is the agency beside a unit-of-measure column, the unit of measure without one', () => {
    expect(mapColumns(['Đơn vị tính', 'Đơn vị'], { path: 'x.csv' }, 'x.csv').cells[FIELD_INDEX.agency]).toEqual([1]);
    expect(mapColumns(['Đơn vị'], { path: 'x.csv' }, 'x.csv').cells[FIELD_INDEX.unit]).toEqual([0]);
  });
});
