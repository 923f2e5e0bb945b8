/**
 * `aggregate` on two threads (src/pipeline/parallel.ts) must give exactly what
 * one pass gives: the table, the buckets, every diagnostic (order, lines, text),
 * the per-file summary and the conversions. Runs the built CLI both ways on
 * generated files whose second half repeats ids of the first (duplicates and
 * conflicts across the split), with rejected and out-of-scope rows and blank
 * lines on both sides. CAMPAIGN_REPORT_THREADS=2 uses the parallel path for
 * files of any size; CAMPAIGN_REPORT_DEBUG_PARALLEL says that it did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';
import { countNewlines } from '../../src/pipeline/parallel-worker.js';
import { canRunParallel, runAggregateParallel } from '../../src/pipeline/parallel.js';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import { loadCampaign } from '../../src/config/load.js';

afterAll(cleanupTempDirs);

const CAMPAIGN = `campaign:
  id: par
  name: Parallel
  participants: [VN, TH, KR]
  commodities: [drugs, tobacco, cites]
phases:
  - { id: jan, name: January, start: 2024-01-01, end: 2024-01-31 }
  - { id: feb, name: February, start: 2024-02-01, end: 2024-02-29 }
sources:
  - path: data.csv
`;
const HEADER = 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country,case_id';

/** A deterministic export of `n` rows plus the dirty rows given, placed at fractions of the file. */
function generate(n: number, seed: number, tail: (rows: string[]) => string[]): string {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = pick(['VN', 'TH', 'KR']);
    const commodity = pick(['drugs', 'tobacco', 'cites', 'precursors']);
    const unit = commodity === 'tobacco' ? pick(['sticks', 'pack', 'carton']) : pick(['kg', 'g', 'lb', 'pieces']);
    const day = 1 + Math.floor(rnd() * 59);
    const date = day <= 31 ? `2024-01-${String(day).padStart(2, '0')}` : `2024-02-${String(day - 31).padStart(2, '0')}`;
    const qty = (rnd() * 1000).toFixed(Math.floor(rnd() * 4));
    rows.push(`${c}${i},${date},${c},${commodity},x${i % 7},${qty},${unit},${pick(['air', 'sea', 'land'])},${pick(['MM', 'LA', 'CN'])},${c},C${Math.floor(i / 3)}`);
  }
  return [HEADER, ...tail(rows)].join('\n') + '\n';
}

/** Dirty rows for the second half: repeats of first-half ids (same and different content) and bad rows. */
function dirty(rows: readonly string[], k: number): string[] {
  const out: string[] = [];
  const first = rows.slice(0, Math.floor(rows.length / 2));
  for (let i = 0; i < k; i++) {
    const r = first[(i * 37) % first.length]!;
    out.push(r); // duplicate of a first-half record
    const f = r.split(',');
    f[5] = String(Number(f[5]) + 1);
    out.push(f.join(',')); // conflict with it
    out.push(r); // and the duplicate again
  }
  out.push('', 'BAD1,2024-02-31,VN,drugs,meth,1,kg,air,MM,VN,', 'BAD2,2024-02-10,VN,drugs,meth,abc,kg,air,MM,VN,', 'BAD3,2024-02-10,VN,drugs');
  out.push('OOS1,2023-12-01,VN,drugs,meth,1,kg,air,MM,VN,', 'OOS2,2024-02-01,VN,precursors,pmk,1,kg,air,CN,VN,', 'NP1,2024-01-05,US,drugs,meth,1,kg,air,MM,US,');
  out.push('OOS1,2023-12-01,VN,drugs,meth,1,kg,air,MM,VN,', 'OOS1,2023-12-02,VN,drugs,meth,1,kg,air,MM,VN,', ',,,,,,,,,,', '');
  return out;
}

async function both(dir: string, args: string[]) {
  const seq = await runCli(['aggregate', '--campaign', join(dir, 'campaign.yaml'), ...args, '--report-json', join(dir, 'seq.json')], { env: { CAMPAIGN_REPORT_THREADS: '1' } });
  const par = await runCli(['aggregate', '--campaign', join(dir, 'campaign.yaml'), ...args, '--report-json', join(dir, 'par.json')], {
    env: { CAMPAIGN_REPORT_THREADS: '2', CAMPAIGN_REPORT_DEBUG_PARALLEL: '1' },
  });
  return { seq, par, seqJson: readFileSync(join(dir, 'seq.json'), 'utf8'), parJson: readFileSync(join(dir, 'par.json'), 'utf8') };
}

