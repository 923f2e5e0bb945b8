#!/usr/bin/env node
/**
 * Writes the bundled example campaign, fixtures/example/, from a fixed seed.
 *
 * The data are fictitious but shaped like a WCO RILO A/P-coordinated regional
 * operation against drugs, precursors, CITES-listed wildlife and cigarettes:
 * twenty participants, three phases, nine source files in the shapes agencies
 * really send (canonical CSV, a Vietnamese Excel CSV, an Excel "Unicode text"
 * export, a YAML consolidation), and a few planted bad rows.
 *
 * Besides the data it writes:
 * - campaign.yaml           the campaign file;
 * - expected-defects.json   every planted defect (file, physical line, code,
 *                           bucket) and the bucket totals, an oracle for tests;
 * - README.md               what the example models, file by file.
 *
 * Deterministic: a seeded PRNG and no clock, so two runs give identical bytes.
 * Usage: node scripts/generate-example.mjs [--check]
 *   --check  generate in memory and exit 1 if a file on disk differs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  { id: 'p1', name: 'Phase 1 — Targeting and profiling', start: '2024-03-01', end: '2024-04-30', vi: 'Giai đoạn 1' },
  { id: 'p2', name: 'Phase 2 — Intensified controls', start: '2024-05-01', end: '2024-06-30', vi: 'Giai đoạn 2' },
  { id: 'p3', name: 'Phase 3 — Follow-up and controlled deliveries', start: '2024-07-01', end: '2024-08-31', vi: 'Giai đoạn 3' },
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
    { name: 'methamphetamine', w: 40, scale: 1, vi: 'ma túy đá', origins: { MM: 6, LA: 4, TH: 2, KH: 1, MY: 1, MX: 2, US: 3, CN: 1 }, dests: { KR: 3, JP: 3, AU: 3, NZ: 2, PH: 2, ID: 2, MY: 2, VN: 1, HK: 1 } },
    { name: 'heroin', w: 12, scale: 0.5, vi: 'heroin', origins: { MM: 6, LA: 3, AF: 2, PK: 1, TH: 1 }, dests: { VN: 2, CN: 2, MY: 2, AU: 1, HK: 1, TH: 1 } },
    { name: 'cocaine', w: 8, scale: 0.8, vi: 'cocaine', origins: { CO: 3, PE: 2, BR: 3, EC: 2, MX: 1, US: 1 }, dests: { AU: 4, HK: 2, CN: 1, JP: 1, KR: 1, NZ: 1, PH: 1 } },
    { name: 'ketamine', w: 12, scale: 0.6, vi: 'ketamine', origins: { IN: 3, CN: 1, KH: 2, MM: 2, VN: 1 }, dests: { MY: 2, HK: 2, KH: 1, VN: 1, TH: 1, AU: 1 } },
    { name: 'cannabis', w: 14, scale: 0.6, vi: 'cần sa', origins: { US: 3, CA: 3, TH: 4, LA: 2, PH: 1 }, dests: { KR: 3, JP: 2, SG: 1, MY: 2, HK: 1, AU: 1 } },
  ],
  precursors: [
    { name: 'ephedrine', w: 3, base: 'kg', vi: 'ephedrine', origins: { IN: 4, CN: 3, BD: 1 }, dests: { MM: 3, MX: 1, AU: 1, PH: 1 } },
    { name: 'pseudoephedrine', w: 3, base: 'kg', vi: 'pseudoephedrine', origins: { IN: 3, CN: 2, BD: 1, PK: 1 }, dests: { MM: 3, AU: 1, MY: 1, KR: 1 } },
    { name: 'safrole', w: 2, base: 'l', vi: 'safrole', origins: { KH: 3, VN: 1, LA: 1, CN: 1 }, dests: { TH: 1, MM: 2, AU: 1, NL: 1 } },
    { name: 'acetic anhydride', w: 1, base: 'l', vi: 'anhydrit axetic', origins: { CN: 3, KR: 1, IN: 2 }, dests: { MM: 3, AF: 2, PK: 1 } },
  ],
  cites: [
    { name: 'pangolin scales', w: 5, vi: 'vảy tê tê', origins: { NG: 6, CM: 2, CD: 1, GA: 1, GH: 1, UG: 1 }, dests: { VN: 4, CN: 3, HK: 1, LA: 1 } },
    { name: 'ivory', w: 3, vi: 'ngà voi', origins: { NG: 3, MZ: 2, TZ: 1, KE: 1, AO: 1, CD: 1 }, dests: { VN: 3, CN: 3, HK: 1, LA: 1, KH: 1, TH: 1 } },
    { name: 'rhino horn', w: 2, vi: 'sừng tê giác', origins: { ZA: 4, MZ: 3, ZW: 1, NA: 1 }, dests: { VN: 3, CN: 2, MY: 1, TH: 1 } },
    { name: 'live turtles', w: 3, vi: 'rùa sống', origins: { ID: 2, MY: 2, BD: 2, IN: 2, MG: 2, TH: 1 }, dests: { HK: 3, CN: 2, TH: 1, MY: 1, VN: 1 } },
  ],
  tobacco: [
    { name: 'cigarettes', w: 1, vi: 'thuốc lá điếu', origins: { VN: 2, KH: 2, ID: 2, CN: 2, KR: 1, AE: 1, MY: 1 }, dests: { MY: 4, AU: 3, SG: 2, TH: 1, NZ: 1, JP: 1, LA: 1 } },
  ],
};

/** Drug seizure sizes in kg by route, before the subtype's scale. */
const DRUG_KG = { express: [0.02, 3], post: [0.005, 1], air: [0.3, 8], sea: [10, 800], land: [1, 300] };
const PRECURSOR = { express: [0.1, 5], post: [0.05, 2], air: [1, 25], sea: [100, 2000], land: [10, 800] };
const WILDLIFE_KG = { express: [0.5, 20], post: [0.2, 5], air: [5, 150], sea: [200, 8000], land: [10, 1500] };
const CIGARETTE_STICKS = { express: [200, 4000], post: [200, 2000], air: [400, 20000], sea: [200_000, 9_600_000], land: [2000, 1_000_000] };

