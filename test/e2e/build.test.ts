/**
 * End-to-end: `campaign-report build` run as a subprocess of the built CLI
 * (`npm test` builds first) over the bundled example campaign.
 *
 * The slow part, PDF rendering, runs only twice: one `--all-phases --format
 * md,html,pdf` build per locale (en, vi), in beforeAll; every figure, PDF and
 * file-set test then reads those files. Every other subprocess of the file
 * (template, eject, no-browser, usage, determinism runs) starts at the same
 * time and its tests await it, so the file takes about as long as the CPU
 * work it needs (~25 s on 2 cores). The figures are checked
 * against `campaign-report aggregate` run on the same campaign:
 *   - seizures and quantities per commodity per unit must be equal (quantities
 *     formatted by locale: en 1,234.5 / vi 1.234,5);
 *   - cases: the headline counts a case once per commodity across units, which
 *     no `aggregate` grouping gives (aggregate always splits by unit), so they
 *     are equal where a commodity has a single unit and otherwise between the
 *     largest per-unit count and the sum of them.
 * Requires pdftotext/pdfinfo (poppler-utils) and a Chromium (/usr/bin/chromium).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/campaign-report.js');
const CAMPAIGN = join(ROOT, 'fixtures/example/campaign.yaml');
const CAMPAIGN_ID = 'op-mekong-shield';
const PHASES = ['p1', 'p2', 'p3'] as const;
type PhaseId = (typeof PHASES)[number];
// The canonical units in README order; the example's 3 cartons of pangolin scales make a packages row.
const UNIT_ORDER = ['kg', 'l', 'pieces', 'sticks', 'packages', 'm', 'm2'];
const EPOCH = '1700000000';
// SOURCE_DATE_EPOCH 1700000000 = 2023-11-14T22:13:20Z, shown on the cover as a date in the report's language
const EPOCH_SHOWN = '14 November 2023';

// ---------------------------------------------------------------- running

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI. SOURCE_DATE_EPOCH and colour variables are removed unless given in `env`. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['SOURCE_DATE_EPOCH', 'FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS']) delete e[k];
  Object.assign(e, env);
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const temps: string[] = [];
function tmp(prefix = 'cr-build-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** Every file under `dir`, as forward-slash paths relative to it (directories are not listed). */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function tool(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

// ---------------------------------------------------------------- locales and numbers

interface Loc {
  locale: string;
  decimal: string;
  group: string;
  labels: Record<string, string>;
  commodities: Record<string, string>;
  units: Record<string, string>;
}
/** Read at test time: the labels are data, the number separators are what the brief requires. */
function loadLoc(name: 'en' | 'vi'): Loc {
  const loc = JSON.parse(readFileSync(join(ROOT, 'templates/locales', `${name}.json`), 'utf8')) as Loc;
  return { ...loc, decimal: name === 'en' ? '.' : ',', group: name === 'en' ? ',' : '.' };
}

/** Formats like the spec (independent of Intl): up to 3 decimals, trailing zeros dropped, thousands grouped. */
function fmt(n: number, loc: Loc, digits = 3): string {
  const fixed = Math.abs(n).toFixed(digits);
  const [int, frac = ''] = fixed.split('.');
  const f = frac.replace(/0+$/, '');
  const i = int!.replace(/\B(?=(\d{3})+(?!\d))/g, loc.group);
  return `${n < 0 ? '-' : ''}${i}${f ? loc.decimal + f : ''}`;
}

function pct(current: number, previous: number, loc: Loc): string {
  if (previous === 0) return loc.labels.na!;
  const p = ((current - previous) / previous) * 100;
  return `${p > 0 ? '+' : p < 0 ? '\u2212' : '±'}${fmt(Math.abs(p), loc, 1)} %`;
}

const reEsc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------- table parsing

interface Table {
  header: string[];
  rows: string[][];
}

/** Splits a Markdown table line on unescaped pipes; cells trimmed, backslash escapes kept. */
function splitMdRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      cur += c + line[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(cur);
      cur = '';
    } else cur += c;
  }
  cells.push(cur);
  return cells.slice(1, -1).map((s) => s.trim());
}
const unescapeMd = (s: string) => s.replace(/\\(.)/g, '$1');

function mdTables(md: string): Table[] {
  const tables: Table[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length >= 2) {
      const [head, , ...body] = block.map((l) => splitMdRow(l).map(unescapeMd));
      tables.push({ header: head!, rows: body });
    }
    block = [];
  };
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) block.push(line);
    else flush();
  }
  flush();
  return tables;
}

