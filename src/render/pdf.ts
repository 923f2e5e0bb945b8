import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { CampaignReportError } from '../errors.js';
import { addPdfInfo, type PdfInfo } from './pdf-info.js';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

/**
 * Where a system Chromium is looked for. CAMPAIGN_REPORT_SYSTEM_BROWSERS
 * (paths separated by `:`; empty: none) replaces the list, so a test can stand
 * for a machine without one on a machine that has one.
 */
function systemChromiums(): string[] {
  const list = process.env.CAMPAIGN_REPORT_SYSTEM_BROWSERS;
  return list === undefined ? SYSTEM_CHROMIUMS : list.split(':').filter(Boolean);
}

/**
 * The browser for PDF output: PUPPETEER_EXECUTABLE_PATH, else Puppeteer's own
 * download in its cache (Chrome, or the headless shell that `npm run
 * quickstart` installs), else a system Chromium. Puppeteer is imported only
 * here, only when a PDF is asked for; `scripts/quickstart.mjs` asks the same
 * question before it offers to download.
 */
export async function resolveBrowserPath(): Promise<string> {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new CampaignReportError('BROWSER_NOT_FOUND', `PUPPETEER_EXECUTABLE_PATH is ${fromEnv}, which does not exist`, {
      hint: 'point it at a Chromium or Chrome binary, or unset it to use Puppeteer\'s download or a system Chromium (Debian/Ubuntu: apt-get install chromium fonts-noto-core; or `npx puppeteer browsers install chrome`)',
    });
  }
  try {
    const { default: puppeteer } = await import('puppeteer');
    const own = [puppeteer.executablePath(), puppeteer.executablePath({ headless: 'shell' })].find((p) => p && existsSync(p));
    if (own) return own;
  } catch {
    // no download configured: fall through to a system browser
  }
  const system = systemChromiums().find((p) => existsSync(p));
  if (system) return system;
  throw new CampaignReportError('BROWSER_NOT_FOUND', 'no Chromium found for PDF output', {
    hint: 'install one (Debian/Ubuntu: apt-get install chromium fonts-noto-core), run `npx puppeteer browsers install chrome`, or set PUPPETEER_EXECUTABLE_PATH',
  });
}

export interface PdfOptions {
  /** Shown at the top of every page (e.g. the classification line). */
  header: string;
  /** Localized words for "Page" and "of". */
  page: string;
  of: string;
  /** The PDF's creation and modification date (SOURCE_DATE_EPOCH, else the report's issue date): never the wall clock. */
  date: Date;
  /** Author, subject and keywords (the title is the HTML's). */
  info?: PdfInfo;
}

/**
 * One browser per run, however many phases and formats, and a fresh page for
 * each report (the node ids in a tagged PDF count on from the page's last
 * document, so a reused page would change a phase's bytes with the phases
 * printed before it). The next page is opened and made inert ahead of time,
 * the first while the data is still being read: a new page cost 0.07–0.3 s on
 * the benchmark host, on the critical path when it was opened at print time.
 * The first is the tab the browser opened with (about:blank, nothing printed on
 * it): a new tab starts a renderer process, and the example's build with PDF
 * took 4.84 s with one against 4.38 s without (AMD host, 5 Dec 2026).
 * A later page is opened only when the caller says another report follows:
 * opened for nothing, it competed with the print for the two cores and made
 * the example's one PDF ~0.15 s slower.
 */
export class PdfRenderer {
  private browser: Browser | undefined;
  private executablePath: string | undefined;
  private launching: Promise<Browser> | undefined;
  private spare: Promise<Page> | undefined;

  /** A renderer whose browser is already starting (its failure is reported by the first render). */
  static start(): PdfRenderer {
    const r = new PdfRenderer();
    r.launching = r.launch();
    r.launching.catch(() => {}); // not unhandled: render() awaits the same promise
    r.spare = r.launching.then(async (b) => inertPage(b, (await b.pages())[0]));
    r.spare.catch(() => {});
    return r;
  }

  /** The report's PDF; `more`: another render follows (its page is opened while this one prints). */
  async render(html: string, opts: PdfOptions, more = false): Promise<Buffer> {
    const browser = await (this.launching ?? this.launch());
    try {
      const page = await (this.spare ?? inertPage(browser));
      this.spare = more ? inertPage(browser) : undefined;
      this.spare?.catch(() => {}); // a failure is the next render's (or nobody's, at close)
      try {
        return await print(page, html, opts);
      } finally {
        await page.close().catch(() => {});
      }
    } catch (err) {
      throw await this.crashed(browser, err);
    }
  }

