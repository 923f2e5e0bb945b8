#!/usr/bin/env node
// `npm run quickstart` (after `npm run build`): the example campaign's reports,
// with PDFs whenever a browser can be had, and never a failure for want of one.
//
// 1. Look for a browser exactly as `campaign-report build` does (its own
//    resolveBrowserPath, from the bundle: PUPPETEER_EXECUTABLE_PATH, Puppeteer's
//    cache, a system Chromium).
// 2. None: install Puppeteer's chrome-headless-shell into Puppeteer's cache with
//    Puppeteer's own installer (@puppeteer/browsers, as `npx puppeteer browsers
//    install chrome-headless-shell` does), showing progress.
// 3. Still none (offline, downloads turned off, a download that stalls), or the
//    browser cannot make the PDFs: the Markdown and HTML are written, one
//    paragraph says how to get PDFs, and the exit code is 0. `campaign-report
//    build` itself keeps exit 5 for a missing browser: cron must see it.
//
// Arguments are passed on to `build` (the tests give `--out DIR`). Puppeteer's
// own variables apply: PUPPETEER_CACHE_DIR, PUPPETEER_SKIP_DOWNLOAD,
// PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL (a mirror; the tests point
// it at a closed port), HTTPS_PROXY.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/campaign-report.js');
const CAMPAIGN = 'fixtures/example/campaign.yaml';
const SHELL = 'chrome-headless-shell';
/** A download that receives nothing for this long is given up (a network that drops packets never fails). */
const STALL_MS = 60_000;
/** `build`'s exit code for a browser that is missing, does not start or dies (README, Exit codes). */
const EXIT_BROWSER = 5;

async function main() {
  const extra = process.argv.slice(2);
  const { resolveBrowserPath } = await import(pathToFileURL(join(ROOT, 'dist/bundle/pdf.js')).href);
  const found = await lookUp(resolveBrowserPath);
  let reason = found.reason;
  let env = process.env;
  if (!found.path && !reason) {
    const got = await downloadShell();
    reason = got.reason;
    if (got.path) {
      // Normally the lookup now finds it in Puppeteer's cache; a configured
      // version other than the one installed would not, so say where it is.
      const again = await lookUp(resolveBrowserPath);
      if (again.path !== got.path) env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: got.path };
    }
  }
  if (!reason) {
    const code = build('md,html,pdf', extra, env);
    if (code !== EXIT_BROWSER) return code;
    // Exit 5 publishes the Markdown and HTML (README, Exit codes); only the PDFs are missing.
    reason = 'the browser could not make them (see the error above)';
  } else {
    const code = build('md,html', extra, env);
    if (code !== 0) return code;
  }
  // One line, so the commands in it are never broken for copying; the terminal wraps it.
  process.stderr.write(`\n${howToGetPdfs(reason, outDir(extra))}\n`);
  return 0;
}

/**
 * `{ path }` when `build` would find a browser; `{}` when it finds none and a
 * download may help; `{ reason }` when it finds none and a download would not
 * change that (PUPPETEER_EXECUTABLE_PATH names a missing file: `build` uses it
 * before anything else).
 */
async function lookUp(resolveBrowserPath) {
  try {
    return { path: await resolveBrowserPath() };
  } catch (err) {
    if (err?.code !== 'BROWSER_NOT_FOUND') throw err;
    return process.env.PUPPETEER_EXECUTABLE_PATH ? { reason: err.message } : {};
  }
}

/**
 * Installs Puppeteer's pinned chrome-headless-shell into Puppeteer's cache, the
 * way Puppeteer's own postinstall does: `{ path }` of the browser, or `{ reason }`.
 */
