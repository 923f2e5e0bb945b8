#!/usr/bin/env node
/**
 * Deterministic generator for the benchmark input: a canonical seizure export
 * (default 1,000,000 rows, ~65 MB) plus a campaign.yaml covering it, written to
 * bench/.data/. It also writes expected.json, the exact totals every tool in the
 * benchmark must reproduce, computed with integer arithmetic while generating.
 * Two shapes (see SHAPES): `bench`, the default, and `no-case-id`.
 *
 * The data is reused when its manifest.json says it was made with the same
 * generator version, shape, row count and seed and the CSV still has that size.
 *
 * Usage: node bench/generate.mjs [--rows N] [--seed N] [--shape bench|no-case-id] [--force]
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

/** Bump when the output of the generator changes for the same seed. */
const GENERATOR_VERSION = 2; // 2: units per good (SUBTYPE_UNITS)

export const DEFAULT_ROWS = 1_000_000;
export const DEFAULT_SEED = 20240701;
export const DEFAULT_SHAPE = 'bench';
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '.data');

/** Other sizes and shapes live beside the default data set, not over it. */
export function dataDirFor(rows, shape = DEFAULT_SHAPE) {
  if (shape !== DEFAULT_SHAPE) return join(DATA_DIR, `${shape}-rows-${rows}`);
  return rows === DEFAULT_ROWS ? DATA_DIR : join(DATA_DIR, `rows-${rows}`);
}

export const HEADER = [
  'id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit',
  'route', 'origin_country', 'destination_country', 'case_id',
];

// Reporting administrations, weighted roughly like a regional campaign:
// a few large reporters and a long tail.
const REPORTERS = [
  ['VN', 12], ['CN', 10], ['TH', 9], ['MY', 8], ['ID', 7], ['KR', 7], ['PH', 6], ['JP', 5],
  ['SG', 5], ['HK', 5], ['IN', 5], ['AU', 4], ['KH', 3], ['LA', 3], ['MM', 3], ['BD', 2],
  ['LK', 2], ['NZ', 2], ['MN', 1], ['BN', 1],
];

// Origins by commodity (ISO alpha-2), including a few outside the campaign.
const ORIGINS = {
  drugs: [['MM', 8], ['LA', 4], ['TH', 3], ['MX', 3], ['CO', 2], ['PE', 1], ['NL', 2], ['CA', 1], ['US', 2], ['AF', 1]],
  precursors: [['CN', 8], ['IN', 5], ['VN', 2], ['DE', 1], ['KR', 1]],
  cites: [['NG', 4], ['CD', 2], ['MZ', 2], ['ZA', 2], ['ID', 2], ['MY', 1], ['KE', 2], ['CM', 1]],
  tobacco: [['AE', 4], ['KH', 3], ['VN', 3], ['ID', 2], ['CN', 2], ['PH', 1]],
};

/**
 * Export shapes. `bench`: 20 reporters, a case_id column (3 % of cases have 2 or
 * 3 lines), ids numbered per reporter (VN123). `no-case-id`: 24 reporters, no
 * case_id column (each seizure is its own case; lines of one generated case only
 * share date, route and countries), ids from one sequence (S000123): the shape of
 * a real export whose peak memory differed from the bench data's at the same size.
 * The bench shape's bytes do not depend on this table (same seed, same file).
 */
export const SHAPES = {
  bench: { reporters: REPORTERS, caseColumn: true, id: (country, seqInCountry) => `${country}${seqInCountry}` },
  'no-case-id': {
    reporters: [...REPORTERS, ['PK', 2], ['NP', 1], ['TL', 1], ['PG', 1]],
    caseColumn: false,
    id: (_country, _seqInCountry, seq) => `S${String(seq).padStart(6, '0')}`,
  },
};

const COMMODITIES = [['drugs', 40], ['precursors', 15], ['cites', 15], ['tobacco', 30]];

const SUBTYPES = {
  drugs: [['meth', 8], ['heroin', 3], ['cocaine', 3], ['cannabis', 4], ['ketamine', 2], ['mdma', 2]],
  precursors: [['ephedrine', 3], ['safrole', 1], ['pmk', 2], ['bmk', 1], ['acetic anhydride', 1]],
  cites: [['ivory', 3], ['pangolin', 3], ['rhino horn', 1], ['turtle', 2], ['bird', 1]],
  tobacco: [['cigarettes', 8], ['cigars', 1], ['shisha', 1]],
};

