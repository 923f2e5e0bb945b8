#!/usr/bin/env node
/**
 * Writes the bundled example campaign, fixtures/example/, from a fixed seed.
 *
 * The data are fictitious but shaped like a WCO RILO A/P-coordinated regional
 * operation against drugs, precursors, CITES-listed wildlife and cigarettes:
 * twenty participants, three phases, eleven source files in the shapes agencies
 * really send (canonical CSV, a Vietnamese Excel CSV, an Excel "Unicode text"
 * export, a YAML consolidation, two Excel workbooks with a title above the
 * header and a totals row below the records), and a few planted bad rows.
 *
 * Besides the data it writes:
 * - campaign.yaml           the campaign file;
 * - expected-defects.json   every planted defect (file, physical line or sheet
 *                           and row, code, bucket), the bucket totals and each
 *                           source's rows that are not records, an oracle for tests;
 * - README.md               what the example models, file by file.
 *
 * Deterministic: a seeded PRNG and no clock, so two runs give identical bytes
 * (workbooks too: their saved dates and zip entry dates are fixed, see SAVED).
 * Usage: node scripts/generate-example.mjs [--check]
 *   --check  generate in memory and exit 1 if a file on disk differs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { LineCounter, parseDocument } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'fixtures', 'example');
const SEED = 20240301;

// ---------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: tiny, fast, good enough for fixtures, identical on every platform. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function createRandom(seed) {
  const next = mulberry32(seed);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Weighted pick from { key: weight } (insertion order, so deterministic). */
    weighted(weights) {
      const entries = Object.entries(weights).filter(([, w]) => w > 0);
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [k, w] of entries) {
        x -= w;
        if (x < 0) return k;
      }
      return entries[entries.length - 1][0];
    },
    /** Log-uniform in [lo, hi]: seizure sizes span orders of magnitude. */
    logUniform: (lo, hi) => Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo))),
  };
  return r;
}

// ---------------------------------------------------------------------------
// Campaign

const PARTICIPANTS = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN', 'CN', 'HK', 'MO', 'JP', 'KR', 'IN', 'BD', 'LK', 'AU', 'NZ'];

const PHASES = [
  { id: 'p1', name: 'Phase 1 — Targeting and profiling', names: { vi: 'Giai đoạn 1 — Xác định mục tiêu và phân tích rủi ro', ko: '제1단계 — 표적 선정 및 위험 분석' }, start: '2024-03-01', end: '2024-04-30', vi: 'Giai đoạn 1' },
  { id: 'p2', name: 'Phase 2 — Intensified controls', names: { vi: 'Giai đoạn 2 — Tăng cường kiểm soát', ko: '제2단계 — 집중 단속' }, start: '2024-05-01', end: '2024-06-30', vi: 'Giai đoạn 2' },
  { id: 'p3', name: 'Phase 3 — Follow-up and controlled deliveries', names: { vi: 'Giai đoạn 3 — Theo dõi và giao hàng có kiểm soát', ko: '제3단계 — 후속 조치 및 통제배달' }, start: '2024-07-01', end: '2024-08-31', vi: 'Giai đoạn 3' },
];

const DAY = 86_400_000;
const CAMPAIGN_START = Date.UTC(2024, 2, 1);
const CAMPAIGN_DAYS = 184; // 1 March to 31 August 2024 inclusive

