import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAggregate, type AggregateOptions } from '../../src/commands/aggregate.js';
import { CampaignReportError } from '../../src/errors.js';
import { bucketsOf, captured } from '../helpers/capture.js';
import { campaignWithDefects, cleanCampaign } from '../helpers/scenario.js';
import { campaignYaml, cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const CLEAN = cleanCampaign();
const DEFECTS = campaignWithDefects();

function agg(dir: string, opts: Omit<AggregateOptions, 'campaign'> = {}) {
  return captured(() => runAggregate({ campaign: join(dir, 'campaign.yaml'), ...opts }));
}

type Row = Record<string, string | number>;
async function json(dir: string, opts: Omit<AggregateOptions, 'campaign' | 'format'> = {}): Promise<Row[]> {
  const r = await agg(dir, { ...opts, format: 'json' });
  if (r.error) throw r.error;
  return JSON.parse(r.stdout) as Row[];
}

describe('runAggregate (see test/helpers/scenario.ts for the records and the arithmetic)', () => {
  it('default dimensions commodity, route, country as CSV on stdout; buckets on stderr; exit 0', async () => {
    const r = await agg(CLEAN);
    expect(r.result).toBe(0);
    expect(r.stdout).toBe(
      [
        'commodity,route,country,unit,cases,seizures,quantity',
        'drugs,express,KR,kg,1,2,2', // KR-1 1.5 kg + KR-2 500 g, both case C-1
        'drugs,express,VN,kg,1,1,1.25',
        'drugs,post,KR,l,1,1,2',
        'tobacco,land,VN,sticks,1,1,200', // 10 bao × 20
        'tobacco,sea,KR,sticks,1,1,600', // 3 cartons × 200
        '',
      ].join('\n'),
    );
    expect(bucketsOf(r.stderr)).toEqual({ read: 6, accepted: 6, rejected: 0, duplicates: 0, out_of_scope: 0 });
  });

  it('--by commodity: the same case id from KR and VN is two cases; units stay apart', async () => {
    expect(await json(CLEAN, { by: 'commodity' })).toEqual([
      { commodity: 'drugs', unit: 'kg', cases: 2, seizures: 3, quantity: 3.25 },
      { commodity: 'drugs', unit: 'l', cases: 1, seizures: 1, quantity: 2 },
      { commodity: 'tobacco', unit: 'sticks', cases: 2, seizures: 2, quantity: 800 },
    ]);
  });

  it('--by subtype: one case whose two lines fall in two groups counts once in each', async () => {
    const rows = await json(CLEAN, { by: 'subtype' });
    expect(rows.map((r) => [r.subtype, r.unit, r.cases, r.seizures, r.quantity])).toEqual([
      ['', 'kg', 1, 1, 1.25], // VN has no subtype column
      ['', 'sticks', 1, 1, 200],
      ['cigarettes', 'sticks', 1, 1, 600],
      ['ghb', 'l', 1, 1, 2], // "GHB": the vocabulary's id
      ['heroin', 'kg', 1, 1, 0.5], // KR case C-1, line 2
      ['methamphetamine', 'kg', 1, 1, 1.5], // KR case C-1, line 1
    ]);
  });

  it("--by group and --labels vi: the vocabulary's groups and labels, other values as written", async () => {
    const rows = await json(CLEAN, { by: 'commodity,group', labels: 'vi' });
    expect(rows.map((r) => [r.commodity, r.group, r.unit, r.cases, r.seizures, r.quantity])).toEqual([
      ['Ma túy', '', 'kg', 1, 1, 1.25], // VN has no subtype column: no group
      ['Ma túy', 'Chất kích thích dạng amphetamine (ATS)', 'kg', 1, 1, 1.5],
      ['Ma túy', 'Nhóm opioid (thuốc phiện)', 'kg', 1, 1, 0.5],
      ['Ma túy', 'Ma túy khác', 'l', 1, 1, 2],
      ['Thuốc lá', '', 'sticks', 1, 1, 200],
      ['Thuốc lá', 'Thuốc lá đốt cháy', 'sticks', 1, 1, 600],
    ]);
  });

  it('--by phase,commodity lists phases in campaign order', async () => {
    expect(await json(CLEAN, { by: 'phase,commodity' })).toEqual([
      { phase: 'p1', commodity: 'drugs', unit: 'kg', cases: 2, seizures: 3, quantity: 3.25 },
      { phase: 'p1', commodity: 'tobacco', unit: 'sticks', cases: 1, seizures: 1, quantity: 200 },
      { phase: 'p2', commodity: 'drugs', unit: 'l', cases: 1, seizures: 1, quantity: 2 },
      { phase: 'p2', commodity: 'tobacco', unit: 'sticks', cases: 1, seizures: 1, quantity: 600 },
    ]);
  });

  it('--phase p2 keeps p2 only; the other records are out_of_scope (other phase)', async () => {
    const r = await agg(CLEAN, { by: 'phase,commodity', phase: 'p2', format: 'json' });
    expect(JSON.parse(r.stdout)).toEqual([
      { phase: 'p2', commodity: 'drugs', unit: 'l', cases: 1, seizures: 1, quantity: 2 },
      { phase: 'p2', commodity: 'tobacco', unit: 'sticks', cases: 1, seizures: 1, quantity: 600 },
    ]);
    expect(r.stderr).toContain('read 6 = accepted 2 + rejected 0 + duplicates 0 + out_of_scope 4 (outside phases 0, commodity 0, other phase 4)');
  });

  it('--by month and --by week', async () => {
    expect((await json(CLEAN, { by: 'month' })).map((r) => [r.month, r.unit, r.seizures, r.quantity])).toEqual([
      ['2024-07', 'kg', 3, 3.25],
      ['2024-07', 'sticks', 1, 200],
      ['2024-08', 'l', 1, 2],
      ['2024-08', 'sticks', 1, 600],
    ]);
    // 3, 5 and 6 July 2024 are in ISO week 27; 10 and 11 August in week 32
    expect((await json(CLEAN, { by: 'week' })).map((r) => [r.week, r.unit, r.seizures])).toEqual([
      ['2024-W27', 'kg', 3],
      ['2024-W27', 'sticks', 1],
      ['2024-W32', 'l', 1],
      ['2024-W32', 'sticks', 1],
    ]);
  });

  it('--format md, tsv and ndjson carry the same rows', async () => {
    const rows = await json(CLEAN, { by: 'commodity' });
    const md = (await agg(CLEAN, { by: 'commodity', format: 'md' })).stdout.trimEnd().split('\n');
    expect(md[0]).toBe('| commodity | unit | cases | seizures | quantity |');
    expect(md.slice(2)).toEqual(rows.map((r) => `| ${r.commodity} | ${r.unit} | ${r.cases} | ${r.seizures} | ${r.quantity} |`));
    const tsv = (await agg(CLEAN, { by: 'commodity', format: 'tsv' })).stdout.trimEnd().split('\n');
    expect(tsv.slice(1)).toEqual(rows.map((r) => [r.commodity, r.unit, r.cases, r.seizures, r.quantity].join('\t')));
    const nd = (await agg(CLEAN, { by: 'commodity', format: 'ndjson' })).stdout.trimEnd().split('\n');
    expect(nd.map((l) => JSON.parse(l) as Row)).toEqual(rows);
  });

  it('--out writes the file (creating its folder) and nothing to stdout', async () => {
    const target = join(tempDir(), 'sub', 'agg.csv');
    const viaStdout = await agg(CLEAN);
    const viaFile = await agg(CLEAN, { out: target });
    expect(viaFile.result).toBe(0);
    expect(viaFile.stdout).toBe('');
    expect(readFileSync(target, 'utf8')).toBe(viaStdout.stdout);
    expect(bucketsOf(viaFile.stderr).read).toBe(6);
  });

  it('--out under a path that cannot be a folder: OUTPUT_UNWRITABLE (exit code 6), nothing half-written', async () => {
    const dir = tempDir({ 'a-file': 'x' });
    const r = await agg(CLEAN, { out: join(dir, 'a-file', 'agg.csv') });
    const e = r.error as CampaignReportError;
    expect([e.code, e.exitCode]).toEqual(['OUTPUT_UNWRITABLE', 6]);
    expect(r.stdout).toBe('');
  });

  it('rejected records: exit 0, or 1 with --strict; accepted ones are still aggregated', async () => {
    const plain = await agg(DEFECTS, { by: 'commodity', format: 'json' });
    expect(plain.result).toBe(0);
    expect(bucketsOf(plain.stderr)).toEqual({ read: 13, accepted: 7, rejected: 4, duplicates: 1, out_of_scope: 1 });
    // B-5 (0.25 kg) is the only new accepted record
    expect(JSON.parse(plain.stdout)).toEqual([
      { commodity: 'drugs', unit: 'kg', cases: 3, seizures: 4, quantity: 3.5 },
      { commodity: 'drugs', unit: 'l', cases: 1, seizures: 1, quantity: 2 },
      { commodity: 'tobacco', unit: 'sticks', cases: 2, seizures: 2, quantity: 800 },
    ]);
    const strict = await agg(DEFECTS, { by: 'commodity', strict: true });
    expect(strict.result).toBe(1);
    expect(strict.stdout).toBe((await agg(DEFECTS, { by: 'commodity' })).stdout);
    expect((await agg(CLEAN, { strict: true })).result).toBe(0);
  });

  it('the seizures column adds up to the accepted bucket', async () => {
    const r = await agg(DEFECTS, { by: 'country,route', format: 'json' });
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.reduce((n, row) => n + (row.seizures as number), 0)).toBe(bucketsOf(r.stderr).accepted);
  });

  it('an unknown --by dimension is a usage error (exit code 2), before the campaign is read', async () => {
    const r = await captured(() => runAggregate({ campaign: '/no/such/campaign.yaml', by: 'commodity,bogus' }));
    expect(r.error).toBeInstanceOf(CampaignReportError);
    const e = r.error as CampaignReportError;
    expect([e.code, e.exitCode]).toEqual(['USAGE', 2]);
    expect(e.message).toContain('"bogus"');
    expect(e.hint).toContain('commodity');
    const none = await captured(() => runAggregate({ campaign: '/no/such/campaign.yaml', by: ' , ' }));
    expect((none.error as CampaignReportError).code).toBe('USAGE');
  });

  it('an unknown --phase is a usage error naming the phases', async () => {
    const r = await agg(CLEAN, { phase: 'p9' });
    const e = r.error as CampaignReportError;
    expect([e.code, e.exitCode]).toEqual(['USAGE', 2]);
    expect(e.hint).toContain('p1, p2');
  });
});

