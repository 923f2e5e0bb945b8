/**
 * Faults around the run: a full disk (standard output, and a small tmpfs under
 * the output folder), an output path that cannot be a folder, a browser that
 * dies at start or in the middle of the PDFs, an input truncated, appended to,
 * unlinked or gone while it is read.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/campaign-report.js');
const CAMPAIGN = path.join(ROOT, 'fixtures/example/campaign.yaml');
const dir = mkdtempSync(path.join(tmpdir(), 'faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], opts: { env?: NodeJS.ProcessEnv; stdoutFd?: number } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...opts.env },
    stdio: ['ignore', opts.stdoutFd ?? 'pipe', 'pipe'],
  });
  expect(r.stderr).not.toMatch(/^\s+at /m); // never a stack trace
  return { code: r.status, stderr: r.stderr };
}

describe('faults', () => {
  it.runIf(existsSync('/dev/full'))('a full disk on stdout (ENOSPC) is exit 6, not a silent success', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = run(['aggregate', '--campaign', CAMPAIGN, '-q'], { stdoutFd: fd });
      expect(r.code).toBe(6);
      expect(r.stderr).toContain('cannot write to standard output: ENOSPC');
    } finally {
      closeSync(fd);
    }
  });

  it('an output path below a file is exit 6 with the path named, for build and aggregate', () => {
    writeFileSync(path.join(dir, 'not-a-folder'), 'x');
    const b = run(['build', '--campaign', CAMPAIGN, '-q', '--out', 'not-a-folder/reports']);
    expect(b.code).toBe(6);
    expect(b.stderr).toMatch(/OUTPUT_UNWRITABLE.*not-a-folder\/reports.*ENOTDIR/);
    const a = run(['aggregate', '--campaign', CAMPAIGN, '-q', '--out', 'not-a-folder/x.csv']);
    expect(a.code).toBe(6);
    expect(a.stderr).toMatch(/cannot write .*not-a-folder\/x\.csv: (ENOTDIR|EEXIST)/);
  });

  it('a browser that dies at start: exit 5, Markdown and HTML written, no PDF and no temp file', () => {
    const out = path.join(dir, 'reports');
    const r = run(['build', '--campaign', CAMPAIGN, '-q', '--phase', 'p1', '--format', 'md,html,pdf', '--out', out], { env: { PUPPETEER_EXECUTABLE_PATH: '/bin/false' } });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('BROWSER_NOT_FOUND');
    expect(readdirSync(out).sort()).toEqual(['op-mekong-shield-p1-charts', 'op-mekong-shield-p1.html', 'op-mekong-shield-p1.md']);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts the built CLI in `cwd` (environment: PATH and `env` only); `done` resolves when it exits. */
function start(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Run> } {
  const started = startCli(cwd, args, { PATH: process.env.PATH ?? '', ...env });
  children.push(started.child);
  return started;
}

/** The lines of stderr that are not diagnostics of the data (`error data/…`, `warning …`). */
function messages(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l !== '' && !/^(error|warning) (data\/|\S+:\d+:)/.test(l) && !l.startsWith('threads: '));
}

/** What a failed run must look like: one error line (and its hint), never a stack trace. */
function expectOneError(stderr: string, line: RegExp): void {
  expect(stderr).not.toMatch(/^ {4}at /m);
  const errors = stderr.split('\n').filter((l) => l.startsWith('campaign-report: '));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(line);
}

