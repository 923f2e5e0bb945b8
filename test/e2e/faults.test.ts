/** Faults around the run: a full disk, an output path that cannot be a folder, a browser that dies. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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
