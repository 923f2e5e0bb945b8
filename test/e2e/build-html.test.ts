/**
 * End-to-end: the HTML that `campaign-report build` writes, opened in a real
 * headless Chromium (Puppeteer, /usr/bin/chromium), and the report-injection
 * fixture (fixtures/report-injection/): data values that are hostile in HTML,
 * Handlebars and Markdown must show literally, run nothing and fetch nothing.
 *
 * A local HTTP listener on 127.0.0.1 (random port) stands in for an attacker's
 * server: the fixture is copied to a temp folder with its port written into the
 * data, and the listener must see no request from building (md, html, pdf) or
 * from opening the HTML. A positive control proves the browser could reach it.
 *
 * Assumes the CLI is built (`npm test` builds first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/campaign-report.js');
const EXAMPLE = join(ROOT, 'fixtures/example/campaign.yaml');
const INJECTION = join(ROOT, 'fixtures/report-injection');
const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH && existsSync(process.env.PUPPETEER_EXECUTABLE_PATH) ? process.env.PUPPETEER_EXECUTABLE_PATH : '/usr/bin/chromium';

/** The few DOM types the page.evaluate callbacks use: they run in Chromium, and tsconfig has no DOM lib. */
interface DomAttr {
  name: string;
}
interface DomEl {
  tagName: string;
  textContent: string | null;
  attributes: Iterable<DomAttr>;
  getAttribute(name: string): string | null;
}
declare const document: {
  documentElement: { lang: string };
  title: string;
  body: { innerText: string };
  querySelector(sel: string): DomEl | null;
  querySelectorAll(sel: string): Iterable<DomEl> & { length: number };
};

/** Phase names of the injection fixture (see its campaign.yaml). */
const P1_NAME = "Pilot $& $' | `one` (July)";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['SOURCE_DATE_EPOCH', 'FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS', 'PUPPETEER_EXECUTABLE_PATH']) delete e[k];
  Object.assign(e, env);
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const temps: string[] = [];
function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** Unescaped pipes of a Markdown line (a backslash escapes the next character). */
function pipes(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') n++;
  }
  return n;
}
const unescapeMd = (s: string) => s.replace(/\\(.)/g, '$1');

// ---------------------------------------------------------------- shared state