// Units as the agencies write them, with how to make a quantity and how it maps
// to the canonical unit. `scale` = decimals written; `toMicro` = canonical
// micro-units per written least-significant step.
const UNITS = {
  drugs: [['kg', 50], ['g', 35], ['pieces', 15]],
  precursors: [['kg', 60], ['l', 40]],
  cites: [['kg', 55], ['pieces', 45]],
  tobacco: [['sticks', 60], ['pack', 40]],
};

/**
 * Units as agencies write them for each good, where they differ from the
 * commodity's: ephedrine is weighed, tablets are ecstasy's, a cigar is counted
 * and shisha weighed, never in cigarette packs (the tool would rightly warn
 * UNUSUAL_UNIT, and count a pack of shisha as a package, not 20 sticks).
 */
const SUBTYPE_UNITS = {
  heroin: [['kg', 60], ['g', 40]],
  cocaine: [['kg', 60], ['g', 40]],
  cannabis: [['kg', 60], ['g', 40]],
  ketamine: [['kg', 60], ['g', 40]],
  mdma: [['pieces', 70], ['g', 30]],
  ephedrine: [['kg', 100]],
  'acetic anhydride': [['l', 70], ['kg', 30]],
  cigars: [['pieces', 100]],
  shisha: [['kg', 100]],
};

/**
 * How each written unit becomes an integer: `steps` draws an integer number of
 * least-significant steps, `scale` is the decimals written, `canonical` the unit
 * the CLI reports, `microPerStep` canonical micro-units per step (exact).
 */
const UNIT_SPECS = {
  kg: { scale: 3, canonical: 'kg', microPerStep: 1_000n, steps: (r) => logUniform(r, 1, 2_000_000) }, // 0.001 kg .. 2 t
  g: { scale: 1, canonical: 'kg', microPerStep: 100n, steps: (r) => logUniform(r, 1, 50_000) }, // 0.1 g .. 5 kg, 1 g = 1e-3 kg
  l: { scale: 2, canonical: 'l', microPerStep: 10_000n, steps: (r) => logUniform(r, 50, 200_000) }, // 0.5 l .. 2,000 l
  pieces: { scale: 0, canonical: 'pieces', microPerStep: 1_000_000n, steps: (r) => logUniform(r, 1, 20_000) },
  sticks: { scale: 0, canonical: 'sticks', microPerStep: 1_000_000n, steps: (r) => logUniform(r, 20, 2_000_000) },
  pack: { scale: 0, canonical: 'sticks', microPerStep: 20_000_000n, steps: (r) => logUniform(r, 1, 5_000) }, // a pack is 20 sticks
};

const ROUTES = [['express', 30], ['air', 25], ['sea', 15], ['post', 20], ['land', 10]];

const FIRST_DAY = Date.UTC(2024, 0, 1);
const DAYS = 182; // 2024-01-01 .. 2024-06-30
export const PHASES = [
  ['jan', 'January 2024', '2024-01-01', '2024-01-31'],
  ['feb', 'February 2024', '2024-02-01', '2024-02-29'],
  ['mar', 'March 2024', '2024-03-01', '2024-03-31'],
  ['apr', 'April 2024', '2024-04-01', '2024-04-30'],
  ['may', 'May 2024', '2024-05-01', '2024-05-31'],
  ['jun', 'June 2024', '2024-06-01', '2024-06-30'],
];

/** Share of cases that are multi-item (2 or 3 lines with one case_id). */
const MULTI_ITEM_CASE_SHARE = 0.03;

/** mulberry32: small, fast, deterministic across platforms. */
function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeWeighted(pairs) {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  const cum = [];
  let acc = 0;
  for (const [v, w] of pairs) {
    acc += w / total;
    cum.push([v, acc]);
  }
  return (r) => {
    const x = r();
    for (const [v, c] of cum) if (x < c) return v;
    return cum[cum.length - 1][0];
  };
}

/** Integer in [min, max], log-uniform: many small seizures, a few big ones. */
function logUniform(r, min, max) {
  const v = Math.floor(Math.exp(Math.log(min) + r() * (Math.log(max + 1) - Math.log(min))));
  return Math.min(max, Math.max(min, v));
}

