/**
 * End-to-end: the built CLI as cron and pipes see it — no TTY, stdin closed,
 * an environment of PATH and CI=true only — plus the output-folder lock (two
 * concurrent builds), a build killed with SIGKILL while writing (the previous
 * reports stay intact; the next run cleans up), --max-rejected and
 * --log-format json. Campaign: a copy of fixtures/summary (read 24, rejected 8).
 *
 * The "slow path" of the killed build is PDF output with a fake browser that
 * never answers (a shell script that sleeps), so no Chromium is needed and the
 * moment of the kill is known: Markdown and HTML are staged, PDF is pending.
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(ROOT, 'fixtures/summary');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const temps: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'cr-cron-'));
  temps.push(d);
  return d;
}
function campaignCopy(): string {
  const d = tmp();
  cpSync(FIXTURE, d, { recursive: true });
  return d;
}
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** Like cron: stdin closed, stdout and stderr pipes, the environment is exactly `env`. */
function start(cwd: string, args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<Run> } {
  const started = startCli(cwd, args, env);
  children.push(started.child);
  return started;
}
const CRON_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', CI: 'true' };
const run = (cwd: string, args: string[], env: Record<string, string> = {}) => start(cwd, args, { ...CRON_ENV, ...env }).done;

/** Every file under `dir` (relative path → bytes). */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

async function until(what: string, test: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cron-like runs: no TTY, closed stdin, PATH and CI=true only', () => {
  const dir = campaignCopy();
  const runs = Promise.all([
    run(dir, ['validate']),
    run(dir, ['aggregate', '--by', 'commodity']),
    run(dir, ['summary', '--since', '2024-07-14', '--until', '2024-07-15']),
    run(dir, ['build', '--format', 'md,html', '--out', 'reports']),
  ]);

  it('exit codes as documented, data on stdout only, no ANSI escapes, no progress bar, no prompt', async () => {
    const [validate, aggregate, summary, build] = await runs;
    expect(validate.code).toBe(1); // records were rejected
    expect(aggregate.code).toBe(0);
    expect(summary.code).toBe(0);
    expect(build.code).toBe(0);
    for (const r of [validate, aggregate, summary, build]) {
      expect(r.stdout).not.toMatch(ANSI);
      expect(r.stderr).not.toMatch(ANSI);
      expect(r.stderr).not.toContain('\r'); // a progress bar redraws with CR
      expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^read 24 = accepted 14 \+ rejected 8 \+ duplicates 1 \+ out_of_scope 1/);
    }
    expect(validate.stdout).toBe('');
    expect(build.stdout).toBe('');
    expect(aggregate.stdout.split('\n')[0]).toBe('commodity,unit,cases,seizures,quantity');
    expect(summary.stdout).toContain('Cases: 5 · Seizures: 6');
    // No SOURCE_DATE_EPOCH: no date of the run anywhere in the outputs.
    expect(summary.stdout).not.toContain('Generated');
    expect(readFileSync(join(dir, 'reports/night-watch-jul.md'), 'utf8')).not.toMatch(/Generated/);
    expect(readdirSync(join(dir, 'reports')).filter((e) => e.startsWith('.'))).toEqual([]);
  });
});

describe('--max-rejected N|P% (read 24, rejected 8)', () => {
  const dir = campaignCopy();
  const runs = Promise.all([
    run(dir, ['aggregate', '--max-rejected', '8', '--quiet']),
    run(dir, ['aggregate', '--max-rejected', '7', '--quiet']),
    run(dir, ['validate', '--max-rejected', '33.4%', '--quiet']),
    run(dir, ['validate', '--max-rejected', '33%', '--quiet']),
    run(dir, ['validate', '--max-rejected', 'many']),
  ]);

  it('exit 1 only when more were rejected than allowed, with a message on stderr; a bad limit is a usage error', async () => {
    const [n8, n7, p334, p33, bad] = await runs;
    expect(n8.code).toBe(0);
    expect(n7.code).toBe(1);
    expect(n7.stderr).toContain('campaign-report: error [MAX_REJECTED]: 8 records rejected (33.33% of 24 read): more than --max-rejected 7');
    expect(n7.stdout.split('\n')[0]).toBe('commodity,route,country,unit,cases,seizures,quantity'); // the data is still written
    expect(p334.code).toBe(0); // validate exits 0 with rejected records when within the limit
    expect(p33.code).toBe(1);
    expect(p33.stderr).toContain('more than --max-rejected 33%');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-rejected expects a whole number or a percentage');
  });
});

