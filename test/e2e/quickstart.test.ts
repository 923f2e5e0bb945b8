/**
 * End-to-end: `npm run quickstart` (its script, scripts/quickstart.mjs, after
 * the build) on a machine with no browser for PDF output and no way to download
 * one, and `campaign-report build` in the same state.
 *
 * "No browser" on a machine that has /usr/bin/chromium: PUPPETEER_EXECUTABLE_PATH
 * removed, Puppeteer's cache an empty folder (PUPPETEER_CACHE_DIR), and the
 * system-Chromium list of the lookup emptied (CAMPAIGN_REPORT_SYSTEM_BROWSERS='').
 * "No download": Puppeteer's download base URL points at a local server that
 * answers 404 to everything and records what was asked (so the test knows the
 * installer really tried). PUPPETEER_SKIP_DOWNLOAD=false overrides
 * .puppeteerrc.cjs, which sees the real /usr/bin/chromium and would turn
 * Puppeteer's downloads off.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, type CliResult } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

const QUICKSTART = join(ROOT, 'scripts/quickstart.mjs');
const CAMPAIGN = 'fixtures/example/campaign.yaml';
const BASE = 'op-mekong-shield';
const PHASES = ['p1', 'p2', 'p3'];
const APT_LINE = 'apt-get install chromium fonts-noto-core fonts-noto-cjk';
const PUPPETEER_LINE = 'npx puppeteer browsers install chrome-headless-shell';

let server: Server;
const requests: string[] = [];
let home: string;
let cache: string;

/** The environment of a machine without a browser; `extra` on top. */
function noBrowserEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['PUPPETEER_EXECUTABLE_PATH', 'FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[k];
  const { port } = server.address() as AddressInfo;
  return {
    ...env,
    HOME: home,
    PUPPETEER_CACHE_DIR: cache,
    CAMPAIGN_REPORT_SYSTEM_BROWSERS: '',
    PUPPETEER_SKIP_DOWNLOAD: 'false',
    PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL: `http://127.0.0.1:${port}`,
    SOURCE_DATE_EPOCH: '1700000000',
    ...extra,
  };
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

let quick: CliResult;
let quickOut: string;
let skipped: CliResult;
let skippedRequests: string[];
let built: CliResult;
let builtOut: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  home = tempDir({}, 'cr-quickstart-');
  cache = join(home, 'puppeteer-cache');
  mkdirSync(cache);
  quickOut = join(home, 'quick');
  builtOut = join(home, 'built');
  // The download is tried first, alone, so the requests it made are its own.
  quick = await run([QUICKSTART, '--out', quickOut], noBrowserEnv());
  const before = requests.length;
  [built, skipped] = await Promise.all([
    run([BIN, 'build', '--campaign', CAMPAIGN, '--phase', 'p1', '--format', 'md,html,pdf', '--out', builtOut], noBrowserEnv()),
    run([QUICKSTART, '--out', join(home, 'skipped')], noBrowserEnv({ PUPPETEER_SKIP_DOWNLOAD: 'true' })),
  ]);
  skippedRequests = requests.slice(before);
});

afterAll(() => {
  server?.close();
  cleanupTempDirs();
});

describe('quick start without a browser, offline', () => {
  it('tries Puppeteer\'s installer for chrome-headless-shell at the configured base URL, once', () => {
    expect(requests.length).toBe(1);
    expect(requests[0]).toMatch(/^GET \/[\d.]+\/[a-z0-9-]+\/chrome-headless-shell-[a-z0-9-]+\.zip$/);
    expect(quick.stderr).toContain('installing Puppeteer\'s chrome-headless-shell');
  });

  it('exits 0, having written the Markdown and HTML of every phase and no PDF', () => {
    expect(quick.code, quick.stderr).toBe(0);
    const files = readdirSync(quickOut);
    for (const p of PHASES) {
      expect(files).toContain(`${BASE}-${p}.md`);
      expect(files).toContain(`${BASE}-${p}.html`);
    }
    expect(files.filter((f) => f.endsWith('.pdf'))).toEqual([]);
  });

  it('writes the same reports as `build` does', () => {
    for (const ext of ['md', 'html']) {
      expect(readFileSync(join(quickOut, `${BASE}-p1.${ext}`), 'utf8')).toBe(readFileSync(join(builtOut, `${BASE}-p1.${ext}`), 'utf8'));
    }
  });

  it('ends with one paragraph: why there are no PDFs and how to get them', () => {
    const last = quick.stderr.trimEnd().split('\n').pop()!;
    expect(last).toMatch(/^No PDFs: no browser for PDF output was found .*could not be downloaded \(.*404.*\)\. /);
    expect(last).toContain(`The Markdown and HTML reports are written to ${quickOut}.`);
    expect(last).toContain(APT_LINE);
    expect(last).toContain(PUPPETEER_LINE);
    expect(quick.stderr).not.toContain('BROWSER_NOT_FOUND');
  });

  it('leaves no partial download in Puppeteer\'s cache', () => {
    expect(filesUnder(cache).filter((f) => f.endsWith('.zip'))).toEqual([]);
  });
});

describe('quick start with Puppeteer\'s downloads turned off (PUPPETEER_SKIP_DOWNLOAD=true)', () => {
  it('does not try to download, writes Markdown and HTML, says so, exits 0', () => {
    expect(skippedRequests).toEqual([]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(existsSync(join(home, 'skipped', `${BASE}-p3.html`))).toBe(true);
    const last = skipped.stderr.trimEnd().split('\n').pop()!;
    expect(last).toContain('Puppeteer\'s browser downloads are turned off (PUPPETEER_SKIP_DOWNLOAD)');
    expect(last).toContain(APT_LINE);
  });
});

describe('`build` in the same state', () => {
  it('still exits 5 (BROWSER_NOT_FOUND), with Markdown and HTML written', () => {
    expect(built.code, built.stderr).toBe(5);
    expect(built.stderr).toContain('BROWSER_NOT_FOUND');
    expect(readdirSync(builtOut).sort()).toEqual(expect.arrayContaining([`${BASE}-p1.html`, `${BASE}-p1.md`]));
  });
});
