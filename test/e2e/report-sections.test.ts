/**
 * End-to-end, on a copy of the example campaign with a `report:` block and a
 * phase named per language: the executive summary's figures against
 * `aggregate --format json` and the report's own tables; `--annex
 * full|summary|none`; the report block on the cover and in the PDF's metadata
 * (pdfinfo); PDF dates = the issue date without SOURCE_DATE_EPOCH, so two
 * builds are byte-identical. Requires pdfinfo (poppler-utils) and a Chromium.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startCli, type CliResult } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

const PHASES = ['p1', 'p2', 'p3'] as const;
const REPORT_BLOCK = [
  'report:',
  '  issued: 2024-09-20',
  '  version: "1.2"',
  '  contact: "RILO A/P analysis desk, rilo-ap@example.org"',
  '  agencies: [Korea Customs Service, General Department of Viet Nam Customs, Royal Thai Customs]',
  '  acknowledgements: { en: "With thanks to every participating administration.", vi: "Xin cảm ơn tất cả các cơ quan tham gia." }',
  '',
].join('\n');

/** Runs the CLI without SOURCE_DATE_EPOCH (its absence is what is tested). */
function cli(args: string[], cwd: string, extra: Record<string, string> = {}): Promise<CliResult> {
  const env = { ...process.env, ...extra };
  for (const k of ['SOURCE_DATE_EPOCH', 'FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS']) if (!(k in extra)) delete env[k];
  return startCli(cwd, args, env).done;
}

interface AggRow {
  route?: string;
  commodity?: string;
  origin?: string;
  destination?: string;
  unit: string;
  cases: number;
  seizures: number;
  quantity: number;
}

const fmt = (n: number, digits = 3) => {
  const [i, f = ''] = Math.abs(n).toFixed(digits).split('.');
  const frac = f.replace(/0+$/, '');
  return `${i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
};
const unesc = (s: string) => s.replace(/\\(.)/g, '$1');

let dir = '';
const out: Record<string, string> = {};
const runs: Record<string, CliResult> = {};
const agg: Record<string, AggRow[]> = {};

beforeAll(async () => {
  dir = tempDir({}, 'cr-sections-');
  cpSync(join(ROOT, 'fixtures/example'), dir, { recursive: true });
  const file = join(dir, 'campaign.yaml');
  // the example's own report block gives way to this test's (phase names per language are the example's)
  const yaml = readFileSync(file, 'utf8').replace(/^report:\n(?: {2}.*\n)+/m, '');
  expect(yaml).toContain('name: { en: "Phase 2 — Intensified controls", vi: "Giai đoạn 2 — Tăng cường kiểm soát"');
  writeFileSync(file, `${yaml}\n${REPORT_BLOCK}`);
  for (const k of ['full', 'summary', 'none', 'vi', 'pdfA', 'pdfB']) out[k] = tempDir({}, `cr-sections-${k}-`);
  const build = (k: string, args: string[]) => cli(['build', '--campaign', file, '--out', out[k]!, '-q', ...args], dir).then((r) => (runs[k] = r));
  const aggregate = (key: string, args: string[]) =>
    cli(['aggregate', '--campaign', file, '--format', 'json', '-q', ...args], dir).then((r) => {
      if (r.code !== 0) throw new Error(`aggregate ${args.join(' ')}: ${r.stderr}`);
      agg[key] = JSON.parse(r.stdout) as AggRow[];
    });
  await Promise.all([
    build('full', ['--all-phases', '--format', 'md,html']),
    build('summary', ['--phase', 'p2', '--format', 'md,html', '--annex', 'summary']),
    build('none', ['--phase', 'p2', '--format', 'md,html', '--annex', 'none']),
    build('vi', ['--phase', 'p2', '--format', 'md', '--locale', 'vi']),
    build('pdfA', ['--phase', 'p2', '--format', 'pdf']),
    build('pdfB', ['--phase', 'p2', '--format', 'pdf']),
    ...PHASES.flatMap((p) => [aggregate(`${p} commodity`, ['--phase', p, '--by', 'commodity']), aggregate(`${p} route`, ['--phase', p, '--by', 'route']), aggregate(`${p} flow`, ['--phase', p, '--by', 'origin,destination'])]),
  ]);
}, 300_000);
afterAll(cleanupTempDirs);

const md = (k: string, p: string, suffix = '') => readFileSync(join(out[k]!, `op-mekong-shield-${p}${suffix}.md`), 'utf8');

/** The executive summary's sentences (unescaped Markdown). */
function summaryOf(text: string, heading = 'Executive summary'): string {
  const m = new RegExp(`## ${heading}\\n\\n(.+)\\n`).exec(text);
  if (!m) throw new Error('no executive summary');
  return unesc(m[1]!);
}

