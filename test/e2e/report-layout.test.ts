/**
 * End-to-end: the example's reports laid out by Chromium as the PDF is — print
 * media, A4 less the PDF's margins (180 mm) — in every report language the
 * build accepts (templates/locales/*.json; a locale `--locale` does not take yet
 * is skipped). Every table of every section stays within its container (a
 * column cut off the page is a figure lost), numeric columns' headers sit over
 * their numbers, short tables are kept whole and long ones repeat their header,
 * and the route map exists beside the Markdown and inline in the HTML.
 *
 * Assumes the CLI is built (the global setup bundles it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';

const EXAMPLE = join(ROOT, 'fixtures/example/campaign.yaml');
const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH && existsSync(process.env.PUPPETEER_EXECUTABLE_PATH) ? process.env.PUPPETEER_EXECUTABLE_PATH : '/usr/bin/chromium';
const LOCALES = readdirSync(join(ROOT, 'templates/locales')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const PHASES = ['p1', 'p2', 'p3'];
/** A4 (210 mm) less the PDF's left and right margins (15 mm each), in CSS px. */
const PAGE_WIDTH = Math.floor(((210 - 30) / 25.4) * 96);

/** The few DOM types the page.evaluate callbacks use: they run in Chromium, and tsconfig has no DOM lib. */
interface El {
  tagName: string;
  id: string;
  className: string;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  parentElement: El | null;
  children: ArrayLike<El>;
  closest(sel: string): El | null;
  querySelectorAll(sel: string): ArrayLike<El>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; right: number; width: number };
}
declare const document: { querySelectorAll(sel: string): ArrayLike<El> };
declare function getComputedStyle(el: El): { textAlign: string; breakInside: string; breakAfter: string; display: string };

let out: string;
let browser: Browser;
const runs: Record<string, CliResult> = {};
const base = (p: string, l: string) => `op-mekong-shield-${p}${l === 'en' ? '' : `.${l}`}`;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cr-layout-'));
  for (const l of LOCALES) runs[l] = await runCli(['build', '--campaign', EXAMPLE, '--all-phases', '--format', 'md,html', '--locale', l, '--out', join(out, l), '--quiet']);
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Built in this locale, or skipped when `--locale` does not take it yet (a usage error naming the locale). */
function built(l: string, skip: () => void): boolean {
  const r = runs[l]!;
  if (r.code === 2 && /locale/i.test(r.stderr)) {
    skip();
    return false;
  }
  expect(r.code, r.stderr).toBe(0);
  return true;
}

interface TableReport {
  where: string;
  rows: number;
  scrollWidth: number;
  container: number;
  overflowRight: number;
  breakInside: string;
  theadDisplay: string;
  misaligned: string[];
}

/** Every table of the page laid out for print at the PDF's width, with what the checks need. */
async function tablesOf(file: string): Promise<{ tables: TableReport[]; headings: { text: string; breakAfter: string }[]; figures: { id: string; width: number; container: number }[] }> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: PAGE_WIDTH, height: 1000 });
    await page.emulateMediaType('print');
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return await page.evaluate(() => {
      const tables = Array.from(document.querySelectorAll('table')).map((t): TableReport => {
        const container = t.parentElement!;
        const section = t.closest('section');
        const heading = section?.querySelectorAll('h2, h3');
        const body = Array.from(t.querySelectorAll('tbody > tr'));
        const head = Array.from(t.querySelectorAll('thead > tr > th'));
        // a column whose every non-empty body cell is right-aligned is numeric: its header must be too
        const misaligned = head.flatMap((th, i) => {
          const cells = body.map((r) => r.children[i]).filter((c): c is El => c !== undefined && (c.textContent ?? '').trim() !== '');
          const numeric = cells.length > 0 && cells.every((c) => getComputedStyle(c).textAlign === 'right');
          return numeric && getComputedStyle(th).textAlign !== 'right' ? [(th.textContent ?? '').trim()] : [];
        });
        const cr = container.getBoundingClientRect();
        return {
          where: `${section?.id ?? '?'} / ${heading && heading.length > 0 ? (heading[heading.length - 1]!.textContent ?? '').trim() : ''} / ${(head[0]?.textContent ?? '').trim()}`,
          rows: body.length,
          scrollWidth: t.scrollWidth,
          container: container.clientWidth,
          overflowRight: t.getBoundingClientRect().right - cr.right,
          breakInside: getComputedStyle(t).breakInside,
          theadDisplay: t.querySelectorAll('thead').length > 0 ? getComputedStyle(t.querySelectorAll('thead')[0]!).display : '',
          misaligned,
        };
      });
      const headings = Array.from(document.querySelectorAll('main h2, main h3')).map((h) => ({ text: (h.textContent ?? '').trim(), breakAfter: getComputedStyle(h).breakAfter }));
      const figures = Array.from(document.querySelectorAll('figure')).map((f) => ({ id: f.id, width: f.querySelectorAll('svg')[0]!.getBoundingClientRect().width, container: f.parentElement!.clientWidth }));
      return { tables, headings, figures };
    });
  } finally {
    await page.close();
  }
}

