/**
 * End-to-end: date precision (README "Date precision") over fixtures/precision,
 * item lines dated by day (VN) beside national yearly totals with a seizure
 * count (KR). Every figure is worked out in fixtures/precision/README.md.
 * Reports of campaigns without such sources are unchanged byte for byte: the
 * example and summary fixtures' tests (build, example, summary) check that.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';

const CAMPAIGN = join(ROOT, 'fixtures/precision/campaign.yaml');
const EPOCH = { SOURCE_DATE_EPOCH: '1700000000' };
const tmp = mkdtempSync(join(tmpdir(), 'cr-precision-'));
const out = (dir: string, file: string) => readFileSync(join(tmp, dir, file), 'utf8');
/** The lines of a Markdown report from a `## ` heading to the next one. */
const section = (md: string, heading: string) => {
  const from = md.indexOf(`## ${heading}\n`);
  expect(from).toBeGreaterThanOrEqual(0);
  const to = md.indexOf('\n## ', from + 3);
  return md.slice(from, to < 0 ? undefined : to).trim();
};

/** A campaign file in the temporary folder: the fixture's phases and participants with other sources. */
function campaignWith(name: string, sources: string): string {
  const fixture = readFileSync(CAMPAIGN, 'utf8');
  const head = fixture.slice(0, fixture.indexOf('sources:'));
  const file = join(tmp, name);
  writeFileSync(file, `${head}sources:\n${sources}`);
  return file;
}