/** Polls until `test()` holds; fails when `child` exits first or after `ms`. */
async function until(what: string, child: ChildProcess, test: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the run ended before ${what}`);
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The read offset of `pid`'s open descriptor of `file` (Linux /proc), or -1 while it has none. */
function readOffset(pid: number, file: string): number {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== file) continue;
        return Number(/^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? -1);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // not started yet, or gone
  }
  return -1;
}

/** Every file under `d` (relative path → bytes), folders and dot files included. */
function snapshot(d: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const e of readdirSync(path.join(d, sub))) {
      const rel = path.join(sub, e);
      if (statSync(path.join(d, rel)).isDirectory()) walk(rel);
      else m.set(rel, readFileSync(path.join(d, rel)));
    }
  };
  walk('');
  return m;
}

describe('an input that changes while it is read', () => {
  // 500,000 rows (about 42 MB) in data/big.csv, then 1 in data/small.csv: big.csv takes a
  // second or two to read, long enough to change it under the reader at a known offset.
  const camp = path.join(dir, 'big');
  const big = path.join(camp, 'data/big.csv');
  const small = path.join(camp, 'data/small.csv');
  const HEADER = 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country,case_id,concealment\n';
  const ROWS = 500_000;
  const parts = [HEADER];
  for (let i = 1; i <= ROWS; i++) parts.push(`B${i},2024-07-${String(1 + (i % 28)).padStart(2, '0')},KR,drugs,methamphetamine,${1 + (i % 9)}.5,kg,air,TH,KR,C${i},luggage lining\n`);
  const bigBytes = Buffer.from(parts.join(''));
  const SIZE = bigBytes.length;
  /** Where the change happens: well into the file, well before its end. */
  const AT = 4 << 20;
  const ALL = `read ${ROWS + 1} = accepted ${ROWS + 1} + rejected 0 + duplicates 0 + out_of_scope 0`;
  mkdirSync(path.join(camp, 'data'), { recursive: true });
  writeFileSync(path.join(camp, 'campaign.yaml'), 'campaign:\n  id: big\n  name: Big\n  participants: [KR]\nphases:\n  - { id: jul, name: July, start: 2024-07-01, end: 2024-07-31 }\nsources:\n  - path: data/big.csv\n  - path: data/small.csv\n');
  const fresh = () => {
    writeFileSync(big, bigBytes);
    writeFileSync(small, `${HEADER}S1,2024-07-02,KR,drugs,heroin,1,kg,air,TH,KR,SC1,\n`);
  };
  /** Runs `args` on the campaign and calls `change` once the reader is AT bytes into big.csv. */
  /**
   * On one thread the reader's file position says how far it is; on several (the default for
   * big.csv's 42 MB) ranges are read with positioned reads, and the debug lines say when the
   * second unit (4 to 8 MB in) has been read.
   */
  async function changeWhileReading(args: string[], change: () => void, env: NodeJS.ProcessEnv = { CAMPAIGN_REPORT_THREADS: '2' }): Promise<Run> {
    fresh();
    const file = realpathSync(big);
    const oneThread = env.CAMPAIGN_REPORT_THREADS === '1';
    const r = start(camp, [...args, '--campaign', 'campaign.yaml', '-q'], oneThread ? env : { ...env, CAMPAIGN_REPORT_DEBUG_PARALLEL: '1' });
    let stderr = '';
    r.child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    if (oneThread) await until(`big.csv was read to ${AT} bytes`, r.child, () => readOffset(r.child.pid!, file) >= AT);
    else await until('big.csv had a unit read past its first', r.child, () => /^threads: unit [1-9]\d*: /m.test(stderr));
    change();
    return r.done;
  }

  it('untouched: every record is read (the figures the cases below are measured against)', async () => {
    fresh();
    const r = await start(camp, ['validate', '--campaign', 'campaign.yaml', '-q']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(messages(r.stderr)).toEqual([ALL]);
  });

  // Truncated behind the reader (it has read more than the file now holds), to nothing, or ahead of
  // it in the middle of a line (it would reach the new end without an error and count a cut row):
  // the figures would be of neither version, so the run stops, claims no buckets, exit 3.
  it.each([
    ['behind the reader', () => AT / 2],
    ['to 0 bytes', () => 0],
    ['ahead of the reader, in the middle of a line', () => AT + (2 << 20) + 37],
  ].flatMap(([what, to]) => [[what as string, to as () => number, '1'], [what as string, to as () => number, '2']] as [string, () => number, string][]))('truncated %s while validate reads it on %s thread(s): exit 3 naming the file, no buckets claimed', async (_what, to, threads) => {
    const size = to();
    const r = await changeWhileReading(['validate'], () => truncateSync(big, size), { CAMPAIGN_REPORT_THREADS: threads });
    expect(r.code).toBe(3);
    expectOneError(r.stderr, new RegExp(`^campaign-report: error \\[INPUT_UNREADABLE\\]: source data/big\\.csv changed while it was read \\(${SIZE} bytes when opened, ${size} at the end(, \\d+ read)?\\): its figures would be of neither version$`));
    expect(r.stderr).toContain('hint: run again once the export is complete');
    expect(r.stderr).not.toMatch(/^read \d+ = /m);
  });

  it('appended to while validate reads it (an export still being written): exit 3', async () => {
    const r = await changeWhileReading(['validate'], () => appendFileSync(big, 'B0,2024-07-02,KR,drugs,heroin,1,kg,air,TH,KR,C0,\n'));
    expect(r.code).toBe(3);
    expectOneError(r.stderr, new RegExp(`^campaign-report: error \\[INPUT_UNREADABLE\\]: source data/big\\.csv changed while it was read \\(${SIZE} bytes when opened, ${SIZE + 49} at the end(, \\d+ read)?\\)`));
  });

  it('truncated while aggregate --out runs: exit 3, the previous output intact, no temp file', async () => {
    const out = path.join(camp, 'out');
    fresh();
    const first = await start(camp, ['aggregate', '--campaign', 'campaign.yaml', '-q', '--out', 'out/agg.csv', '--report-json', 'out/report.json']).done;
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(out);
    expect([...before.keys()].sort()).toEqual(['agg.csv', 'report.json']);
    const r = await changeWhileReading(['aggregate', '--out', 'out/agg.csv', '--report-json', 'out/report.json'], () => truncateSync(big, AT / 2));
    expect(r.code).toBe(3);
    expectOneError(r.stderr, /^campaign-report: error \[INPUT_UNREADABLE\]: source data\/big\.csv changed while it was read/);
    expect(r.stdout).toBe('');
    const after = snapshot(out);
    expect([...after.keys()].sort()).toEqual(['agg.csv', 'report.json']);
    for (const [k, bytes] of before) expect(after.get(k)!.equals(bytes), k).toBe(true);
  });

  it('unlinked while validate reads it: the open file keeps its data and is read whole, exit 0', async () => {
    const r = await changeWhileReading(['validate'], () => unlinkSync(big));
    expect(existsSync(big)).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(messages(r.stderr)).toEqual([ALL]);
  });

  // With threads, a worker may open small.csv before big.csv is read: gone *before it is opened*
  // is what these two pin, so they read on one thread.
  it('a source gone between loading the campaign file and opening it: exit 3 naming it', async () => {
    const r = await changeWhileReading(['validate'], () => unlinkSync(small), { CAMPAIGN_REPORT_THREADS: '1' });
    expect(r.code).toBe(3);
    expectOneError(r.stderr, /^campaign-report: error \[INPUT_NOT_FOUND\]: source data\/small\.csv is gone: it was there when the campaign file was read, not when it was to be read \(ENOENT\)$/);
    expect(r.stderr).not.toMatch(/^read \d+ = /m);
  });

  it('a YAML source gone between loading the campaign file and opening it: exit 3 naming it, as for CSV', async () => {
    fresh();
    const yaml = path.join(camp, 'data', 'small.yaml');
    writeFileSync(yaml, '- { id: Y1, date: 2024-07-02, reporting_country: KR, commodity: drugs, quantity: 1, unit: kg, route: air }\n');
    writeFileSync(path.join(camp, 'campaign-yaml.yaml'), 'campaign:\n  id: big\n  name: Big\n  participants: [KR]\nphases:\n  - { id: jul, name: July, start: 2024-07-01, end: 2024-07-31 }\nsources:\n  - path: data/big.csv\n  - path: data/small.yaml\n');
    const file = realpathSync(big);
    const r = start(camp, ['validate', '--campaign', 'campaign-yaml.yaml', '-q'], { CAMPAIGN_REPORT_THREADS: '1' });
    await until(`big.csv was read to ${AT} bytes`, r.child, () => readOffset(r.child.pid!, file) >= AT);
    unlinkSync(yaml);
    const done = await r.done;
    expect(done.code).toBe(3);
    expectOneError(done.stderr, /^campaign-report: error \[INPUT_NOT_FOUND\]: source data\/small\.yaml is gone: it was there when the campaign file was read, not when it was to be read \(ENOENT\)$/);
  });
});

describe('a browser that dies in the middle of the PDFs', () => {
  const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH && existsSync(process.env.PUPPETEER_EXECUTABLE_PATH) ? process.env.PUPPETEER_EXECUTABLE_PATH : '/usr/bin/chromium';

  it('killed after the first PDF: exit 5 naming the PDF, Markdown and HTML published, the previous PDFs intact, no temp file', async () => {
    const out = path.join(dir, 'crash');
    const args = ['build', '--campaign', CAMPAIGN, '-q', '--all-phases', '--format', 'md,html,pdf', '--out', out];
    // 1. A complete first set, PDFs included (15 July 2024).
    const first = await start(dir, args, { HOME: dir, PUPPETEER_EXECUTABLE_PATH: CHROMIUM, SOURCE_DATE_EPOCH: '1721001600' }).done;
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(out);
    const pdfs = [...before.keys()].filter((k) => k.endsWith('.pdf')).sort();
    expect(pdfs).toEqual(['op-mekong-shield-p1.pdf', 'op-mekong-shield-p2.pdf', 'op-mekong-shield-p3.pdf']);

    // 2. The same build a day later through a browser that records its pid and becomes the real one
    // (exec: same pid; Puppeteer starts it as a process group leader).
    const fake = path.join(dir, 'fake-chromium.sh');
    writeFileSync(fake, `#!/bin/sh\necho $$ > "$0.pid"\nexec '${CHROMIUM}' "$@"\n`);
    chmodSync(fake, 0o755);
    const r = start(dir, args, { HOME: dir, PUPPETEER_EXECUTABLE_PATH: fake, SOURCE_DATE_EPOCH: '1721088000' });
    // Phase 2's HTML is staged after phase 1's PDF was made: the browser is up and has worked.
    const staged = (f: string) => readdirSync(out).some((e) => e.startsWith('.campaign-report-staging-') && existsSync(path.join(out, e, f)));
    await until("phase 2's HTML to be staged", r.child, () => staged('op-mekong-shield-p2.html'));
    expect(staged('op-mekong-shield-p1.pdf')).toBe(true);
    // Kill the browser's whole group at once: it is about to make phase 2's PDF (or making it). No
    // wait here, so a fast machine cannot finish the build first.
    process.kill(-Number(readFileSync(`${fake}.pid`, 'utf8')), 'SIGKILL');
    const done = await r.done;

    expect(done.code).toBe(5);
    expectOneError(done.stderr, new RegExp(`^campaign-report: error \\[BROWSER_CRASHED\\]: cannot write ${out}/op-mekong-shield-p[23]\\.pdf: the browser ${fake} (died|failed) while making the PDF \\(.+\\); no PDF of this run is published$`));
    const after = snapshot(out);
    // The same files (no PDF missing, no staging folder, no lock, no temp file) ...
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    // ... the previous run's PDFs byte for byte (not phase 1's new one beside the old ones) ...
    for (const k of pdfs) expect(after.get(k)!.equals(before.get(k)!), k).toBe(true);
    // ... and this run's Markdown and HTML.
    for (const p of ['p1', 'p2', 'p3']) {
      expect(after.get(`op-mekong-shield-${p}.md`)!.toString()).toContain('| Generated | 16 July 2024 |');
      expect(after.get(`op-mekong-shield-${p}.html`)!.equals(before.get(`op-mekong-shield-${p}.html`)!)).toBe(false);
    }
  });
});