describe.each(LOCALES)('the example report (%s) laid out for print', (l) => {
  it.for(PHASES)('every table of phase %s fits its container, headers over their numbers, short tables whole, long ones with their header repeated', async (p, ctx) => {
    if (!built(l, () => ctx.skip())) return;
    const { tables, headings, figures } = await tablesOf(join(out, l, `${base(p, l)}.html`));
    expect(tables.length).toBeGreaterThan(10);
    const tooWide = tables.filter((t) => t.scrollWidth > t.container || t.overflowRight > 0.5).map((t) => `${t.where}: ${t.scrollWidth} px in ${t.container} px`);
    expect(tooWide).toEqual([]);
    expect(tables.flatMap((t) => t.misaligned.map((h) => `${t.where}: "${h}"`))).toEqual([]);
    // up to 12 rows: never split; longer: split between rows only, the header on every page
    expect(tables.filter((t) => t.rows <= 12 && t.breakInside !== 'avoid').map((t) => t.where)).toEqual([]);
    expect(tables.filter((t) => t.theadDisplay !== 'table-header-group').map((t) => t.where)).toEqual([]);
    expect(headings.filter((h) => h.breakAfter !== 'avoid').map((h) => h.text)).toEqual([]);
    expect(figures.filter((f) => f.width > f.container + 0.5).map((f) => f.id)).toEqual([]);
  });

  it('the route map beside the Markdown and inline in the HTML, its countries named in the report language', (ctx) => {
    if (!built(l, () => ctx.skip())) return;
    const region = new Intl.DisplayNames([l], { type: 'region' });
    for (const p of PHASES) {
      const svgFile = join(out, l, `${base(p, l)}-charts`, 'flows-map.svg');
      expect(existsSync(svgFile), svgFile).toBe(true);
      const svg = readFileSync(svgFile, 'utf8');
      expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="[^"]+"><title>/);
      // the example's flows all end in participants; Thailand is in every phase's top flows
      expect(svg).toContain(`>${region.of('TH')}</text>`);
      expect(readFileSync(join(out, l, `${base(p, l)}.md`), 'utf8')).toContain(`(${base(p, l)}-charts/flows-map.svg)`);
      const html = readFileSync(join(out, l, `${base(p, l)}.html`), 'utf8');
      expect(html).toContain('<figure class="chart wide" id="chart-flows-map"><svg ');
      // vega's own (English) screen-reader texts are not left in any chart
      expect(html).not.toMatch(/aria-roledescription|X-axis titled|for a (discrete|linear) scale/);
    }
  });
});

/**
 * Words broken across two lines in the report's table cells and headers (a run of letters whose
 * characters lie on more than one line, as "Cigarette|s" or "야생동|식물"), outside the annex (whose
 * file paths may break anywhere), except a word wider than its cell, which must break.
 * Run in Chromium as a string: tsconfig has no DOM lib.
 */
const BROKEN_WORDS = `(() => {
  const broken = [];
  for (const cell of document.querySelectorAll('th, td')) {
    if (cell.closest('.annex')) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const width = cell.clientWidth - parseFloat(getComputedStyle(cell).paddingLeft) - parseFloat(getComputedStyle(cell).paddingRight);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\\p{L}\\p{M}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1 && range.getBoundingClientRect().width < width) broken.push(m[0]);
      }
    }
  }
  return [...new Set(broken)];
})()`;

describe.each(LOCALES)('line breaks in the tables (%s)', (l) => {
  it.for(PHASES)('phase %s: no word is broken inside a cell or header (lines break between words; Korean at spaces)', async (p, ctx) => {
    if (!built(l, () => ctx.skip())) return;
    const page = await browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setViewport({ width: PAGE_WIDTH, height: 1000 });
      await page.emulateMediaType('print');
      await page.goto(pathToFileURL(join(out, l, `${base(p, l)}.html`)).href, { waitUntil: 'load' });
      expect(await page.evaluate(BROKEN_WORDS)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the PDF', () => {
  it.for(LOCALES)('(%s) shows each source file\'s every column and the first 12 digits of its SHA-256', async (l, ctx) => {
    if (!built(l, () => ctx.skip())) return;
    const dir = join(out, `${l}-pdf`);
    const r = await runCli(['build', '--campaign', EXAMPLE, '--phase', 'p2', '--format', 'pdf', '--locale', l, '--out', dir, '--quiet'], { env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM } });
    expect(r.code, r.stderr).toBe(0);
    const text = spawnSync('pdftotext', ['-layout', join(dir, `${base('p2', l)}.pdf`), '-'], { encoding: 'utf8' }).stdout;
    const labels = JSON.parse(readFileSync(join(ROOT, 'templates/locales', `${l}.json`), 'utf8')).labels as Record<string, string>;
    // the last column's header, whole words (it may wrap)
    for (const word of labels.outOfScope!.split(' ')) expect(text).toContain(word);
    const full = /SHA-256 <span class="hash-full">([0-9a-f]{64})<\/span>/.exec(readFileSync(join(out, l, `${base('p2', l)}.html`), 'utf8'))![1]!;
    expect(text).toContain(`${full.slice(0, 12)}…`);
    expect(text).not.toContain(full);
  });
});