describe('runAggregate: a totals source (count column)', () => {
  // kr-totals.csv: T-1 5 seizures with route unknown, 12.5 kg; T-2 3 seizures by air, quantity 0.
  // kr-items.csv:  I-1 and I-2, one case C-1 by air, 1 kg each.
  const dir = tempDir({
    'campaign.yaml': campaignYaml('- path: data/kr-totals.csv\n- path: data/kr-items.csv'),
    'data/kr-totals.csv': 'id,date,reporting_country,commodity,quantity,unit,route,count\nT-1,2024-07-31,KR,drugs,12.5,kg,unknown,5\nT-2,2024-07-31,KR,drugs,0,kg,air,3\n',
    'data/kr-items.csv': 'id,date,reporting_country,commodity,quantity,unit,route,case_id\nI-1,2024-07-02,KR,drugs,1,kg,air,C-1\nI-2,2024-07-02,KR,drugs,1,kg,air,C-1\n',
  });

  it('adds count to cases and seizures, next to item-level cases', async () => {
    expect(await json(dir, { by: 'commodity,route' })).toEqual([
      { commodity: 'drugs', route: 'air', unit: 'kg', cases: 3 + 1, seizures: 3 + 2, quantity: 2 },
      { commodity: 'drugs', route: 'unknown', unit: 'kg', cases: 5, seizures: 5, quantity: 12.5 },
    ]);
  });

  it('counts each totals row as one record read', async () => {
    const r = await agg(dir);
    expect(bucketsOf(r.stderr)).toEqual({ read: 4, accepted: 4, rejected: 0, duplicates: 0, out_of_scope: 0 });
  });
});

describe('runAggregate: units in different sources', () => {
  it('grams, kilograms, pounds and tonnes of one group add up in kg; litres do not join them', async () => {
    const dir = tempDir({
      'campaign.yaml': campaignYaml('- path: data/a.csv'),
      'data/a.csv': [
        'id,date,reporting_country,commodity,quantity,unit,route',
        'A1,2024-07-01,KR,precursors,250,g,sea',
        'A2,2024-07-01,KR,precursors,1,t,sea',
        'A3,2024-07-01,KR,precursors,10,lb,sea', // 4.5359237 kg
        'A4,2024-07-01,KR,precursors,0.75,kg,sea',
        'A5,2024-07-01,KR,precursors,200,l,sea',
        'A6,2024-07-01,KR,precursors,500,ml,sea',
        '',
      ].join('\n'),
    });
    expect(await json(dir, { by: 'commodity' })).toEqual([
      { commodity: 'precursors', unit: 'kg', cases: 4, seizures: 4, quantity: 1005.536 }, // 0.25 + 1000 + 4.5359237 + 0.75 = 1005.5359237
      { commodity: 'precursors', unit: 'l', cases: 2, seizures: 2, quantity: 200.5 },
    ]);
  });
});