  /**
   * An error of the browser's (its process killed, say by the out-of-memory
   * killer; a crashed or hung page) is BROWSER_CRASHED, exit 5 like a browser
   * that does not start; anything else is a bug and goes on as it is.
   */
  private async crashed(browser: Browser, err: unknown): Promise<unknown> {
    if (err instanceof CampaignReportError) return err;
    // ProtocolError covers TargetCloseError and ConnectionClosedError (a killed browser).
    const { ProtocolError, TimeoutError } = await import('puppeteer');
    if (browser.connected && !(err instanceof ProtocolError) && !(err instanceof TimeoutError)) return err;
    const reason = ((err as Error | undefined)?.message ?? String(err)).split('\n')[0];
    const what = browser.connected ? 'failed' : 'died';
    return new CampaignReportError('BROWSER_CRASHED', `the browser ${this.executablePath ?? ''} ${what} while making the PDF (${reason})`, {
      cause: err,
      hint: 'run again; a browser killed by the out-of-memory killer leaves a line in `dmesg`',
    });
  }

  private async launch(): Promise<Browser> {
    if (this.browser) return this.browser;
    const executablePath = await resolveBrowserPath();
    this.executablePath = executablePath;
    const { default: puppeteer } = await import('puppeteer');
    const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-gpu', '--disable-dev-shm-usage'];
    if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
    try {
      // The headless shell takes plain `--headless`, not Chrome's `--headless=new` (Puppeteer's 'shell' mode).
      const headless = basename(executablePath).startsWith('chrome-headless-shell') ? 'shell' : true;
      this.browser = await puppeteer.launch({ executablePath, headless, args });
    } catch (err) {
      throw new CampaignReportError('BROWSER_NOT_FOUND', `cannot start the browser at ${executablePath}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
    return this.browser;
  }

  async close(): Promise<void> {
    if (this.launching) await this.launching.catch(() => {});
    if (this.spare) await this.spare.catch(() => {});
    this.launching = undefined;
    this.spare = undefined;
    // Every PDF is in hand and the profile is a temporary one: the browser is killed (its process
    // group, as Puppeteer kills it when it does not close) rather than shut down, which took
    // ~0.1–0.2 s of every PDF build; close() then waits for its exit and removes the profile.
    const pid = this.browser?.process()?.pid;
    if (pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.browser?.close().catch(() => {});
    this.browser = undefined;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * A page for printing, offline and inert: no JavaScript, no request but the page itself, print media.
 * `blank`: the tab the browser opened with (about:blank, nothing printed on it yet), else a new one.
 */
async function inertPage(browser: Browser, blank?: Page): Promise<Page> {
  const page = blank ?? (await browser.newPage());
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    if (url === 'about:blank' || url.startsWith('data:')) void req.continue();
    else void req.abort('blockedbyclient');
  });
  await page.emulateMediaType('print');
  return page;
}

/** The report's HTML printed on `page` (which it replaces the last report on). */
async function print(page: Page, html: string, opts: PdfOptions): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'load', timeout: 60_000 });
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const style = 'font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: 8px; width: 100%; padding: 0 15mm; color: #333;';
  const pdf = await page.pdf({
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: `<div style='${style} text-align: center; font-weight: bold; letter-spacing: 0.05em;'>${esc(opts.header)}</div>`,
    footerTemplate: `<div style='${style} display: flex; justify-content: space-between;'><span>${esc(opts.header)}</span><span>${esc(opts.page)} <span class="pageNumber"></span> ${esc(opts.of)} <span class="totalPages"></span></span></div>`,
    margin: { top: '20mm', bottom: '18mm', left: '15mm', right: '15mm' },
    tagged: true,
    outline: false,
  });
  const dated = fixPdfDates(Buffer.from(pdf), opts.date);
  return opts.info ? addPdfInfo(dated, opts.info) : dated;
}

/**
 * Chromium stamps CreationDate and ModDate with the wall clock and has no option
 * to set them. The 14 digits of each are overwritten in place with `date` (UTC),
 * and a time-zone offset of the usual shape (`+01'00'`, 7 characters) with
 * `+00'00'`: same length, so the cross-reference offsets hold.
 */
export function fixPdfDates(pdf: Buffer, date: Date): Buffer {
  const digits = date.toISOString().replace(/[-T:]/g, '').slice(0, 14);
  const text = pdf.toString('latin1');
  const re = /\/(CreationDate|ModDate) \(D:(\d{14})([+-]\d\d'\d\d')?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const zone = m[3] ?? '';
    const at = m.index + m[0].length - 14 - zone.length;
    pdf.write(digits, at, 14, 'latin1');
    if (zone !== '') pdf.write("+00'00'", at + 14, 7, 'latin1');
  }
  return pdf;
}