let server: Server;
let port = 0;
const hits: string[] = [];
let browser: Browser;
let injDir = '';
let injOut = '';
let injRun: Run;
const example: Record<'en' | 'vi', { out: string; run?: Run }> = { en: { out: '' }, vi: { out: '' } };
let hostile: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/gif' });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;

  injDir = join(tmp('cr-inj-src-'), 'campaign');
  cpSync(INJECTION, injDir, { recursive: true });
  const data = join(injDir, 'data/seizures.csv');
  const csv = readFileSync(data, 'utf8');
  expect(csv).toContain('127.0.0.1:PORT');
  writeFileSync(data, csv.split('127.0.0.1:PORT').join(`127.0.0.1:${port}`));
  hostile = ['<script>alert(1)</script>', '{{x}}', 'a|b', '[link](javascript:alert(1))', `<img src="http://127.0.0.1:${port}/x">`];

  injOut = tmp('cr-inj-out-');
  example.en.out = tmp('cr-html-en-');
  example.vi.out = tmp('cr-html-vi-');
  const [r1, r2, r3] = await Promise.all([
    cli(['build', '--campaign', join(injDir, 'campaign.yaml'), '--all-phases', '--format', 'md,html,pdf', '--out', injOut], { PUPPETEER_EXECUTABLE_PATH: CHROMIUM, SOURCE_DATE_EPOCH: '1700000000' }),
    cli(['build', '--campaign', EXAMPLE, '--phase', 'p2', '--format', 'html', '--out', example.en.out, '--locale', 'en']),
    cli(['build', '--campaign', EXAMPLE, '--phase', 'p2', '--format', 'html', '--out', example.vi.out, '--locale', 'vi']),
  ]);
  injRun = r1;
  example.en.run = r2;
  example.vi.run = r3;

  const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  url: string;
  requests: string[];
  failed: string[];
  errors: string[];
  dialogs: string[];
}
/** Opens a file in a fresh page, recording every request, console error, page error and dialog. */
async function open(file: string): Promise<Opened> {
  const page = await browser.newPage();
  const o: Opened = { page, url: pathToFileURL(file).href, requests: [], failed: [], errors: [], dialogs: [] };
  page.on('request', (r) => o.requests.push(r.url()));
  page.on('requestfailed', (r) => o.failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('console', (m) => {
    if (m.type() === 'error') o.errors.push(m.text());
  });
  page.on('pageerror', (e) => o.errors.push(`pageerror: ${(e as Error).message}`));
  page.on('dialog', (d) => {
    o.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(o.url, { waitUntil: 'networkidle0', timeout: 30_000 });
  return o;
}

// ---------------------------------------------------------------- the example report in Chromium

describe.each(['en', 'vi'] as const)('example report (%s) in headless Chromium', (l) => {
  it('loads with no console error and no request but the page itself', async () => {
    const r = example[l].run!;
    expect(r.code, r.stderr).toBe(0);
    const file = join(example[l].out, `op-mekong-shield-p2${l === 'en' ? '' : '.vi'}.html`);
    const o = await open(file);
    try {
      expect(o.errors).toEqual([]);
      expect(o.failed).toEqual([]);
      expect(o.requests).toEqual([o.url]);
      const info = await o.page.evaluate(() => ({
        lang: document.documentElement.lang,
        title: document.title,
        scripts: document.querySelectorAll('script').length,
        svgs: document.querySelectorAll('figure svg').length,
        h2: [...document.querySelectorAll('h2')].map((h) => h.textContent?.trim() ?? ''),
      }));
      expect(info.lang).toBe(l);
      expect(info.title).toContain('Operation Mekong Shield 2024');
      expect(info.scripts).toBe(0);
      expect(info.svgs).toBeGreaterThan(0);
      expect(info.h2).toContain(l === 'en' ? 'Headline figures' : 'Số liệu chính');
    } finally {
      await o.page.close();
    }
  });
});

// ---------------------------------------------------------------- report injection

describe('report-injection fixture', () => {
  const files = (ext: string) => readdirSync(injOut).filter((f) => f.endsWith(`.${ext}`)).sort();

  it('builds md, html and pdf for both phases (exit 0) and nothing reached the listener', () => {
    expect(injRun.code, injRun.stderr).toBe(0);
    for (const ext of ['md', 'html', 'pdf']) expect(files(ext)).toEqual([`injection-test-p1.${ext}`, `injection-test-p2.${ext}`]);
    expect(hits).toEqual([]);
  });

  it.each(['p1', 'p2'])('%s html in Chromium: no script, no request, hostile values shown as text', async (p) => {
    const o = await open(join(injOut, `injection-test-${p}.html`));
    try {
      expect(o.requests).toEqual([o.url]);
      expect(o.errors).toEqual([]);
      expect(o.dialogs).toEqual([]);
      const dom = await o.page.evaluate(() => {
        const all = [...document.querySelectorAll('*')];
        return {
          scripts: document.querySelectorAll('script').length,
          imgs: document.querySelectorAll('img, iframe, object, embed, link[href], video, audio, source').length,
          handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
          jsLinks: [...document.querySelectorAll('[href], [src], [xlink\\:href]')].filter((e) => /javascript:|127\.0\.0\.1/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('xlink:href') ?? '')).length,
          text: document.body.innerText,
        };
      });
      expect(dom.scripts).toBe(0);
      expect(dom.imgs).toBe(0);
      expect(dom.handlers).toEqual([]);
      expect(dom.jsLinks).toBe(0);
      for (const h of hostile) expect(dom.text, h).toContain(h);
      expect(dom.text).toContain('TEST <ONLY> & NOT FOR RELEASE');
    } finally {
      await o.page.close();
    }
    expect(hits).toEqual([]);
  });

  it('pdf: the classification (with < > &) on every page and the hostile values as literal text', () => {
    for (const f of files('pdf')) {
      const pages = Number(/^Pages:\s+(\d+)/m.exec(spawnSync('pdfinfo', [join(injOut, f)], { encoding: 'utf8' }).stdout)![1]);
      const layout = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(injOut, f), '-'], { encoding: 'utf8' }).stdout;
      const chunks = layout.split('\f');
      if (chunks[chunks.length - 1]!.trim() === '') chunks.pop();
      expect(chunks).toHaveLength(pages);
      chunks.forEach((c, i) => {
        expect(c, `${f} page ${i + 1}`).toContain('TEST <ONLY> & NOT FOR RELEASE');
        expect(c, `${f} page ${i + 1}`).toContain(`Page ${i + 1} of ${pages}`);
      });
      // Table cells may wrap: compare with all whitespace removed.
      const flat = spawnSync('pdftotext', ['-enc', 'UTF-8', join(injOut, f), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
      for (const h of hostile) expect(flat, `${f}: ${h}`).toContain(h.replace(/\s+/g, ''));
    }
  });

  it('pdf: its creation date is SOURCE_DATE_EPOCH, not the time of the build', () => {
    // build.ts: "SOURCE_DATE_EPOCH (reproducible builds): the only time that may appear in an output".
    for (const f of files('pdf')) {
      const info = spawnSync('pdfinfo', ['-isodates', join(injOut, f)], { encoding: 'utf8' }).stdout;
      // Either that date or none at all.
      for (const key of ['CreationDate', 'ModDate']) {
        const v = new RegExp(`^${key}:\\s+(.*)$`, 'm').exec(info)?.[1] ?? '2023-11-14T22:13:20Z';
        expect(v, `${f} ${key}`).toMatch(/^2023-11-14T22:13:20/);
      }
    }
  });

  it.each(['p1', 'p2'])('%s md: hostile values escaped, none active, all still there', (p) => {
    const md = readFileSync(join(injOut, `injection-test-${p}.md`), 'utf8');
    expect(md).toContain('a\\|b');
    expect(md).not.toMatch(/(^|[^\\])<(script|img)/i); // no raw HTML
    expect(md).not.toMatch(/(^|[^\\])\]\(\s*javascript:/i); // no live link
    expect(md).not.toMatch(/(^|[^\\])\{\{/); // no raw mustache
    expect(md).not.toContain('\n\u0060\u0060\u0060'); // no code fence opened by data
    for (const h of hostile) expect(unescapeMd(md), h).toContain(h);
  });

  it.each(['p1', 'p2'])('%s md: every table row has as many unescaped pipes as its header row', (p) => {
    const lines = readFileSync(join(injOut, `injection-test-${p}.md`), 'utf8').split('\n');
    let header: number | undefined;
    let tables = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        header = undefined;
        continue;
      }
      if (header === undefined) {
        header = pipes(line);
        tables++;
      } else expect(pipes(line), line).toBe(header);
    }
    expect(tables).toBeGreaterThan(5);
    // The multi-line concealment of INJ-005 stays on one table row.
    if (p === 'p1') expect(lines.some((l) => l.startsWith('|') && l.includes('first line') && l.includes('second \\| line'))).toBe(true);
  });

  it('the previous phase name ($&, $\', |, `, parentheses) shows literally in the p2 headline note (html)', async () => {
    const o = await open(join(injOut, 'injection-test-p2.html'));
    try {
      const note = await o.page.evaluate(() => document.querySelector('#headline p.note')?.textContent ?? '');
      expect(note).toContain(P1_NAME);
    } finally {
      await o.page.close();
    }
  });

  it('the previous phase name is escaped once, not twice, in the p2 headline note (md)', () => {
    const md = readFileSync(join(injOut, 'injection-test-p2.md'), 'utf8');
    const h = md.indexOf('\n## ', md.indexOf('\n# '));
    const note = md.slice(h).split('\n').find((l) => l.startsWith('_'))!;
    expect(note).toBeDefined();
    expect(note).not.toContain('\\\\');
    expect(unescapeMd(note)).toContain(P1_NAME);
  });

  it('positive control: the browser can reach the listener, so zero hits above means something', async () => {
    expect(hits).toEqual([]);
    const page = await browser.newPage();
    try {
      await page.setContent(`<img src="http://127.0.0.1:${port}/control">`, { waitUntil: 'load' });
      for (let i = 0; i < 50 && hits.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await page.close();
    }
    expect(hits).toEqual(['GET /control']);
  });
});