describe('--log-format json', () => {
  const dir = campaignCopy();
  const runs = Promise.all([
    run(dir, ['validate', '--log-format', 'json']),
    run(dir, ['summary', '--log-format=json', '--out', 'out/s-{date}.md', '--until', '2024-07-15']),
    run(dir, ['validate', '--log-format', 'json', '--campaign', 'missing.yaml']),
    run(dir, ['validate', '--log-format', 'json', '--no-such-flag']),
  ]);
  const lines = (s: string) => s.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('one JSON object per stderr line: diagnostics with code, file and line, then the buckets', async () => {
    const [validate, summary] = await runs;
    expect(validate.code).toBe(1);
    const events = lines(validate.stderr);
    const diagnostics = events.filter((e) => e.type === 'diagnostic');
    // 8 rejected rows, the duplicate, the date outside every phase, and "GBL" (not in the goods vocabulary: one warning for the file)
    expect(diagnostics).toHaveLength(11);
    expect(diagnostics.filter((d) => d.code === 'UNKNOWN_SUBTYPE')).toEqual([expect.objectContaining({ severity: 'warning', file: 'data/kr.csv', line: 11, field: 'subtype', value: 'GBL' })]);
    for (const d of diagnostics) expect(Object.keys(d)).toEqual(['type', 'severity', 'code', 'file', 'line', 'field', 'value', 'message', 'hint']);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'INVALID_QUANTITY', file: 'data/kr.csv', line: 8, field: 'quantity', value: 'abc' });
    expect(diagnostics.find((d) => d.code === 'UNKNOWN_ROUTE')).toMatchObject({ file: 'data/th.yaml', line: 10 });
    expect(events[events.length - 1]).toEqual({
      type: 'buckets',
      read: 24,
      accepted: 14,
      rejected: 8,
      duplicates: 1,
      out_of_scope: 1,
      out_of_scope_reasons: { outside_phases: 1, commodity: 0, other_phase: 0 },
      duplicate_reasons: { same_record: 1, superseded: 0 },
    });
    expect(summary.code).toBe(0);
    const s = lines(summary.stderr);
    expect(s.find((e) => e.type === 'message')).toEqual({ type: 'message', level: 'info', message: 'wrote out/s-2024-07-15.md', file: join(dir, 'out/s-2024-07-15.md') });
    expect(s[s.length - 1]!.type).toBe('buckets');
  });

  it('errors, and commander\'s usage errors, are JSON lines too', async () => {
    const [, , missing, flag] = await runs;
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual([{ type: 'error', code: 'CONFIG_NOT_FOUND', exit: 2, message: 'campaign file missing.yaml not found', hint: 'run `campaign-report init` to create one, or pass --campaign FILE' }]);
    expect(flag.code).toBe(2);
    for (const e of lines(flag.stderr)) expect(e).toMatchObject({ type: 'message', level: 'error' });
  });
});

describe('one run per output folder; a killed run leaves the previous reports intact', () => {
  it('concurrent build exits 7 at once; SIGKILL mid-write keeps the old set; the next run takes the stale lock over and cleans up', async () => {
    const dir = campaignCopy();
    const reports = join(dir, 'reports');
    const fake = join(tmp(), 'fake-chromium.sh');
    writeFileSync(fake, '#!/bin/sh\necho $$ > "$0.pid"\nexec sleep 30\n');
    chmodSync(fake, 0o755);

    // 1. A complete first set.
    const first = await run(dir, ['build', '--phase', 'jul', '--format', 'md,html', '--out', 'reports'], { SOURCE_DATE_EPOCH: '1721012400' });
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(reports);
    expect([...before.keys()].sort()).toContain('night-watch-jul.md');

    // 2. A second build (another date, so other bytes) that hangs in PDF output, holding the lock.
    const slow = start(dir, ['build', '--phase', 'jul', '--format', 'md,html,pdf', '--out', 'reports'], { ...CRON_ENV, SOURCE_DATE_EPOCH: '1721217600', PUPPETEER_EXECUTABLE_PATH: fake });
    const staging = () => readdirSync(reports).filter((e) => e.startsWith('.campaign-report-staging-'));
    await until('the slow build to stage its HTML', () => staging().some((s) => existsSync(join(reports, s, 'night-watch-jul.html'))));
    const staged = readFileSync(join(reports, staging()[0]!, 'night-watch-jul.md'));
    expect(staged.equals(before.get('night-watch-jul.md')!)).toBe(false);

    // 3. Two more builds while it runs: both exit 7 without waiting for it (text and JSON messages).
    const [second, secondJson] = await Promise.all([run(dir, ['build', '--phase', 'jul', '--format', 'md', '--out', 'reports']), run(dir, ['build', '--phase', 'jul', '--format', 'md', '--out', 'reports', '--log-format', 'json'])]);
    expect(slow.child.exitCode).toBeNull(); // still running: the others did not wait
    expect(second.code).toBe(7);
    expect(second.stderr).toContain('campaign-report: error [LOCKED]: output folder');
    expect(second.stderr).toContain(`held by pid ${slow.child.pid}`);
    expect(second.stderr).not.toContain('read 24');
    expect(secondJson.code).toBe(7);
    expect(JSON.parse(secondJson.stderr.trim())).toMatchObject({ type: 'error', code: 'LOCKED', exit: 7 });

    // 4. SIGKILL mid-write: the previous set is there, byte for byte, and nothing of the new one.
    slow.child.kill('SIGKILL');
    await slow.done;
    await until('the fake browser to have started', () => existsSync(`${fake}.pid`), 10_000).catch(() => {});
    if (existsSync(`${fake}.pid`)) {
      try {
        process.kill(Number(readFileSync(`${fake}.pid`, 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const after = snapshot(reports);
    const published = [...after.keys()].filter((k) => !k.startsWith('.campaign-report'));
    expect(published.sort()).toEqual([...before.keys()].sort());
    for (const [k, bytes] of before) expect(after.get(k)!.equals(bytes), k).toBe(true);
    expect(staging()).toHaveLength(1); // the killed run's unfinished set
    expect(existsSync(join(reports, '.campaign-report.lock'))).toBe(true); // its stale lock

    // 5. The next run takes the stale lock over, removes the leftover and publishes.
    const next = await run(dir, ['build', '--phase', 'jul', '--format', 'md,html', '--out', 'reports'], { SOURCE_DATE_EPOCH: '1721217600' });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`warning: took over the stale lock reports/.campaign-report.lock (pid ${slow.child.pid}`);
    expect(next.stderr).toContain('warning: settled 1 output set(s) left in reports by an interrupted run');
    expect(readdirSync(reports).filter((e) => e.startsWith('.'))).toEqual([]);
    expect(readFileSync(join(reports, 'night-watch-jul.md')).equals(staged)).toBe(true);
  });
});