/** A Markdown table (cells unescaped) after the heading line `heading`. */
function tableAfter(text: string, heading: string): string[][] {
  const at = text.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading ${heading}`);
  const lines = text.slice(at + heading.length + 2).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, -1).split(/(?<!\\)\|/).map((c) => unesc(c.trim())));
  }
  return rows.slice(2);
}

describe('builds', () => {
  it('every build exits 0', () => {
    for (const [k, r] of Object.entries(runs)) expect(r.code, `${k}: ${r.stderr}`).toBe(0);
  });
});

describe.each(PHASES)('executive summary of %s: every figure as aggregate --format json and the tables give it', (p) => {
  it('seizures, quantities per commodity and unit, the leading route and flows, the largest seizure', () => {
    const text = md('full', p);
    const s = summaryOf(text);
    const commodity = agg[`${p} commodity`]!;
    // Seizures: aggregate's, over every unit; cases: the headline's (aggregate splits them by unit).
    const seizures = commodity.reduce((n, r) => n + r.seizures, 0);
    const cases = /\*\*Cases: ([\d,]+)\*\*/.exec(text)![1]!;
    expect(s).toMatch(new RegExp(`They reported ${cases} cases .*and ${fmt(seizures)} seizures`));
    // Every quantity of every commodity in every unit, and nothing else.
    const quantities = /Quantities seized, by commodity: (.+?)\. /.exec(s)![1]!;
    const want = commodity.filter((r) => r.quantity > 0).map((r) => `${fmt(r.quantity)} ${r.unit}`);
    for (const q of want) expect(quantities, q).toContain(q);
    expect(quantities.match(/\d[\d,.]* [a-z²]+/g)!.length).toBe(want.length);
    // The leading route: the route table's row with the most cases; its seizures are aggregate's.
    const route = /The leading route was (.+?), with ([\d,]+) cases/.exec(s)!;
    const routes = tableAfter(text, '## By route');
    const top = [...routes].sort((a, b) => Number(b[1]!.replace(/,/g, '')) - Number(a[1]!.replace(/,/g, '')))[0]!;
    // the route table's label, in lower case as the sentence runs on ("was air")
    expect([route[1], route[2]]).toEqual([top[0]!.toLowerCase(), top[1]]);
    const id = { Air: 'air', Sea: 'sea', Land: 'land', Post: 'post', 'Express courier': 'express' }[top[0]!]!;
    expect(top[2]).toBe(fmt(agg[`${p} route`]!.filter((r) => r.route === id).reduce((n, r) => n + r.seizures, 0)));
    // The flows: the first three of the flows table, whose seizures are aggregate's.
    const flows = [...s.slice(s.indexOf('the main flows were ') + 20).matchAll(/([^,;]+?) → (.+?) \(([\d,]+) cases\)/g)].map((m) => [m[1]!.trim(), m[2], m[3]]);
    const table = tableAfter(text, '### Top origin → destination flows');
    expect(flows).toEqual(table.slice(0, 3).map((r) => [r[0], r[1], r[2]]));
    // The largest single seizure: the first row of the largest kg seizures of some commodity, the largest of them.
    const largest = /The largest single seizure was ([\d,.]+) kg of .+?, reported by (.+?) on (.+?) \(/.exec(s)!;
    const firsts = [...text.matchAll(/### [^\n]+ \(kg\)\n\n[^\n]+\n[^\n]+\n\| ([^|]+) \| ([^|]+) \| [^|]+ \| [^|]+ \| ([\d,.]+) kg \|/g)].map((m) => [m[3]!, unesc(m[2]!.trim()), m[1]!.trim()]);
    expect(firsts.length).toBeGreaterThan(0);
    expect([largest[1], largest[2], largest[3]]).toEqual(firsts[0]);
    expect(s.split(/(?<=\.) (?=[A-Z])/).length).toBeGreaterThanOrEqual(4);
  });
});

describe('the report block and phase names', () => {
  it('cover: issue date, version, contact, agencies, acknowledgements; the phase line without "Phase 2" twice', () => {
    const text = md('full', 'p2');
    expect(text).toContain('Operation results — Phase 2 of 3: **Intensified controls**');
    for (const line of ['| Issued | 20 September 2024 |', '| Version | 1.2 |', '| Contact | RILO A/P analysis desk, rilo-ap@example.org |', '| Participating agencies (3) | Korea Customs Service; General Department of Viet Nam Customs; Royal Thai Customs |']) {
      expect(text).toContain(line);
    }
    expect(text).toContain('With thanks to every participating administration.');
  });

  it('vi: the phase name and acknowledgements in Vietnamese', () => {
    const text = md('vi', 'p2', '.vi');
    expect(text).toContain('Giai đoạn 2/3: **Tăng cường kiểm soát**');
    expect(text).toContain('Xin cảm ơn tất cả các cơ quan tham gia.');
    expect(summaryOf(text, 'Tóm tắt')).toMatch(/^Từ 1 tháng 5 năm 2024 đến 30 tháng 6 năm 2024, /);
  });

  it('PDF: author, subject (phase, version, issue date, contact), keywords; dated by the issue date, two builds byte-identical', () => {
    const a = join(out.pdfA!, 'op-mekong-shield-p2.pdf');
    const info = execFileSync('pdfinfo', ['-isodates', a], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+RESTRICTED — LAW ENFORCEMENT USE ONLY — Operation Mekong Shield 2024 — Phase 2 — Intensified controls$/m);
    expect(info).toMatch(/^Author:\s+WCO RILO Asia\/Pacific$/m);
    expect(info).toMatch(/^Subject:\s+Operation results — Phase 2 of 3: Intensified controls \(1 May 2024 – 30 June 2024\); Version 1\.2; Issued 20 September 2024; Contact: RILO A\/P analysis desk, rilo-ap@example\.org$/m);
    expect(info).toMatch(/^Keywords:\s+Korea Customs Service; General Department of Viet Nam Customs; Royal Thai Customs$/m);
    expect(info).toMatch(/^CreationDate:\s+2024-09-20T00:00:00(Z|\+00:?00)$/m);
    expect(info).toMatch(/^ModDate:\s+2024-09-20T00:00:00(Z|\+00:?00)$/m);
    expect(readFileSync(a).equals(readFileSync(join(out.pdfB!, 'op-mekong-shield-p2.pdf')))).toBe(true);
  });
});

describe('--annex', () => {
  it("full: the phase's own figures first, then the campaign's, with the source files and their hashes", () => {
    const text = md('full', 'p2');
    const annex = text.slice(text.indexOf('## Annex: data quality'));
    expect(unesc(annex)).toMatch(/first the figures of Phase 2 — Intensified controls \(1 May 2024 – 30 June 2024\), then those of the whole campaign/);
    const phase = tableAfter(annex, '### This phase')[0]!;
    const campaign = tableAfter(annex, '### Whole campaign \\(every phase, every source\\)')[0]!;
    // the phase's accepted records are its seizures (no totals row in the example's p2), the campaign's are every phase's
    expect(phase[1]).toBe(fmt(agg['p2 commodity']!.reduce((n, r) => n + r.seizures, 0)));
    expect(campaign).toEqual(['3,891', '3,869', '17', '3', '2']);
    expect(Number(phase[0]!.replace(/,/g, ''))).toBe(phase.slice(1).reduce((n, c) => n + Number(c.replace(/,/g, '')), 0));
    expect(annex).toContain('### Source files');
    expect(annex).toMatch(/`[0-9a-f]{64}`/);
  });

  it('summary: buckets, rejected by reason, conversions and unknown goods; no file path, hash or row detail', () => {
    for (const ext of ['md', 'html']) {
      const text = readFileSync(join(out.summary!, `op-mekong-shield-p2.${ext}`), 'utf8');
      const annex = text.slice(text.search(/Annex: data quality/));
      expect(annex).toContain('Summary annex: file names, checksums and row-level details are left out.');
      expect(annex).toContain('Rejected records by reason, whole campaign');
      expect(annex).toContain('Unit conversions applied');
      expect(annex).not.toMatch(/[0-9a-f]{64}/);
      expect(annex).not.toMatch(/data\/|\.csv|\.xlsx|\.yaml|\.txt/);
      expect(annex).not.toContain('Source files');
    }
    // everything before the annex is the full report's
    const cut = (t: string) => t.slice(0, t.indexOf('## Annex'));
    expect(cut(md('summary', 'p2'))).toBe(cut(md('full', 'p2')));
  });

  it('none: no annex at all', () => {
    const text = md('none', 'p2');
    expect(text).not.toContain('Annex');
    expect(text).toContain('## Campaign to date');
    expect(readFileSync(join(out.none!, 'op-mekong-shield-p2.html'), 'utf8')).not.toContain('id="annex"');
  });

  it('a mode it does not know is a usage error (exit 2)', async () => {
    const r = await cli(['build', '--campaign', join(dir, 'campaign.yaml'), '--annex', 'partial', '--out', tempDir()], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--annex expects one of full, summary, none');
  });
});