/**
 * A seizure quantity as { q, unit } with unit one of
 * kg, g, l, pieces, specimens, sticks, pack, carton (rendered per file later).
 */
function makeQuantity(rnd, commodity, sub, route, opts) {
  const [lo, hi] = (commodity === 'drugs' ? DRUG_KG : commodity === 'precursors' ? PRECURSOR : commodity === 'cites' ? WILDLIFE_KG : CIGARETTE_STICKS)[route];
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
  const sub = pickSubtype(rnd, commodity);
  const date = dayToDate(rnd.int(0, CAMPAIGN_DAYS - 1));
  let direction = rnd.weighted({ import: 66, export: 16, transit: 14, domestic: 4 });
  if (direction === 'domestic' && (route === 'air' || route === 'sea')) direction = 'import';
  const { origin, destination } = pickCountries(rnd, rc, sub, direction, route);
  const caseId = ids.nextCase(rc);
  const concealment = rnd.pick(CONCEALMENT[route]);
  const detection = rnd.weighted(DETECTION);
  const location = src.location ? src.location(rnd, rc, route) : '';
  const n = rnd.chance(src.multiRate ?? 0.12) ? rnd.int(2, 4) : 1;
  const items = [];
  const used = new Set();
  for (let i = 0; i < n; i++) {
    const s = i === 0 ? sub : pickSubtype(rnd, commodity);
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
  if (unit === 'g' || unit === 'pack' || unit === 'carton' || unit === 'sticks') return Math.max(1, Math.round(q / 3));
  return unit === 'l' ? roundVolume(q / 3) : roundMass(q / 3);
}

function pickSubtype(rnd, commodity) {
  const list = SUBTYPES[commodity];
  const name = rnd.weighted(Object.fromEntries(list.map((s) => [s.name, s.w])));
  return list.find((s) => s.name === name);
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

function record(file, written, rows) {
  rows.forEach((row, i) => {
    if (row.defect) defects.push({ file, line: written.lines[i], code: row.defect[0], bucket: row.defect[1], note: row.defect[2] });
  });
  files.push({ file, rows: rows.length, ...written });
}

/** Korea Customs Service: Incheon airport hub and Busan port, canonical CSV. */
const KOREA_HEADER = ['id', 'case_id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'location', 'detection_method'];

function koreaFiles(seed) {
  const header = KOREA_HEADER;
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
    const src = {
      reporters: { KR: 1 },
      routes,
      commodities: { drugs: 75, precursors: 8, cites: 7, tobacco: 10 },
      multiRate: 0.15,
      location: (r, _rc, route) => r.pick(locations[site][route]),
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
    const cells = rows.map(({ rec, set = {}, raw = [] }) => {
      const r = { ...rec, date: isoDate(rec.date), quantity: num(rec.quantity), ...set };
      return header.flatMap((h) => (raw.includes(h) ? String(r[h]).split(',') : [String(r[h] ?? '')]));
    });
    const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
    record(`data/kr-${site}.csv`, { ...written, delimiter: ',' }, rows);
    out[site] = rows;
  }
  return out;
}

/** Vietnam Customs HQ: Excel "CSV UTF-8" with Vietnamese headers and values. */
function vietnamFile(seed) {
  const rnd = createRandom(seed);
  const header = ['STT', 'Số vụ', 'Mã vụ', 'Ngày phát hiện', 'Mặt hàng', 'Loại', 'Số lượng', 'Đơn vị tính', 'Tuyến', 'Nước xuất xứ', 'Nước đến', 'Hướng', 'Giai đoạn', 'Địa điểm', 'Cách cất giấu', 'Đơn vị phát hiện', 'Ghi chú'];
  const places = {
    land: [['Cửa khẩu Hữu Nghị, Lạng Sơn', 'Cục Hải quan Lạng Sơn'], ['Cửa khẩu Móng Cái, Quảng Ninh', 'Cục Hải quan Quảng Ninh'], ['Cửa khẩu Lao Bảo, Quảng Trị', 'Cục Hải quan Quảng Trị'], ['Cửa khẩu Cầu Treo, Hà Tĩnh', 'Cục Hải quan Hà Tĩnh'], ['Cửa khẩu Mộc Bài, Tây Ninh', 'Cục Hải quan Tây Ninh']],
    rail: [['Ga liên vận quốc tế Đồng Đăng, Lạng Sơn', 'Cục Hải quan Lạng Sơn']],
    sea: [['Cảng Hải Phòng', 'Cục Hải quan Hải Phòng'], ['Cảng Cát Lái, TP. Hồ Chí Minh', 'Cục Hải quan TP. Hồ Chí Minh'], ['Cảng Cái Mép, Bà Rịa - Vũng Tàu', 'Cục Hải quan Bà Rịa - Vũng Tàu']],
    air: [['Sân bay quốc tế Nội Bài', 'Cục Hải quan Hà Nội'], ['Sân bay quốc tế Tân Sơn Nhất', 'Cục Hải quan TP. Hồ Chí Minh'], ['Sân bay quốc tế Đà Nẵng', 'Cục Hải quan Đà Nẵng']],
    express: [['Kho chuyển phát nhanh Tân Sơn Nhất', 'Cục Hải quan TP. Hồ Chí Minh'], ['Kho chuyển phát nhanh Nội Bài', 'Cục Hải quan Hà Nội']],
    post: [['Bưu cục ngoại dịch Hà Nội', 'Cục Hải quan Hà Nội'], ['Bưu cục ngoại dịch TP. Hồ Chí Minh', 'Cục Hải quan TP. Hồ Chí Minh']],
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
  const unitVi = { kg: 'kg', g: 'gam', l: 'lít', pieces: 'cái', specimens: 'cá thể', sticks: 'điếu', pack: 'bao', carton: 'cây' };
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
  };
  const rows = generateRows(rnd, src, ids, 570);
  const badDate = freshRecord(rnd, src, ids, { date: (d) => d.m === 3 });
  plant(rnd, rows, { rec: badDate, set: { 'Ngày phát hiện': '31/02/2024' }, defect: ['INVALID_DATE', 'rejected', 'impossible date 31/02/2024'] });
  const abc = freshRecord(rnd, src, ids, { commodity: 'cites' });
  plant(rnd, rows, { rec: abc, set: { 'Số lượng': 'abc' }, defect: ['INVALID_QUANTITY', 'rejected', 'quantity "abc"'] });
  const p4 = freshRecord(rnd, src, ids, { date: (d) => d.m === 8 });
  plant(rnd, rows, { rec: p4, set: { 'Giai đoạn': 'Giai đoạn 4' }, defect: ['UNKNOWN_PHASE', 'rejected', 'phase "Giai đoạn 4" (the campaign has three)'] });
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

  const cells = rows.map(({ rec, set = {}, hide, note }, i) => {
    const [loc, office] = rec.location.split('|');
    const r = {
      STT: String(i + 1),
      'Số vụ': rec.id,
      'Mã vụ': rec.case_id,
      'Ngày phát hiện': `${pad(rec.date.d)}/${pad(rec.date.m)}/${rec.date.y}`,
      'Mặt hàng': commodityVi[rec.commodity],
      Loại: rec.sub.vi,
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
      'Đơn vị phát hiện': office,
      'Ghi chú': note,
      ...set,
    };
    return header.map((h) => r[h]);
  });
  const written = writeDelimited(header, cells, { delimiter: ';', eol: '\r\n' });
  record('data/vn-hq.csv', { ...written, delimiter: ';', bom: true }, rows);
}

/** Thai Customs: Excel "Unicode text" (UTF-16 LE with BOM, TAB, CRLF), own headers. */
function thailandFile(seed) {
  const rnd = createRandom(seed);
  const header = ['Case No.', 'Ref', 'Seizure Date', 'Commodity', 'Description', 'Qty', 'UoM', 'Mode', 'Origin', 'Destination', 'Customs House', 'Concealment'];
  const houses = {
    air: ['ท่าอากาศยานสุวรรณภูมิ', 'ท่าอากาศยานดอนเมือง', 'ท่าอากาศยานภูเก็ต'],
    sea: ['ท่าเรือแหลมฉบัง', 'ท่าเรือกรุงเทพ'],
    land: ['ด่านศุลกากรแม่สาย', 'ด่านศุลกากรเชียงของ', 'ด่านศุลกากรหนองคาย', 'ด่านศุลกากรสะเดา', 'ด่านศุลกากรอรัญประเทศ'],
    post: ['ด่านศุลกากรไปรษณีย์'],
    express: ['ศูนย์ไปรษณีย์ด่วนพิเศษ สุวรรณภูมิ'],
  };
  const ids = createIds((_, n) => `TC-2024-${pad(n, 5)}`, (_, n) => `BKK-24-${pad(n, 4)}`);
  const src = {
    reporters: { TH: 1 },
    routes: { land: 35, air: 25, sea: 15, post: 10, express: 15 },
    commodities: { drugs: 55, precursors: 8, cites: 22, tobacco: 15 },
    multiRate: 0.1,
    quantity: { grams: 0.6, tobacco: ['sticks', 'carton'] },
    location: (r, _rc, route) => r.pick(houses[route]),
  };
  const rows = generateRows(rnd, src, ids, 560);
  const typo = freshRecord(rnd, src, ids, { direction: 'import', commodity: 'precursors' });
  plant(rnd, rows, { rec: typo, set: { Origin: 'Cambodai' }, defect: ['UNKNOWN_COUNTRY', 'rejected', 'origin "Cambodai" (typo)'] });
  const noMode = freshRecord(rnd, src, ids, {});
  plant(rnd, rows, { rec: noMode, set: { Mode: '' }, defect: ['MISSING_FIELD', 'rejected', 'route (Mode) empty'] });
  const early = freshRecord(rnd, src, ids, { commodity: 'cites' });
  early.date = { y: 2024, m: 2, d: 28 };
  plant(rnd, rows, { rec: early, defect: ['OUTSIDE_PHASES', 'out_of_scope', 'dated 28/2/2024, before phase 1'] });

  const unitTh = { kg: 'kg', g: 'g', l: 'l', pieces: 'pcs', specimens: 'pcs', sticks: 'sticks', pack: 'pack', carton: 'carton' };
  const commodityTh = { drugs: 'drugs', precursors: 'precursors', cites: 'wildlife', tobacco: 'tobacco' };
  const cells = rows.map(({ rec, set = {} }) => {
    const r = {
      'Case No.': rec.case_id,
      Ref: rec.id,
      'Seizure Date': `${rec.date.d}/${rec.date.m}/${rec.date.y}`,
      Commodity: commodityTh[rec.commodity],
      Description: rec.subtype,
      Qty: num(rec.quantity),
      UoM: unitTh[rec.unit],
      Mode: rec.route === 'express' ? 'courier' : rec.route,
      Origin: rec.origin_country === 'ZZ' ? '' : COUNTRIES[rec.origin_country][0],
      Destination: COUNTRIES[rec.destination_country][0],
      'Customs House': rec.location,
      Concealment: rec.concealment,
      ...set,
    };
    return header.map((h) => r[h]);
  });
  const written = writeDelimited(header, cells, { delimiter: '\t', eol: '\r\n' });
  record('data/th-customs.txt', { ...written, delimiter: '\t', bom: true, utf16: true }, rows);
}

/** India DRI: canonical CSV with direction, detection method, concealment and an extra zone column. */
function indiaFile(seed) {
  const rnd = createRandom(seed);
  const header = ['id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'detection_method', 'concealment', 'zone'];
  const zones = { air: ['DRI Mumbai Zonal Unit', 'DRI Delhi Zonal Unit', 'DRI Chennai Zonal Unit'], sea: ['DRI Mumbai Zonal Unit', 'DRI Chennai Zonal Unit', 'DRI Ahmedabad Zonal Unit'], express: ['DRI Delhi Zonal Unit', 'DRI Mumbai Zonal Unit'], post: ['DRI Kolkata Zonal Unit', 'DRI Mumbai Zonal Unit'], land: ['DRI Guwahati Regional Unit', 'DRI Kolkata Zonal Unit'] };
  const ids = createIds((_, n) => `DRI/24/${pad(n, 4)}`, (_, n) => `C${n}`);
  const src = {
    reporters: { IN: 1 },
    routes: { air: 40, sea: 25, express: 15, post: 10, land: 10 },
    commodities: { drugs: 60, precursors: 25, cites: 15 },
    multiRate: 0,
    location: (r, _rc, route) => r.pick(zones[route]),
  };
  const rows = generateRows(rnd, src, ids, 300);
  const original = rows[rnd.int(50, 250)];
  rows.splice(rows.indexOf(original) + 1, 0, { rec: original.rec, defect: ['DUPLICATE', 'duplicates', 'row pasted twice'] });
  const unknownRoute = freshRecord(rnd, src, ids, { commodity: 'precursors' });
  plant(rnd, rows, { rec: unknownRoute, set: { route: 'unknown' }, defect: ['UNKNOWN_ROUTE', 'rejected', 'route "unknown" outside a totals source'] });
  const cells = rows.map(({ rec, set = {} }) => {
    const r = { ...rec, date: isoDate(rec.date), quantity: num(rec.quantity), zone: rec.location, ...set };
    return header.map((h) => String(r[h]));
  });
  const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
  record('data/in-dri.csv', { ...written, delimiter: ',' }, rows);
}

/** Australian Border Force: canonical headers, English country names, quoted commas and one multi-line note. */
function australiaFile(seed) {
  const rnd = createRandom(seed);
  const header = ['id', 'case_id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'location', 'concealment', 'notes'];
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
  const cells = rows.map(({ rec, set = {}, notes: note = '' }) => {
    const r = { ...rec, date: isoDate(rec.date), reporting_country: 'Australia', quantity: num(rec.quantity), origin_country: en(rec.origin_country), destination_country: en(rec.destination_country), notes: note, ...set };
    return header.map((h) => String(r[h]));
  });
  const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
  record('data/au-abf.csv', { ...written, delimiter: ',' }, rows);
}

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
  };
  const rows = generateRows(rnd, src, ids, 700);
  const zero = freshRecord(rnd, src, ids, { commodity: 'drugs' });
  plant(rnd, rows, { rec: zero, set: { quantity: '0' }, defect: ['INVALID_QUANTITY', 'rejected', 'zero quantity in a seizure-level source'] });
  const noRc = freshRecord(rnd, src, ids, { reporting_country: 'PH' });
  plant(rnd, rows, { rec: noRc, set: { reporting_country: '' }, defect: ['MISSING_FIELD', 'rejected', 'reporting_country empty'] });
  const unitCen = { kg: 'kg', g: 'g', l: 'l', pieces: 'pcs', specimens: 'specimens', sticks: 'sticks', pack: 'pack', carton: 'carton' };
  const cells = rows.map(({ rec, set = {} }) => {
    const r = { ...rec, date: isoDate(rec.date), quantity: num(rec.quantity), unit: unitCen[rec.unit], ...set };
    return header.map((h) => String(r[h]));
  });
  const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
  record('data/asean-cen.csv', { ...written, delimiter: ',' }, rows);
}

/** Royal Malaysian Customs: a cigarette-only export counted in packs and cartons, no reporting country column. */
function malaysiaFile(seed) {
  const rnd = createRandom(seed);
  const header = ['id', 'case_id', 'date', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction', 'location'];
  const places = { land: ['Bukit Kayu Hitam', 'Rantau Panjang', 'Padang Besar', 'Johor Bahru BSI'], sea: ['Port Klang', 'Pasir Gudang', 'Tanjung Pelepas', 'Kuantan Port'], air: ['KLIA Cargo', 'KLIA Terminal 1'], express: ['KLIA Express Hub'], post: ['Pos Malaysia Hub, Shah Alam'] };
  const ids = createIds((_, n) => `JKDM-24-${pad(n, 5)}`, (_, n) => `JKDM-K-${pad(n, 4)}`);
  const src = {
    reporters: { MY: 1 },
    routes: { land: 35, sea: 50, air: 10, express: 5 },
    commodities: { tobacco: 1 },
    multiRate: 0.2,
    quantity: { tobacco: ['pack', 'carton'] },
    location: (r, _rc, route) => r.pick(places[route]),
  };
  const rows = generateRows(rnd, src, ids, 220);
  const kretek = new Set();
  for (const row of rows) if (row.rec.origin_country === 'ID' && rnd.chance(0.7)) kretek.add(row);
  const cartoon = freshRecord(rnd, src, ids, { unit: 'carton' });
  plant(rnd, rows, { rec: cartoon, set: { unit: 'cartoon' }, defect: ['UNKNOWN_UNIT', 'rejected', 'unit "cartoon" (typo)'] });
  const cells = rows.map((row) => {
    const { rec, set = {} } = row;
    const r = { ...rec, subtype: kretek.has(row) ? 'kretek cigarettes' : rec.subtype, date: `${pad(rec.date.d)}-${pad(rec.date.m)}-${rec.date.y}`, quantity: num(rec.quantity), ...set };
    return header.map((h) => String(r[h]));
  });
  const written = writeDelimited(header, cells, { delimiter: ',', eol: '\n' });
  record('data/my-tobacco.csv', { ...written, delimiter: ',' }, rows);
}

/** RILO A/P consolidation in YAML: North-East and South Asia, Oceania, plus re-sent national records. */
function riloFile(seed, koreaRows) {
  const rnd = createRandom(seed);
  const agency = { CN: 'GACC', HK: 'CED', MO: 'SA', JP: 'JC', NZ: 'NZCS', BD: 'NBR', LK: 'SLC' };
  const ids = createIds((rc, n) => `${agency[rc]}-24-${pad(n, 5)}`, (rc, n) => `${rc}-CASE-${pad(n, 4)}`);
  const src = {
    reporters: { CN: 30, HK: 20, MO: 5, JP: 15, NZ: 8, BD: 8, LK: 6 },
    routes: (rc) => (rc === 'MO' ? { land: 40, air: 30, sea: 10, express: 20 } : rc === 'NZ' || rc === 'JP' || rc === 'LK' ? { air: 35, post: 30, sea: 25, express: 10 } : { land: 20, sea: 30, air: 20, express: 20, post: 10 }),
    commodities: { drugs: 45, precursors: 10, cites: 35, tobacco: 10 },
    multiRate: 0.12,
    quantity: { tobacco: ['sticks', 'carton'] },
  };
  const rows = generateRows(rnd, src, ids, 420);
  for (const row of rows) row.remarks = rnd.chance(0.05) ? rnd.pick(['shared with RILO W/E', 'CEN message sent', 'subject to further analysis']) : '';

  // the United States, not a participant, contributed one seizure bound for the region
  const us = { ...freshRecord(rnd, { ...src, reporters: { HK: 1 }, routes: { express: 1 } }, ids, { commodity: 'drugs', subtype: 'methamphetamine' }) };
  Object.assign(us, { id: 'US-CBP-24-0117', case_id: 'US-CBP-24-0117', reporting_country: 'US', origin_country: 'US', destination_country: 'KR', direction: 'export' });
  plant(rnd, rows, { rec: us, remarks: 'contributed by US CBP (observer)', defect: ['NOT_PARTICIPANT', 'accepted', 'reporting country US is not a participant'] });
  // a Korean record re-sent through RILO: same seizure as in data/kr-icn.csv
  const kr = koreaRows.find((r, i) => i > 200 && !r.defect && r.rec.case_id && r.rec.commodity === 'drugs');
  plant(rnd, rows, { rec: kr.rec, full: true, defect: ['DUPLICATE', 'duplicates', `re-sent copy of ${kr.rec.id} from data/kr-icn.csv`] });
  const noUnit = freshRecord(rnd, src, ids, { commodity: 'cites' });
  plant(rnd, rows, { rec: noUnit, drop: ['unit'], defect: ['MISSING_FIELD', 'rejected', 'no unit key'] });
  const dir = freshRecord(rnd, src, ids, { direction: 'import' });
  plant(rnd, rows, { rec: dir, set: { direction: 'imprt' }, defect: ['UNKNOWN_DIRECTION', 'rejected', 'direction "imprt" (typo)'] });

  const items = rows.map(({ rec, set = {}, drop = [], full, remarks }) => {
    const r = { ...rec, date: isoDate(rec.date), ...set };
    const keys = full
      ? KOREA_HEADER.filter((k) => r[k] !== '')
      : ['id', 'case_id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction'];
    const pairs = keys.filter((k) => !drop.includes(k)).map((k) => [k, k === 'quantity' ? Number(r[k]) : String(r[k])]);
    if (remarks) pairs.push(['remarks', remarks]);
    return pairs;
  });
  const preamble = [
    '# Operation Mekong Shield — RILO Asia/Pacific consolidated seizure export',
    '# Records received from participating administrations through CEN and CENcomm.',
    '# Quantities are as reported; units are those of the reporting administration.',
  ];
  const written = writeYaml(preamble, items);
  record('data/rilo-ap.yaml', { ...written, yaml: true }, rows);
}

// ---------------------------------------------------------------------------
// Campaign file, manifest, README

const SOURCE_ORDER = ['data/kr-icn.csv', 'data/kr-pus.csv', 'data/vn-hq.csv', 'data/th-customs.txt', 'data/in-dri.csv', 'data/au-abf.csv', 'data/asean-cen.csv', 'data/my-tobacco.csv', 'data/rilo-ap.yaml'];

function campaignYaml() {
  return `# Operation Mekong Shield — the bundled example campaign.
# Written by scripts/generate-example.mjs: edit the generator, not this file.
# Fictitious data shaped like a WCO RILO A/P-coordinated regional operation.
campaign:
  id: op-mekong-shield
  name: Operation Mekong Shield 2024
  coordinator: "WCO RILO Asia/Pacific"
  classification: "RESTRICTED — LAW ENFORCEMENT USE ONLY"
  # ASEAN, North-East Asia, South Asia and Oceania (ISO 3166-1 alpha-2)
  participants: [${PARTICIPANTS.join(', ')}]
  commodities: [drugs, precursors, cites, tobacco]

phases:
${PHASES.map((p) => `  - { id: ${p.id}, name: "${p.name}", start: ${p.start}, end: ${p.end} }`).join('\n')}

# Cigarette packagings in sticks (these are the defaults, written out for clarity).
units: { pack: 20, carton: 200 }

# Campaign-wide aliases: Thai Customs writes "wildlife" and "courier".
aliases:
  commodity: { wildlife: cites }
  route: { courier: express }

sources:
  # Korea Customs Service, Incheon (air, express, post) and Busan (sea, post, express): canonical CSV.
  - path: data/kr-*.csv

  # Viet Nam Customs HQ: Excel "CSV UTF-8" (BOM, CRLF, semicolons), Vietnamese headers and values.
  - path: data/vn-hq.csv
    delimiter: ";"
    date_format: dd/MM/yyyy
    decimal: ","
    defaults: { reporting_country: VN }
    columns:
      id: "Số vụ"
      date: "Ngày phát hiện"
      unit: "Đơn vị tính"
    values:
      route: { "đường sắt": land }
      phase: { "Giai đoạn 1": p1, "Giai đoạn 2": p2, "Giai đoạn 3": p3 }
      subtype:
${SUBTYPE_VI_MAP.map(([vi, en]) => `        "${vi}": ${en}`).join('\n')}

  # Thai Customs: Excel "Unicode text" (UTF-16 LE with BOM, tabs, CRLF); encoding and delimiter auto-detected.
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

  # India DRI: canonical CSV; the "zone" column is an extra.
  - path: data/in-dri.csv

  # Australian Border Force: canonical CSV, English country names, quoted commas, a multi-line note.
  - path: data/au-abf.csv

  # CEN consolidation for eight ASEAN administrations: canonical CSV.
  - path: data/asean-cen.csv

  # Royal Malaysian Customs: cigarettes only, in packs and cartons, no reporting country column.
  - path: data/my-tobacco.csv
    date_format: dd-MM-yyyy
    defaults: { reporting_country: MY }

  # RILO A/P consolidation (YAML): CN, HK, MO, JP, NZ, BD, LK, one observer record, one re-sent Korean record.
  - path: data/rilo-ap.yaml
`;
}

const SUBTYPE_VI_MAP = [
  ['ma túy đá', 'methamphetamine'],
  ['cần sa', 'cannabis'],
  ['anhydrit axetic', 'acetic anhydride'],
  ['vảy tê tê', 'pangolin scales'],
  ['ngà voi', 'ivory'],
  ['sừng tê giác', 'rhino horn'],
  ['rùa sống', 'live turtles'],
  ['thuốc lá điếu', 'cigarettes'],
];

function manifest() {
  const order = (f) => SOURCE_ORDER.indexOf(f);
  const list = [...defects].sort((a, b) => order(a.file) - order(b.file) || a.line - b.line);
  const count = (bucket, file) => list.filter((d) => d.bucket === bucket && (!file || d.file === file)).length;
  const sources = SOURCE_ORDER.map((file) => {
    const f = files.find((x) => x.file === file);
    const s = { file, read: f.rows, rejected: count('rejected', file), duplicates: count('duplicates', file), out_of_scope: count('out_of_scope', file) };
    return { file, read: s.read, accepted: s.read - s.rejected - s.duplicates - s.out_of_scope, rejected: s.rejected, duplicates: s.duplicates, out_of_scope: s.out_of_scope };
  });
  const sum = (k) => sources.reduce((t, s) => t + s[k], 0);
  return {
    description: 'Planted defects of fixtures/example, written by scripts/generate-example.mjs. line = physical line of the record\'s first line (header = 1). Every other record is clean and accepted with no diagnostic.',
    totals: { read: sum('read'), accepted: sum('accepted'), rejected: sum('rejected'), duplicates: sum('duplicates'), out_of_scope: sum('out_of_scope') },
    sources,
    defects: list.map(({ file, line, code, bucket, note }) => ({ file, line, code, bucket, note })),
  };
}

function readme(m) {
  const byFile = Object.fromEntries(m.sources.map((s) => [s.file, s]));
  const row = (f, what) => `| \`${f}\` | ${byFile[f].read} | ${what} |`;
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
  JP, KR, IN, BD, LK, AU, NZ.
- **Commodities in scope:** drugs, precursors, cites, tobacco.
- **Phases:** p1 2024-03-01..2024-04-30, p2 2024-05-01..2024-06-30, p3 2024-07-01..2024-08-31 (inline in
  \`campaign.yaml\`).
- **Seizures:** ${m.totals.read} records over all five routes (express, air, sea, post, land). Subtypes:
  methamphetamine, heroin, cocaine, ketamine, cannabis; ephedrine, pseudoephedrine, safrole, acetic
  anhydride; pangolin scales, ivory, rhino horn, live turtles; cigarettes (and kretek cigarettes).
  Quantities follow the route (grams in a parcel, hundreds of kilograms in a container) and the
  commodity's usual units: kg/g for drugs, kg or l for precursors, kg/pieces/specimens for wildlife,
  sticks/packs/cartons for cigarettes. Origins and destinations follow known flows (Golden Triangle
  methamphetamine, South American cocaine, West and Central African pangolin scales and ivory,
  southern African rhino horn, ...). Some cases have several item lines sharing a \`case_id\`.

## Files

| File | Records | Shape and quirks |
| --- | ---: | --- |
${row('data/kr-icn.csv', 'Korea Customs Service, Incheon. Canonical CSV (UTF-8, LF, comma), with `case_id`, `direction`, `location`, `detection_method`. Matched with `kr-pus.csv` by the glob `data/kr-*.csv`.')}
${row('data/kr-pus.csv', 'Korea Customs Service, Busan port. Same shape as `kr-icn.csv`.')}
${row('data/vn-hq.csv', 'Viet Nam Customs HQ, Excel "CSV UTF-8": BOM, CRLF, `;` delimiter, `dd/MM/yyyy`, decimal comma with `.` thousands (`1.234,5`). Vietnamese headers; `Số vụ`, `Ngày phát hiện` and `Đơn vị tính` are mapped by `columns`, the rest are built-in aliases. Vietnamese values: commodities (`ma túy`, `tiền chất`, `động vật hoang dã`, `thuốc lá`), routes (`chuyển phát nhanh`, `hàng không`, `đường biển`, `bưu chính`, `đường bộ`, and `đường sắt` mapped by `values`), directions (`nhập khẩu`, ...), units (`gam`, `lít`, `cái`, `cá thể`, `điếu`, `bao`, `cây`), countries (`Lào`, `Trung Quốc`, `Hoa Kỳ`, `Campuchia`, `không rõ`, ...), phases (`Giai đoạn 1`.. mapped by `values`), subtypes mapped to English by `values`. No reporting country column (`defaults`). `STT` (row number), `Đơn vị phát hiện` and `Ghi chú` are extras. Concealments containing a `;` are quoted.')}
${row('data/th-customs.txt', 'Thai Customs, Excel "Unicode text": UTF-16 LE with BOM, TAB, CRLF. Own English headers mapped by `columns`; dates `d/M/yyyy` without zero padding; countries as alpha-3; Thai-script customs houses; `wildlife` and `courier` resolved by the campaign-wide `aliases`; cigarettes in sticks and cartons; reporting country from `defaults`.')}
${row('data/in-dri.csv', 'India DRI. Canonical CSV with `direction`, `detection_method`, `concealment` (quoted when it holds a comma) and an extra `zone` column; no `case_id`.')}
${row('data/au-abf.csv', 'Australian Border Force. Canonical headers; countries as English names (`Viet Nam`, `Laos`, `United States`, `"Korea, Republic of"` quoted), `unknown` origins; reporting country `Australia`; cigarettes in sticks; quoted fields with commas and `""` quotes; one `notes` cell holds a line break.')}
${row('data/asean-cen.csv', 'CEN consolidation for ID, PH, SG, MY, KH, LA, MM, BN. Canonical CSV, alpha-2; cigarettes in packs and cartons; `pcs` and `specimens`.')}
${row('data/my-tobacco.csv', 'Royal Malaysian Customs, cigarettes only (`cigarettes`, `kretek cigarettes`) counted in `pack` and `carton`; dates `dd-MM-yyyy`; no reporting country column (`defaults`).')}
${row('data/rilo-ap.yaml', 'RILO A/P consolidation, YAML `seizures:` list: CN, HK, MO, JP, NZ, BD, LK; numbers as YAML numbers; an extra `remarks` key on some records; one observer record from the US; one Korean record re-sent.')}

\`expected-defects.json\` lists every planted defect and the bucket totals; tests use it as an
independent oracle. Lines are physical lines of the record's first line, header = line 1 (for YAML,
the line of the item's \`-\`).

## Planted defects

Every record not listed here is clean: accepted with no diagnostic.

| File | Line | Code | Bucket | What |
| --- | ---: | --- | --- | --- |
${m.defects.map((d) => `| \`${d.file}\` | ${d.line} | ${d.code} | ${d.bucket} | ${d.note} |`).join('\n')}

Expected buckets: read ${m.totals.read} = accepted ${m.totals.accepted} + rejected ${m.totals.rejected} + duplicates ${m.totals.duplicates} + out_of_scope ${m.totals.out_of_scope}.

Not planted here (they belong in the bad-input fixtures): MALFORMED_CSV and MISSING_COLUMN (they
would spoil a whole file), COMMODITY_OUT_OF_SCOPE (all four commodities are in scope),
UNUSUAL_UNIT, ENCODING_GUESSED, DUPLICATE_COLUMN, EMPTY_FILE.
`;
}

// ---------------------------------------------------------------------------
// Checks and output

function selfCheck(outputs) {
  for (const f of files) {
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
  const m = JSON.parse(outputs['expected-defects.json']);
  const { read, accepted, rejected, duplicates, out_of_scope: oos } = m.totals;
  if (read !== accepted + rejected + duplicates + oos) throw new Error('totals do not add up');
}

function encode(f) {
  if (f.utf16) return Buffer.from(`\uFEFF${f.text}`, 'utf16le');
  return Buffer.from(f.bom ? `\uFEFF${f.text}` : f.text, 'utf8');
}

function main() {
  const check = process.argv.includes('--check');
  const korea = koreaFiles(SEED + 10);
  vietnamFile(SEED + 20);
  thailandFile(SEED + 30);
  indiaFile(SEED + 40);
  australiaFile(SEED + 50);
  aseanFile(SEED + 60);
  malaysiaFile(SEED + 70);
  riloFile(SEED + 80, korea.icn);

  const m = manifest();
  const outputs = {
    'campaign.yaml': campaignYaml(),
    'expected-defects.json': `${JSON.stringify(m, null, 2)}\n`,
    'README.md': readme(m),
  };
  for (const f of files) outputs[f.file] = encode(f);
  selfCheck(outputs);

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

main();
