/**
 * Partials: splitting a data set by reporting country, making a partial of each
 * and building from the partials gives the same aggregates and the same report
 * as building from the whole — checked as a property over seeded random data.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../helpers/random.js';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/campaign-report.js');
const COUNTRIES = ['VN', 'KR', 'TH', 'LA'];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


/** A campaign folder with one raw export per country, with multi-item cases, duplicates, bad rows and out-of-scope rows. */
function makeDataSet(seed: number): string {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const dir = mkdtempSync(path.join(tmpdir(), `partials-${seed}-`));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'data'));
  mkdirSync(path.join(dir, 'parts'));
  const header = 'id,case_id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country,direction,concealment';
  const kinds = [
    ['drugs', ['heroin', 'methamphetamine', 'cocaine'], ['kg', 'g', 'tablets']],
    ['precursors', ['ephedrine', 'safrole'], ['kg', 'l']],
    ['cites', ['ivory', 'pangolin scales'], ['kg', 'pieces']],
    ['tobacco', ['cigarettes'], ['sticks', 'pack', 'carton']],
  ] as const;
  for (const cc of COUNTRIES) {
    const lines = [header];
    let n = 0;
    for (let c = 0; c < 40 + Math.floor(rnd() * 40); c++) {
      const items = 1 + Math.floor(rnd() * 3); // a case of 1-3 item lines, often in different groups
      const day = 1 + Math.floor(rnd() * 120);
      for (let i = 0; i < items; i++) {
        const [commodity, subtypes, units] = pick(kinds);
        const d = new Date(Date.UTC(2024, 2, day + Math.floor(rnd() * 10)));
        const row = [
          `${cc}-${++n}`, `${cc}-C${c}`, d.toISOString().slice(0, 10), cc, commodity, pick(subtypes),
          (Math.round(rnd() * 100000) / 1000 + 0.001).toString(), pick(units), pick(['air', 'sea', 'post', 'express', 'land']),
          pick(['CN', 'MM', 'ZZ', 'NG', '']), pick(['AU', 'JP', 'VN', '']), pick(['import', 'export', 'transit', '']), pick(['luggage', 'parcel', '', 'a|b `x`']),
        ];
        lines.push(row.map((v) => (/[,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','));
        if (rnd() < 0.05) lines.push(lines[lines.length - 1]!); // an exact duplicate
      }
    }
    lines.push(`${cc}-bad,,2024-02-31,${cc},drugs,heroin,1,kg,air,,,,`); // rejected: impossible date
    lines.push(`${cc}-out,,2024-12-01,${cc},drugs,heroin,1,kg,air,,,,`); // out of scope: after the phases
    writeFileSync(path.join(dir, 'data', `${cc.toLowerCase()}.csv`), lines.join('\n') + '\n');
  }
  const campaign = (sources: string) => `campaign:
  id: prop
  name: Partials property
  participants: [${COUNTRIES.join(', ')}, KH]
phases:
  - { id: p1, name: Spring, start: 2024-03-01, end: 2024-04-30 }
  - { id: p2, name: Summer, start: 2024-05-01, end: 2024-07-31 }
sources:
${sources}`;
  writeFileSync(path.join(dir, 'whole.yaml'), campaign('  - path: data/*.csv\n'));
  for (const cc of COUNTRIES) writeFileSync(path.join(dir, `only-${cc}.yaml`), campaign(`  - path: data/${cc.toLowerCase()}.csv\n`));
  writeFileSync(path.join(dir, 'merged.yaml'), campaign('  - path: parts/*.partial.json\n'));
  return dir;
}

const BY = ['commodity,route,country', 'phase,commodity,subtype', 'phase,week', 'origin,destination', 'phase', 'month,direction'];

describe.each([11, 23, 37])('partials merge exactly (seed %i)', (seed) => {
  const dir = makeDataSet(seed);
  for (const cc of COUNTRIES) {
    const r = run(['aggregate', '--campaign', `only-${cc}.yaml`, '--format', 'partial', '--out', `parts/${cc.toLowerCase()}.partial.json`], dir);
    if (r.code !== 0) throw new Error(`partial ${cc} failed: ${r.stderr}`);
  }

  it.each(BY)('aggregate --by %s: the same table from the partials as from the records', (by) => {
    const whole = run(['aggregate', '--campaign', 'whole.yaml', '--by', by, '--format', 'json'], dir);
    const merged = run(['aggregate', '--campaign', 'merged.yaml', '--by', by, '--format', 'json'], dir);
    expect(whole.code).toBe(0);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
    // the same buckets line
    const buckets = (s: string) => s.split('\n').find((l) => l.startsWith('read '));
    expect(buckets(merged.stderr)).toBe(buckets(whole.stderr));
  });

  it('build: the same Markdown and HTML reports for every phase', () => {
    const a = run(['build', '--campaign', 'whole.yaml', '--all-phases', '--format', 'md,html', '--out', 'out-whole', '-q'], dir);
    const b = run(['build', '--campaign', 'merged.yaml', '--all-phases', '--format', 'md,html', '--out', 'out-merged', '-q'], dir);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const files = readdirSync(path.join(dir, 'out-whole')).filter((f) => /\.(md|html)$/.test(f)).sort();
    expect(files).toEqual(['prop-p1.html', 'prop-p1.md', 'prop-p2.html', 'prop-p2.md']);
    for (const f of files) expect(readFileSync(path.join(dir, 'out-merged', f), 'utf8')).toBe(readFileSync(path.join(dir, 'out-whole', f), 'utf8'));
  });

  it('a partial reveals no id or case id', () => {
    const text = readFileSync(path.join(dir, 'parts', 'vn.partial.json'), 'utf8');
    expect(text).not.toMatch(/VN-\d|VN-C\d|VN-bad|VN-out/);
    const doc = JSON.parse(text);
    expect(doc.kind).toBe('campaign-report/partial');
    expect(doc.reportingCountries).toEqual(['VN']);
    expect(doc.buckets.read).toBe(doc.buckets.accepted + doc.buckets.rejected + doc.buckets.duplicates + doc.buckets.out_of_scope);
  });
});

describe('partials that overlap', () => {
  it('two partials of the same reporting country and phase are an error, not a double count', () => {
    const dir = makeDataSet(5);
    const r1 = run(['aggregate', '--campaign', 'only-VN.yaml', '--format', 'partial', '--out', 'parts/vn.partial.json'], dir);
    expect(r1.code).toBe(0);
    writeFileSync(path.join(dir, 'parts', 'vn-again.partial.json'), readFileSync(path.join(dir, 'parts', 'vn.partial.json')));
    const r = run(['aggregate', '--campaign', 'merged.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/parts\/vn(-again)?\.partial\.json and parts\/vn(-again)?\.partial\.json both cover VN in phase p[12]/);
    expect(r.stdout).toBe('');
  });

  it('a file that is not a partial is refused with exit 3', () => {
    const dir = makeDataSet(6);
    writeFileSync(path.join(dir, 'parts', 'x.partial.json'), '{"kind":"something else"}');
    const r = run(['aggregate', '--campaign', 'merged.yaml'], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('parts/x.partial.json is not a valid partial');
  });
});