const stripDebug = (s: string) => s.split('\n').filter((l) => !l.startsWith('parallel: ')).join('\n').replace(/\(all in [^)]*\)/, '(all in …)');

describe('aggregate on two threads', () => {
  const cases: [string, (rows: string[]) => string[]][] = [
    ['cross-half duplicates and conflicts near the end', (rows) => [...rows, ...dirty(rows, 40)]],
    ['dirty rows right after the middle', (rows) => {
      const mid = Math.floor(rows.length / 2);
      return [...rows.slice(0, mid), ...dirty(rows, 30), ...rows.slice(mid)];
    }],
    ['dirty rows on both sides', (rows) => {
      const q = Math.floor(rows.length / 4);
      return [...rows.slice(0, q), ...dirty(rows.slice(0, q), 10), ...rows.slice(q, 3 * q), ...dirty(rows, 20), ...rows.slice(3 * q)];
    }],
  ];
  for (const [name, tail] of cases) {
    it(`gives the one-pass results: ${name}`, async () => {
      const dir = tempDir({ 'campaign.yaml': CAMPAIGN, 'data.csv': generate(6000, name.length, tail) });
      for (const args of [[], ['--by', 'phase,week,commodity'], ['--by', 'country,origin', '--phase', 'feb', '--format', 'json']]) {
        const { seq, par, seqJson, parJson } = await both(dir, args);
        expect(par.stderr).toMatch(/^parallel: data\.csv split at byte \d+/m);
        expect(par.code).toBe(seq.code);
        expect(par.stdout).toBe(seq.stdout);
        expect(stripDebug(par.stderr)).toBe(stripDebug(seq.stderr));
        expect(parJson).toBe(seqJson);
        const doc = JSON.parse(seqJson) as { duplicates: number; rejected: number; out_of_scope: number; diagnostics: { code: string }[] };
        expect(doc.duplicates).toBeGreaterThan(0);
        expect(doc.diagnostics.some((d) => d.code === 'CONFLICTING_ID')).toBe(true);
        expect(doc.out_of_scope).toBeGreaterThan(0);
      }
    }, 60_000);
  }

  it('gives the one-pass results past the narrow arrays: 65,536+ groups, an id of 70,000 characters, large tables', async () => {
    // 200,000 rows: each half holds over 65,536 ids (the id and case tables take a second segment at the merge),
    // and every second-half row has its own subtype (over 65,536 groups in scope: the worker's group array widens).
    const long = 'L'.repeat(70_000);
    const csv = generate(200_000, 5, (rows) => [
      ...rows.map((r, i) => (i < 100_000 ? r : r.replace(/,x\d,/, `,w${i},`))),
      `${long},2024-01-05,VN,drugs,meth,1,kg,air,MM,VN,`,
      rows[9]!, // a duplicate of a first-half record, after the long id
      `${long},2024-01-05,VN,drugs,meth,1,kg,air,MM,VN,`,
      `${long},2024-01-05,VN,drugs,meth,2,kg,air,MM,VN,`,
      rows[100_005]!.replace(/,x\d,/, ',w100005,'),
    ]);
    const dir = tempDir({ 'campaign.yaml': CAMPAIGN, 'data.csv': csv });
    const { seq, par, seqJson, parJson } = await both(dir, ['--by', 'subtype']);
    expect(par.stderr).toMatch(/^parallel: data\.csv split at byte \d+/m);
    expect(par.stdout).toBe(seq.stdout);
    expect(stripDebug(par.stderr)).toBe(stripDebug(seq.stderr));
    expect(parJson).toBe(seqJson);
    const doc = JSON.parse(seqJson) as { duplicates: number; diagnostics: { code: string; value?: string; line: number }[] };
    expect(doc.diagnostics.filter((d) => d.value === long).map((d) => d.code)).toEqual(['DUPLICATE', 'CONFLICTING_ID']);
    expect(doc.diagnostics.filter((d) => d.code === 'DUPLICATE').map((d) => d.line)).toEqual([200_003, 200_004, 200_006]);
    expect(seq.stdout.split('\n').filter((l) => l.startsWith('w')).length).toBeGreaterThan(65_536);
  }, 120_000);

  it('gives the one-pass results for a totals source (a count column)', async () => {
    const csv = generate(6000, 13, (rows) => [...rows, ...dirty(rows, 10)])
      .split('\n')
      .map((l, i) => (l === '' ? l : i === 0 ? `${l},count` : `${l},${1 + (i % 4)}`))
      .join('\n');
    const dir = tempDir({ 'campaign.yaml': CAMPAIGN, 'data.csv': csv });
    const { seq, par, seqJson, parJson } = await both(dir, ['--by', 'commodity']);
    expect(par.stderr).toMatch(/^parallel: /m);
    expect(par.stdout).toBe(seq.stdout);
    expect(parJson).toBe(seqJson);
    // Rows stand for 1 to 4 seizures each: more seizures than accepted records.
    const accepted = (JSON.parse(seqJson) as { accepted: number }).accepted;
    const seizures = seq.stdout.trim().split('\n').slice(1).reduce((n, l) => n + Number(l.split(',')[3]), 0);
    expect(seizures).toBeGreaterThan(accepted * 2);
  }, 60_000);

  it('falls back to one pass when the first half has a quote', async () => {
    const csv = generate(6000, 7, (rows) => {
      rows[10] = rows[10]!.replace(/,x(\d),/, ',"x$1",');
      return rows;
    });
    const dir = tempDir({ 'campaign.yaml': CAMPAIGN, 'data.csv': csv });
    const { seq, par, seqJson, parJson } = await both(dir, []);
    expect(par.stderr).not.toMatch(/^parallel: /m);
    expect(par.stdout).toBe(seq.stdout);
    expect(parJson).toBe(seqJson);
  }, 60_000);

  it('handles quotes and malformed CSV in the second half like one pass', async () => {
    const csv = generate(6000, 11, (rows) => {
      const at = Math.floor(rows.length * 0.8);
      rows[at] = rows[at]!.replace(/,x(\d),/, ',"x$1 ""quoted"", with comma",');
      rows[at + 5] = rows[at + 5]!.replace(/,x(\d),/, ',"x$1" junk,');
      return [...rows, 'LAST,2024-01-02,VN,drugs,"unclosed,1,kg,air,MM,VN,'];
    });
    const dir = tempDir({ 'campaign.yaml': CAMPAIGN, 'data.csv': csv });
    const { seq, par, seqJson, parJson } = await both(dir, []);
    expect(par.stderr).toMatch(/^parallel: /m);
    expect(par.stdout).toBe(seq.stdout);
    expect(stripDebug(par.stderr)).toBe(stripDebug(seq.stderr));
    expect(parJson).toBe(seqJson);
    expect(seqJson).toContain('MALFORMED_CSV');
  }, 60_000);

  it('CAMPAIGN_REPORT_THREADS=1 keeps one thread', async () => {
    const dir = tempDir({ 'campaign.yaml': CAMPAIGN, 'data.csv': generate(3000, 3, (r) => r) });
    const r = await runCli(['aggregate', '--campaign', join(dir, 'campaign.yaml')], { env: { CAMPAIGN_REPORT_THREADS: '1', CAMPAIGN_REPORT_DEBUG_PARALLEL: '1' } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/^parallel: /m);
  });

  it('reports the progress of both halves as one read of the file', async () => {
    const dir = tempDir({ 'campaign.yaml': CAMPAIGN, 'data.csv': generate(100_000, 17, (r) => r) });
    const campaign = await loadCampaign(join(dir, 'campaign.yaml'));
    const plan = canRunParallel(campaign, { CAMPAIGN_REPORT_THREADS: '2' })!;
    expect(plan).toBeDefined();
    const calls: { records: number; bytes: number }[] = [];
    const result = await runAggregateParallel(campaign, plan, ['commodity'], new Aggregator(['commodity']), {
      onProgress: ({ file, records, bytes }) => {
        expect(file).toBe('data.csv');
        calls.push({ records, bytes });
      },
    });
    expect(result.buckets.read).toBe(100_000);
    expect(calls.at(-1)).toEqual({ records: 100_000, bytes: plan.size });
    // Never backwards, and before the end some call counts the worker's half too (past the split).
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]!.records).toBeGreaterThanOrEqual(calls[i - 1]!.records);
      expect(calls[i]!.bytes).toBeGreaterThanOrEqual(calls[i - 1]!.bytes);
    }
    expect(calls.slice(0, -1).some((c) => c.bytes > plan.split && c.records < 100_000)).toBe(true);
  }, 60_000);

  it('counts newlines exactly (the worker\'s line offset)', () => {
    const text = 'a\n\nbc\r\nd' + 'x'.repeat(1000) + '\n'.repeat(13) + 'é\n';
    const dir = tempDir({ 'f.txt': text });
    const bytes = Buffer.from(text);
    for (const end of [0, 1, 2, 3, 5, 7, 8, 500, bytes.length - 3, bytes.length]) {
      let n = 0;
      for (let i = 0; i < end; i++) if (bytes[i] === 10) n++;
      expect(countNewlines(join(dir, 'f.txt'), end)).toBe(n);
    }
  });
});