function formatSteps(steps, scale) {
  if (scale === 0) return String(steps);
  const s = String(steps).padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

/** Exact decimal string of a micro-unit BigInt (6 decimals). */
function formatMicro(micro) {
  const s = micro.toString().padStart(7, '0');
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}

/** Raw written quantities are summed in milli-steps (all units have ≤ 3 decimals). */
const MILLI_PER_STEP = { 0: 1000n, 1: 100n, 2: 10n, 3: 1n };

function isoDate(day) {
  return new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
}

function campaignYaml(rows, shape) {
  const participants = SHAPES[shape].reporters.map(([c]) => c).join(', ');
  const phases = PHASES.map(([id, name, start, end]) => `  - { id: ${id}, name: ${name}, start: ${start}, end: ${end} }`).join('\n');
  return `# Generated by bench/generate.mjs: synthetic benchmark campaign (${rows} rows, shape ${shape}). Do not edit.
campaign:
  id: bench
  name: Benchmark (synthetic)
  participants: [${participants}]
  commodities: [drugs, precursors, cites, tobacco]
phases:
${phases}
sources:
  - path: seizures.csv
`;
}

function paths(dir) {
  return {
    csv: join(dir, 'seizures.csv'),
    campaign: join(dir, 'campaign.yaml'),
    expected: join(dir, 'expected.json'),
    manifest: join(dir, 'manifest.json'),
  };
}

/**
 * Writes the export and its expected totals. Expected totals are keyed
 * "commodity|route|country" (raw, as Miller or DuckDB see them) and
 * "commodity|route|country|canonicalUnit" (as campaign-report reports them).
 */
export function generate({ rows = DEFAULT_ROWS, seed = DEFAULT_SEED, shape = DEFAULT_SHAPE, dir = dataDirFor(rows, shape) } = {}) {
  const p = paths(dir);
  mkdirSync(dir, { recursive: true });
  const { reporters, caseColumn, id: makeId } = SHAPES[shape];
  const header = caseColumn ? HEADER : HEADER.filter((h) => h !== 'case_id');
  const r = makeRandom(seed);
  const pickReporter = makeWeighted(reporters);
  const pickCommodity = makeWeighted(COMMODITIES);
  const pickRoute = makeWeighted(ROUTES);
  const pickOrigin = Object.fromEntries(Object.entries(ORIGINS).map(([k, v]) => [k, makeWeighted(v)]));
  const pickSubtype = Object.fromEntries(Object.entries(SUBTYPES).map(([k, v]) => [k, makeWeighted(v)]));
  const pickUnit = Object.fromEntries(Object.entries(UNITS).map(([k, v]) => [k, makeWeighted(v)]));
  const pickSubtypeUnit = Object.fromEntries(Object.entries(SUBTYPE_UNITS).map(([k, v]) => [k, makeWeighted(v)]));
  const allReporters = reporters.map(([c]) => c);

  const raw = new Map(); // c|r|country -> { count, milli }
  const canon = new Map(); // c|r|country|unit -> { seizures, cases:Set, micro }
  const idSeq = new Map();
  let caseSeq = 0;
  let lineSeq = 0;
  let multiItemCases = 0;
  let multiItemLines = 0;

  const tmp = `${p.csv}.tmp`;
  const fd = openSync(tmp, 'w');
  let buf = `${header.join(',')}\n`;
  let bytes = 0;
  const flush = () => {
    bytes += Buffer.byteLength(buf);
    writeSync(fd, buf);
    buf = '';
  };

  let written = 0;
  while (written < rows) {
    // One case: shared country, date, route, origin and destination.
    const lines = r() < MULTI_ITEM_CASE_SHARE ? 2 + Math.floor(r() * 2) : 1;
    const n = Math.min(lines, rows - written);
    const country = pickReporter(r);
    const day = Math.floor(r() * DAYS);
    const date = isoDate(day);
    const route = pickRoute(r);
    const caseId = `C${++caseSeq}`;
    let commodity = pickCommodity(r);
    const origin = pickOrigin[commodity](r);
    // Most seizures are imports into the reporting country; some are transit.
    const destination = r() < 0.75 ? country : allReporters[Math.floor(r() * allReporters.length)];
    if (n > 1) {
      multiItemCases++;
      multiItemLines += n;
    }
    for (let i = 0; i < n; i++) {
      // Further items of a case: half the time another commodity (e.g. drugs + precursors).
      if (i > 0 && r() < 0.5) commodity = pickCommodity(r);
      const subtype = r() < 0.1 ? '' : pickSubtype[commodity](r);
      const unit = (pickSubtypeUnit[subtype] ?? pickUnit[commodity])(r);
      const spec = UNIT_SPECS[unit];
      const steps = spec.steps(r);
      const seq = (idSeq.get(country) ?? 0) + 1;
      idSeq.set(country, seq);
      const id = makeId(country, seq, ++lineSeq);
      const quantity = formatSteps(steps, spec.scale);
      const sub = subtype.includes(',') ? `"${subtype}"` : subtype;
      const line = `${id},${date},${country},${commodity},${sub},${quantity},${unit},${route},${origin},${destination}`;
      buf += caseColumn ? `${line},${caseId}\n` : `${line}\n`;
      // Without a case_id column, campaign-report counts each seizure as its own case.
      const caseKey = caseColumn ? caseId : id;

      const rk = `${commodity}|${route}|${country}`;
      let a = raw.get(rk);
      if (!a) raw.set(rk, (a = { count: 0, milli: 0n }));
      a.count++;
      a.milli += BigInt(steps) * MILLI_PER_STEP[spec.scale];

      const ck = `${rk}|${spec.canonical}`;
      let b = canon.get(ck);
      if (!b) canon.set(ck, (b = { seizures: 0, cases: new Set(), micro: 0n }));
      b.seizures++;
      b.cases.add(caseKey);
      b.micro += BigInt(steps) * spec.microPerStep;

      written++;
    }
    if (buf.length > 1 << 20) flush();
  }
  flush();
  closeSync(fd);
  renameSync(tmp, p.csv);

  writeFileSync(p.campaign, campaignYaml(rows, shape));

  const sortKeys = (m) => [...m.keys()].sort();
  const expected = {
    rows,
    seed,
    shape,
    cases: caseColumn ? caseSeq : rows,
    multiItemCases: caseColumn ? multiItemCases : 0,
    multiItemLines: caseColumn ? multiItemLines : 0,
    raw: Object.fromEntries(sortKeys(raw).map((k) => {
      const a = raw.get(k);
      const s = a.milli.toString().padStart(4, '0');
      return [k, { count: a.count, sum: `${s.slice(0, -3)}.${s.slice(-3)}` }];
    })),
    canonical: Object.fromEntries(sortKeys(canon).map((k) => {
      const b = canon.get(k);
      return [k, { seizures: b.seizures, cases: b.cases.size, quantity: formatMicro(b.micro) }];
    })),
  };
  writeFileSync(p.expected, `${JSON.stringify(expected, null, 1)}\n`);
  const manifest = { generatorVersion: GENERATOR_VERSION, shape, rows, seed, bytes };
  writeFileSync(p.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...manifest, ...p };
}

/** Returns the data set, generating it only when it is missing or stale. */
export function ensureData({ rows = DEFAULT_ROWS, seed = DEFAULT_SEED, shape = DEFAULT_SHAPE, dir = dataDirFor(rows, shape), force = false, log = () => {} } = {}) {
  if (!SHAPES[shape]) throw new Error(`unknown shape "${shape}" (known: ${Object.keys(SHAPES).join(', ')})`);
  const p = paths(dir);
  if (!force && existsSync(p.manifest) && existsSync(p.csv) && existsSync(p.campaign) && existsSync(p.expected)) {
    try {
      const m = JSON.parse(readFileSync(p.manifest, 'utf8'));
      // Manifests written before shapes existed are the bench shape's.
      const sameShape = (m.shape ?? DEFAULT_SHAPE) === shape;
      if (m.generatorVersion === GENERATOR_VERSION && sameShape && m.rows === rows && m.seed === seed && statSync(p.csv).size === m.bytes) {
        log(`reusing ${p.csv} (${rows} rows, shape ${shape}, seed ${seed}, ${(m.bytes / 1e6).toFixed(1)} MB)`);
        return { ...m, ...p, shape, reused: true };
      }
    } catch {
      // a damaged manifest just means: generate again
    }
  }
  log(`generating ${rows} rows (shape ${shape}, seed ${seed}) into ${dir} ...`);
  const t0 = performance.now();
  const out = generate({ rows, seed, shape, dir });
  log(`generated ${(out.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { ...out, reused: false };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { rows: { type: 'string' }, seed: { type: 'string' }, shape: { type: 'string' }, force: { type: 'boolean' } },
  });
  const out = ensureData({
    shape: values.shape ?? DEFAULT_SHAPE,
    rows: values.rows ? Number(values.rows) : DEFAULT_ROWS,
    seed: values.seed ? Number(values.seed) : DEFAULT_SEED,
    force: values.force ?? false,
    log: (m) => console.error(m),
  });
  console.log(JSON.stringify({ shape: out.shape, rows: out.rows, seed: out.seed, bytes: out.bytes, csv: out.csv, campaign: out.campaign }));
}