async function downloadShell() {
  const { default: puppeteer } = await import('puppeteer');
  // Puppeteer's configuration (its env variables, .puppeteerrc.cjs) is internal but stable: its own CLI reads it so.
  const config = puppeteer.configuration;
  const cacheDir = config.cacheDirectory;
  const none = `no browser for PDF output was found (PUPPETEER_EXECUTABLE_PATH is not set, Puppeteer's cache ${cacheDir} has none, no system Chromium)`;
  if (config[SHELL]?.skipDownload) return { reason: `${none}, and Puppeteer's browser downloads are turned off (PUPPETEER_SKIP_DOWNLOAD)` };
  // Puppeteer's installer and pinned versions, resolved from Puppeteer itself: they are its dependencies, not ours.
  const fromPuppeteer = createRequire(createRequire(import.meta.url).resolve('puppeteer'));
  const browsers = fromPuppeteer('@puppeteer/browsers');
  const { PUPPETEER_REVISIONS } = fromPuppeteer('puppeteer-core/internal/revisions.js');
  const platform = browsers.detectBrowserPlatform();
  if (!platform) return { reason: `${none}, and Puppeteer has no ${SHELL} for this platform` };
  const baseUrl = config[SHELL]?.downloadBaseUrl;
  let archive;
  // Ctrl-C during the download: the same, then stop.
  const interrupted = () => {
    if (archive) rmSync(archive, { force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    const buildId = await browsers.resolveBuildId(SHELL, platform, config[SHELL]?.version || PUPPETEER_REVISIONS[SHELL] || 'latest');
    // Where the installer keeps the archive while it downloads: removed when we give up, or the next run would unpack a torn file.
    archive = join(cacheDir, SHELL, `${buildId}-${basename(browsers.getDownloadUrl(SHELL, platform, buildId, baseUrl).pathname)}`);
    process.stderr.write(`No browser for PDF output found: installing Puppeteer's ${SHELL} ${buildId} into ${cacheDir} …\n`);
    const installed = await withStallLimit((progress) =>
      browsers.install({ browser: SHELL, buildId, platform, cacheDir, baseUrl, downloadProgressCallback: progress }),
      browsers.makeProgressCallback(SHELL, buildId),
    );
    process.stderr.write(`Installed ${installed.executablePath}\n`);
    return { path: installed.executablePath };
  } catch (err) {
    if (archive) rmSync(archive, { force: true });
    // The installer's message ends with one line per source tried ("  - DefaultProvider: <cause>"): keep the cause.
    const why = String(err?.message ?? err).split('\n').map((s) => s.trim()).filter(Boolean).pop().replace(/^- \w+: /, '');
    return { reason: `${none}, and Puppeteer's ${SHELL} could not be downloaded (${why})` };
  } finally {
    process.off('SIGINT', interrupted);
  }
}

/**
 * Runs `start(progress)`, rejecting when no byte has come for STALL_MS. The
 * progress bar is Puppeteer's on a terminal; elsewhere a line at each quarter.
 */
function withStallLimit(start, bar) {
  let last = Date.now();
  let quarter = 0;
  const progress = (done, total) => {
    last = Date.now();
    if (process.stderr.isTTY) return bar(done, total);
    while (total > 0 && quarter < 4 && done >= ((quarter + 1) * total) / 4) {
      quarter++;
      process.stderr.write(`  ${quarter * 25}% of ${(total / 1e6).toFixed(1)} MB\n`);
    }
  };
  let timer;
  const stalled = new Promise((_, reject) => {
    timer = setInterval(() => {
      if (Date.now() - last > STALL_MS) reject(new Error(`nothing received for ${STALL_MS / 1000} s`));
    }, 1000);
  });
  return Promise.race([start(progress), stalled]).finally(() => clearInterval(timer));
}

/** `campaign-report build` of the example campaign, all phases, in `formats`; its exit code. */
function build(formats, extra, env) {
  const args = [BIN, 'build', '--campaign', CAMPAIGN, '--all-phases', '--format', formats, ...extra];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function outDir(extra) {
  const at = extra.indexOf('--out');
  return at >= 0 && extra[at + 1] ? extra[at + 1] : 'reports/';
}

function howToGetPdfs(reason, out) {
  return (
    `No PDFs: ${reason}. The Markdown and HTML reports are written to ${out}. ` +
    'To get PDFs, install a Chromium and the fonts the reports need — on Debian or Ubuntu: ' +
    '`sudo apt-get install chromium fonts-noto-core fonts-noto-cjk` — or, on a machine with internet, ' +
    `Puppeteer's own browser: \`npx puppeteer browsers install ${SHELL}\`; or set PUPPETEER_EXECUTABLE_PATH ` +
    'to a Chromium or Chrome binary. Then run `npm run quickstart` again.'
  );
}

// A stalled download may leave its socket open: exit when the work is done.
main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`quickstart: ${err?.stack ?? err}\n`);
    process.exit(70);
  },
);