/** A date as { y, m, d } (UTC, no clock involved). */
function dayToDate(offset) {
  const t = new Date(CAMPAIGN_START + offset * DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
const pad = (n, w = 2) => String(n).padStart(w, '0');
const isoDate = ({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`;
function phaseOf(date) {
  const s = isoDate(date);
  return PHASES.find((p) => p.start <= s && s <= p.end);
}

// ---------------------------------------------------------------------------
// Countries: alpha-3, an English name, a Vietnamese name (all resolvable by the
// tool: ISO names, CLDR names or the contract's short forms).

const COUNTRIES = {
  AE: ['ARE', 'United Arab Emirates', 'UAE'],
  AF: ['AFG', 'Afghanistan', 'Afghanistan'],
  AO: ['AGO', 'Angola', 'Angola'],
  AU: ['AUS', 'Australia', 'Úc'],
  BD: ['BGD', 'Bangladesh', 'Bangladesh'],
  BN: ['BRN', 'Brunei Darussalam', 'Brunei Darussalam'],
  BR: ['BRA', 'Brazil', 'Brazil'],
  CA: ['CAN', 'Canada', 'Canada'],
  CD: ['COD', 'Democratic Republic of the Congo', 'Cộng hòa Dân chủ Công-gô'],
  CM: ['CMR', 'Cameroon', 'Cameroon'],
  CN: ['CHN', 'China', 'Trung Quốc'],
  CO: ['COL', 'Colombia', 'Colombia'],
  EC: ['ECU', 'Ecuador', 'Ecuador'],
  GA: ['GAB', 'Gabon', 'Gabon'],
  GH: ['GHA', 'Ghana', 'Ghana'],
  HK: ['HKG', 'Hong Kong', 'Hồng Kông'],
  ID: ['IDN', 'Indonesia', 'Indonesia'],
  IN: ['IND', 'India', 'Ấn Độ'],
  JP: ['JPN', 'Japan', 'Nhật Bản'],
  KE: ['KEN', 'Kenya', 'Kenya'],
  KH: ['KHM', 'Cambodia', 'Campuchia'],
  KR: ['KOR', 'South Korea', 'Hàn Quốc'],
  LA: ['LAO', 'Laos', 'Lào'],
  LK: ['LKA', 'Sri Lanka', 'Sri Lanka'],
  MG: ['MDG', 'Madagascar', 'Madagascar'],
  MM: ['MMR', 'Myanmar', 'Myanmar'],
  MO: ['MAC', 'Macao', 'Ma Cao'],
  MX: ['MEX', 'Mexico', 'Mexico'],
  MY: ['MYS', 'Malaysia', 'Malaysia'],
  MZ: ['MOZ', 'Mozambique', 'Mozambique'],
  NA: ['NAM', 'Namibia', 'Namibia'],
  NG: ['NGA', 'Nigeria', 'Nigeria'],
  NL: ['NLD', 'Netherlands', 'Hà Lan'],
  NZ: ['NZL', 'New Zealand', 'New Zealand'],
  PE: ['PER', 'Peru', 'Peru'],
  PH: ['PHL', 'Philippines', 'Philippines'],
  PK: ['PAK', 'Pakistan', 'Pakistan'],
  SG: ['SGP', 'Singapore', 'Singapore'],
  TH: ['THA', 'Thailand', 'Thái Lan'],
  TZ: ['TZA', 'Tanzania', 'Tanzania'],
  UG: ['UGA', 'Uganda', 'Uganda'],
  US: ['USA', 'United States', 'Hoa Kỳ'],
  VN: ['VNM', 'Viet Nam', 'Việt Nam'],
  ZA: ['ZAF', 'South Africa', 'Nam Phi'],
  ZW: ['ZWE', 'Zimbabwe', 'Zimbabwe'],
};

// ---------------------------------------------------------------------------
// Agencies: named under their country in campaign.yaml's participants (English
// name, aliases in the local language and abbreviations). `written` is how the
// sources spell them (weights); each spelling is the id, the name or an alias
// (checked in selfCheck), except the planted UNKNOWN_AGENCIES.

/** A Vietnamese customs department: "Cục Hải quan X" and the ways it is shortened. */
function vnDepartment(id, english, place, formal, extra = {}) {
  const spellings = { [`Cục Hải quan ${place}`]: 6, [`Hải quan ${place}`]: 2, [`Cục HQ ${place}`]: 1, [formal]: 1, ...extra };
  return { id, name: `${english} Customs Department`, aliases: Object.keys(spellings), written: spellings };
}

const AGENCIES = {
  KR: [
    { id: 'kcs-icn', name: 'Incheon Main Customs', aliases: ['인천본부세관', '인천세관', 'ICN'] },
    { id: 'kcs-pus', name: 'Busan Main Customs', aliases: ['부산본부세관', '부산세관', 'PUS'], written: { 부산본부세관: 6, 'Busan Main Customs': 3, 부산세관: 1 } },
    // named, but sends nothing in this campaign
    { id: 'kcs-sel', name: 'Seoul Main Customs', aliases: ['서울본부세관', '서울세관'] },
  ],
  VN: [
    vnDepartment('vn-hcm', 'Ho Chi Minh City', 'TP. Hồ Chí Minh', 'Cục Hải quan Thành phố Hồ Chí Minh', { 'Cục Hải quan TP.HCM': 2, 'Cục HQ TP.HCM': 1 }),
    vnDepartment('vn-hn', 'Ha Noi', 'Hà Nội', 'Cục Hải quan TP. Hà Nội'),
    vnDepartment('vn-hp', 'Hai Phong', 'Hải Phòng', 'Cục Hải quan TP. Hải Phòng'),
    vnDepartment('vn-qn', 'Quang Ninh', 'Quảng Ninh', 'Cục Hải quan tỉnh Quảng Ninh'),
    vnDepartment('vn-ls', 'Lang Son', 'Lạng Sơn', 'Cục Hải quan tỉnh Lạng Sơn'),
    vnDepartment('vn-qt', 'Quang Tri', 'Quảng Trị', 'Cục Hải quan tỉnh Quảng Trị'),
    vnDepartment('vn-ht', 'Ha Tinh', 'Hà Tĩnh', 'Cục Hải quan tỉnh Hà Tĩnh'),
    vnDepartment('vn-tn', 'Tay Ninh', 'Tây Ninh', 'Cục Hải quan tỉnh Tây Ninh'),
    vnDepartment('vn-brvt', 'Ba Ria - Vung Tau', 'Bà Rịa - Vũng Tàu', 'Cục Hải quan tỉnh Bà Rịa - Vũng Tàu', { 'Cục Hải quan BR-VT': 2 }),
    vnDepartment('vn-dn', 'Da Nang', 'Đà Nẵng', 'Cục Hải quan TP. Đà Nẵng'),
    // sends its own workbook (data/vn-lc.xlsx), named by the source's default
    vnDepartment('vn-lc', 'Lao Cai', 'Lào Cai', 'Cục Hải quan tỉnh Lào Cai'),
  ],
  // sends its own workbook (data/kh-gdce.xlsx), named by the source's default; its records in asean-cen.csv name no agency
  KH: [{ id: 'kh-gdce', name: 'General Department of Customs and Excise of Cambodia', aliases: ['អគ្គនាយកដ្ឋានគយ និងរដ្ឋាករកម្ពុជា', 'GDCE'] }],
  TH: [
    { id: 'th-bkk-air', name: 'Suvarnabhumi Airport Customs Bureau', aliases: ['สำนักงานศุลกากรท่าอากาศยานสุวรรณภูมิ'], written: { สำนักงานศุลกากรท่าอากาศยานสุวรรณภูมิ: 4, 'Suvarnabhumi Airport Customs Bureau': 1 } },
    { id: 'th-bkk-port', name: 'Bangkok Port Customs Bureau', aliases: ['สำนักงานศุลกากรท่าเรือกรุงเทพ'], written: { สำนักงานศุลกากรท่าเรือกรุงเทพ: 4, 'Bangkok Port Customs Bureau': 1 } },
    { id: 'th-lcb', name: 'Laem Chabang Port Customs Bureau', aliases: ['สำนักงานศุลกากรท่าเรือแหลมฉบัง'], written: { สำนักงานศุลกากรท่าเรือแหลมฉบัง: 4, 'Laem Chabang Port Customs Bureau': 1 } },
    { id: 'th-region-2', name: 'Customs Regional Office 2', aliases: ['สำนักงานศุลกากรภาคที่ 2', 'สศภ.2'], written: { 'สำนักงานศุลกากรภาคที่ 2': 4, 'สศภ.2': 1 } },
    { id: 'th-region-3', name: 'Customs Regional Office 3', aliases: ['สำนักงานศุลกากรภาคที่ 3', 'สศภ.3'], written: { 'สำนักงานศุลกากรภาคที่ 3': 4, 'สศภ.3': 1 } },
    { id: 'th-region-4', name: 'Customs Regional Office 4', aliases: ['สำนักงานศุลกากรภาคที่ 4', 'สศภ.4'], written: { 'สำนักงานศุลกากรภาคที่ 4': 4, 'สศภ.4': 1 } },
  ],
  IN: ['Mumbai', 'Delhi', 'Chennai', 'Kolkata', 'Ahmedabad'].map((city) => ({
    id: `in-dri-${city.slice(0, 3).toLowerCase()}`,
    name: `DRI ${city} Zonal Unit`,
    aliases: [`DRI ${city[0]}ZU`, `DRI ${city}`],
    written: { [`DRI ${city} Zonal Unit`]: 6, [`DRI ${city[0]}ZU`]: 1, [`DRI ${city}`]: 1 },
  })).concat([{ id: 'in-dri-guw', name: 'DRI Guwahati Regional Unit', aliases: ['DRI GRU', 'DRI Guwahati'], written: { 'DRI Guwahati Regional Unit': 6, 'DRI GRU': 1 } }]),
  AU: [
    { id: 'abf-nsw', name: 'ABF New South Wales', aliases: ['ABF NSW'], written: { 'ABF NSW': 3, 'ABF New South Wales': 1 } },
    { id: 'abf-vic', name: 'ABF Victoria', aliases: ['ABF VIC'], written: { 'ABF VIC': 3, 'ABF Victoria': 1 } },
    { id: 'abf-qld', name: 'ABF Queensland', aliases: ['ABF QLD'], written: { 'ABF QLD': 3, 'ABF Queensland': 1 } },
    { id: 'abf-wa', name: 'ABF Western Australia', aliases: ['ABF WA'], written: { 'ABF WA': 3, 'ABF Western Australia': 1 } },
  ],
  MY: ['Kedah', 'Perlis', 'Kelantan', 'Johor', 'Selangor', 'Pahang'].map((state) => ({
    id: `jkdm-${state.toLowerCase()}`,
    name: `Royal Malaysian Customs, ${state}`,
    aliases: [`JKDM ${state}`, `Kastam ${state}`],
    written: { [`JKDM ${state}`]: 4, [`Kastam ${state}`]: 1, [`Royal Malaysian Customs, ${state}`]: 1 },
  })).concat([{ id: 'jkdm-klia', name: 'Royal Malaysian Customs, KLIA', aliases: ['JKDM KLIA', 'Kastam KLIA'], written: { 'JKDM KLIA': 4, 'Kastam KLIA': 1 } }]),
  CN: [
    { id: 'cn-gz', name: 'Guangzhou Customs District', aliases: ['广州海关', 'Guangzhou Customs'], written: { 广州海关: 2, 'Guangzhou Customs District': 1 } },
    { id: 'cn-sz', name: 'Shenzhen Customs District', aliases: ['深圳海关', 'Shenzhen Customs'], written: { 深圳海关: 2, 'Shenzhen Customs District': 1 } },
    { id: 'cn-km', name: 'Kunming Customs District', aliases: ['昆明海关', 'Kunming Customs'], written: { 昆明海关: 2, 'Kunming Customs District': 1 } },
    { id: 'cn-nn', name: 'Nanning Customs District', aliases: ['南宁海关', 'Nanning Customs'], written: { 南宁海关: 2, 'Nanning Customs District': 1 } },
  ],
  HK: [{ id: 'hk-ced', name: 'Customs and Excise Department', aliases: ['香港海關', 'C&ED', 'CED'], written: { 'C&ED': 3, 香港海關: 1, 'Customs and Excise Department': 1 } }],
  MO: [{ id: 'mo-sa', name: 'Macao Customs Service', aliases: ['澳門海關', 'Serviços de Alfândega de Macau', 'SA'], written: { 澳門海關: 2, 'Macao Customs Service': 1, 'Serviços de Alfândega de Macau': 1 } }],
  JP: [
    { id: 'jp-tokyo', name: 'Tokyo Customs', aliases: ['東京税関'], written: { 東京税関: 2, 'Tokyo Customs': 1 } },
    { id: 'jp-osaka', name: 'Osaka Customs', aliases: ['大阪税関'], written: { 大阪税関: 2, 'Osaka Customs': 1 } },
    { id: 'jp-yokohama', name: 'Yokohama Customs', aliases: ['横浜税関'], written: { 横浜税関: 2, 'Yokohama Customs': 1 } },
  ],
  NZ: [{ id: 'nzcs', name: 'New Zealand Customs Service', aliases: ['Te Mana Ārai o Aotearoa', 'NZCS', 'NZ Customs'], written: { 'NZ Customs': 2, 'New Zealand Customs Service': 1, 'Te Mana Ārai o Aotearoa': 1 } }],
  BD: [
    { id: 'bd-dhaka', name: 'Dhaka Custom House', aliases: ['ঢাকা কাস্টম হাউস'], written: { 'Dhaka Custom House': 2, 'ঢাকা কাস্টম হাউস': 1 } },
    { id: 'bd-ctg', name: 'Chattogram Custom House', aliases: ['চট্টগ্রাম কাস্টম হাউস', 'Chittagong Custom House'], written: { 'Chattogram Custom House': 2, 'চট্টগ্রাম কাস্টম হাউস': 1, 'Chittagong Custom House': 1 } },
    { id: 'bd-benapole', name: 'Benapole Custom House', aliases: ['বেনাপোল কাস্টম হাউস'], written: { 'Benapole Custom House': 2, 'বেনাপোল কাস্টম হাউস': 1 } },
  ],
  LK: [{ id: 'lk-customs', name: 'Sri Lanka Customs', aliases: ['இலங்கை சுங்கம்', 'SLC'], written: { 'Sri Lanka Customs': 3, SLC: 1, 'இலங்கை சுங்கம்': 1 } }],
};

/** Planted agency spellings no alias matches: one UNKNOWN_AGENCY per value and file. */
const UNKNOWN_AGENCIES = new Set(['Cục Hải qaun Hải Phòng']);

function agencyById(id) {
  for (const list of Object.values(AGENCIES)) for (const a of list) if (a.id === id) return a;
  throw new Error(`no agency ${id}`);
}

/** An agency as a source writes it. */
function spellAgency(rnd, id) {
  const a = agencyById(id);
  return rnd.weighted(a.written ?? { [a.name]: 1 });
}

/** Land neighbours of the participants that have a land border a seizure can cross. */
const NEIGHBOURS = {
  VN: ['CN', 'LA', 'KH'], TH: ['MM', 'LA', 'KH', 'MY'], LA: ['CN', 'MM', 'TH', 'KH', 'VN'], KH: ['TH', 'LA', 'VN'],
  MM: ['BD', 'IN', 'CN', 'LA', 'TH'], MY: ['TH', 'SG', 'BN', 'ID'], CN: ['VN', 'LA', 'MM', 'HK', 'MO', 'IN'],
  IN: ['BD', 'MM', 'CN', 'PK'], BD: ['IN', 'MM'], HK: ['CN'], MO: ['CN'], SG: ['MY'], BN: ['MY'], ID: ['MY'],
};
const LAND_BORDERS = new Set(Object.keys(NEIGHBOURS));

// ---------------------------------------------------------------------------
// Commodities: subtypes with typical origins and destinations, and how a
// seizure's size depends on the route (a container dwarfs a parcel).

const SUBTYPES = {
  drugs: [
    { name: 'methamphetamine', w: 30, scale: 1, origins: { MM: 6, LA: 4, TH: 2, KH: 1, MY: 1, MX: 2, US: 3, CN: 1 }, dests: { KR: 3, JP: 3, AU: 3, NZ: 2, PH: 2, ID: 2, MY: 2, VN: 1, HK: 1 } },
    // yaba: methamphetamine tablets, counted in tablets (about 0.1 g each)
    { name: 'methamphetamine tablets', w: 10, scale: 1, tablets: true, origins: { MM: 8, LA: 3, TH: 1 }, dests: { TH: 3, LA: 2, KH: 1, MY: 2, BD: 2, IN: 1, VN: 1, ID: 1, KR: 1 } },
    { name: 'ecstasy', w: 5, scale: 0.3, tablets: true, origins: { NL: 6, MY: 1, CN: 1 }, dests: { AU: 3, NZ: 2, KR: 1, JP: 1, HK: 1, ID: 2, VN: 1, TH: 1, MY: 1 } },
    { name: 'heroin', w: 12, scale: 0.5, origins: { MM: 6, LA: 3, AF: 2, PK: 1, TH: 1 }, dests: { VN: 2, CN: 2, MY: 2, AU: 1, HK: 1, TH: 1 } },
    { name: 'cocaine', w: 8, scale: 0.8, origins: { CO: 3, PE: 2, BR: 3, EC: 2, MX: 1, US: 1 }, dests: { AU: 4, HK: 2, CN: 1, JP: 1, KR: 1, NZ: 1, PH: 1 } },
    { name: 'ketamine', w: 12, scale: 0.6, origins: { IN: 3, CN: 1, KH: 2, MM: 2, VN: 1 }, dests: { MY: 2, HK: 2, KH: 1, VN: 1, TH: 1, AU: 1 } },
    { name: 'cannabis', w: 14, scale: 0.6, origins: { US: 3, CA: 3, TH: 4, LA: 2, PH: 1 }, dests: { KR: 3, JP: 2, SG: 1, MY: 2, HK: 1, AU: 1 } },
    { name: 'hashish', w: 3, scale: 0.4, origins: { PK: 3, AF: 2, IN: 1 }, dests: { AU: 1, JP: 1, KR: 1, MY: 1, LK: 1, HK: 1 } },
  ],
  precursors: [
    { name: 'ephedrine', w: 3, base: 'kg', origins: { IN: 4, CN: 3, BD: 1 }, dests: { MM: 3, MX: 1, AU: 1, PH: 1 } },
    { name: 'pseudoephedrine', w: 3, base: 'kg', origins: { IN: 3, CN: 2, BD: 1, PK: 1 }, dests: { MM: 3, AU: 1, MY: 1, KR: 1 } },
    { name: 'safrole', w: 2, base: 'l', origins: { KH: 3, VN: 1, LA: 1, CN: 1 }, dests: { TH: 1, MM: 2, AU: 1, NL: 1 } },
    { name: 'acetic anhydride', w: 1, base: 'l', origins: { CN: 3, KR: 1, IN: 2 }, dests: { MM: 3, AF: 2, PK: 1 } },
    { name: 'BMK', w: 2, base: 'l', origins: { CN: 4, IN: 1 }, dests: { MM: 3, NL: 2, AU: 1, MX: 1 } },
    { name: 'PMK', w: 1, base: 'l', origins: { CN: 4 }, dests: { NL: 3, AU: 1, MM: 1 } },
  ],
  cites: [
    { name: 'pangolin scales', w: 5, origins: { NG: 6, CM: 2, CD: 1, GA: 1, GH: 1, UG: 1 }, dests: { VN: 4, CN: 3, HK: 1, LA: 1 } },
    { name: 'ivory', w: 3, origins: { NG: 3, MZ: 2, TZ: 1, KE: 1, AO: 1, CD: 1 }, dests: { VN: 3, CN: 3, HK: 1, LA: 1, KH: 1, TH: 1 } },
    { name: 'rhino horn', w: 2, origins: { ZA: 4, MZ: 3, ZW: 1, NA: 1 }, dests: { VN: 3, CN: 2, MY: 1, TH: 1 } },
    { name: 'live turtles', w: 3, origins: { ID: 2, MY: 2, BD: 2, IN: 2, MG: 2, TH: 1 }, dests: { HK: 3, CN: 2, TH: 1, MY: 1, VN: 1 } },
  ],
  tobacco: [
    { name: 'cigarettes', w: 12, origins: { VN: 2, KH: 2, ID: 2, CN: 2, KR: 1, AE: 1, MY: 1 }, dests: { MY: 4, AU: 3, SG: 2, TH: 1, NZ: 1, JP: 1, LA: 1 } },
    { name: 'vapes', w: 3, origins: { CN: 5, HK: 1 }, dests: { AU: 4, NZ: 1, SG: 2, MY: 2, TH: 2, JP: 1, VN: 1 } },
    { name: 'cigarillos', w: 1, origins: { ID: 2, AE: 1, CN: 1 }, dests: { AU: 2, MY: 1, SG: 1 } },
    { name: 'shisha', w: 1, origins: { AE: 3, IN: 1 }, dests: { AU: 2, MY: 1, SG: 1, NZ: 1 } },
  ],
};

/**
 * How the subtypes are written, unless a source spells them its own way
 * (SPELLINGS_* below): English and trade names, weighted. Every spelling is one
 * the goods vocabulary knows (checked in selfCheck), except the planted unknown
 * ones (UNKNOWN_SUBTYPES).
 */
const SPELL_EN = {
  methamphetamine: { methamphetamine: 3, meth: 1, ice: 1 },
  'methamphetamine tablets': { yaba: 1 },
  ecstasy: { ecstasy: 2, MDMA: 1 },
  heroin: { heroin: 1 },
  cocaine: { cocaine: 1 },
  ketamine: { ketamine: 1 },
  cannabis: { cannabis: 3, marijuana: 1 },
  hashish: { hashish: 1 },
  ephedrine: { ephedrine: 1 },
  pseudoephedrine: { pseudoephedrine: 1 },
  safrole: { safrole: 1 },
  'acetic anhydride': { 'acetic anhydride': 1 },
  BMK: { BMK: 3, 'P-2-P': 1 },
  PMK: { PMK: 3, 'MDP-2-P': 1 },
  'pangolin scales': { 'pangolin scales': 1 },
  // ivory counted in pieces is written as tusks (see spellSubtype)
  ivory: { ivory: 1 },
  'rhino horn': { 'rhino horn': 2, 'rhinoceros horn': 1 },
  'live turtles': { 'live turtles': 1 },
  cigarettes: { cigarettes: 1 },
  vapes: { vapes: 2, 'e-cigarettes': 1, 'disposable vapes': 1 },
  cigarillos: { cigarillos: 1 },
  shisha: { shisha: 2, 'shisha tobacco': 1 },
};

/** Planted subtypes the vocabulary does not know: one UNKNOWN_SUBTYPE per value and file. */
const UNKNOWN_SUBTYPES = new Set(['kretek cigarettes', 'Erimin 5', 'nước vui']);

/** Drug seizure sizes in kg by route, before the subtype's scale. */
const DRUG_KG = { express: [0.02, 3], post: [0.005, 1], air: [0.3, 8], sea: [10, 800], land: [1, 300] };
const PRECURSOR = { express: [0.1, 5], post: [0.05, 2], air: [1, 25], sea: [100, 2000], land: [10, 800] };
const WILDLIFE_KG = { express: [0.5, 20], post: [0.2, 5], air: [5, 150], sea: [200, 8000], land: [10, 1500] };
const CIGARETTE_STICKS = { express: [200, 4000], post: [200, 2000], air: [400, 20000], sea: [200_000, 9_600_000], land: [2000, 1_000_000] };
/** Vapes and cigarillos in pieces, shisha in kg. */
const TOBACCO_PIECES = { express: [5, 300], post: [2, 60], air: [20, 3000], sea: [2000, 200_000], land: [100, 30_000] };
const SHISHA_KG = { express: [1, 30], post: [0.5, 10], air: [5, 200], sea: [200, 12_000], land: [20, 3000] };
const TABLETS_PER_KG = 10_000;

/**
 * A seizure quantity as { q, unit } with unit one of
 * kg, g, l, pieces, specimens, tablets, sticks, pack, carton (rendered per file later).
 */
function makeQuantity(rnd, commodity, sub, route, opts) {
  const [lo, hi] = (commodity === 'drugs' ? DRUG_KG : commodity === 'precursors' ? PRECURSOR : commodity === 'cites' ? WILDLIFE_KG : CIGARETTE_STICKS)[route];
  if (commodity === 'drugs' && sub.tablets) return { q: Math.max(1, Math.round(rnd.logUniform(lo, hi) * sub.scale * TABLETS_PER_KG)), unit: 'tablets' };
  if (commodity === 'drugs') return massQuantity(rnd, rnd.logUniform(lo, hi) * sub.scale, opts);
  if (commodity === 'precursors') {
    const v = rnd.logUniform(lo, hi);
    return sub.base === 'l' ? { q: roundVolume(v), unit: 'l' } : massQuantity(rnd, v, opts);
  }
  if (commodity === 'cites') {
    if (sub.name === 'live turtles') return { q: rnd.int(2, route === 'sea' || route === 'land' ? 900 : 60), unit: rnd.chance(0.5) ? 'specimens' : 'pieces' };
    if (sub.name === 'rhino horn') return rnd.chance(0.6) ? { q: rnd.int(1, 24), unit: 'pieces' } : { q: roundMass(rnd.logUniform(0.3, 40)), unit: 'kg' };
    if (sub.name === 'ivory' && rnd.chance(0.35)) return { q: rnd.int(1, 80), unit: 'pieces' };
    const scale = sub.name === 'ivory' ? 0.4 : 1;
    return { q: roundMass(rnd.logUniform(lo, hi) * scale), unit: 'kg' };
  }
  if (sub.name === 'shisha') return { q: roundMass(rnd.logUniform(...SHISHA_KG[route])), unit: 'kg' };
  if (sub.name !== 'cigarettes') return { q: Math.round(rnd.logUniform(...TOBACCO_PIECES[route])), unit: 'pieces' };
  // cigarettes: counted in sticks, packs of 20 or cartons of 200
  const sticks = rnd.logUniform(lo, hi);
  const style = opts.tobacco ?? ['sticks', 'pack', 'carton'];
  if (sticks < 1000 && style.includes('sticks')) return { q: Math.max(20, Math.round(sticks / 20) * 20), unit: 'sticks' };
  if (sticks < 6000 && style.includes('pack')) return { q: Math.max(1, Math.round(sticks / 20)), unit: 'pack' };
  if (style.includes('carton')) return { q: Math.max(1, Math.round(sticks / 200)), unit: 'carton' };
  return { q: Math.round(sticks / 200) * 200, unit: 'sticks' };
}

function massQuantity(rnd, kg, opts) {
  if (kg < 1 && rnd.chance(opts.grams ?? 0.7)) return { q: Math.max(1, Math.round(kg * 1000)), unit: 'g' };
  return { q: roundMass(kg), unit: 'kg' };
}
function roundMass(kg) {
  const d = kg < 1 ? 3 : kg < 100 ? 2 : 1;
  return Math.max(0.001, Number(kg.toFixed(d)));
}
function roundVolume(l) {
  return l < 100 ? Math.max(0.1, Number(l.toFixed(1))) : Math.round(l);
}

const DETECTION = { 'x-ray': 5, 'detector dog': 3, 'risk profiling': 5, intelligence: 3, 'physical examination': 3, 'CT scan': 1, 'controlled delivery': 1 };
const CONCEALMENT = {
  express: ['inside Chinese tea packaging', 'in vacuum-sealed bags, inside clothing', 'in hollowed-out books', 'inside a loudspeaker', 'in protein powder tins', 'in candle wax', 'declared as "auto parts"'],
  post: ['inside greeting cards', 'in cosmetics jars', 'in vacuum-sealed bags, inside clothing', 'inside children\'s toys', 'in coffee bags'],
  air: ['false-bottom suitcase', 'strapped to the body', 'body packing (swallowed pellets)', 'in checked baggage, among clothes', 'inside laptop bag lining'],
  sea: ['in a container of frozen fish', 'behind a false wall in the container', 'mixed with cashew nuts', 'inside timber logs', 'declared as plastic scrap', 'under a layer of soybeans, in 40 ft container'],
  land: ['in the fuel tank', 'under the truck floor', 'in car door panels', 'in sacks of rice', 'in a hidden compartment, behind the driver\'s cab'],
};

// ---------------------------------------------------------------------------
// Seizure generator shared by all sources

/**
 * Generates one case (one seizure event) of 1–4 item lines sharing case_id,
 * date, route and countries. `src` describes the agency profile.
 */
function makeCase(rnd, src, ids) {
  const rc = rnd.weighted(src.reporters);
  let routes = typeof src.routes === 'function' ? src.routes(rc) : src.routes;
  if (!LAND_BORDERS.has(rc)) routes = { ...routes, land: 0 };
  const route = rnd.weighted(routes);
  const commodity = rnd.weighted(src.commodities);
  const sub = pickSubtype(rnd, commodity, src);
  const date = dayToDate(rnd.int(0, CAMPAIGN_DAYS - 1));
  let direction = rnd.weighted({ import: 66, export: 16, transit: 14, domestic: 4 });
  if (direction === 'domestic' && (route === 'air' || route === 'sea')) direction = 'import';
  const { origin, destination } = pickCountries(rnd, rc, sub, direction, route);
  const caseId = ids.nextCase(rc);
  const concealment = rnd.pick(CONCEALMENT[route]);
  const detection = rnd.weighted(DETECTION);
  const location = src.location ? src.location(rnd, rc, route) : '';
  // the agency as the source writes it ('' when the source has no agency column)
  const agency = src.agency ? src.agency(rnd, rc, route, location) : '';
  const n = rnd.chance(src.multiRate ?? 0.12) ? rnd.int(2, 4) : 1;
  const items = [];
  const used = new Set();
  for (let i = 0; i < n; i++) {
    const s = i === 0 ? sub : pickSubtype(rnd, commodity, src);
    if (used.has(s.name) && commodity !== 'tobacco') continue; // one line per subtype and case
    used.add(s.name);
    const qty = makeQuantity(rnd, commodity, s, route, src.quantity ?? {});
    if (i > 0 && qty.unit !== 'pieces' && qty.unit !== 'specimens') qty.q = shrink(qty);
    items.push({
      id: ids.nextItem(rc),
      case_id: caseId,
      date,
      reporting_country: rc,
      commodity,
      subtype: s.name,
      sub: s,
      // the subtype as the source writes it
      written: spellSubtype(rnd, src.spell, s, qty.unit, rc),
      agency,
      quantity: qty.q,
      unit: qty.unit,
      route,
      origin_country: origin,
      destination_country: destination,
      direction,
      location,
      detection_method: detection,
      concealment,
    });
  }
  return items;
}

/** Secondary lines of a mixed case are usually smaller than the main one. */
function shrink({ q, unit }) {
  if (unit === 'g' || unit === 'tablets' || unit === 'pack' || unit === 'carton' || unit === 'sticks') return Math.max(1, Math.round(q / 3));
  return unit === 'l' ? roundVolume(q / 3) : roundMass(q / 3);
}

/** The source may narrow a commodity's subtypes (`src.only`: commodity → names). */
function pickSubtype(rnd, commodity, src) {
  const only = src.only?.[commodity];
  const list = only ? SUBTYPES[commodity].filter((s) => only.includes(s.name)) : SUBTYPES[commodity];
  const name = rnd.weighted(Object.fromEntries(list.map((s) => [s.name, s.w])));
  return list.find((s) => s.name === name);
}

/**
 * A subtype as a source writes it: the source's own spellings (`spell`: subtype
 * → { spelling: weight }, or a function of the reporting country), else English.
 * Ivory counted in pieces is tusks wherever the source writes English.
 */
function spellSubtype(rnd, spell, sub, unit, rc) {
  let table = spell?.[sub.name] ?? SPELL_EN[sub.name];
  if (typeof table === 'function') table = table(rc);
  if (sub.name === 'ivory' && unit === 'pieces' && table === SPELL_EN.ivory) table = { 'elephant tusks': 3, tusks: 1 };
  return rnd.weighted(table);
}

function pickCountries(rnd, rc, sub, direction, route) {
  const without = (w, ...xs) => Object.fromEntries(Object.entries(w).filter(([k]) => !xs.includes(k)));
  const fallback = { MY: 1, TH: 1, SG: 1, CN: 1, HK: 1 };
  const from = (w, ...xs) => {
    const left = without(w, ...xs);
    return Object.keys(left).length ? rnd.weighted(left) : rnd.weighted(without(fallback, ...xs));
  };
  switch (direction) {
    case 'domestic':
      return { origin: rc, destination: rc };
    case 'export':
      // overland, goods leave for a neighbour (which may only be a transit country)
      return { origin: rc, destination: route === 'land' ? rnd.pick(NEIGHBOURS[rc]) : from(sub.dests, rc) };
    case 'transit': {
      const origin = from(sub.origins, rc);
      return { origin, destination: from(sub.dests, rc, origin) };
    }
    default:
      return { origin: rnd.chance(0.04) ? 'ZZ' : from(sub.origins, rc), destination: rc };
  }
}

function createIds(itemId, caseId) {
  const items = new Map();
  const cases = new Map();
  const bump = (m, k) => {
    const n = (m.get(k) ?? 0) + 1;
    m.set(k, n);
    return n;
  };
  return {
    nextItem: (rc) => itemId(rc, bump(items, rc)),
    nextCase: (rc) => caseId(rc, bump(cases, rc)),
  };
}

/** Clean rows until `target` records exist (cases may add several at once). */
function generateRows(rnd, src, ids, target) {
  const rows = [];
  while (rows.length < target) {
    for (const rec of makeCase(rnd, src, ids)) rows.push({ rec });
  }
  return rows;
}

/** One fresh clean record for a planted defect (a new id, so no accidental conflicts). */
function freshRecord(rnd, src, ids, where = {}) {
  for (;;) {
    const [rec] = makeCase(rnd, { ...src, multiRate: 0 }, ids);
    if (Object.entries(where).every(([k, v]) => (typeof v === 'function' ? v(rec[k]) : rec[k] === v))) return rec;
  }
}

/**
 * Inserts a planted row at a random position between 10 % and 90 % of the
 * file, or right after `after` (a row object) when given.
 */
function plant(rnd, rows, row, after) {
  let at;
  if (after) {
    const i = rows.indexOf(after);
    at = Math.min(rows.length, i + 1 + rnd.int(0, 6));
  } else {
    at = rnd.int(Math.floor(rows.length * 0.1), Math.floor(rows.length * 0.9));
  }
  rows.splice(at, 0, row);
  return row;
}

// ---------------------------------------------------------------------------
// Writers: delimited text and YAML, each reporting the physical start line of
// every record (header = line 1; quoted newlines count).

function quoteField(v, delimiter) {
  const s = String(v);
  return s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replaceAll('"', '""')}"` : s;
}

/** rows: arrays of cell strings. Returns { text, lines }. */
function writeDelimited(header, rows, { delimiter, eol }) {
  const out = [header.map((h) => quoteField(h, delimiter)).join(delimiter)];
  const lines = [];
  let line = 2;
  for (const cells of rows) {
    const text = cells.map((c) => quoteField(c, delimiter)).join(delimiter);
    lines.push(line);
    line += 1 + (text.match(/\n/g)?.length ?? 0);
    out.push(text);
  }
  return { text: out.join(eol) + eol, lines };
}

/** Independent check: a small RFC 4180 reader that reports record start lines. */
function recordStartLines(text, delimiter) {
  const starts = [];
  let line = 1;
  let i = 0;
  let recordStart = 1;
  let fields = 0;
  let inQuotes = false;
  let atFieldStart = true;
  const counts = [];
  while (i < text.length) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') inQuotes = false;
      else if (c === '\n') line++;
    } else if (c === '"' && atFieldStart) {
      inQuotes = true;
    } else if (c === delimiter) {
      fields++;
      atFieldStart = true;
      i++;
      continue;
    } else if (c === '\n') {
      starts.push(recordStart);
      counts.push(fields + 1);
      line++;
      recordStart = line;
      fields = 0;
      atFieldStart = true;
      i++;
      continue;
    }
    if (c !== '\r') atFieldStart = false;
    i++;
  }
  return { starts: starts.slice(1), counts }; // drop the header
}

function yamlScalar(v) {
  return typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/** items: arrays of [key, value]. Returns { text, lines }. */
function writeYaml(preamble, items) {
  const out = [...preamble, 'seizures:'];
  const lines = [];
  for (const pairs of items) {
    lines.push(out.length + 1);
    pairs.forEach(([k, v], i) => out.push(`${i === 0 ? '  - ' : '    '}${k}: ${yamlScalar(v)}`));
  }
  return { text: out.join('\n') + '\n', lines };
}

// ---------------------------------------------------------------------------
// Number and unit rendering per file

/** Plain decimal, no exponent, no trailing zeros. */
function num(v) {
  return String(Number(v.toFixed(3)));
}
/** Vietnamese Excel style: decimal comma, "." thousands separator. */
function numVi(v) {
  const [int, frac] = num(v).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

// ---------------------------------------------------------------------------
// Sources. Each returns { file, text|buffer, rows: [{ rec?, defect? }], lines }.

const defects = [];
const files = [];

/** Every subtype and agency spelling written, per file, for the self-check. */
const writtenWords = [];

/**
 * Records a written file: its planted defects, and the warnings its words
 * give. `words[i]` is { subtype, agency } as written in row i ('' when the row
 * has none). A planted unknown subtype or agency is one warning per value and
 * file, at the first record that carries it and is not rejected by its own
 * fields (a record rejected for a field never reaches the file's word list).
 */
function record(file, written, rows, words) {
  rows.forEach((row, i) => {
    if (row.defect) defects.push({ file, line: written.lines[i], code: row.defect[0], bucket: row.defect[1], note: row.defect[2] });
  });
  const seen = new Set();
  rows.forEach((row, i) => {
    if (row.defect?.[1] === 'rejected' && row.defect[0] !== 'CONFLICTING_ID') return;
    const { subtype, agency } = words[i];
    for (const [code, value, unknown, what] of [['UNKNOWN_SUBTYPE', subtype, UNKNOWN_SUBTYPES, 'subtype'], ['UNKNOWN_AGENCY', agency, UNKNOWN_AGENCIES, 'agency']]) {
      if (!unknown.has(value) || seen.has(`${code} ${value}`)) continue;
      seen.add(`${code} ${value}`);
      const n = words.filter((w, j) => w[what] === value && !(rows[j].defect?.[1] === 'rejected' && rows[j].defect[0] !== 'CONFLICTING_ID')).length;
      defects.push({ file, line: written.lines[i], code, bucket: 'accepted', note: `${what} "${value}" is not in the ${what === 'subtype' ? 'goods vocabulary' : "campaign's agencies"} (first of ${n} record${n === 1 ? '' : 's'})` });
    }
  });
  writtenWords.push(...words.map((w, i) => ({ file, line: written.lines[i], defect: rows[i].defect?.[0], ...w })));
  files.push({ file, rows: rows.length, ...written });
}

/** Korea Customs Service: Incheon airport hub and Busan port, canonical CSV. */
const KOREA_HEADER = ['id', 'case_id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'location', 'detection_method'];

/** Korean officers write most goods in Korean, some in English. */
const SPELL_KR = {
  methamphetamine: { 필로폰: 4, 메트암페타민: 2, methamphetamine: 2, 히로뽕: 1 },
  'methamphetamine tablets': { 야바: 2, yaba: 1 },
  ecstasy: { 엑스터시: 2, MDMA: 1, ecstasy: 1 },
  heroin: { 헤로인: 1, heroin: 1 },
  cocaine: { 코카인: 1, cocaine: 1 },
  ketamine: { 케타민: 1, ketamine: 1 },
  cannabis: { 대마초: 3, 대마: 1, cannabis: 1 },
  hashish: { 해시시: 1, hashish: 1 },
  ephedrine: { 에페드린: 1, ephedrine: 1 },
  pseudoephedrine: { 슈도에페드린: 1, pseudoephedrine: 1 },
  safrole: { 사프롤: 1, safrole: 1 },
  'acetic anhydride': { 무수초산: 1, 'acetic anhydride': 1 },
  BMK: { 페닐아세톤: 1, BMK: 1 },
  PMK: { PMK: 1 },
  'pangolin scales': { '천산갑 비늘': 1, 'pangolin scales': 1 },
  ivory: { 상아: 1, ivory: 1 },
  'rhino horn': { '코뿔소 뿔': 1, 'rhino horn': 1 },
  'live turtles': { 'live turtles': 1 },
  cigarettes: { 담배: 1, cigarettes: 2 },
  vapes: { 전자담배: 2, vapes: 1 },
  cigarillos: { 시가릴로: 1, cigarillos: 1 },
  shisha: { 물담배: 1, shisha: 1 },
};

function koreaFiles(seed) {
  const locations = {
    icn: { express: ['Incheon Express Cargo Center'], post: ['Incheon International Mail Center'], air: ['Incheon Airport T1', 'Incheon Airport T2'] },
    pus: { sea: ['Busan New Port', 'Busan North Port'], post: ['Busan International Mail Center'], express: ['Busan Express Cargo Center'] },
  };
  const out = {};
  for (const [site, target, routes] of [
    ['icn', 430, { express: 45, air: 30, post: 25 }],
    ['pus', 240, { sea: 60, post: 25, express: 15 }],
  ]) {
    const rnd = createRandom(seed + (site === 'icn' ? 1 : 2));
    const ids = createIds((_, n) => `KCS-${site.toUpperCase()}-24-${pad(n, 5)}`, (_, n) => `KR-${site.toUpperCase()}-C${pad(n, 4)}`);
    // Incheon's file has no agency column (the source's default names it); Busan's has a 세관 (customs office) column.
    const header = site === 'icn' ? KOREA_HEADER : [...KOREA_HEADER, '세관'];
    const src = {
      reporters: { KR: 1 },
      routes,
      commodities: { drugs: 75, precursors: 8, cites: 7, tobacco: 10 },
      multiRate: 0.15,
      location: (r, _rc, route) => r.pick(locations[site][route]),
      agency: site === 'pus' ? (r) => spellAgency(r, 'kcs-pus') : undefined,
      spell: SPELL_KR,
    };
    const rows = generateRows(rnd, src, ids, target);
    if (site === 'icn') {
      const neg = freshRecord(rnd, src, ids, { commodity: 'drugs', unit: 'kg' });
      plant(rnd, rows, { rec: neg, set: { quantity: `-${num(neg.quantity)}` }, defect: ['INVALID_QUANTITY', 'rejected', 'negative quantity'] });
      const split = freshRecord(rnd, src, ids, { route: 'air' });
      // an unquoted comma in the location splits it into two fields
      plant(rnd, rows, { rec: split, set: { location: split.location.replace(' T', ', T') }, raw: ['location'], defect: ['FIELD_COUNT', 'rejected', 'unquoted comma in location: one field too many'] });
    } else {
      const sacks = freshRecord(rnd, src, ids, { subtype: 'pangolin scales', route: 'sea' });
      plant(rnd, rows, { rec: sacks, set: { quantity: String(rnd.int(12, 60)), unit: 'sacks' }, defect: ['UNKNOWN_UNIT', 'rejected', 'unit "sacks"'] });
      const late = freshRecord(rnd, src, ids, { commodity: 'drugs' });
      late.date = { y: 2024, m: 9, d: 4 };
      plant(rnd, rows, { rec: late, defect: ['OUTSIDE_PHASES', 'out_of_scope', 'dated 2024-09-04, after phase 3'] });
    }
    const words = [];
    const cells = rows.map(({ rec, set = {}, raw = [] }) => {
      const r = { ...rec, date: isoDate(rec.date), subtype: rec.written, quantity: num(rec.quantity), 세관: rec.agency, ...set };
      words.push({ subtype: r.subtype, agency: site === 'icn' ? KR_DEFAULT_AGENCY : r.세관, country: 'KR' });
      return header.flatMap((h) => (raw.includes(h) ? String(r[h]).split(',') : [String(r[h] ?? '')]));
    });
    const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
    record(`data/kr-${site}.csv`, { ...written, delimiter: ',' }, rows, words);
    out[site] = rows;
  }
  return out;
}

/** Vietnamese names of the goods (ma túy đá, hồng phiến, thuốc lắc …), some English. */
const SPELL_VI = {
  methamphetamine: { 'ma túy đá': 5, methamphetamine: 1 },
  'methamphetamine tablets': { 'hồng phiến': 1 },
  ecstasy: { 'thuốc lắc': 3, MDMA: 1 },
  heroin: { heroin: 3, 'hê-rô-in': 2, 'bạch phiến': 1 },
  cocaine: { cocain: 2, cocaine: 1 },
  ketamine: { ketamin: 2, ketamine: 1 },
  cannabis: { 'cần sa': 4, 'cần sa khô': 1 },
  hashish: { 'nhựa cần sa': 1 },
  ephedrine: { ephedrin: 1, ephedrine: 1 },
  pseudoephedrine: { pseudoephedrin: 1 },
  safrole: { 'dầu xá xị': 1, safrol: 1 },
  'acetic anhydride': { 'anhydrit axetic': 1 },
  BMK: { BMK: 1 },
  PMK: { PMK: 1 },
  'pangolin scales': { 'vảy tê tê': 1 },
  ivory: { 'ngà voi': 1 },
  'rhino horn': { 'sừng tê giác': 1 },
  'live turtles': { 'rùa sống': 1 },
  cigarettes: { 'thuốc lá điếu': 1 },
  vapes: { 'thuốc lá điện tử': 1 },
  cigarillos: { 'xì gà': 1 },
  shisha: { 'thuốc lá shisha': 1 },
};

/** Vietnam Customs HQ: Excel "CSV UTF-8" with Vietnamese headers and values. */
function vietnamFile(seed) {
  const rnd = createRandom(seed);
  const header = ['STT', 'Số vụ', 'Mã vụ', 'Ngày phát hiện', 'Mặt hàng', 'Loại', 'Số lượng', 'Đơn vị tính', 'Tuyến', 'Nước xuất xứ', 'Nước đến', 'Hướng', 'Giai đoạn', 'Địa điểm', 'Cách cất giấu', 'Đơn vị phát hiện', 'Ghi chú'];
  const places = {
    land: [['Cửa khẩu Hữu Nghị, Lạng Sơn', 'vn-ls'], ['Cửa khẩu Móng Cái, Quảng Ninh', 'vn-qn'], ['Cửa khẩu Lao Bảo, Quảng Trị', 'vn-qt'], ['Cửa khẩu Cầu Treo, Hà Tĩnh', 'vn-ht'], ['Cửa khẩu Mộc Bài, Tây Ninh', 'vn-tn']],
    rail: [['Ga liên vận quốc tế Đồng Đăng, Lạng Sơn', 'vn-ls']],
    sea: [['Cảng Hải Phòng', 'vn-hp'], ['Cảng Cát Lái, TP. Hồ Chí Minh', 'vn-hcm'], ['Cảng Cái Mép, Bà Rịa - Vũng Tàu', 'vn-brvt']],
    air: [['Sân bay quốc tế Nội Bài', 'vn-hn'], ['Sân bay quốc tế Tân Sơn Nhất', 'vn-hcm'], ['Sân bay quốc tế Đà Nẵng', 'vn-dn']],
    express: [['Kho chuyển phát nhanh Tân Sơn Nhất', 'vn-hcm'], ['Kho chuyển phát nhanh Nội Bài', 'vn-hn']],
    post: [['Bưu cục ngoại dịch Hà Nội', 'vn-hn'], ['Bưu cục ngoại dịch TP. Hồ Chí Minh', 'vn-hcm']],
  };
  const hiding = {
    express: ['giấu trong thùng loa', 'ngụy trang trong bao chè', 'giấu trong bưu phẩm quần áo'],
    post: ['giấu trong bưu phẩm quần áo', 'giấu trong hộp mỹ phẩm'],
    air: ['giấu trong vali hai đáy', 'giấu trong hành lý ký gửi', 'giấu trong người'],
    sea: ['trộn lẫn trong hàng hạt điều', 'giấu trong container gỗ xẻ', 'giấu sau vách ngăn container; khai báo là phế liệu nhựa'],
    land: ['giấu dưới sàn xe tải', 'giấu trong bình xăng', 'giấu trong bao gạo'],
  };
  const routeVi = { land: 'đường bộ', sea: 'đường biển', air: 'hàng không', express: 'chuyển phát nhanh', post: 'bưu chính' };
  const commodityVi = { drugs: 'ma túy', precursors: 'tiền chất', cites: 'động vật hoang dã', tobacco: 'thuốc lá' };
  const directionVi = { import: 'nhập khẩu', export: 'xuất khẩu', transit: 'quá cảnh', domestic: 'nội địa' };
  const unitVi = { kg: 'kg', g: 'gam', l: 'lít', pieces: 'cái', specimens: 'cá thể', tablets: 'viên', sticks: 'điếu', pack: 'bao', carton: 'cây' };
  const ids = createIds((_, n) => `ĐTCBL-24-${pad(n, 4)}`, (_, n) => `V24-${pad(n, 4)}`);
  const src = {
    reporters: { VN: 1 },
    routes: { land: 30, sea: 20, air: 20, express: 15, post: 10 },
    commodities: { drugs: 40, precursors: 5, cites: 30, tobacco: 25 },
    multiRate: 0.15,
    quantity: { grams: 0.5, tobacco: ['sticks', 'pack', 'carton'] },
    location: (r, _rc, route) => {
      // about one land seizure in six is on the Đồng Đăng railway
      const [loc, office] = r.pick(route === 'land' && r.chance(0.17) ? places.rail : places[route]);
      return `${loc}|${office}`;
    },
    // the department of the place, spelled one of the ways Vietnamese officers write it
    agency: (r, _rc, _route, location) => spellAgency(r, location.split('|')[1]),
    spell: SPELL_VI,
  };
  const rows = generateRows(rnd, src, ids, 570);
  const badDate = freshRecord(rnd, src, ids, { date: (d) => d.m === 3 });
  plant(rnd, rows, { rec: badDate, set: { 'Ngày phát hiện': '31/02/2024' }, defect: ['INVALID_DATE', 'rejected', 'impossible date 31/02/2024'] });
  const abc = freshRecord(rnd, src, ids, { commodity: 'cites' });
  plant(rnd, rows, { rec: abc, set: { 'Số lượng': 'abc' }, defect: ['INVALID_QUANTITY', 'rejected', 'quantity "abc"'] });
  const p4 = freshRecord(rnd, src, ids, { date: (d) => d.m === 8 });
  plant(rnd, rows, { rec: p4, set: { 'Giai đoạn': 'Giai đoạn 4' }, defect: ['UNKNOWN_PHASE', 'rejected', 'phase "Giai đoạn 4" (the campaign has three)'] });
  // "nước vui" ("happy water", a drug mix sold in sachets) is not in the goods vocabulary: two parcels
  for (let k = 0; k < 2; k++) {
    const happy = freshRecord(rnd, src, ids, { commodity: 'drugs', unit: 'g', route: (r) => r === 'express' || r === 'post' });
    happy.written = 'nước vui';
    plant(rnd, rows, { rec: happy });
  }
  // one officer in Hải Phòng types "qaun" for "quan": no alias matches, so the agency is kept as written
  const hp = [...new Set(rows.filter((row) => !row.defect && row.rec.location.endsWith('|vn-hp')).map((row) => row.rec.case_id))];
  const typoCase = hp[rnd.int(Math.floor(hp.length / 3), hp.length - 1)];
  for (const row of rows) if (row.rec.case_id === typoCase) row.rec.agency = 'Cục Hải qaun Hải Phòng';
  // concealment (canonical) and notes (extra) are fixed per row, so a repeated row repeats them
  const hideOfCase = new Map();
  for (const row of rows) {
    if (!hideOfCase.has(row.rec.case_id)) hideOfCase.set(row.rec.case_id, rnd.pick(hiding[row.rec.route]));
    row.hide = hideOfCase.get(row.rec.case_id);
    row.note = rnd.chance(0.08) ? 'Đã bàn giao cơ quan CSĐT' : '';
  }
  // the same seizure keyed in twice; only the row number (STT, an extra column) differs
  const original = rows[rnd.int(100, 400)];
  plant(rnd, rows, { ...original, defect: ['DUPLICATE', 'duplicates', 'same seizure entered twice, only STT differs'] }, original);

  const words = [];
  const cells = rows.map(({ rec, set = {}, hide, note }, i) => {
    const [loc] = rec.location.split('|');
    const r = {
      STT: String(i + 1),
      'Số vụ': rec.id,
      'Mã vụ': rec.case_id,
      'Ngày phát hiện': `${pad(rec.date.d)}/${pad(rec.date.m)}/${rec.date.y}`,
      'Mặt hàng': commodityVi[rec.commodity],
      Loại: rec.written,
      'Số lượng': numVi(rec.quantity),
      'Đơn vị tính': unitVi[rec.unit],
      // rail seizures are written "đường sắt", which only the campaign's values map
      Tuyến: loc.startsWith('Ga ') ? 'đường sắt' : routeVi[rec.route],
      'Nước xuất xứ': rec.origin_country === 'ZZ' ? 'không rõ' : COUNTRIES[rec.origin_country][2],
      'Nước đến': COUNTRIES[rec.destination_country][2],
      Hướng: directionVi[rec.direction],
      'Giai đoạn': phaseOf(rec.date).vi,
      'Địa điểm': loc,
      'Cách cất giấu': hide,
      'Đơn vị phát hiện': rec.agency,
      'Ghi chú': note,
      ...set,
    };
    words.push({ subtype: r.Loại, agency: r['Đơn vị phát hiện'], country: 'VN' });
    return header.map((h) => r[h]);
  });
  const written = writeDelimited(header, cells, { delimiter: ';', eol: '\r\n' });
  record('data/vn-hq.csv', { ...written, delimiter: ';', bom: true }, rows, words);
}

/** Thai Customs writes English and trade names, and Thai words the campaign maps (aliases.subtype). */
const SPELL_TH = {
  ...SPELL_EN,
  methamphetamine: { methamphetamine: 2, ice: 2, meth: 1, ยาไอซ์: 1 },
  'methamphetamine tablets': { yaba: 3, ยาบ้า: 1 },
  cannabis: { ganja: 2, cannabis: 1 },
  vapes: { vapes: 2, 'e-cigarettes': 1 },
};

/** Thai Customs: Excel "Unicode text" (UTF-16 LE with BOM, TAB, CRLF), own headers. */
function thailandFile(seed) {
  const rnd = createRandom(seed);
  const header = ['Case No.', 'Ref', 'Seizure Date', 'Commodity', 'Description', 'Qty', 'UoM', 'Mode', 'Origin', 'Destination', 'Customs House', 'Concealment', 'Office'];
  const houses = {
    air: ['ท่าอากาศยานสุวรรณภูมิ', 'ท่าอากาศยานดอนเมือง', 'ท่าอากาศยานภูเก็ต'],
    sea: ['ท่าเรือแหลมฉบัง', 'ท่าเรือกรุงเทพ'],
    land: ['ด่านศุลกากรแม่สาย', 'ด่านศุลกากรเชียงของ', 'ด่านศุลกากรหนองคาย', 'ด่านศุลกากรสะเดา', 'ด่านศุลกากรอรัญประเทศ'],
    post: ['ด่านศุลกากรไปรษณีย์'],
    express: ['ศูนย์ไปรษณีย์ด่วนพิเศษ สุวรรณภูมิ'],
  };
  // the bureau or regional office each customs house reports through
  const officeOf = {
    ท่าอากาศยานสุวรรณภูมิ: 'th-bkk-air', ท่าอากาศยานดอนเมือง: 'th-bkk-air', 'ศูนย์ไปรษณีย์ด่วนพิเศษ สุวรรณภูมิ': 'th-bkk-air',
    ท่าเรือกรุงเทพ: 'th-bkk-port', ด่านศุลกากรไปรษณีย์: 'th-bkk-port', ท่าเรือแหลมฉบัง: 'th-lcb',
    ด่านศุลกากรหนองคาย: 'th-region-2', ด่านศุลกากรอรัญประเทศ: 'th-region-2', ด่านศุลกากรแม่สาย: 'th-region-3', ด่านศุลกากรเชียงของ: 'th-region-3',
    ด่านศุลกากรสะเดา: 'th-region-4', ท่าอากาศยานภูเก็ต: 'th-region-4',
  };
  const ids = createIds((_, n) => `TC-2024-${pad(n, 5)}`, (_, n) => `BKK-24-${pad(n, 4)}`);
  const src = {
    reporters: { TH: 1 },
    routes: { land: 35, air: 25, sea: 15, post: 10, express: 15 },
    commodities: { drugs: 55, precursors: 8, cites: 22, tobacco: 15 },
    multiRate: 0.1,
    quantity: { grams: 0.6, tobacco: ['sticks', 'carton'] },
    location: (r, _rc, route) => r.pick(houses[route]),
    agency: (r, _rc, _route, house) => spellAgency(r, officeOf[house]),
    spell: SPELL_TH,
  };
  const rows = generateRows(rnd, src, ids, 560);
  const typo = freshRecord(rnd, src, ids, { direction: 'import', commodity: 'precursors' });
  plant(rnd, rows, { rec: typo, set: { Origin: 'Cambodai' }, defect: ['UNKNOWN_COUNTRY', 'rejected', 'origin "Cambodai" (typo)'] });
  const noMode = freshRecord(rnd, src, ids, {});
  plant(rnd, rows, { rec: noMode, set: { Mode: '' }, defect: ['MISSING_FIELD', 'rejected', 'route (Mode) empty'] });
  const early = freshRecord(rnd, src, ids, { commodity: 'cites' });
  early.date = { y: 2024, m: 2, d: 28 };
  plant(rnd, rows, { rec: early, defect: ['OUTSIDE_PHASES', 'out_of_scope', 'dated 28/2/2024, before phase 1'] });
  // pangolin scales counted in cartons: 3 packages of unknown content, never 600 sticks
  const cartons = freshRecord(rnd, src, ids, { subtype: 'pangolin scales', route: (r) => r === 'express' || r === 'post' });
  plant(rnd, rows, { rec: cartons, set: { Qty: '3', UoM: 'cartons' }, defect: ['UNUSUAL_UNIT', 'accepted', '3 cartons of pangolin scales: 3 packages (a carton holds 200 sticks only for tobacco)'] });

  const unitTh = { kg: 'kg', g: 'g', l: 'l', pieces: 'pcs', specimens: 'pcs', tablets: 'tabs', sticks: 'sticks', pack: 'pack', carton: 'carton' };
  const commodityTh = { drugs: 'drugs', precursors: 'precursors', cites: 'wildlife', tobacco: 'tobacco' };
  const words = [];
  const cells = rows.map(({ rec, set = {} }) => {
    const r = {
      'Case No.': rec.case_id,
      Ref: rec.id,
      'Seizure Date': `${rec.date.d}/${rec.date.m}/${rec.date.y}`,
      Commodity: commodityTh[rec.commodity],
      Description: rec.written,
      Qty: num(rec.quantity),
      UoM: unitTh[rec.unit],
      Mode: rec.route === 'express' ? 'courier' : rec.route,
      Origin: rec.origin_country === 'ZZ' ? '' : COUNTRIES[rec.origin_country][0],
      Destination: COUNTRIES[rec.destination_country][0],
      'Customs House': rec.location,
      Concealment: rec.concealment,
      Office: rec.agency,
      ...set,
    };
    words.push({ subtype: r.Description, agency: r.Office, country: 'TH' });
    return header.map((h) => r[h]);
  });
  const written = writeDelimited(header, cells, { delimiter: '\t', eol: '\r\n' });
  record('data/th-customs.txt', { ...written, delimiter: '\t', bom: true, utf16: true }, rows, words);
}

/** Indian spellings: ganja, charas. */
const SPELL_IN = {
  ...SPELL_EN,
  cannabis: { ganja: 3, cannabis: 1 },
  hashish: { charas: 2, hashish: 1 },
};

/** India DRI: canonical CSV with direction, detection method, concealment and a zone column (the agency). */
function indiaFile(seed) {
  const rnd = createRandom(seed);
  const header = ['id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'detection_method', 'concealment', 'zone'];
  const zones = { air: ['in-dri-mum', 'in-dri-del', 'in-dri-che'], sea: ['in-dri-mum', 'in-dri-che', 'in-dri-ahm'], express: ['in-dri-del', 'in-dri-mum'], post: ['in-dri-kol', 'in-dri-mum'], land: ['in-dri-guw', 'in-dri-kol'] };
  const ids = createIds((_, n) => `DRI/24/${pad(n, 4)}`, (_, n) => `C${n}`);
  const src = {
    reporters: { IN: 1 },
    routes: { air: 40, sea: 25, express: 15, post: 10, land: 10 },
    commodities: { drugs: 60, precursors: 25, cites: 15 },
    multiRate: 0,
    location: (r, _rc, route) => r.pick(zones[route]),
    agency: (r, _rc, _route, zone) => spellAgency(r, zone),
    spell: SPELL_IN,
  };
  const rows = generateRows(rnd, src, ids, 300);
  const original = rows[rnd.int(50, 250)];
  rows.splice(rows.indexOf(original) + 1, 0, { rec: original.rec, defect: ['DUPLICATE', 'duplicates', 'row pasted twice'] });
  const unknownRoute = freshRecord(rnd, src, ids, { commodity: 'precursors' });
  plant(rnd, rows, { rec: unknownRoute, set: { route: 'pipeline' }, defect: ['UNKNOWN_ROUTE', 'rejected', 'route "pipeline" is no route ("unknown" would be accepted)'] });
  const words = [];
  const cells = rows.map(({ rec, set = {} }) => {
    const r = { ...rec, date: isoDate(rec.date), subtype: rec.written, quantity: num(rec.quantity), zone: rec.agency, ...set };
    words.push({ subtype: r.subtype, agency: r.zone, country: 'IN' });
    return header.map((h) => String(r[h]));
  });
  const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
  record('data/in-dri.csv', { ...written, delimiter: ',' }, rows, words);
}

/** Australian spellings: ice, crystal meth, MDMA, vapes. */
const SPELL_AU = {
  ...SPELL_EN,
  methamphetamine: { methamphetamine: 2, ice: 2, 'crystal meth': 1 },
  ecstasy: { MDMA: 2, ecstasy: 1 },
  hashish: { 'cannabis resin': 1, hashish: 1 },
  vapes: { vapes: 2, 'disposable vapes': 1 },
  shisha: { 'shisha tobacco': 1 },
};

/** Australian Border Force: canonical headers, English country names, quoted commas and one multi-line note. */
function australiaFile(seed) {
  const rnd = createRandom(seed);
  const header = ['id', 'case_id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'location', 'agency', 'concealment', 'notes'];
  const region = { Sydney: 'abf-nsw', Melbourne: 'abf-vic', Brisbane: 'abf-qld', Perth: 'abf-wa' };
  const places = { air: ['Sydney Airport', 'Melbourne Airport', 'Brisbane Airport', 'Perth Airport'], sea: ['Port Botany, Sydney', 'Port of Melbourne', 'Fremantle Port, Perth', 'Port of Brisbane'], post: ['Sydney Gateway Facility', 'Melbourne Gateway Facility'], express: ['Sydney Air Cargo Depot', 'Melbourne Air Cargo Depot'] };
  const notes = ['', '', '', '', 'Referred to AFP', 'Controlled delivery, two arrests', 'Referred to AFP, investigation ongoing', 'Importer known to ABF'];
  const ids = createIds((_, n) => `ABF-24-${pad(n, 6)}`, (_, n) => `ABF-OP-${pad(n, 4)}`);
  const src = {
    reporters: { AU: 1 },
    routes: { sea: 25, air: 30, post: 25, express: 20 },
    commodities: { drugs: 60, precursors: 10, cites: 5, tobacco: 25 },
    multiRate: 0.1,
    quantity: { grams: 0.8, tobacco: ['sticks'] },
    location: (r, _rc, route) => r.pick(places[route]),
    agency: (r, _rc, _route, place) => spellAgency(r, region[Object.keys(region).find((city) => place.includes(city))]),
    spell: SPELL_AU,
  };
  const rows = generateRows(rnd, src, ids, 330);
  for (const row of rows) row.notes = rnd.pick(notes);
  // one note typed with a line break inside the cell
  rows[rnd.int(20, 120)].notes = 'Referred to AFP.\nTwo persons charged, Court date set';
  const first = rows[rnd.int(150, 280)];
  const q = first.rec.quantity;
  const corrected = first.rec.unit === 'kg' || first.rec.unit === 'l' ? roundMass(q * 1.1 + 0.01) : first.rec.unit === 'sticks' ? q + 200 : Math.round(q * 1.1) + 1;
  const changed = { ...first.rec, quantity: corrected };
  plant(rnd, rows, { rec: changed, notes: 'Corrected weight', defect: ['CONFLICTING_ID', 'rejected', `same id as an earlier row, different quantity`] }, first);
  const typo = freshRecord(rnd, src, ids, { commodity: 'drugs' });
  plant(rnd, rows, { rec: typo, notes: '', set: { commodity: 'durgs' }, defect: ['UNKNOWN_COMMODITY', 'rejected', 'commodity "durgs" (typo)'] });
  const en = (c) => (c === 'ZZ' ? 'unknown' : c === 'KR' ? 'Korea, Republic of' : COUNTRIES[c][1]);
  const words = [];
  const cells = rows.map(({ rec, set = {}, notes: note = '' }) => {
    const r = { ...rec, date: isoDate(rec.date), reporting_country: 'Australia', subtype: rec.written, quantity: num(rec.quantity), origin_country: en(rec.origin_country), destination_country: en(rec.destination_country), notes: note, ...set };
    words.push({ subtype: r.subtype, agency: r.agency, country: 'AU' });
    return header.map((h) => String(r[h]));
  });
  const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
  record('data/au-abf.csv', { ...written, delimiter: ',' }, rows, words);
}

/** CEN consolidation: shabu in the Philippines, Indonesia, Malaysia and Brunei; yaba and ganja on the mainland. */
const SPELL_CEN = {
  ...SPELL_EN,
  methamphetamine: (rc) => (['PH', 'ID', 'MY', 'BN'].includes(rc) ? { shabu: 3, methamphetamine: 1 } : { methamphetamine: 2, ice: 1, 'crystal methamphetamine': 1 }),
  cannabis: (rc) => (['KH', 'LA', 'MM'].includes(rc) ? { ganja: 1, cannabis: 1 } : { marijuana: 2, cannabis: 1 }),
};

/** A CEN-style consolidation of eight ASEAN administrations, canonical CSV. */
function aseanFile(seed) {
  const rnd = createRandom(seed);
  const header = ['id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'detection_method', 'concealment'];
  const ids = createIds((rc, n) => `${rc}-CEN-24-${pad(n, 4)}`, (rc, n) => `${rc}-${n}`);
  const src = {
    reporters: { ID: 18, PH: 14, SG: 8, MY: 18, KH: 10, LA: 10, MM: 14, BN: 3 },
    routes: (rc) => (rc === 'PH' ? { air: 35, sea: 35, express: 15, post: 15 } : { air: 25, sea: 25, express: 15, post: 10, land: 25 }),
    commodities: { drugs: 55, precursors: 8, cites: 25, tobacco: 12 },
    multiRate: 0,
    quantity: { tobacco: ['pack', 'carton'] },
    spell: SPELL_CEN,
  };
  const rows = generateRows(rnd, src, ids, 700);
  const zero = freshRecord(rnd, src, ids, { commodity: 'drugs' });
  plant(rnd, rows, { rec: zero, set: { quantity: '0' }, defect: ['INVALID_QUANTITY', 'rejected', 'zero quantity in a seizure-level source'] });
  const noRc = freshRecord(rnd, src, ids, { reporting_country: 'PH' });
  plant(rnd, rows, { rec: noRc, set: { reporting_country: '' }, defect: ['MISSING_FIELD', 'rejected', 'reporting_country empty'] });
  // Erimin 5 (nimetazepam tablets), seized in Malaysia and Singapore, is not in the goods vocabulary
  for (const rc of ['MY', 'SG', 'MY']) {
    const erimin = freshRecord(rnd, { ...src, reporters: { [rc]: 1 } }, ids, { commodity: 'drugs', unit: 'tablets' });
    erimin.written = 'Erimin 5';
    plant(rnd, rows, { rec: erimin });
  }
  const unitCen = { kg: 'kg', g: 'g', l: 'l', pieces: 'pcs', specimens: 'specimens', tablets: 'tablets', sticks: 'sticks', pack: 'pack', carton: 'carton' };
  const words = [];
  const cells = rows.map(({ rec, set = {} }) => {
    const r = { ...rec, date: isoDate(rec.date), subtype: rec.written, quantity: num(rec.quantity), unit: unitCen[rec.unit], ...set };
    words.push({ subtype: r.subtype, agency: '', country: r.reporting_country });
    return header.map((h) => String(r[h]));
  });
  const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
  record('data/asean-cen.csv', { ...written, delimiter: ',' }, rows, words);
}

/** Royal Malaysian Customs: a cigarette-only export counted in packs and cartons, no reporting country column. */
function malaysiaFile(seed) {
  const rnd = createRandom(seed);
  const header = ['id', 'case_id', 'date', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'location', 'customs office'];
  const places = { land: ['Bukit Kayu Hitam', 'Rantau Panjang', 'Padang Besar', 'Johor Bahru BSI'], sea: ['Port Klang', 'Pasir Gudang', 'Tanjung Pelepas', 'Kuantan Port'], air: ['KLIA Cargo', 'KLIA Terminal 1'], express: ['KLIA Express Hub'], post: ['Pos Malaysia Hub, Shah Alam'] };
  // the state customs office (or KLIA's) of each place
  const officeOf = {
    'Bukit Kayu Hitam': 'jkdm-kedah', 'Padang Besar': 'jkdm-perlis', 'Rantau Panjang': 'jkdm-kelantan', 'Johor Bahru BSI': 'jkdm-johor', 'Pasir Gudang': 'jkdm-johor', 'Tanjung Pelepas': 'jkdm-johor',
    'Port Klang': 'jkdm-selangor', 'Pos Malaysia Hub, Shah Alam': 'jkdm-selangor', 'Kuantan Port': 'jkdm-pahang', 'KLIA Cargo': 'jkdm-klia', 'KLIA Terminal 1': 'jkdm-klia', 'KLIA Express Hub': 'jkdm-klia',
  };
  const ids = createIds((_, n) => `JKDM-24-${pad(n, 5)}`, (_, n) => `JKDM-K-${pad(n, 4)}`);
  const src = {
    reporters: { MY: 1 },
    routes: { land: 35, sea: 50, air: 10, express: 5 },
    commodities: { tobacco: 1 },
    only: { tobacco: ['cigarettes'] },
    multiRate: 0.2,
    quantity: { tobacco: ['pack', 'carton'] },
    location: (r, _rc, route) => r.pick(places[route]),
    agency: (r, _rc, _route, place) => spellAgency(r, officeOf[place]),
  };
  const rows = generateRows(rnd, src, ids, 220);
  const kretek = new Set();
  for (const row of rows) if (row.rec.origin_country === 'ID' && rnd.chance(0.7)) kretek.add(row);
  const cartoon = freshRecord(rnd, src, ids, { unit: 'carton' });
  plant(rnd, rows, { rec: cartoon, set: { unit: 'cartoon' }, defect: ['UNKNOWN_UNIT', 'rejected', 'unit "cartoon" (typo)'] });
  const words = [];
  const cells = rows.map((row) => {
    const { rec, set = {} } = row;
    const r = { ...rec, subtype: kretek.has(row) ? 'kretek cigarettes' : rec.written, date: `${pad(rec.date.d)}-${pad(rec.date.m)}-${rec.date.y}`, quantity: num(rec.quantity), 'customs office': rec.agency, ...set };
    words.push({ subtype: r.subtype, agency: r['customs office'], country: 'MY' });
    return header.map((h) => String(r[h]));
  });
  const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
  record('data/my-tobacco.csv', { ...written, delimiter: ',' }, rows, words);
}

/** RILO A/P consolidation in YAML: North-East and South Asia, Oceania, plus re-sent national records. */
function riloFile(seed, koreaRows) {
  const rnd = createRandom(seed);
  const agency = { CN: 'GACC', HK: 'CED', MO: 'SA', JP: 'JC', NZ: 'NZCS', BD: 'NBR', LK: 'SLC' };
  // the customs districts and houses of each administration, by route
  const officesOf = (rc, route) => {
    if (rc === 'CN') return route === 'land' ? ['cn-km', 'cn-nn'] : ['cn-gz', 'cn-sz'];
    if (rc === 'JP') return route === 'sea' ? ['jp-yokohama', 'jp-osaka'] : ['jp-tokyo', 'jp-osaka'];
    if (rc === 'BD') return route === 'land' ? ['bd-benapole'] : route === 'sea' ? ['bd-ctg'] : ['bd-dhaka'];
    return AGENCIES[rc].map((a) => a.id);
  };
  const ids = createIds((rc, n) => `${agency[rc]}-24-${pad(n, 5)}`, (rc, n) => `${rc}-CASE-${pad(n, 4)}`);
  const src = {
    reporters: { CN: 30, HK: 20, MO: 5, JP: 15, NZ: 8, BD: 8, LK: 6 },
    routes: (rc) => (rc === 'MO' ? { land: 40, air: 30, sea: 10, express: 20 } : rc === 'NZ' || rc === 'JP' || rc === 'LK' ? { air: 35, post: 30, sea: 25, express: 10 } : { land: 20, sea: 30, air: 20, express: 20, post: 10 }),
    commodities: { drugs: 45, precursors: 10, cites: 35, tobacco: 10 },
    multiRate: 0.12,
    quantity: { tobacco: ['sticks', 'carton'] },
    agency: (r, rc, route) => spellAgency(r, r.pick(officesOf(rc, route))),
  };
  const rows = generateRows(rnd, src, ids, 420);
  for (const row of rows) row.remarks = rnd.chance(0.05) ? rnd.pick(['shared with RILO W/E', 'CEN message sent', 'subject to further analysis']) : '';

  // the United States, not a participant, contributed one seizure bound for the region
  const us = { ...freshRecord(rnd, { ...src, reporters: { HK: 1 }, routes: { express: 1 } }, ids, { commodity: 'drugs', subtype: 'methamphetamine' }) };
  Object.assign(us, { id: 'US-CBP-24-0117', case_id: 'US-CBP-24-0117', reporting_country: 'US', origin_country: 'US', destination_country: 'KR', direction: 'export', agency: '' });
  plant(rnd, rows, { rec: us, remarks: 'contributed by US CBP (observer)', defect: ['NOT_PARTICIPANT', 'accepted', 'reporting country US is not a participant'] });
  // a Korean record re-sent through RILO: same seizure as in data/kr-icn.csv
  const kr = koreaRows.find((r, i) => i > 200 && !r.defect && r.rec.case_id && r.rec.commodity === 'drugs');
  plant(rnd, rows, { rec: { ...kr.rec, agency: 'Incheon Main Customs' }, full: true, defect: ['DUPLICATE', 'duplicates', `re-sent copy of ${kr.rec.id} from data/kr-icn.csv`] });
  const noUnit = freshRecord(rnd, src, ids, { commodity: 'cites' });
  plant(rnd, rows, { rec: noUnit, drop: ['unit'], defect: ['MISSING_FIELD', 'rejected', 'no unit key'] });
  const dir = freshRecord(rnd, src, ids, { direction: 'import' });
  plant(rnd, rows, { rec: dir, set: { direction: 'imprt' }, defect: ['UNKNOWN_DIRECTION', 'rejected', 'direction "imprt" (typo)'] });
  // a Macao record filed under Hong Kong's customs (its Chinese name)
  const mo = freshRecord(rnd, { ...src, reporters: { MO: 1 } }, ids, {});
  plant(rnd, rows, { rec: mo, set: { agency: '香港海關' }, defect: ['AGENCY_COUNTRY_MISMATCH', 'rejected', 'agency "香港海關" (Hong Kong C&ED) on a record reported by MO'] });

  const words = [];
  const items = rows.map(({ rec, set = {}, drop = [], full, remarks }) => {
    const r = { ...rec, date: isoDate(rec.date), subtype: rec.written, ...set };
    const keys = full
      ? KOREA_HEADER.filter((k) => r[k] !== '')
      : ['id', 'case_id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction'];
    if (r.agency !== '') keys.push('agency');
    const pairs = keys.filter((k) => !drop.includes(k)).map((k) => [k, k === 'quantity' ? Number(r[k]) : String(r[k])]);
    if (remarks) pairs.push(['remarks', remarks]);
    words.push({ subtype: r.subtype, agency: r.agency, country: r.reporting_country });
    return pairs;
  });
  const preamble = [
    '# Operation Mekong Shield — RILO Asia/Pacific consolidated seizure export',
    '# Records received from participating administrations through CEN and CENcomm.',
    '# Quantities are as reported; units are those of the reporting administration.',
  ];
  const written = writeYaml(preamble, items);
  record('data/rilo-ap.yaml', { ...written, yaml: true }, rows, words);
}

// ---------------------------------------------------------------------------
// Workbooks: .xlsx as agencies' clerks make them (exceljs), rows at their sheet
// row numbers (a gap is a blank row), typed date and number cells, a SUM with
// its cached value in the totals row, a merged title.

/**
 * When the example's workbooks were saved: their properties (docProps/core.xml)
 * and every zip entry's DOS date, which exceljs (JSZip) would take from the
 * clock, so the bytes are the same on every run (--check compares bytes).
 */
const SAVED = new Date(Date.UTC(2024, 8, 2, 8, 0, 0));

/**
 * The bytes of a workbook of `sheets`: { name, rows: [{ row, cells }], merges,
 * widths }. A Date cell gets a dd/mm/yyyy format (an Excel date: a serial number).
 */
async function workbookBytes(sheets) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Operation Mekong Shield (example)';
  wb.lastModifiedBy = wb.creator;
  wb.created = SAVED;
  wb.modified = SAVED;
  for (const sh of sheets) {
    const ws = wb.addWorksheet(sh.name);
    sh.widths?.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    for (const { row, cells, bold } of sh.rows) {
      const r = ws.getRow(row);
      cells.forEach((v, c) => {
        if (v === null || v === '') return;
        const cell = r.getCell(c + 1);
        cell.value = v;
        if (v instanceof Date) cell.numFmt = 'dd/mm/yyyy';
        if (bold) cell.font = { bold: true };
      });
    }
    for (const m of sh.merges ?? []) ws.mergeCells(m);
  }
  return fixZipDates(Buffer.from(await wb.xlsx.writeBuffer()), SAVED);
}

/** Sets every entry's DOS date and time (local and central headers) of a zip to `when` (UTC); the data and CRCs are untouched. */
function fixZipDates(zip, when) {
  const time = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const date = ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd === -1) throw new Error('workbook: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('workbook: bad central directory');
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(date, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('workbook: bad local header');
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

/** A UTC date cell (exceljs writes a Date as its serial number in UTC). */
const dateCell = ({ y, m, d }) => new Date(Date.UTC(y, m - 1, d));

/** Cases in date order (rows marked `late` last, as typed in), ids numbered in that order as a clerk's register does (`itemId(n)`, `caseId(n)`). */
function inDateOrder(rows, itemId, caseId) {
  const key = (row) => (row.late ? 1e9 : 0) + row.rec.date.y * 10000 + row.rec.date.m * 100 + row.rec.date.d;
  rows.sort((a, b) => key(a) - key(b));
  const cases = new Map();
  rows.forEach((row, i) => {
    if (!cases.has(row.rec.case_id)) cases.set(row.rec.case_id, caseId(cases.size + 1));
    row.rec = { ...row.rec, id: itemId(i + 1), case_id: cases.get(row.rec.case_id) };
  });
}

/** The sum in kg of rows[from, to) (the mass rows: kg, and g / 1000), as Excel would cache it. */
function kgSum(rows, from = 0, to = rows.length) {
  let t = 0;
  for (const { rec } of rows.slice(from, to)) t += rec.unit === 'kg' ? rec.quantity : rec.unit === 'g' ? rec.quantity / 1000 : 0;
  return Number(t.toFixed(3));
}

/**
 * Lao Cai Customs Department (Cục Hải quan tỉnh Lào Cai), on the border with
 * China: drug seizures in an .xlsx as its clerks make it. A two-line title
 * (merged) above the header, a blank row, the header on row 4, typed date and
 * number cells, quantities in kg, and a "Tổng cộng" row whose SUM matches.
 */
async function laoCaiWorkbook(seed) {
  const rnd = createRandom(seed);
  const header = ['STT', 'Số hiệu', 'Mã vụ', 'Ngày bắt giữ', 'Mặt hàng', 'Tên hàng', 'Số lượng', 'Đơn vị tính', 'Tuyến', 'Cửa khẩu', 'Nước xuất xứ', 'Nước đến', 'Hướng'];
  const places = {
    land: ['Cửa khẩu quốc tế Lào Cai', 'Cửa khẩu quốc tế đường bộ số II Kim Thành', 'Cửa khẩu Mường Khương', 'Cửa khẩu Bát Xát'],
    post: ['Bưu cục ngoại dịch Lào Cai'],
    express: ['Kho chuyển phát nhanh TP. Lào Cai'],
  };
  const routeVi = { land: 'đường bộ', express: 'chuyển phát nhanh', post: 'bưu chính' };
  const directionVi = { import: 'nhập khẩu', export: 'xuất khẩu', transit: 'quá cảnh', domestic: 'nội địa' };
  const ids = createIds((_, n) => `tmp-${n}`, (_, n) => `tmp-${n}`);
  const src = {
    reporters: { VN: 1 },
    routes: { land: 80, post: 8, express: 12 },
    commodities: { drugs: 1 },
    only: { drugs: ['methamphetamine', 'heroin', 'ketamine', 'cannabis'] },
    multiRate: 0.1,
    quantity: { grams: 0 },
    location: (r, _rc, route) => r.pick(places[route]),
    spell: SPELL_VI,
  };
  const rows = generateRows(rnd, src, ids, 38);
  inDateOrder(rows, (n) => `${pad(n, 3)}/BB-HQLC`, (n) => `LC24-${pad(n, 3)}`);
  const first = 5;
  const last = first + rows.length - 1;
  const total = kgSum(rows);
  const title = ['BÁO CÁO KẾT QUẢ BẮT GIỮ MA TÚY QUA BIÊN GIỚI — CHUYÊN ÁN MEKONG SHIELD 2024', '(Từ ngày 01/03/2024 đến ngày 31/08/2024)'];
  const words = [];
  const sheetRows = [
    { row: 1, cells: [title[0]], bold: true },
    { row: 2, cells: [title[1]] },
    // row 3 is blank
    { row: 4, cells: header, bold: true },
    ...rows.map(({ rec }, i) => {
      words.push({ subtype: rec.written, agency: LAO_CAI_AGENCY, country: 'VN' });
      const cells = [i + 1, rec.id, rec.case_id, dateCell(rec.date), 'ma túy', rec.written, rec.quantity, 'kg', routeVi[rec.route], rec.location, rec.origin_country === 'ZZ' ? 'không rõ' : COUNTRIES[rec.origin_country][2], COUNTRIES[rec.destination_country][2], directionVi[rec.direction]];
      return { row: first + i, cells };
    }),
    // the clerk's total: every row above it, in kg
    { row: last + 1, cells: ['Tổng cộng', null, null, null, null, null, { formula: `SUM(G${first}:G${last})`, result: total }, 'kg'], bold: true },
  ];
  const sheet = 'Báo cáo';
  const buffer = await workbookBytes([{ name: sheet, rows: sheetRows, merges: ['A1:M1', 'A2:M2', `A${last + 1}:F${last + 1}`], widths: [6, 14, 11, 13, 10, 14, 10, 11, 18, 40, 14, 12, 12] }]);
  const written = { lines: rows.map((_r, i) => first + i), ids: rows.map((r) => r.rec.id), columns: { id: 2, date: 4, quantity: 7 }, buffer, xlsx: true, sheet, skipped: { title: 2, blank: 1, totals: 1 }, totalsRows: [{ line: last + 1, label: 'Tổng cộng', kg: total }] };
  record('data/vn-lc.xlsx', written, rows, words);
}

/** Lao Cai's workbook has no agency column: the source's default names the department. */
const LAO_CAI_AGENCY = 'Cục Hải quan tỉnh Lào Cai';
/** Cambodia's workbook has none either. */
const GDCE_AGENCY = 'GDCE';
/** What Cambodia's "Total" row says, and what the records above it sum to (kg). */
const gdceTotal = { said: 0, all: 0 };

/**
 * The General Department of Customs and Excise of Cambodia (GDCE): seizures in
 * an .xlsx with a title in Khmer and English above the header, typed date cells,
 * English headers and values. Its "Total" row (a SUMIF of the kg rows) was
 * written before the last seizures were added below the range it sums: the
 * planted TOTALS_MISMATCH.
 */
async function cambodiaWorkbook(seed) {
  const rnd = createRandom(seed);
  const header = ['No.', 'Seizure No', 'Date of seizure', 'Commodity', 'Type', 'Quantity', 'Unit', 'Mode', 'Origin', 'Destination', 'Location', 'Remarks'];
  const places = {
    land: ['Bavet International Border Checkpoint', 'Poipet International Border Checkpoint', 'Trapeang Kriel Border Checkpoint'],
    sea: ['Sihanoukville Autonomous Port', 'Phnom Penh Autonomous Port'],
    air: ['Phnom Penh International Airport', 'Siem Reap-Angkor International Airport'],
    express: ['Phnom Penh Express Cargo Terminal'],
    post: ['Phnom Penh International Mail Office'],
  };
  const ids = createIds((_, n) => `tmp-${n}`, (_, n) => `tmp-${n}`);
  const src = {
    reporters: { KH: 1 },
    routes: { land: 35, sea: 30, air: 20, express: 10, post: 5 },
    commodities: { drugs: 40, cites: 40, tobacco: 20 },
    only: { tobacco: ['cigarettes'] },
    multiRate: 0,
    quantity: { grams: 0, tobacco: ['carton'] },
    location: (r, _rc, route) => r.pick(places[route]),
    spell: SPELL_EN,
  };
  const rows = generateRows(rnd, src, ids, 52);
  // the last two seizures, added after the total was written: pangolin scales by air, in kg
  for (let k = 0; k < 2; k++) rows.push({ rec: freshRecord(rnd, src, ids, { subtype: 'pangolin scales', route: 'air', unit: 'kg', date: (d) => d.m === 8 }), late: true });
  inDateOrder(rows, (n) => `GDCE-MS24-${pad(n, 3)}`, (n) => `GDCE-C${pad(n, 3)}`);
  const first = 5;
  const last = first + rows.length - 1;
  const shortBy = 2;
  const said = kgSum(rows, 0, rows.length - shortBy);
  const all = kgSum(rows);
  Object.assign(gdceTotal, { said, all });
  const commodityEn = { drugs: 'Drugs', cites: 'Wildlife', tobacco: 'Tobacco' };
  const unitEn = { kg: 'kg', pieces: 'pcs', specimens: 'specimens', tablets: 'tablets', carton: 'cartons' };
  const modeEn = { land: 'Road', sea: 'Sea', air: 'Air', express: 'Express', post: 'Post' };
  const en = (c) => (c === 'ZZ' ? 'Unknown' : COUNTRIES[c][1]);
  const words = [];
  const sheetRows = [
    { row: 1, cells: ['អគ្គនាយកដ្ឋានគយ និងរដ្ឋាករកម្ពុជា'], bold: true },
    { row: 2, cells: ['SEIZURE REPORT — OPERATION MEKONG SHIELD 2024 (1 March – 31 August 2024)'], bold: true },
    { row: 4, cells: header, bold: true },
    ...rows.map(({ rec }, i) => {
      words.push({ subtype: rec.written, agency: GDCE_AGENCY, country: 'KH' });
      const remark = rnd.chance(0.12) ? rnd.pick(['Handed over to the Anti-Drug Police Department', 'Suspect arrested', 'Shared with CEN', 'Goods destroyed']) : '';
      const cells = [i + 1, rec.id, dateCell(rec.date), commodityEn[rec.commodity], rec.written, rec.quantity, unitEn[rec.unit], modeEn[rec.route], en(rec.origin_country), en(rec.destination_country), rec.location, remark];
      return { row: first + i, cells };
    }),
    { row: last + 1, cells: ['Total', null, null, null, null, { formula: `SUMIF(G${first}:G${last - shortBy},"kg",F${first}:F${last - shortBy})`, result: said }, 'kg'], bold: true },
  ];
  const sheet = 'Seizures 2024';
  const buffer = await workbookBytes([{ name: sheet, rows: sheetRows, merges: ['A1:L1', 'A2:L2'], widths: [6, 16, 14, 11, 18, 10, 10, 9, 16, 16, 38, 16] }]);
  const written = { lines: rows.map((_r, i) => first + i), ids: rows.map((r) => r.rec.id), columns: { id: 2, date: 3, quantity: 6 }, buffer, xlsx: true, sheet, skipped: { title: 2, blank: 1, totals: 1 }, totalsRows: [{ line: last + 1, label: 'Total', kg: said }] };
  record('data/kh-gdce.xlsx', written, rows, words);
  defects.push({
    file: 'data/kh-gdce.xlsx',
    sheet,
    line: last + 1,
    code: 'TOTALS_MISMATCH',
    bucket: 'none',
    note: `the "Total" row says ${said} kg (its SUMIF stops ${shortBy} rows short, above two seizures added later); the records above it sum to ${all} kg`,
  });
}

// ---------------------------------------------------------------------------
// Campaign file, manifest, README

const SOURCE_ORDER = ['data/kr-icn.csv', 'data/kr-pus.csv', 'data/vn-hq.csv', 'data/vn-lc.xlsx', 'data/th-customs.txt', 'data/in-dri.csv', 'data/au-abf.csv', 'data/asean-cen.csv', 'data/kh-gdce.xlsx', 'data/my-tobacco.csv', 'data/rilo-ap.yaml'];

/** A YAML scalar: plain when it is safe in a flow collection, else double-quoted. */
function yq(v) {
  return /^[\p{L}\p{N}][\p{L}\p{M}\p{N} .()-]*$/u.test(v) && !/[ .-]$/.test(v) ? v : JSON.stringify(v);
}

/** The participants, each with the agencies the campaign names for it. */
function participantsYaml() {
  return PARTICIPANTS.map((c) => {
    const list = AGENCIES[c];
    if (!list) return `    - ${c}`;
    const agencies = list.map((a) => `        - { id: ${a.id}, name: ${yq(a.name)}, aliases: [${a.aliases.map(yq).join(', ')}] }`);
    return [`    - country: ${c}`, '      agencies:', ...agencies].join('\n');
  }).join('\n');
}

/** Incheon's file has no agency column: the glob's default names it (Busan's column wins where it is filled). */
const KR_DEFAULT_AGENCY = '인천본부세관';

/** Thai words for yaba and ice, mapped in the campaign file (the vocabulary has no Thai). */
const SUBTYPE_ALIASES = { ยาบ้า: 'methamphetamine', ยาไอซ์: 'methamphetamine' };

function campaignYaml() {
  return `# Operation Mekong Shield — the bundled example campaign.
# Written by scripts/generate-example.mjs: edit the generator, not this file.
# Fictitious data shaped like a WCO RILO A/P-coordinated regional operation.
campaign:
  id: op-mekong-shield
  name: Operation Mekong Shield 2024
  coordinator: "WCO RILO Asia/Pacific"
  classification: "RESTRICTED — LAW ENFORCEMENT USE ONLY"
  # ASEAN, North-East Asia, South Asia and Oceania (ISO 3166-1 alpha-2), with the
  # agencies that report seizures: an English name, then the spellings the exports use.
  participants:
${participantsYaml()}
  commodities: [drugs, precursors, cites, tobacco]

# Phase names in each report language (one string would do for all).
phases:
${PHASES.map((p) => `  - { id: ${p.id}, name: { en: "${p.name}", vi: "${p.names.vi}", ko: "${p.names.ko}" }, start: ${p.start}, end: ${p.end} }`).join('\n')}

# What the reports say about themselves: on the cover and in the PDF's metadata.
report:
  version: "1.0"
  contact: "RILO Asia/Pacific analysis unit, rilo-ap@example.org"
  acknowledgements:
    en: "The coordinator thanks the customs administrations of the participating countries for their seizure data."
    vi: "Cơ quan điều phối cảm ơn cơ quan hải quan các nước tham gia đã cung cấp số liệu bắt giữ."
    ko: "조정기관은 적발 자료를 제공한 참가국 관세당국에 감사드립니다."

# Cigarette packagings in sticks (these are the defaults, written out for clarity).
# For anything but tobacco a pack or carton is one package of unknown content.
units: { pack: 20, carton: 200 }

# Campaign-wide aliases: Thai Customs writes "wildlife" and "courier", and Thai
# names of methamphetamine the goods vocabulary does not have.
aliases:
  commodity: { wildlife: cites }
  route: { courier: express }
  subtype: { ${Object.entries(SUBTYPE_ALIASES).map(([k, v]) => `${k}: ${v}`).join(', ')} }

sources:
  # Korea Customs Service, Incheon (air, express, post) and Busan (sea, post, express): canonical CSV,
  # goods mostly in Korean. kr-icn.csv has no agency column, so the default names Incheon Main Customs;
  # kr-pus.csv names Busan Main Customs in a 세관 (customs office) column, which wins over the default.
  - path: data/kr-*.csv
    defaults: { agency: ${KR_DEFAULT_AGENCY} }

  # Viet Nam Customs HQ: Excel "CSV UTF-8" (BOM, CRLF, semicolons), Vietnamese headers and values;
  # the customs department that made the seizure in "Đơn vị phát hiện".
  - path: data/vn-hq.csv
    delimiter: ";"
    date_format: dd/MM/yyyy
    decimal: ","
    defaults: { reporting_country: VN }
    columns:
      id: "Số vụ"
      date: "Ngày phát hiện"
      unit: "Đơn vị tính"
      agency: "Đơn vị phát hiện"
    values:
      route: { "đường sắt": land }
      phase: { "Giai đoạn 1": p1, "Giai đoạn 2": p2, "Giai đoạn 3": p3 }

  # Lao Cai Customs Department, on the border with China: an Excel workbook as its clerks make it.
  # A two-line title above the header (title rows, not records) and a blank row; the header is found
  # on row 4 (built-in Vietnamese names); date cells typed; a "Tổng cộng" row, not a record, whose SUM
  # matches the records above it. No agency column: the default names the department.
  - path: data/vn-lc.xlsx
    defaults: { reporting_country: VN, agency: ${LAO_CAI_AGENCY} }

  # Thai Customs: Excel "Unicode text" (UTF-16 LE with BOM, tabs, CRLF); encoding and delimiter auto-detected.
  # "Office" (the bureau, mostly in Thai) is a built-in name of the agency column.
  - path: data/th-customs.txt
    date_format: d/M/yyyy
    defaults: { reporting_country: TH }
    columns:
      id: Ref
      case_id: "Case No."
      date: "Seizure Date"
      subtype: Description
      quantity: Qty
      unit: UoM
      route: Mode
      origin_country: Origin
      destination_country: Destination
      location: "Customs House"

  # India DRI: canonical CSV; the "zone" column is the DRI unit that made the seizure.
  - path: data/in-dri.csv
    columns: { agency: zone }

  # Australian Border Force: canonical CSV, English country names, quoted commas, a multi-line note.
  - path: data/au-abf.csv

  # CEN consolidation for eight ASEAN administrations: canonical CSV, no agency column.
  - path: data/asean-cen.csv

  # Cambodia's General Department of Customs and Excise: an Excel workbook, a title in Khmer and English
  # above the header, date cells typed, English headers; its "Total" row sums fewer rows than it stands
  # under (two seizures were added below its range): a TOTALS_MISMATCH warning, the records all read.
  - path: data/kh-gdce.xlsx
    defaults: { reporting_country: KH, agency: ${GDCE_AGENCY} }

  # Royal Malaysian Customs: cigarettes only, in packs and cartons, no reporting country column;
  # the state office in a "customs office" column.
  - path: data/my-tobacco.csv
    date_format: dd-MM-yyyy
    defaults: { reporting_country: MY }

  # RILO A/P consolidation (YAML): CN, HK, MO, JP, NZ, BD, LK, one observer record, one re-sent Korean record.
  - path: data/rilo-ap.yaml
`;
}

/** Every spelling of a named agency (its id, name and aliases, exactly as written) → the agency and its country. */
function agencySpellings() {
  const m = new Map();
  for (const [country, list] of Object.entries(AGENCIES)) for (const a of list) for (const sp of [a.id, a.name, ...a.aliases]) m.set(sp, { ...a, country });
  return m;
}

/** Rows that reach the file's records (a row rejected for one of its fields does not). */
const reaches = (w) => !(w.defect && w.defect !== 'CONFLICTING_ID' && defects.find((d) => d.file === w.file && d.line === w.line && d.code === w.defect)?.bucket === 'rejected');

/** Per named agency: the files and spellings that name it, and how many rows reach the records. */
function agencyUse() {
  const spellings = agencySpellings();
  const use = new Map();
  for (const [country, list] of Object.entries(AGENCIES)) for (const a of list) use.set(a.id, { ...a, country, rows: 0, files: new Set(), written: new Map() });
  for (const w of writtenWords) {
    const a = w.agency && spellings.get(w.agency);
    if (!a || !reaches(w) || a.country !== w.country) continue;
    const u = use.get(a.id);
    u.rows++;
    u.files.add(w.file);
    u.written.set(w.agency, (u.written.get(w.agency) ?? 0) + 1);
  }
  return [...use.values()];
}

function manifest() {
  const order = (f) => SOURCE_ORDER.indexOf(f);
  const list = [...defects].sort((a, b) => order(a.file) - order(b.file) || a.line - b.line);
  const count = (bucket, file) => list.filter((d) => d.bucket === bucket && (!file || d.file === file)).length;
  const sources = SOURCE_ORDER.map((file) => {
    const f = files.find((x) => x.file === file);
    const s = { file, read: f.rows, rejected: count('rejected', file), duplicates: count('duplicates', file), out_of_scope: count('out_of_scope', file) };
    // rows that are not records: title rows above the header, totals rows, blank rows (in no bucket)
    const k = f.skipped ?? { title: 0, totals: 0, blank: 0 };
    return { file, read: s.read, accepted: s.read - s.rejected - s.duplicates - s.out_of_scope, rejected: s.rejected, duplicates: s.duplicates, out_of_scope: s.out_of_scope, title_rows: k.title, totals_rows: k.totals, blank_rows: k.blank };
  });
  const sum = (k) => sources.reduce((t, s) => t + s[k], 0);
  return {
    description: "Planted defects and warnings of fixtures/example, written by scripts/generate-example.mjs. line = physical line of the record's first line (header = 1), or in a workbook the row of the sheet named by sheet; a warning about a word of a file (UNKNOWN_SUBTYPE, UNKNOWN_AGENCY) is at the first record that carries it. bucket = where the record ends (a warning that keeps its record: accepted; none: the row is not a record, such as a totals row). Every other record is clean and accepted with no diagnostic. Per source, title_rows, totals_rows and blank_rows count the rows that are not records (in no bucket). silent_agencies: agencies the campaign names that no record names.",
    totals: { read: sum('read'), accepted: sum('accepted'), rejected: sum('rejected'), duplicates: sum('duplicates'), out_of_scope: sum('out_of_scope') },
    sources,
    defects: list.map(({ file, sheet, line, code, bucket, note }) => ({ file, ...(sheet !== undefined ? { sheet } : {}), line, code, bucket, note })),
    silent_agencies: agencyUse().filter((u) => u.rows === 0).map((u) => ({ country: u.country, id: u.id, name: u.name })),
  };
}

/** Distinct subtype spellings of a file, most frequent first. */
function spellingsOf(file) {
  const n = new Map();
  for (const w of writtenWords) if (w.file === file && w.subtype) n.set(w.subtype, (n.get(w.subtype) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([sp]) => sp);
}

function readme(m) {
  const byFile = Object.fromEntries(m.sources.map((s) => [s.file, s]));
  const row = (f, what) => `| \`${f}\` | ${byFile[f].read} | ${what} |`;
  const code = (x) => `\`${x.replaceAll('|', '\\|')}\``;
  const use = agencyUse();
  const agencyRow = (u) => `| ${u.country} | \`${u.id}\` | ${u.name} | ${u.rows ? [...u.files].map((f) => `\`${f}\``).join(', ') : '— (sends nothing)'} | ${u.rows} | ${[...u.written].sort((a, b) => b[1] - a[1]).map(([sp]) => code(sp)).join(', ')} |`;
  const unknown = (c) => m.defects.filter((d) => d.code === c).map((d) => `\`${d.note.split('"')[1]}\` (\`${d.file}\`)`).join(', ');
  const naming = ['Ten', 'Eleven', 'Twelve', 'Thirteen', 'Fourteen', 'Fifteen', 'Sixteen', 'Seventeen', 'Eighteen', 'Nineteen', 'Twenty'][Object.keys(AGENCIES).length - 10];
  const silentCountries = PARTICIPANTS.filter((c) => !AGENCIES[c]);
  const where = (d) => (d.sheet !== undefined ? `row ${d.line} of \`${d.sheet}\`` : String(d.line));
  const plural = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const notRecords = m.sources.filter((s) => s.title_rows + s.totals_rows + s.blank_rows > 0).map((s) => `\`${s.file}\` ${plural(s.title_rows, 'title row')}, ${plural(s.blank_rows, 'blank row')}, ${plural(s.totals_rows, 'totals row')}`);
  return `# Example campaign: Operation Mekong Shield 2024

Generated by \`scripts/generate-example.mjs\` (seeded, deterministic): edit the generator and run
\`node scripts/generate-example.mjs\`, never these files. \`node scripts/generate-example.mjs --check\`
exits 1 if the committed files differ from what the generator writes.

All data are **fictitious**. Nothing here comes from a real seizure, agency or person.

## What it models

A regional operation coordinated by the WCO Regional Intelligence Liaison Office for
Asia and the Pacific (RILO A/P) against drug trafficking, precursor diversion, illegal trade in
CITES-listed wildlife and cigarette smuggling.

- **Participants (20):** the ten ASEAN members (BN, KH, ID, LA, MY, MM, PH, SG, TH, VN), CN, HK, MO,
  JP, KR, IN, BD, LK, AU, NZ. ${naming} of them name the agencies that report (${use.length} agencies, see
  below), each with an English name and the spellings its exports use.
- **Commodities in scope:** drugs, precursors, cites, tobacco.
- **Phases:** p1 2024-03-01..2024-04-30, p2 2024-05-01..2024-06-30, p3 2024-07-01..2024-08-31 (inline in
  \`campaign.yaml\`).
- **Seizures:** ${m.totals.read} records over all five routes (express, air, sea, post, land). Goods:
  methamphetamine (crystal, and yaba tablets), MDMA, heroin, cocaine, ketamine, cannabis herb and
  resin; ephedrine, pseudoephedrine, safrole, acetic anhydride, BMK (P-2-P), PMK; pangolin scales,
  ivory, rhino horn, live turtles; cigarettes, vapes, cigarillos, shisha. Each source writes them its
  own way — English, Vietnamese, Korean, Thai or trade names — and the goods vocabulary turns every
  spelling into one id (\`필로폰\`, \`ma túy đá\`, \`ice\`, \`shabu\` → \`methamphetamine\`); three
  planted names it does not know stay as written (\`unclassified\`). Quantities follow the route (grams
  in a parcel, hundreds of kilograms in a container) and the good's usual units: kg/g or tablets for
  drugs, kg or l for precursors, kg/pieces/specimens for wildlife, sticks/packs/cartons for
  cigarettes, pieces for vapes and cigarillos, kg for shisha. Origins and destinations follow known
  flows (Golden Triangle methamphetamine, South American cocaine, West and Central African pangolin
  scales and ivory, southern African rhino horn, ...). Some cases have several item lines sharing a
  \`case_id\`.

## Files

| File | Records | Shape and quirks |
| --- | ---: | --- |
${row('data/kr-icn.csv', 'Korea Customs Service, Incheon. Canonical CSV (UTF-8, LF, comma), with `case_id`, `direction`, `location`, `detection_method`; goods mostly in Korean (`필로폰`, `메트암페타민`, `대마초`, `엑스터시`, `야바`, `천산갑 비늘` …). No agency column: the source\'s `defaults: { agency: 인천본부세관 }` names Incheon Main Customs. Matched with `kr-pus.csv` by the glob `data/kr-*.csv`.')}
${row('data/kr-pus.csv', 'Korea Customs Service, Busan port. Same shape as `kr-icn.csv`, plus a `세관` (customs office) column, a built-in Korean name of the agency field: `부산본부세관`, `Busan Main Customs`, `부산세관` (a filled cell wins over the glob\'s default).')}
${row('data/vn-hq.csv', 'Viet Nam Customs HQ, Excel "CSV UTF-8": BOM, CRLF, `;` delimiter, `dd/MM/yyyy`, decimal comma with `.` thousands (`1.234,5`). Vietnamese headers; `Số vụ`, `Ngày phát hiện`, `Đơn vị tính` and `Đơn vị phát hiện` (the agency) are mapped by `columns`, the rest are built-in aliases. Vietnamese values: commodities (`ma túy`, `tiền chất`, `động vật hoang dã`, `thuốc lá`), routes (`chuyển phát nhanh`, `hàng không`, `đường biển`, `bưu chính`, `đường bộ`, and `đường sắt` mapped by `values`), directions (`nhập khẩu`, ...), units (`gam`, `lít`, `cái`, `cá thể`, `viên`, `điếu`, `bao`, `cây`), countries (`Lào`, `Trung Quốc`, `Hoa Kỳ`, `Campuchia`, `không rõ`, ...), phases (`Giai đoạn 1`.. mapped by `values`), goods in Vietnamese (`ma túy đá`, `hồng phiến`, `thuốc lắc`, `cần sa`, `hê-rô-in`, `vảy tê tê`, `ngà voi`, `sừng tê giác`, `thuốc lá điếu` …) read by the goods vocabulary. Ten customs departments, written with or without `Cục`, abbreviated (`Cục HQ`, `TP.HCM`, `BR-VT`) or with `tỉnh`/`TP.`. No reporting country column (`defaults`). `STT` (row number) and `Ghi chú` are extras. Concealments containing a `;` are quoted.')}
${row('data/vn-lc.xlsx', 'Lao Cai Customs Department (`Cục Hải quan tỉnh Lào Cai`), on the border with China: an Excel workbook (`.xlsx`) as its clerks make it, drug seizures only. Sheet `Báo cáo`: a two-line title merged across the table (`BÁO CÁO KẾT QUẢ BẮT GIỮ MA TÚY QUA BIÊN GIỚI — CHUYÊN ÁN MEKONG SHIELD 2024`, the period), a blank row, the header on row 4 (built-in Vietnamese names: `Số hiệu`, `Mã vụ`, `Ngày bắt giữ`, `Mặt hàng`, `Tên hàng`, `Số lượng`, `Đơn vị tính`, `Tuyến`, `Cửa khẩu`, `Nước xuất xứ`, `Nước đến`, `Hướng`; `STT` an extra), dates as date cells and quantities as number cells (kg), ids in date order (`001/BB-HQLC`), and a `Tổng cộng` row whose `SUM` matches the records above it. The title rows, the blank row and the totals row are not records: counted per source, in no bucket. No reporting country or agency column: `defaults` name VN and the department.')}
${row('data/th-customs.txt', 'Thai Customs, Excel "Unicode text": UTF-16 LE with BOM, TAB, CRLF. Own English headers mapped by `columns`, and an `Office` column (a built-in agency header) naming the bureau, mostly in Thai script; dates `d/M/yyyy` without zero padding; countries as alpha-3; Thai-script customs houses; `wildlife` and `courier` resolved by the campaign-wide `aliases`; trade names (`ice`, `meth`, `yaba`, `ganja`, `BMK`, `PMK`, `elephant tusks`, `rhinoceros horn`, `vapes`, `cigarillos`, `shisha`) and two Thai words mapped by `aliases.subtype` (`ยาบ้า`, `ยาไอซ์`); cigarettes in sticks and cartons; reporting country from `defaults`.')}
${row('data/in-dri.csv', 'India DRI. Canonical CSV with `direction`, `detection_method`, `concealment` (quoted when it holds a comma) and a `zone` column mapped to the agency by `columns` (`DRI Mumbai Zonal Unit`, `DRI MZU` …); `ganja`, `charas`; no `case_id`.')}
${row('data/au-abf.csv', 'Australian Border Force. Canonical headers with an `agency` column (`ABF NSW`, `ABF Victoria` …); countries as English names (`Viet Nam`, `Laos`, `United States`, `"Korea, Republic of"` quoted), `unknown` origins; reporting country `Australia`; `ice`, `crystal meth`, `MDMA`, `disposable vapes`, `shisha tobacco`; cigarettes in sticks; quoted fields with commas and `""` quotes; one `notes` cell holds a line break.')}
${row('data/asean-cen.csv', 'CEN consolidation for ID, PH, SG, MY, KH, LA, MM, BN. Canonical CSV, alpha-2, no agency column; `shabu` in the archipelago, `yaba` and `ganja` on the mainland; cigarettes in packs and cartons; `pcs`, `specimens` and `tablets`.')}
${row('data/kh-gdce.xlsx', `General Department of Customs and Excise of Cambodia (GDCE): an Excel workbook, sheet \`Seizures 2024\`, a title in Khmer (\`អគ្គនាយកដ្ឋានគយ និងរដ្ឋាករកម្ពុជា\`) and English above the header, a blank row, English headers (built-in: \`Seizure No\`, \`Date of seizure\`, \`Commodity\`, \`Type\`, \`Quantity\`, \`Unit\`, \`Mode\`, \`Origin\`, \`Destination\`, \`Location\`; \`No.\` and \`Remarks\` extras), date cells, \`Wildlife\` (a built-in alias of cites), \`Road\`, \`pcs\`, \`cartons\` of cigarettes, English country names. Its \`Total\` row is a \`SUMIF\` of the kg rows whose range stops two rows short: two seizures were typed in below it afterwards, so the total is ${num(gdceTotal.all - gdceTotal.said)} kg short (\`TOTALS_MISMATCH\`, planted; the records are all read). No reporting country or agency column: \`defaults\` (\`GDCE\`).`)}
${row('data/my-tobacco.csv', 'Royal Malaysian Customs, cigarettes only (`cigarettes`, `kretek cigarettes`) counted in `pack` and `carton`; the state office in a `customs office` column (`JKDM Johor`, `Kastam Kedah`, `"Royal Malaysian Customs, Perlis"` …); dates `dd-MM-yyyy`; no reporting country column (`defaults`).')}
${row('data/rilo-ap.yaml', 'RILO A/P consolidation, YAML `seizures:` list: CN, HK, MO, JP, NZ, BD, LK; numbers as YAML numbers; an `agency` key in the administration\'s language or English (`广州海关`, `C&ED`, `澳門海關`, `東京税関`, `ঢাকা কাস্টম হাউস`, `இலங்கை சுங்கம்` …); an extra `remarks` key on some records; one observer record from the US (no agency); one Korean record re-sent.')}

\`expected-defects.json\` lists every planted defect and warning, the bucket totals and, per source,
the rows that are not records (\`title_rows\`, \`totals_rows\`, \`blank_rows\`); tests use it as an
independent oracle. Lines are physical lines of the record's first line, header = line 1 (for YAML,
the line of the item's \`-\`; for a workbook, the row of the sheet named by \`sheet\`).

## Agencies

The campaign names ${use.length} agencies under their participants (\`campaign.participants\`), by id, an
English name and aliases in the local language. A record's agency becomes the id; one spelled so that
no name or alias matches stays as written with one \`UNKNOWN_AGENCY\` warning per file
(${unknown('UNKNOWN_AGENCY')}); an agency of another country than the record's reporting country
rejects the record (\`AGENCY_COUNTRY_MISMATCH\`: a Macao record filed under \`香港海關\`, Hong Kong's
C&ED). ${silentCountries.join(', ').replace(/, (\w+)$/, ' and $1')} name no agency: \`asean-cen.csv\` has no agency column, so
their records, and Cambodia's and Malaysia's in that file, have none (as has the US observer record).

| Country | Id | Name | Files | Rows | Spellings in the data |
| --- | --- | --- | --- | ---: | --- |
${use.map(agencyRow).join('\n')}

Named but sending nothing: ${m.silent_agencies.map((a) => `${a.name} (\`${a.id}\`, ${a.country})`).join(', ')}. Rows = records that reach the
file's records (not rejected for one of their own fields), \`kr-icn.csv\`'s by its default.

## Subtype spellings

Each file's distinct subtype spellings, most frequent first. All but the planted unknown ones
(${unknown('UNKNOWN_SUBTYPE')}) are ids, labels or aliases of the goods vocabulary
(\`src/data/goods/\`), or the campaign's \`aliases.subtype\`.

| File | Spellings |
| --- | --- |
${SOURCE_ORDER.map((f) => `| \`${f}\` | ${spellingsOf(f).map(code).join(', ')} |`).join('\n')}

## Planted defects and warnings

Every record not listed here is clean: accepted with no diagnostic.

| File | Line | Code | Bucket | What |
| --- | ---: | --- | --- | --- |
${m.defects.map((d) => `| \`${d.file}\` | ${where(d)} | ${d.code} | ${d.bucket} | ${d.note.replaceAll('|', '\\|')} |`).join('\n')}

Expected buckets: read ${m.totals.read} = accepted ${m.totals.accepted} + rejected ${m.totals.rejected} + duplicates ${m.totals.duplicates} + out_of_scope ${m.totals.out_of_scope}.
Rows that are not records (in no bucket; per source in \`--report-json\` and the report's annex): ${notRecords.join('; ')}.

Not planted here (they belong in the bad-input fixtures): MALFORMED_CSV and MISSING_COLUMN (they
would spoil a whole file), COMMODITY_OUT_OF_SCOPE (all four commodities are in scope),
SUBTYPE_COMMODITY_MISMATCH, ENCODING_GUESSED, DUPLICATE_COLUMN, EMPTY_FILE.
`;
}

// ---------------------------------------------------------------------------
// Checks and output

function selfCheck(outputs) {
  for (const f of files) {
    // workbooks: checkWorkbooks
    if (f.xlsx) continue;
    if (f.yaml) {
      const lc = new LineCounter();
      const doc = parseDocument(f.text, { lineCounter: lc });
      const seq = doc.get('seizures');
      if (seq.items.length !== f.rows) throw new Error(`${f.file}: ${seq.items.length} items, expected ${f.rows}`);
      seq.items.forEach((item, i) => {
        const line = lc.linePos(item.range[0]).line;
        if (line !== f.lines[i]) throw new Error(`${f.file}: item ${i} at line ${line}, computed ${f.lines[i]}`);
      });
      continue;
    }
    const { starts, counts } = recordStartLines(f.text, f.delimiter);
    if (starts.length !== f.rows) throw new Error(`${f.file}: ${starts.length} records, expected ${f.rows}`);
    starts.forEach((s, i) => {
      if (s !== f.lines[i]) throw new Error(`${f.file}: record ${i} at line ${s}, computed ${f.lines[i]}`);
    });
    // only planted FIELD_COUNT rows may have a different number of fields
    const bad = counts.slice(1).map((c, i) => [c, i]).filter(([c]) => c !== counts[0]).map(([, i]) => f.lines[i]);
    const planted = defects.filter((d) => d.file === f.file && d.code === 'FIELD_COUNT').map((d) => d.line);
    if (bad.join() !== planted.join()) throw new Error(`${f.file}: rows with a wrong field count at ${bad}, planted ${planted}`);
  }
  checkWords();
  const m = JSON.parse(outputs['expected-defects.json']);
  const { read, accepted, rejected, duplicates, out_of_scope: oos } = m.totals;
  if (read !== accepted + rejected + duplicates + oos) throw new Error('totals do not add up');
}

/**
 * Every subtype written is a spelling the goods vocabulary (src/data/goods/*.json:
 * an id, a label or an alias, case aside, a plural s aside) or the campaign's
 * aliases.subtype knows, and every agency one of the record's country names;
 * except the planted unknown ones and the planted AGENCY_COUNTRY_MISMATCH.
 */
function checkWords() {
  const goods = new Set(Object.keys(SUBTYPE_ALIASES).map((k) => k.toLowerCase()));
  for (const c of ['drugs', 'precursors', 'cites', 'tobacco']) {
    const f = JSON.parse(readFileSync(join(ROOT, 'src', 'data', 'goods', `${c}.json`), 'utf8'));
    for (const g of f.goods) for (const sp of [g.id, ...Object.values(g.labels), ...g.aliases]) goods.add(sp.toLowerCase());
  }
  const spellings = agencySpellings();
  for (const w of writtenWords) {
    const sub = w.subtype.toLowerCase();
    if (!UNKNOWN_SUBTYPES.has(w.subtype) && !goods.has(sub) && !(sub.endsWith('s') && goods.has(sub.slice(0, -1)))) throw new Error(`${w.file}:${w.line}: subtype "${w.subtype}" is not in the goods vocabulary`);
    if (!w.agency || UNKNOWN_AGENCIES.has(w.agency) || w.defect === 'AGENCY_COUNTRY_MISMATCH') continue;
    const a = spellings.get(w.agency);
    if (!a || a.country !== w.country) throw new Error(`${w.file}:${w.line}: agency "${w.agency}" is not one of ${w.country}'s`);
  }
  for (const u of UNKNOWN_SUBTYPES) if (!defects.some((d) => d.code === 'UNKNOWN_SUBTYPE' && d.note.includes(`"${u}"`))) throw new Error(`unknown subtype "${u}" planted nowhere`);
  for (const u of UNKNOWN_AGENCIES) if (!defects.some((d) => d.code === 'UNKNOWN_AGENCY' && d.note.includes(`"${u}"`))) throw new Error(`unknown agency "${u}" planted nowhere`);
}

/**
 * Each workbook read back (exceljs, as Excel would open it): its sheet, every
 * record's id on the row computed for it, its date a date cell, its quantity a
 * number; the title and header rows, the blank rows and the totals row where
 * the counts say, the totals row's cached sum as planned.
 */
async function checkWorkbooks() {
  for (const f of files.filter((x) => x.xlsx)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(f.buffer);
    const ws = wb.getWorksheet(f.sheet);
    if (!ws || wb.worksheets.length !== 1) throw new Error(`${f.file}: not one sheet named ${f.sheet}`);
    const text = (r) => ws.getRow(r).values.slice(1).map((v) => (v === undefined || v === null ? '' : v)).filter((v) => String(v).trim() !== '');
    const header = f.lines[0] - 1;
    const totals = f.totalsRows.map((t) => t.line);
    let title = 0;
    let blank = 0;
    for (let r = 1; r < header; r++) if (text(r).length === 0) blank++; else title++;
    if (title !== f.skipped.title || blank !== f.skipped.blank) throw new Error(`${f.file}: ${title} title and ${blank} blank rows above the header, expected ${f.skipped.title} and ${f.skipped.blank}`);
    const { id, date, quantity } = f.columns;
    f.lines.forEach((line, i) => {
      const cells = ws.getRow(line).values;
      if (cells[id] !== f.ids[i]) throw new Error(`${f.file} row ${line}: id ${cells[id]}, expected ${f.ids[i]}`);
      if (!(cells[date] instanceof Date) || typeof cells[quantity] !== 'number') throw new Error(`${f.file} row ${line}: the date is not a date cell, or the quantity not a number`);
      if (i > 0 && line !== f.lines[i - 1] + 1) throw new Error(`${f.file}: records not on consecutive rows at ${line}`);
    });
    for (const t of f.totalsRows) {
      const cells = ws.getRow(t.line).values;
      if (cells[1] !== t.label || !cells.some((v) => v && typeof v === 'object' && v.result === t.kg)) throw new Error(`${f.file} row ${t.line}: not the totals row "${t.label}" of ${t.kg} kg`);
    }
    if (totals.length !== f.skipped.totals || ws.rowCount !== Math.max(...totals)) throw new Error(`${f.file}: rows after the totals row, or totals rows miscounted`);
  }
}

function encode(f) {
  if (f.xlsx) return f.buffer;
  if (f.utf16) return Buffer.from(`\uFEFF${f.text}`, 'utf16le');
  return Buffer.from(f.bom ? `\uFEFF${f.text}` : f.text, 'utf8');
}

async function main() {
  const check = process.argv.includes('--check');
  const korea = koreaFiles(SEED + 10);
  vietnamFile(SEED + 20);
  thailandFile(SEED + 30);
  indiaFile(SEED + 40);
  australiaFile(SEED + 50);
  aseanFile(SEED + 60);
  malaysiaFile(SEED + 70);
  riloFile(SEED + 80, korea.icn);
  await laoCaiWorkbook(SEED + 90);
  await cambodiaWorkbook(SEED + 100);

  const m = manifest();
  const outputs = {
    'campaign.yaml': campaignYaml(),
    'expected-defects.json': `${JSON.stringify(m, null, 2)}\n`,
    'README.md': readme(m),
  };
  for (const f of files) outputs[f.file] = encode(f);
  selfCheck(outputs);
  await checkWorkbooks();

  if (check) {
    const stale = Object.entries(outputs).filter(([name, content]) => {
      try {
        return !readFileSync(join(OUT, name)).equals(Buffer.from(content));
      } catch {
        return true;
      }
    });
    for (const [name] of stale) console.error(`stale: fixtures/example/${name}`);
    process.exitCode = stale.length ? 1 : 0;
    return;
  }
  rmSync(join(OUT, 'data'), { recursive: true, force: true });
  for (const [name, content] of Object.entries(outputs)) {
    mkdirSync(dirname(join(OUT, name)), { recursive: true });
    writeFileSync(join(OUT, name), content);
  }
  const t = m.totals;
  console.error(`fixtures/example: ${files.length} data files, read ${t.read} = accepted ${t.accepted} + rejected ${t.rejected} + duplicates ${t.duplicates} + out_of_scope ${t.out_of_scope}; ${m.defects.length} planted defects`);
}

await main();