function decodeHtml(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
const stripTags = (s: string) => s.replace(/<[^>]*>/g, ' ');
const cellText = (s: string) => decodeHtml(stripTags(s)).replace(/\s+/g, ' ').trim();

function htmlTables(html: string): Table[] {
  return [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((t) => {
    const rows = [...t[0].matchAll(/<tr[\s\S]*?<\/tr>/g)].map((r) => [...r[0].matchAll(/<t([hd])\b[^>]*>([\s\S]*?)<\/t\1>/g)].map((c) => cellText(c[2]!)));
    const [header = [], ...body] = rows;
    return { header, rows: body };
  });
}

/** The first table whose header has all these labels. */
function findTable(tables: Table[], labels: string[]): Table {
  const t = tables.find((x) => labels.every((l) => x.header.includes(l)));
  if (!t) throw new Error(`no table with header ${JSON.stringify(labels)}; headers: ${JSON.stringify(tables.map((x) => x.header))}`);
  return t;
}

interface HeadlineRow {
  cases: string;
  seizures: string;
  quantities: string[];
}
/** Headline table → commodity label → its figures (continuation rows carry more quantities). */
function headlineRows(tables: Table[], loc: Loc): Map<string, HeadlineRow> {
  const L = loc.labels;
  const t = findTable(tables, [L.commodity!, L.cases!, L.seizures!, L.quantity!]);
  const [ci, ki, si, qi] = [L.commodity!, L.cases!, L.seizures!, L.quantity!].map((l) => t.header.indexOf(l)) as [number, number, number, number];
  const out = new Map<string, HeadlineRow>();
  let current: HeadlineRow | undefined;
  for (const r of t.rows) {
    if ((r[ci] ?? '') !== '') {
      current = { cases: r[ki]!, seizures: r[si]!, quantities: [] };
      out.set(r[ci]!, current);
    }
    if (!current) throw new Error(`headline row without a commodity: ${JSON.stringify(r)}`);
    if ((r[qi] ?? '') !== '') current.quantities.push(r[qi]!);
  }
  return out;
}

/** "Cases per phase across the campaign" table → phase name → [cases, seizures]. */
function perPhaseRows(tables: Table[], loc: Loc): Map<string, [string, string]> {
  const L = loc.labels;
  const t = findTable(tables, [L.phase!, L.cases!, L.seizures!]);
  const [pi, ci, si] = [L.phase!, L.cases!, L.seizures!].map((l) => t.header.indexOf(l)) as [number, number, number];
  return new Map(t.rows.map((r) => [r[pi]!, [r[ci]!, r[si]!]]));
}

/** The two headline figures (total cases, total seizures) as printed. */
function headlineTotals(text: string, kind: 'md' | 'html', loc: Loc): { cases: string; seizures: string } {
  const L = loc.labels;
  const get = (label: string) => {
    const re =
      kind === 'md'
        ? // "Seizures — records (reported totals): 5" when the phase has totals rows (README "Date precision")
          new RegExp(`\\*\\*${reEsc(label)}(?: — [^*:]+)?:\\s*([0-9.,]+)\\*\\*`)
        : new RegExp(`<div class="value">([0-9.,]+)</div>\\s*<div class="label">${reEsc(label)}(?!\\p{L})`, 'u');
    const m = re.exec(text);
    if (!m) throw new Error(`no headline figure "${label}" in the ${kind}`);
    return m[1]!;
  };
  return { cases: get(L.cases!), seizures: get(L.seizures!) };
}

// ---------------------------------------------------------------- aggregates

interface AggRow {
  phase?: string;
  commodity?: string;
  unit: string;
  cases: number;
  seizures: number;
  quantity: number;
}

async function aggregate(args: string[]): Promise<AggRow[]> {
  const r = await cli(['aggregate', '--campaign', CAMPAIGN, '--format', 'json', ...args]);
  if (r.code !== 0) throw new Error(`aggregate ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as AggRow[];
}

// ---------------------------------------------------------------- fixtures built once

const LOCALES = ['en', 'vi'] as const;
type LocaleName = (typeof LOCALES)[number];
const out: Record<LocaleName, string> = { en: '', vi: '' };
const runs: Partial<Record<LocaleName, Run>> = {};
const agg: { byPhase: AggRow[]; perPhase: Partial<Record<PhaseId, AggRow[]>> } = { byPhase: [], perPhase: {} };
let classification = '';
let campaignName = '';
// Each phase's name per report language (the campaign file gives one string, or one per language).
let phaseNamesByLocale: Record<string, Record<string, string>> = {};
const phaseNameIn = (l: string) => phaseNamesByLocale[l]!;

const base = (p: PhaseId, l: LocaleName) => `${CAMPAIGN_ID}-${p}${l === 'en' ? '' : `.${l}`}`;
const read = (l: LocaleName, p: PhaseId, ext: 'md' | 'html') => readFileSync(join(out[l], `${base(p, l)}.${ext}`), 'utf8');

/**
 * Every subprocess of this file starts at once here (the machine's cores are
 * the limit, not the tests' order); beforeAll waits for the main builds and
 * the aggregates, each other test awaits its own job.
 */
const jobs: {
  override?: Promise<{ run: Run; o: string }>;
  eject?: Promise<{ dir: string; first: Run; again: Run; afterAgain: string; forced: Run }>;
  ejectPartial?: Promise<{ dir: string; run: Run }>;
  ejectLocale?: Promise<{ run: Run; o: string }>;
  syntax?: Promise<{ run: Run; dir: string; o: string }>;
  partial?: Promise<{ run: Run; dir: string; o: string }>;
  noBrowser?: Promise<{ run: Run; o: string }>;
  usage?: Promise<{ args: string[]; run: Run; o: string }[]>;
  determinism?: Promise<{ a: string; b: string; ra: Run; rb: Run }>;
  zeroQuantity?: Promise<{ run: Run; o: string }>;
} = {};

/** Starts a job now; its rejection is reported by the test that awaits it, not as an unhandled one. */
function start<T>(fn: () => Promise<T>): Promise<T> {
  const p = fn();
  p.catch(() => {});
  return p;
}

const COVER_MARKER = 'CUSTOM-COVER-MARKER-7f3a';

function startSideJobs(): void {
  jobs.override = start(async () => {
    const dir = tmp('cr-tpl-');
    mkdirSync(join(dir, 'html'));
    writeFileSync(join(dir, 'html/cover.hbs'), `<header class="cover"><p>${COVER_MARKER}: {{campaign.name}} / {{phase.name}}</p></header>\n`);
    const o = tmp('cr-tpl-out-');
    return { o, run: await cli(['build', '--campaign', CAMPAIGN, '--phase', 'p1', '--format', 'md,html', '--out', o, '--template', dir]) };
  });
  jobs.eject = start(async () => {
    const dir = join(tmp('cr-eject-'), 'tpl');
    const first = await cli(['templates', 'eject', dir]);
    writeFileSync(join(dir, 'html/cover.hbs'), 'edited');
    const again = await cli(['templates', 'eject', dir]);
    const afterAgain = readFileSync(join(dir, 'html/cover.hbs'), 'utf8');
    const forced = await cli(['templates', 'eject', dir, '--force']);
    return { dir, first, again, afterAgain, forced };
  });
  jobs.ejectPartial = start(async () => {
    const dir = join(tmp('cr-eject2-'), 'tpl');
    mkdirSync(join(dir, 'md'), { recursive: true }); // md/ exists, html/ and locales/ do not
    return { dir, run: await cli(['templates', 'eject', dir]) };
  });
  jobs.ejectLocale = start(async () => {
    const dir = join(tmp('cr-eject3-'), 'tpl');
    const ej = await cli(['templates', 'eject', dir]);
    if (ej.code !== 0) throw new Error(`eject failed: ${ej.stderr}`);
    const file = join(dir, 'locales/en.json');
    const loc = JSON.parse(readFileSync(file, 'utf8')) as Loc;
    loc.labels.headline = 'EDITED HEADLINE LABEL';
    writeFileSync(file, JSON.stringify(loc, null, 2));
    const o = tmp('cr-eject3-out-');
    return { o, run: await cli(['build', '--campaign', CAMPAIGN, '--phase', 'p1', '--format', 'md', '--out', o, '--template', dir]) };
  });
  jobs.syntax = start(async () => {
    const dir = tmp('cr-tpl-bad-');
    mkdirSync(join(dir, 'html'));
    writeFileSync(join(dir, 'html/headline.hbs'), '<section id="headline">\n  <h2>{{t "headline"}}</h2>\n  {{#if}\n</section>\n');
    const o = join(tmp('cr-tpl-bad-out-'), 'out');
    return { dir, o, run: await cli(['build', '--campaign', CAMPAIGN, '--phase', 'p1', '--format', 'md,html', '--out', o, '--template', dir]) };
  });
  jobs.partial = start(async () => {
    const dir = tmp('cr-tpl-partial-');
    mkdirSync(join(dir, 'html'));
    writeFileSync(join(dir, 'html/cover.hbs'), '<header class="cover">\n{{> nosuchpartial}}\n</header>\n');
    const o = join(tmp('cr-tpl-partial-out-'), 'out');
    return { dir, o, run: await cli(['build', '--campaign', CAMPAIGN, '--phase', 'p1', '--format', 'md,html', '--out', o, '--template', dir]) };
  });
  jobs.noBrowser = start(async () => {
    const o = tmp('cr-nobrowser-');
    return { o, run: await cli(['build', '--campaign', CAMPAIGN, '--phase', 'p1', '--format', 'md,html,pdf', '--out', o], { PUPPETEER_EXECUTABLE_PATH: '/nonexistent' }) };
  });
  jobs.usage = start(() =>
    Promise.all(
      USAGE_CASES.map(async (args) => {
        const o = join(tmp('cr-usage-'), 'out');
        return { args, o, run: await cli(['build', '--campaign', CAMPAIGN, '--format', 'md', '--out', o, ...args]) };
      }),
    ),
  );
  jobs.zeroQuantity = start(async () => {
    const dir = tmp('cr-zq-');
    for (const [f, text] of Object.entries(ZERO_QTY)) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
    const o = join(dir, 'out');
    return { o, run: await cli(['build', '--campaign', join(dir, 'campaign.yaml'), '--phase', 'p1', '--format', 'md,html', '--out', o]) };
  });
  jobs.determinism = start(async () => {
    const [a, b] = [tmp('cr-det-a-'), tmp('cr-det-b-')];
    const args = (o: string) => ['build', '--campaign', CAMPAIGN, '--phase', 'p2', '--format', 'md,html', '--out', o];
    const [ra, rb] = await Promise.all([cli(args(a), { SOURCE_DATE_EPOCH: EPOCH }), cli(args(b), { SOURCE_DATE_EPOCH: EPOCH })]);
    return { a, b, ra, rb };
  });
}

/**
 * A campaign whose drugs are one monthly-totals row (count 4, quantity 0, as
 * README allows for count sources) and whose tobacco is a normal seizure.
 */
const ZERO_QTY = {
  'campaign.yaml': [
    'campaign:',
    '  id: zq',
    '  name: Zero quantity',
    '  participants: [VN]',
    'phases:',
    '  - { id: p1, name: July, start: 2024-07-01, end: 2024-07-31 }',
    'sources:',
    '  - path: data/totals.csv',
    '  - path: data/seizures.csv',
    '',
  ].join('\n'),
  'data/totals.csv': 'id,date,reporting_country,commodity,subtype,quantity,unit,route,count\nT1,2024-07-03,VN,drugs,heroin,0,kg,air,4\n',
  'data/seizures.csv': 'id,date,reporting_country,commodity,subtype,quantity,unit,route\nS1,2024-07-04,VN,tobacco,cigarettes,100,sticks,air\n',
};

const USAGE_CASES: string[][] = [['--format', 'md,docx'], ['--phase', 'p9'], ['--locale', 'fr']];

beforeAll(async () => {
  const doc = parseYaml(readFileSync(CAMPAIGN, 'utf8')) as { campaign: { classification: string; name: string }; phases: { id: string; name: string | Record<string, string> }[] };
  classification = doc.campaign.classification;
  campaignName = doc.campaign.name;
  phaseNamesByLocale = Object.fromEntries(['en', 'vi', 'ko'].map((l) => [l, Object.fromEntries(doc.phases.map((p) => [p.id, typeof p.name === 'string' ? p.name : (p.name[l] ?? p.name.en!)]))]));
  for (const l of LOCALES) out[l] = tmp(`cr-build-${l}-`);
  const builds = LOCALES.map(async (l) => {
    runs[l] = await cli(['build', '--campaign', CAMPAIGN, '--all-phases', '--format', 'md,html,pdf', '--out', out[l], '--locale', l]);
  });
  const aggs = [
    aggregate(['--by', 'phase']).then((r) => (agg.byPhase = r)),
    ...PHASES.map((p) => aggregate(['--phase', p, '--by', 'commodity']).then((r) => (agg.perPhase[p] = r))),
  ];
  startSideJobs();
  await Promise.all([...builds, ...aggs]);
});

afterAll(async () => {
  // Let every job finish before its folders go.
  await Promise.allSettled(Object.values(jobs));
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

// ---------------------------------------------------------------- 1. formats, files, figures

describe.each(LOCALES)('build --all-phases --format md,html,pdf --locale %s', (l) => {
  const loc = loadLoc(l);

  it('exits 0 and reports every file it wrote', () => {
    const r = runs[l]!;
    expect(r.code, r.stderr).toBe(0);
    for (const p of PHASES) for (const ext of ['md', 'html', 'pdf']) expect(r.stderr).toContain(`${base(p, l)}.${ext}`);
    expect(r.stderr).toMatch(/^read \d+ = accepted \d+/m);
  });

  it('writes exactly md, html, pdf and the md charts per phase — no temp files left behind', () => {
    const expected: string[] = [];
    for (const p of PHASES) {
      const b = base(p, l);
      expected.push(`${b}.md`, `${b}.html`, `${b}.pdf`);
      // The charts the Markdown links to, and nothing else, are in <base>-charts/.
      const links = [...read(l, p, 'md').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
      expect(links.length, `${b}.md links no chart`).toBeGreaterThan(0);
      for (const href of links) expect(href.startsWith(`${b}-charts/`) && href.endsWith('.svg'), href).toBe(true);
      expected.push(...links);
    }
    expect(listFiles(out[l])).toEqual([...new Set(expected)].sort());
    for (const f of listFiles(out[l])) expect(statSync(join(out[l], f)).size, f).toBeGreaterThan(0);
    for (const p of PHASES) {
      expect(readFileSync(join(out[l], `${base(p, l)}.pdf`)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const svg = readFileSync(join(out[l], `${base(p, l)}-charts`, readdirSync(join(out[l], `${base(p, l)}-charts`))[0]!), 'utf8');
      expect(svg).toMatch(/^<svg[\s>]/);
    }
  });

  it('puts no time in the outputs when SOURCE_DATE_EPOCH is unset', () => {
    for (const p of PHASES) for (const ext of ['md', 'html'] as const) expect(read(l, p, ext)).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  describe.each(PHASES)('phase %s', (p) => {
    for (const kind of ['md', 'html'] as const) {
      it(`${kind}: headline per commodity equals aggregate --phase ${p} --by commodity`, () => {
        const rows = agg.perPhase[p]!;
        // Its per-unit totals are the --by phase rows of that phase.
        expect(rows.reduce((n, r) => n + r.seizures, 0)).toBe(agg.byPhase.filter((r) => r.phase === p).reduce((n, r) => n + r.seizures, 0));
        const text = read(l, p, kind);
        const head = headlineRows(kind === 'md' ? mdTables(text) : htmlTables(text), loc);
        const commodities = [...new Set(rows.map((r) => r.commodity!))];
        expect([...head.keys()].sort()).toEqual(commodities.map((c) => loc.commodities[c] ?? c).sort());
        for (const c of commodities) {
          const units = rows.filter((r) => r.commodity === c).sort((a, b) => UNIT_ORDER.indexOf(a.unit) - UNIT_ORDER.indexOf(b.unit));
          const got = head.get(loc.commodities[c] ?? c)!;
          const where = `${kind} ${p} ${c}`;
          expect(got.seizures, where).toBe(fmt(units.reduce((s, r) => s + r.seizures, 0), loc));
          expect(got.quantities, where).toEqual(units.filter((r) => r.quantity > 0).map((r) => `${fmt(r.quantity, loc)} ${loc.units[r.unit] ?? r.unit}`));
          const perUnit = units.map((r) => r.cases);
          if (units.length === 1) expect(got.cases, where).toBe(fmt(perUnit[0]!, loc));
          else {
            const cases = Number(got.cases.split(loc.group).join(''));
            expect(cases, where).toBeGreaterThanOrEqual(Math.max(...perUnit));
            expect(cases, where).toBeLessThanOrEqual(perUnit.reduce((a, b) => a + b, 0));
          }
        }
      });

      it(`${kind}: headline totals and the per-phase table agree with aggregate --by phase`, () => {
        const text = read(l, p, kind);
        const totals = headlineTotals(text, kind, loc);
        const mine = agg.byPhase.filter((r) => r.phase === p);
        expect(totals.seizures).toBe(fmt(mine.reduce((s, r) => s + r.seizures, 0), loc));
        const cases = Number(totals.cases.split(loc.group).join(''));
        expect(cases).toBeGreaterThanOrEqual(Math.max(...mine.map((r) => r.cases)));
        expect(cases).toBeLessThanOrEqual(mine.reduce((s, r) => s + r.cases, 0));
        // The per-phase table (every report has it) gives every phase's totals:
        // seizures = aggregate, cases = the headline of that phase's own report.
        const perPhase = perPhaseRows(kind === 'md' ? mdTables(text) : htmlTables(text), loc);
        expect([...perPhase.keys()]).toEqual(PHASES.map((q) => phaseNameIn(l)[q]));
        for (const q of PHASES) {
          const [c, s] = perPhase.get(phaseNameIn(l)[q]!)!;
          expect(s, `${p} table, ${q}`).toBe(fmt(agg.byPhase.filter((r) => r.phase === q).reduce((n, r) => n + r.seizures, 0), loc));
          expect(c, `${p} table, ${q}`).toBe(headlineTotals(read(l, q, kind), kind, loc).cases);
        }
        // The change shown next to the total cases is against the previous phase.
        const i = PHASES.indexOf(p);
        if (kind === 'md' && i > 0) {
          const prev = Number(perPhase.get(phaseNameIn(l)[PHASES[i - 1]!]!)![0].split(loc.group).join(''));
          const line = text.split('\n').find((x) => x.includes(`**${loc.labels.cases}: ${totals.cases}**`))!;
          expect(line).toContain(`${loc.labels.change}: ${pct(cases, prev, loc)}`);
        }
      });
    }

    it('pdf: classification and "page N of M" on every page, key figures present', () => {
      const file = join(out[l], `${base(p, l)}.pdf`);
      const pages = Number(/^Pages:\s+(\d+)/m.exec(tool('pdfinfo', [file]))![1]);
      expect(pages).toBeGreaterThan(1);
      const text = tool('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
      const chunks = text.split('\f');
      if (chunks[chunks.length - 1]!.trim() === '') chunks.pop();
      expect(chunks).toHaveLength(pages);
      chunks.forEach((page, i) => {
        expect(page, `page ${i + 1}`).toContain(classification);
        expect(page, `page ${i + 1}`).toContain(l === 'en' ? `Page ${i + 1} of ${pages}` : `Trang ${i + 1} / ${pages}`);
      });
      expect(text).toContain(campaignName);
      const totals = headlineTotals(read(l, p, 'md'), 'md', loc);
      expect(text).toContain(totals.cases);
      expect(text).toContain(totals.seizures);
      for (const r of agg.perPhase[p]!) if (r.quantity > 0) expect(text).toContain(`${fmt(r.quantity, loc)} ${loc.units[r.unit] ?? r.unit}`);
      if (l === 'vi') {
        expect(text).toContain('Số liệu chính');
        expect(text).toContain('Phụ lục: chất lượng dữ liệu');
        expect(text).toContain(loc.commodities.drugs!);
      }
    });
  });
});

// ---------------------------------------------------------------- 2. no English left in the vi report

describe('vi report is in Vietnamese', () => {
  /** Section headings, notes and column headings; "phase"/"axisPhase" ("Phase") are left out: the example's phase names are English proper names. */
  const KEYS = [
    'report', 'headline', 'headlineNote', 'headlineNoPrevious', 'byCommodity', 'byCommodityNote', 'byCountry', 'byRoute', 'flows', 'flowsNote',
    'largest', 'trend', 'weekly', 'perPhase', 'annex', 'annexNote', 'sources', 'rejectedByReason', 'silent', 'conversions',
    'chartCommodity', 'chartRoute', 'chartCountry', 'chartWeekly', 'chartPhases', 'participants', 'coordinator', 'period',
    'cases', 'seizures', 'quantity', 'commodity', 'country', 'route', 'direction', 'concealment', 'accepted', 'rejected', 'duplicates', 'outOfScope',
  ];
  const en = loadLoc('en');
  const vi = loadLoc('vi');

  it('every checked label has a different Vietnamese text', () => {
    for (const k of KEYS) {
      expect(vi.labels[k], k).toBeTruthy();
      expect(vi.labels[k], k).not.toBe(en.labels[k]);
    }
  });

  it.each(PHASES)('%s: no English heading or label in the vi md, html and pdf', (p) => {
    const pdf = tool('pdftotext', ['-layout', '-enc', 'UTF-8', join(out.vi, `${base(p, 'vi')}.pdf`), '-']);
    const texts = { md: unescapeMd(read('vi', p, 'md')), html: decodeHtml(read('vi', p, 'html')), pdf };
    for (const [kind, text] of Object.entries(texts)) {
      for (const k of KEYS) {
        const en1 = en.labels[k]!.split('{')[0]!.trim(); // the fixed part of a label with placeholders
        expect(new RegExp(`(^|[^\\p{L}])${reEsc(en1)}($|[^\\p{L}])`, 'u').test(text), `${kind}: English "${en1}" (${k})`).toBe(false);
      }
      for (const name of Object.values(en.commodities)) expect(text.includes(name), `${kind}: English commodity "${name}"`).toBe(false);
    }
    expect(texts.html).toMatch(/<html lang="vi"/);
  });
});

// ---------------------------------------------------------------- 3. Markdown tables well formed

describe('example Markdown tables', () => {
  const pipes = (line: string) => {
    let n = 0;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '\\') i++;
      else if (line[i] === '|') n++;
    }
    return n;
  };
  it.each(LOCALES.flatMap((l) => PHASES.map((p) => [l, p] as const)))('%s %s: every row has as many unescaped pipes as its header', (l, p) => {
    let header: number | undefined;
    for (const line of read(l, p, 'md').split('\n')) {
      if (!line.startsWith('|')) {
        header = undefined;
        continue;
      }
      if (header === undefined) header = pipes(line);
      else expect(pipes(line), line).toBe(header);
      expect(line.trimEnd().endsWith('|'), line).toBe(true);
    }
  });
});

// ---------------------------------------------------------------- 4. templates

describe('templates', () => {
  const cover = /<header class="cover">[\s\S]*?<\/header>/;

  it('--template DIR with html/cover.hbs replaced: the marker shows, every other partial is the default', async () => {
    const { run: r, o } = await jobs.override!;
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(o, `${base('p1', 'en')}.html`), 'utf8');
    expect(html).toContain(`${COVER_MARKER}: ${campaignName} / ${phaseNameIn('en').p1}`);
    expect(html).not.toContain('class="kicker"'); // the default cover is gone
    const dflt = read('en', 'p1', 'html');
    expect(dflt).not.toContain(COVER_MARKER);
    // Everything but the cover is byte-identical to the default build.
    expect(html.replace(cover, '<COVER>')).toBe(dflt.replace(cover, '<COVER>'));
    // No md/ folder in the template dir: the Markdown is the default one.
    expect(readFileSync(join(o, `${base('p1', 'en')}.md`), 'utf8')).toBe(read('en', 'p1', 'md'));
  });

  it('templates eject copies html/, md/ and locales/; a second eject without --force exits 2', async () => {
    const { dir, first, again, afterAgain, forced } = await jobs.eject!;
    expect(first.code, first.stderr).toBe(0);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(again.stderr).toContain('--force');
    expect(afterAgain).toBe('edited'); // the refused eject left the user's edit alone
    expect(forced.code, forced.stderr).toBe(0); // --force restored the defaults
    for (const sub of ['html', 'md', 'locales']) {
      const want = listFiles(join(ROOT, 'templates', sub));
      expect(want.length).toBeGreaterThan(0);
      expect(listFiles(join(dir, sub)), sub).toEqual(want);
      for (const f of want) expect(readFileSync(join(dir, sub, f), 'utf8'), `${sub}/${f}`).toBe(readFileSync(join(ROOT, 'templates', sub, f), 'utf8'));
    }
  });

  it('a refused eject (exit 2) changes nothing, even when only some of the folders exist', async () => {
    const { dir, run: r } = await jobs.ejectPartial!;
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['md']);
  });

  it('an edited locale in an ejected template folder is used by build --template', async () => {
    const { run: r, o } = await jobs.ejectLocale!;
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(o, `${base('p1', 'en')}.md`), 'utf8')).toContain('## EDITED HEADLINE LABEL');
  });

  it('a template syntax error exits 4 naming the file and line, before anything is read or written', async () => {
    const { run: r, dir, o } = await jobs.syntax!;
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(join(dir, 'html/headline.hbs'));
    expect(r.stderr).toMatch(/headline\.hbs:3\b|line 3\b/);
    expect(r.stderr).not.toMatch(/^read \d+ =/m);
    expect(listFiles(o)).toEqual([]);
  });

  it('a template naming a missing partial exits 4 and names the template; no html is written', async () => {
    const { run: r, dir, o } = await jobs.partial!;
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('nosuchpartial');
    expect(r.stderr).toContain(join(dir, 'html/cover.hbs'));
    expect(listFiles(o).filter((f) => f.endsWith('.html'))).toEqual([]);
  });

  it('a missing partial is found before the data is read: no output at all, not even the Markdown', async () => {
    const { run: r, o } = await jobs.partial!;
    expect(r.code, r.stderr).toBe(4);
    expect(listFiles(o)).toEqual([]);
  });
});

// ---------------------------------------------------------------- 5. no browser

describe('no browser for PDF (PUPPETEER_EXECUTABLE_PATH=/nonexistent)', () => {
  it('exits 5, writes md and html (and the md charts) but no pdf, and leaves no temp file', async () => {
    const { run: r, o } = await jobs.noBrowser!;
    expect(r.code, r.stderr).toBe(5);
    const files = listFiles(o);
    const b = base('p1', 'en');
    expect(files).toContain(`${b}.md`);
    expect(files).toContain(`${b}.html`);
    expect(files.filter((f) => f.endsWith('.pdf'))).toEqual([]);
    expect(files.filter((f) => f !== `${b}.md` && f !== `${b}.html` && !(f.startsWith(`${b}-charts/`) && f.endsWith('.svg')))).toEqual([]);
    expect(readFileSync(join(o, `${b}.html`), 'utf8')).toBe(read('en', 'p1', 'html'));
    expect(r.stderr).toContain('/nonexistent');
  });

  it('stderr says how to get a browser', async () => {
    const { run: r } = await jobs.noBrowser!;
    expect(r.stderr).toMatch(/apt-get install chromium|puppeteer browsers install/);
  });
});

// ---------------------------------------------------------------- 6. usage errors

describe('usage errors exit 2 and write nothing', () => {
  it.each(USAGE_CASES.map((c, i) => [c.join(' '), i] as const))('%s', async (_name, i) => {
    const { run: r, o } = (await jobs.usage!)[i]!;
    expect(r.code, r.stderr).toBe(2);
    expect(listFiles(o)).toEqual([]);
  });
});

// ---------------------------------------------------------------- 7. determinism

describe('reproducible builds', () => {
  it('two md+html builds with SOURCE_DATE_EPOCH are byte-identical (charts too) and show that date', async () => {
    const { a, b, ra, rb } = await jobs.determinism!;
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const files = listFiles(a);
    expect(files).toEqual(listFiles(b));
    expect(files.filter((f) => !f.includes('/'))).toEqual([`${base('p2', 'en')}.html`, `${base('p2', 'en')}.md`]);
    for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    for (const ext of ['md', 'html']) expect(readFileSync(join(a, `${base('p2', 'en')}.${ext}`), 'utf8')).toContain(EPOCH_SHOWN);
  });
});

// ---------------------------------------------------------------- 8. a commodity with no quantity

describe('headline of a commodity whose quantity is 0 (monthly-totals rows with a count)', () => {
  it.each(['md', 'html'] as const)('%s: the commodity keeps its headline row with its cases and seizures', async (kind) => {
    const { run: r, o } = await jobs.zeroQuantity!;
    expect(r.code, r.stderr).toBe(0);
    const loc = loadLoc('en');
    const text = readFileSync(join(o, `zq-p1.${kind}`), 'utf8');
    // 5 cases of 5 seizures, but a totals row among them: two figures, the seizures said to be records (reported totals),
    // never "one seizure per case" (README "Date precision"; one figure only when no record is a reported total)
    const seizures = kind === 'md' ? `**${loc.labels.seizures} — ${loc.labels.reportedTotals}: 5**` : `<div class="value">5</div><div class="label">${loc.labels.seizures} — ${loc.labels.reportedTotals} · `;
    expect(kind === 'md' ? unescapeMd(text) : text).toContain(seizures);
    expect(text).not.toContain(loc.labels.casesAndSeizures!);
    expect(headlineTotals(text, kind, loc)).toEqual({ cases: '5', seizures: '5' });
    const head = headlineRows(kind === 'md' ? mdTables(text) : htmlTables(text), loc);
    expect(head.get(loc.commodities.tobacco!)).toEqual({ cases: '1', seizures: '1', quantities: [`100 ${loc.units.sticks}`] });
    expect(head.get(loc.commodities.drugs!), 'drugs row').toMatchObject({ cases: '4', seizures: '4' });
  });
});
