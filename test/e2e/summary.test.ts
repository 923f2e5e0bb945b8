/**
 * End-to-end: `campaign-report summary` (the built CLI as a subprocess) over
 * fixtures/summary, a hand-made campaign whose figures are worked out in its
 * README.md. Each scenario copies the fixture to a temporary folder (the
 * last-run state file is written beside the campaign file). Independent runs
 * start together so the file costs about one CPU-second per run on 2 cores.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/campaign-report.js');
const FIXTURE = join(ROOT, 'fixtures/summary');
/** 2024-07-15T03:00:00Z: "today" is 15 July 2024, in phase jul (day 15). */
const JUL15 = '1721012400';
/** 2024-07-16T00:30:00Z */
const JUL16 = '1721089800';
/** 2024-07-17T12:00:00Z */
const JUL17 = '1721217600';
const WINDOW = ['--since', '2024-07-14', '--until', '2024-07-15'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in `cwd`; colour variables and SOURCE_DATE_EPOCH are removed unless given. */
function cli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['SOURCE_DATE_EPOCH', 'FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS']) delete e[k];
  Object.assign(e, env);
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const temps: string[] = [];
/** A fresh copy of the fixture campaign. */
function campaignCopy(): string {
  const d = mkdtempSync(join(tmpdir(), 'cr-summary-'));
  temps.push(d);
  cpSync(FIXTURE, d, { recursive: true });
  rmSync(join(d, 'README.md'), { force: true });
  return d;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const state = (dir: string) => JSON.parse(readFileSync(join(dir, '.campaign-report-state.json'), 'utf8')) as { schemaVersion: number; summary: Record<string, { since: string; until: string; ranOn: string }> };

/** The whole plain-text summary of 14–15 July 2024; every figure is derived in fixtures/summary/README.md. */
const EXPECTED_TXT = `RESTRICTED
Operation Night Watch — Nightly summary
Window: 14 July 2024 – 15 July 2024 (2 days)
Phase: July, day 15 of 31
Seizures are placed by their seizure date (UTC); both days are included.

== New in the window ==
Cases: 5 · Seizures: 6
By commodity:
  - Drugs: Cases 3, Seizures 4; 23 kg; 2 l
  - Tobacco: Cases 2, Seizures 2; 219,999 sticks
By route:
  - Air: Cases 1, Seizures 2
  - Express courier: Cases 1, Seizures 1
  - Land: Cases 2, Seizures 2
  - Sea: Cases 1, Seizures 1

== Phase to date ==
Accepted seizures of the current phase dated up to the last day of the window, against the previous phase up to the same day of that phase.
July: up to 15 July 2024 (day 15 of 31)
June: up to 15 June 2024 (day 15 of 30)
Cases: 8 (Previous phase 3, +166.7 %)
Seizures: 9 (Previous phase 4, +125 %)
  - Drugs: Cases 6 (+200 %), Seizures 7 (+133.3 %); 51.2 kg (+1,180 %); 2 l (n/a)
  - Tobacco: Cases 2 (+100 %), Seizures 2 (+100 %); 219,999 sticks (+2,100 %)

== Seizures at or above the thresholds ==
Thresholds: Drugs ≥ 10 kg; Tobacco ≥ 100,000 sticks
  - 14 July 2024 South Korea Drugs (Methamphetamine) 12.5 kg, Air, suitcase lining — Record K4, data/kr.csv:5
  - 14 July 2024 Vietnam Drugs (Heroin) 10 kg, Land — Record V4, data/vn.csv:5
  - 15 July 2024 South Korea Tobacco (Cigarettes) 120,000 sticks, Sea, container — Record K6, data/kr.csv:7

== Records rejected in the window ==
Placed by the date in the rejected row; a record may have several reasons.
  Same id, different content: 1
  Invalid quantity: 1
  Required field missing: 1
  Unknown route: 1
  - data/kr.csv:13 (14 July 2024): Same id, different content
  - data/th.yaml:10 (14 July 2024): Unknown route
  - data/kr.csv:8 (15 July 2024): Invalid quantity
  - data/vn.csv:8 (15 July 2024): Required field missing
Rejected records that cannot be placed (undated):
Their date is missing or unreadable, or the row itself is malformed, so they cannot be placed in or out of the window: they are listed in every summary until they are corrected.
  - data/kr.csv:10: Invalid date
  - data/kr.csv:12: Wrong number of fields
  - data/vn.csv:9: Required field missing

== Participants that sent nothing in the window ==
Thailand (TH), Laos (LA)

All data read (every date): Read 24 = Accepted 14 + Rejected 8 + Duplicates 1 + Out of scope 1
`;

describe('campaign-report summary', () => {
  // Independent runs, started together.
  const s = campaignCopy();
  const a = campaignCopy();
  const b = campaignCopy();
  const v = campaignCopy();
  const y = campaignCopy();
  const o = campaignCopy();
  const runs = {
    stdout: cli(s, ['summary', ...WINDOW, '--quiet']),
    filesA: cli(a, ['summary', '--out', 'reports/nightly-{date}-{phase}-{campaign}.md', '--format', 'md,html,txt'], { SOURCE_DATE_EPOCH: JUL15 }),
    filesB: cli(b, ['summary', '--out', 'reports/nightly-{date}-{phase}-{campaign}.md', '--format', 'md,html,txt'], { SOURCE_DATE_EPOCH: JUL15 }),
    vi: cli(v, ['summary', ...WINDOW, '--locale', 'vi', '--quiet']),
    yesterday: cli(y, ['summary', '--since', 'yesterday', '--quiet'], { SOURCE_DATE_EPOCH: JUL16 }),
    outsidePhases: cli(o, ['summary', '--since', '2024-08-01', '--until', '2024-08-10', '--format', 'md', '--quiet']),
  };

  it('prints the exact one-page text summary of the window to stdout (exit 0), messages to stderr', async () => {
    const r = await runs.stdout;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(EXPECTED_TXT);
    // --quiet: the errors and the buckets line only
    expect(r.stderr).toContain('error data/kr.csv:8: [INVALID_QUANTITY]');
    expect(r.stderr).not.toContain('warning');
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('read 24 = accepted 14 + rejected 8 + duplicates 1 + out_of_scope 1 (outside phases 1, commodity 0, other phase 0)');
  });

  it('--out PATTERN writes one file per format, named by {date}, {phase}, {campaign}; nothing else is left in the folder', async () => {
    const r = await runs.filesA;
    expect(r.code).toBe(0);
    const dir = join(a, 'reports');
    const base = 'nightly-2024-07-15-jul-night-watch';
    expect(readdirSync(dir).sort()).toEqual([`${base}.html`, `${base}.md`, `${base}.txt`]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote reports/${base}.md`);
    // 24h with SOURCE_DATE_EPOCH on 15 July: the same window as 14..15, plus the "generated" date.
    const txt = readFileSync(join(dir, `${base}.txt`), 'utf8');
    expect(txt).toBe(EXPECTED_TXT.replace('Phase: July, day 15 of 31\n', 'Phase: July, day 15 of 31\nGenerated: 15 July 2024\n'));
    const md = readFileSync(join(dir, `${base}.md`), 'utf8');
    expect(md).toContain('| Window | 14 July 2024 – 15 July 2024 (2 days) |');
    expect(md).toContain('| Drugs | 3 | 4 | 23 kg<br>2 l |');
    expect(md).toContain('| **Cases** | **8** | 3 | +166.7 % |');
    expect(md).toContain('| Drugs | 6 | +200 % | 7 | +133.3 % | 51.2 kg | +1,180 % |');
    expect(md).toContain('| 14 July 2024 | South Korea | Drugs | Methamphetamine | Air | 12.5 kg | suitcase lining | K4 | data/kr.csv:5 |');
    expect(md).toContain('| data/th.yaml:10 | 14 July 2024 | Unknown route |');
    expect(md).toContain('| data/kr.csv:12 | Wrong number of fields |');
    expect(md).toContain('Thailand (TH), Laos (LA)');
    const html = readFileSync(join(dir, `${base}.html`), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<td>data/kr.csv:13</td><td>14 July 2024</td><td>Same id, different content</td>');
    expect(html).not.toMatch(/<script/i);
    // the last-run state, beside the campaign file, per --out pattern
    expect(state(a)).toEqual({ schemaVersion: 1, summary: { 'reports/nightly-{date}-{phase}-{campaign}.md': { since: '2024-07-14', until: '2024-07-15', ranOn: '2024-07-15' } } });
  });

  it('with SOURCE_DATE_EPOCH, two runs give byte-identical files', async () => {
    const [ra, rb] = await Promise.all([runs.filesA, runs.filesB]);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    const names = readdirSync(join(a, 'reports')).sort();
    expect(readdirSync(join(b, 'reports')).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(join(b, 'reports', n)).equals(readFileSync(join(a, 'reports', n)))).toBe(true);
  });

  it('--locale vi: the same figures with Vietnamese labels, numbers and dates, no English label left', async () => {
    const r = await runs.vi;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Operation Night Watch — Báo cáo tóm tắt hằng ngày');
    expect(r.stdout).toContain('Khoảng thời gian: 14 tháng 7 năm 2024 – 15 tháng 7 năm 2024 (2 ngày)');
    expect(r.stdout).toContain('219.999');
    expect(r.stdout).toContain('51,2 kg');
    const en = JSON.parse(readFileSync(join(ROOT, 'templates/locales/en.json'), 'utf8')) as { labels: Record<string, string> };
    const vi = JSON.parse(readFileSync(join(ROOT, 'templates/locales/vi.json'), 'utf8')) as { labels: Record<string, string> };
    for (const [k, text] of Object.entries(en.labels).filter(([key]) => key.startsWith('summary'))) {
      expect(vi.labels[k], k).toBeTruthy();
      expect(vi.labels[k], k).not.toBe(text);
      if (text.length > 4) expect(r.stdout, k).not.toContain(text.replace(/\{.*$/, ''));
    }
  });

  it('--since yesterday: the day before today (UTC) alone', async () => {
    const r = await runs.yesterday;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Window: 15 July 2024 – 15 July 2024 (1 days)');
    // 15 July: K6 (KC5), K10 (KC7), V5 (VC4)
    expect(r.stdout).toContain('Cases: 3 · Seizures: 3');
    expect(r.stdout).toContain('  - 15 July 2024 South Korea Tobacco (Cigarettes) 120,000 sticks');
    expect(r.stdout).not.toContain('12.5 kg');
  });

  it('a window that ends outside every phase says there are no phase totals', async () => {
    const r = await runs.outsidePhases;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Phase | none \\(the last day of the window is in no phase\\) |');
    expect(r.stdout).toContain('The last day of the window is in no phase: there are no phase totals.');
    expect(r.stdout).toContain('No accepted seizure is dated in the window.');
    expect(r.stdout).toContain('Vietnam (VN), South Korea (KR), Thailand (TH), Laos (LA)');
  });

  it('--since last-run: from the last successful run, which a failed run (--max-rejected) does not move', async () => {
    const d = campaignCopy();
    const out = ['--out', 'out/n-{date}.txt'];
    const first = await cli(d, ['summary', ...out, '--quiet'], { SOURCE_DATE_EPOCH: JUL15 });
    expect(first.code).toBe(0);
    // 15 July was still running when the first run ended it: it is summarised again.
    const second = await cli(d, ['summary', '--since', 'last-run', ...out, '--quiet'], { SOURCE_DATE_EPOCH: JUL17 });
    expect(second.code).toBe(0);
    expect(readFileSync(join(d, 'out/n-2024-07-17.txt'), 'utf8')).toContain('Window: 15 July 2024 – 17 July 2024 (3 days)');
    const saved = readFileSync(join(d, '.campaign-report-state.json'));
    expect(state(d).summary['out/n-{date}.txt']).toEqual({ since: '2024-07-15', until: '2024-07-17', ranOn: '2024-07-17' });
    // 8 rejected > 7: exit 1, the summary is still written, the state is not updated.
    const failed = await cli(d, ['summary', '--since', 'last-run', '--until', '2024-07-20', ...out, '--quiet', '--max-rejected', '7'], { SOURCE_DATE_EPOCH: JUL17 });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('[MAX_REJECTED]');
    expect(existsSync(join(d, 'out/n-2024-07-20.txt'))).toBe(true);
    expect(readFileSync(join(d, '.campaign-report-state.json')).equals(saved)).toBe(true);
    // A different --out pattern keeps its own last run: none yet, so the last 24h, with a warning.
    const other = await cli(d, ['summary', '--since', 'last-run', '--until', '2024-07-15'], { SOURCE_DATE_EPOCH: JUL17 });
    expect(other.code).toBe(0);
    expect(other.stderr).toContain('warning: no successful run recorded for --out (stdout)');
    expect(other.stdout).toContain('Window: 14 July 2024 – 15 July 2024 (2 days)');
  });

  it('usage errors exit 2 before reading data; a thresholds: entry is validated with its key path', async () => {
    const d = campaignCopy();
    const yaml = readFileSync(join(d, 'campaign.yaml'), 'utf8');
    writeFileSync(join(d, 'bad-unit.yaml'), yaml.replace('drugs: { kg: 10 }', 'drugs: { g: 10 }'));
    writeFileSync(join(d, 'bad-commodity.yaml'), yaml.replace('drugs: { kg: 10 }', 'weapons: { kg: 10 }'));
    writeFileSync(join(d, 'bad-value.yaml'), yaml.replace('drugs: { kg: 10 }', 'drugs: { kg: -1 }'));
    const [since, formats, placeholder, reversed, unit, commodity, value] = await Promise.all([
      cli(d, ['summary', '--since', 'last-week']),
      cli(d, ['summary', '--format', 'md,html']),
      cli(d, ['summary', '--out', 'r/{day}.md']),
      cli(d, ['summary', '--since', '2024-07-16', '--until', '2024-07-15']),
      cli(d, ['summary', '--campaign', 'bad-unit.yaml']),
      cli(d, ['summary', '--campaign', 'bad-commodity.yaml']),
      cli(d, ['summary', '--campaign', 'bad-value.yaml']),
    ]);
    for (const r of [since, formats, placeholder, reversed, unit, commodity, value]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain('read ');
    }
    expect(since.stderr).toContain('expected 24h, yesterday, last-run or a date as yyyy-MM-dd');
    expect(formats.stderr).toContain('several formats need --out');
    expect(placeholder.stderr).toContain('unknown placeholder {day}');
    expect(reversed.stderr).toContain('--since 2024-07-16 is after --until 2024-07-15');
    expect(unit.stderr).toMatch(/thresholds\.drugs \(line \d+\): unknown key\(s\) "g"/);
    expect(commodity.stderr).toMatch(/thresholds.*weapons/);
    expect(value.stderr).toMatch(/thresholds\.drugs\.kg/);
    expect(existsSync(join(d, '.campaign-report-state.json'))).toBe(false);
  });
});