const runs: Record<string, Promise<CliResult>> = {};
beforeAll(async () => {
  const data = join(ROOT, 'fixtures/precision/data');
  const partial = join(tmp, 'all.partial.json');
  const build = (dir: string, campaign: string, extra: string[] = [], env: Record<string, string> = {}) =>
    runCli(['build', '--campaign', campaign, '--all-phases', '--format', 'md,html', '--out', join(tmp, dir), '--quiet', ...extra], { env: { ...EPOCH, CAMPAIGN_REPORT_THREADS: '1', ...env } });
  Object.assign(runs, {
    en: build('en', CAMPAIGN),
    vi: build('vi', CAMPAIGN, ['--locale', 'vi']),
    // MAIN_STEALS=0: the workers read every unit, so each record crosses threads as columns (unit-codec.ts)
    threads: build('threads', CAMPAIGN, [], { CAMPAIGN_REPORT_THREADS: '2', CAMPAIGN_REPORT_MAIN_STEALS: '0' }),
    monthly: build('monthly', campaignWith('monthly.yaml', `  - path: ${join(data, 'vn-seizures.csv')}\n    date_precision: month\n`)),
    aggregate: runCli(['aggregate', '--campaign', CAMPAIGN, '--by', 'phase,country,year,quarter,month,week', '--format', 'json', '--quiet'], { env: EPOCH }),
    summary: runCli(['summary', '--campaign', CAMPAIGN, '--since', '2017-03-14', '--until', '2017-03-15', '--quiet'], { env: EPOCH }),
    finer: runCli(['validate', '--campaign', campaignWith('finer.yaml', `  - path: ${join(data, 'kr-yearly-totals.csv')}\n    date_format: yyyy\n    date_precision: day\n`)]),
  });
  const p = await runCli(['aggregate', '--campaign', CAMPAIGN, '--format', 'partial', '--out', partial, '--quiet'], { env: EPOCH });
  expect(p.code).toBe(0);
  runs.partial = build('partial', campaignWith('from-partial.yaml', `  - path: ${partial}\n`));
  await Promise.all(Object.values(runs));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('date precision: yearly totals with a count column beside item lines', () => {
  it('every build succeeds (exit 0)', async () => {
    for (const k of ['en', 'vi', 'threads', 'monthly', 'partial']) expect([k, (await runs[k]!).code]).toEqual([k, 0]);
  });

  it('2017 (item lines and yearly totals): the headline says records (reported totals), in md and html', () => {
    const md = out('en', 'op-precision-y2017.md');
    expect(md).toContain('- **Cases: 131** (Change: +336.7 %)\n- **Seizures — records \\(reported totals\\): 131** (Change: +336.7 %)\n');
    const html = out('en', 'op-precision-y2017.html');
    expect(html).toContain('<div class="figure"><div class="value">131</div><div class="label">Seizures — records (reported totals) · Change: +336.7 %</div></div>');
    expect(out('vi', 'op-precision-y2017.vi.md')).toContain('- **Số lần thu giữ — bản ghi \\(số tổng được báo cáo\\): 131**');
  });

  it('2017: the largest seizures are the item lines only (not the 900 kg national total), with the note', () => {
    expect(section(out('en', 'op-precision-y2017.md'), 'Largest seizures')).toBe(
      [
        '## Largest seizures',
        '',
        '_Reported totals \\(rows with a seizure count, or dated only by month or year\\) are not single seizures and are not listed._',
        '',
        '### CITES wildlife (kg)',
        '',
        '| Date | Reporting country | Route | Type | Quantity | Concealment |',
        '|---|---|---|---|---:|---|',
        '| 2 August 2017 | Vietnam | Post | Ivory | 25 kg | parcel |',
        '',
        '### Drugs (kg)',
        '',
        '| Date | Reporting country | Route | Type | Quantity | Concealment |',
        '|---|---|---|---|---:|---|',
        '| 15 March 2017 | Vietnam | Sea | Methamphetamine | 40 kg | container |',
        '| 14 March 2017 | Vietnam | Air | Heroin | 12.5 kg | luggage |',
      ].join('\n'),
    );
    const html = out('en', 'op-precision-y2017.html');
    expect(html).toContain('<p class="note">Reported totals (rows with a seizure count, or dated only by month or year) are not single seizures and are not listed.</p>');
    expect(html).not.toContain('900 kg');
  });

  it('2017: the trend is per year, and says why; no week anywhere (2017-01-01 is in 2016-W52)', () => {
    const md = out('en', 'op-precision-y2017.md');
    expect(section(md, 'Trend')).toContain(
      ['### Cases per year', '', '_Some records of this phase are totals dated only by year, so the trend is per year, not per week or month._', '', '| Year | Cases | Seizures |', '|---|---:|---:|', '| 2017 | 131 | 131 |', ''].join('\n'),
    );
    expect(md).not.toMatch(/W\d\d/);
    expect(md).toContain('![Cases per year](op-precision-y2017-charts/yearly.svg)');
    expect(existsSync(join(tmp, 'en/op-precision-y2017-charts/yearly.svg'))).toBe(true);
    expect(existsSync(join(tmp, 'en/op-precision-y2017-charts/weekly.svg'))).toBe(false);
    const html = out('en', 'op-precision-y2017.html');
    expect(html).toContain('<h3>Cases per year</h3>\n  <p class="note">Some records of this phase are totals dated only by year, so the trend is per year, not per week or month.</p>');
    expect(html).toContain('<tbody><tr><td>2017</td><td class="n">131</td><td class="n">131</td></tr></tbody>');
    expect(html).not.toMatch(/W\d\d/);
  });

  it('2016 (yearly totals only): the largest-seizure section says there is none, instead of an empty table', () => {
    const md = out('en', 'op-precision-y2016.md');
    expect(section(md, 'Largest seizures')).toBe(
      ['## Largest seizures', '', '_Reported totals \\(rows with a seizure count, or dated only by month or year\\) are not single seizures and are not listed._', '', 'No single seizure to list for this phase.'].join('\n'),
    );
    expect(out('en', 'op-precision-y2016.html')).toContain('<p>No single seizure to list for this phase.</p>');
    expect(md).toContain('- **Seizures — records \\(reported totals\\): 30** (Change: n/a)');
  });

  it('2018 and 2019 H2 (item lines only): weekly trend, plain headline, no note', () => {
    const md = out('en', 'op-precision-y2018.md');
    // 2 cases of 2 seizures, none a reported total: one figure (README "Reports")
    expect(md).toContain('- **Cases and seizures \\(one seizure per case\\): 2** (Change: −98.5 %)\n');
    expect(section(md, 'Trend')).toContain('### Cases per week\n\n| Week | Cases | Seizures |\n|---|---:|---:|\n| 2018-W19 (7 May – 13 May) | 2 | 2 |\n');
    expect(md).not.toContain('reported totals');
    expect(md).not.toContain('Cases per year');
    expect(existsSync(join(tmp, 'en/op-precision-y2018-charts/weekly.svg'))).toBe(true);
    // the 2019 total is dated 1 January 2019, before the phase starts on 1 July: outside every phase
    const h2 = out('en', 'op-precision-h2-2019.md');
    expect(h2).toContain('| 2019-W36 (2 Sep – 8 Sep) | 1 | 1 |');
    expect(h2).toContain('| 10 | 9 | 0 | 0 | 1 |');
  });

  it('the same reports on two threads (the precision crosses threads) and from a partial', async () => {
    for (const f of ['op-precision-y2016.md', 'op-precision-y2017.md', 'op-precision-y2017.html', 'op-precision-y2018.md']) expect(out('threads', f)).toBe(out('en', f));
    // from a partial: the same figures (the annex lists the partial's sources as the agency named them)
    for (const f of ['op-precision-y2016.md', 'op-precision-y2017.md', 'op-precision-y2018.md']) {
      const body = (s: string) => s.slice(s.indexOf('## Headline'), s.indexOf('## Annex'));
      expect(body(out('partial', f))).toBe(body(out('en', f)));
    }
  });

  it('date_precision: month on the item lines: a monthly trend, and no single seizure to list', () => {
    const md = out('monthly', 'op-precision-y2017.md');
    expect(section(md, 'Trend')).toContain(
      ['### Cases per month', '', '_Some records of this phase are totals dated only by month, so the trend is per month, not per week._', '', '| Month | Cases | Seizures |', '|---|---:|---:|', '| 2017-03 | 2 | 2 |', '| 2017-08 | 1 | 1 |', ''].join('\n'),
    );
    expect(section(md, 'Largest seizures')).toContain('No single seizure to list for this phase.');
    expect(md).toContain('- **Seizures — records \\(reported totals\\): 3**');
  });

  it('aggregate: a yearly total has a year, and an empty quarter, month and week', async () => {
    const r = await runs.aggregate!;
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as Record<string, unknown>[]).map((x) => [x.phase, x.country, x.year, x.quarter, x.month, x.week, x.cases, x.quantity]);
    expect(rows).toEqual([
      ['y2016', 'KR', '2016', '', '', '', 30, 150],
      ['y2017', 'KR', '2017', '', '', '', 128, 960],
      ['y2017', 'VN', '2017', '2017-Q1', '2017-03', '2017-W11', 2, 52.5],
      ['y2017', 'VN', '2017', '2017-Q3', '2017-08', '2017-W31', 1, 25],
      ['y2018', 'VN', '2018', '2018-Q2', '2018-05', '2018-W19', 2, 4.5],
      ['h2-2019', 'VN', '2019', '2019-Q3', '2019-09', '2019-W36', 1, 2],
    ]);
  });

  it('summary: a yearly total is neither new in a two-day window nor a notable seizure', async () => {
    const r = await runs.summary!;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('== New in the window ==\nCases: 2 · Seizures: 2\n');
    expect(r.stdout).toContain('  - 15 March 2017 Vietnam Drugs (Methamphetamine) 40 kg, Sea, container — Record V2, data/vn-seizures.csv:3\n  - 14 March 2017 Vietnam Drugs (Heroin) 12.5 kg, Air, luggage — Record V1, data/vn-seizures.csv:2\n\n');
    // the 2016 total is not in 2016 "up to 14 March" either: that year had not ended
    expect(r.stdout).toContain('Cases: 2 (Previous phase 0, n/a)');
    expect(r.stdout).not.toContain('900');
  });

  it('date_precision finer than date_format is a campaign-file error (exit 2) naming the key', async () => {
    const r = await runs.finer!;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('date_precision');
    expect(r.stderr).toContain('day is more precise than date_format "yyyy" writes dates (year)');
  });
});