/** A 640 KiB tmpfs (one report set fits, two do not) under the output folder (root only: CI runs as root). */
const FULL = path.join(dir, 'full');
mkdirSync(FULL);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=640k', 'tmpfs', FULL], { encoding: 'utf8' });
const noMount = mounted.status === 0 ? undefined : `cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || `exit ${mounted.status}`).trim()}); run as root`;
afterAll(() => {
  if (!noMount && spawnSync('umount', [FULL]).status !== 0) spawnSync('umount', ['-l', FULL]);
});

describe('a full disk under the output folder', () => {
  it.skipIf(noMount !== undefined)(`build and aggregate --out: exit 6 naming the path and ENOSPC, no partial file, previous outputs intact, lock released${noMount ? ` — skipped: ${noMount}` : ''}`, () => {
    const reports = path.join(FULL, 'reports');
    const agg = path.join(FULL, 'agg.csv');
    const build = (epoch: string) => run(['build', '--campaign', CAMPAIGN, '-q', '--phase', 'p1', '--format', 'md,html', '--out', reports], { env: { SOURCE_DATE_EPOCH: epoch } });
    const aggregate = () => run(['aggregate', '--campaign', CAMPAIGN, '-q', '--by', 'commodity,route,country,month', '--out', agg]);

    // 1. A first report set (about 400 KiB with its 16 charts and route map) and table fit.
    expect(build('1721001600').code).toBe(0);
    expect(aggregate().code).toBe(0);
    const before = snapshot(FULL);
    const published = [...before.keys()].sort();
    expect(published).toContain('agg.csv');
    expect(published).toContain('reports/op-mekong-shield-p1.md');
    const intact = () => {
      const now = snapshot(FULL);
      expect([...now.keys()].sort()).toEqual(published); // no staging folder, lock or temp file
      for (const [k, bytes] of before) expect(now.get(k)!.equals(bytes), k).toBe(true);
    };

    // 2. A second set does not: staging it runs out of space.
    const b = build('1721088000');
    expect(b.code).toBe(6);
    expectOneError(b.stderr, new RegExp(`^campaign-report: error \\[OUTPUT_UNWRITABLE\\]: cannot write ${reports}/op-mekong-shield-p1[^:]*: ENOSPC \\(disk full\\)$`));
    intact();

    // 3. The disk filled to the last byte: aggregate cannot write its table, build cannot even take the lock.
    const filler = path.join(FULL, 'filler');
    const dd = spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { encoding: 'utf8' });
    expect(dd.stderr).toContain('No space left on device');
    published.push('filler');
    published.sort();
    before.set('filler', readFileSync(filler));
    const a = aggregate();
    expect(a.code).toBe(6);
    expectOneError(a.stderr, new RegExp(`^campaign-report: error \\[OUTPUT_UNWRITABLE\\]: cannot write ${agg}: ENOSPC \\(disk full\\)$`));
    const l = build('1721088000');
    expect(l.code).toBe(6);
    expectOneError(l.stderr, new RegExp(`^campaign-report: error \\[OUTPUT_UNWRITABLE\\]: cannot create lock ${reports}/\\.campaign-report\\.lock: ENOSPC \\(disk full\\)$`));
    intact();

    // 4. Space again (the filler removed, the file system grown): the next build runs at once, no lock left behind.
    rmSync(filler);
    expect(spawnSync('mount', ['-o', 'remount,size=1m', FULL]).status).toBe(0);
    const next = build('1721088000');
    expect(next.code, next.stderr).toBe(0);
    expect(readFileSync(path.join(reports, 'op-mekong-shield-p1.md'), 'utf8')).toContain('| Generated | 16 July 2024 |');
    expect(readdirSync(reports).filter((e) => e.startsWith('.'))).toEqual([]);
  });
});
