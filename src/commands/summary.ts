import path from 'node:path';
import { SummaryCollector, type SummaryScope } from '../aggregate/summary-collector.js';
import { buildSummaryModel } from '../aggregate/summary-model.js';
import type { Campaign } from '../config/campaign.js';
import { CampaignReportError, EXIT } from '../errors.js';
import { dateRejectedRows, RejectedRowIndex } from '../ingest/rejected-rows.js';
import { isoOfDay } from '../normalize/date.js';
import { logMessage } from '../output/log.js';
import { startReadProgress } from '../output/progress.js';
import { Publication } from '../output/publish.js';
import { readLastRun, stateFileFor, writeLastRun } from '../output/state.js';
import { runPipeline } from '../pipeline/run.js';
import { safeName } from '../util/file-name.js';
import { sourceDateEpoch } from '../util/source-date-epoch.js';
import { loadLocale } from '../render/locale.js';
import { compileTemplates, loadTemplateSet } from '../render/templates.js';
import { configureColour, DiagnosticLog, openCampaign, parseLimit } from './common.js';
import { checkMaxRejected, parseMaxRejected } from './max-rejected.js';
import { lockOutputDir } from './output-dir.js';
import { expandOutPattern, formatOfPath, outFiles, resolveWindow, SUMMARY_FORMATS, todayUtc, type SummaryFormat, type SummaryWindow } from './summary-window.js';

export interface SummaryOptions {
  campaign?: string;
  quiet?: boolean;
  since?: string;
  until?: string;
  format?: string;
  out?: string;
  locale?: string;
  maxRejected?: string;
  maxDiagnostics?: string;
}

/**
 * `campaign-report summary`: a one-page summary of a window of seizure dates —
 * what is new, the phase to date against the previous phase to the same day,
 * seizures above the campaign's thresholds, rejected records, silent
 * participants. To stdout, or to `--out PATTERN` (locked, published as a set).
 */
export async function runSummary(opts: SummaryOptions): Promise<number> {
  configureColour();
  const quiet = opts.quiet ?? false;
  const limit = parseMaxRejected(opts.maxRejected);
  const maxDiagnostics = parseLimit(opts.maxDiagnostics ?? '20', '--max-diagnostics');
  const formats = parseFormats(opts.format, opts.out);
  const campaign = await openCampaign(opts.campaign);
  const loc = loadLocale(opts.locale ?? campaign.locale, campaign.templates);
  // Compile before reading data: a template error should not wait for a big read.
  const render = new Map(formats.map((f) => [f, compileTemplates(loadTemplateSet(f, campaign.templates, 'summary'), f, loc)] as const));

  const epoch = sourceDateEpoch();
  const today = todayUtc(epoch ?? new Date());
  const stateFile = stateFileFor(campaign.dir);
  const stateKey = opts.out ?? '-';
  const window = await windowOf(opts, today, stateFile, stateKey, quiet);
  const scope = scopeOf(campaign, window);

  let files: Map<SummaryFormat, string> | undefined;
  if (opts.out !== undefined) {
    const expanded = expandOutPattern(opts.out, { date: isoOfDay(window.until), phase: scope.current?.phase.id ?? 'none', campaign: campaign.id }, safeName);
    files = outFiles(path.resolve(expanded), formats);
  }
  const outDir = files ? path.dirname([...files.values()][0]!) : undefined;
  // One run per output folder; released however this function ends.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- held, not used: released when the function returns
  await using _lock = outDir ? await lockOutputDir(outDir, quiet) : undefined;

  const collector = new SummaryCollector(scope);
  const index = new RejectedRowIndex();
  const log = new DiagnosticLog(maxDiagnostics, quiet);
  using progress = await startReadProgress(campaign, { quiet });
  const result = await runPipeline(campaign, {
    onDiagnostic: (d) => {
      log.add(d);
      index.add(d);
    },
    onRecord: collector.add,
    onProgress: progress.onProgress,
  });
  progress.stop();
  const rejected = result.buckets.rejected > 0 ? await dateRejectedRows(campaign, index, new Map(result.files.map((f) => [f.file, f.rejected]))) : [];
  const model = buildSummaryModel({ campaign, collector, buckets: result.buckets, rejected, generatedAt: epoch?.toISOString() ?? null });
  const view = { ...model, lang: loc.locale };

  if (files && outDir) {
    await using publication = await Publication.begin(outDir);
    for (const [f, file] of files) await publication.write(file, render.get(f)!(view));
    await publication.commit();
    if (!quiet) for (const file of files.values()) logMessage('info', `wrote ${path.relative(process.cwd(), file) || file}`, file);
  } else {
    process.stdout.write(render.get(formats[0]!)!(view));
  }
  log.finish(result, undefined);
  if (checkMaxRejected(limit, result.buckets)) return EXIT.REJECTED;
  await saveLastRun(stateFile, stateKey, window, today, quiet);
  return EXIT.OK;
}

function parseFormats(flag: string | undefined, out: string | undefined): SummaryFormat[] {
  if (flag === undefined) return [(out !== undefined ? formatOfPath(out) : undefined) ?? 'txt'];
  const list = [...new Set(flag.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  const bad = list.filter((f) => !(SUMMARY_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || list.length === 0) {
    throw new CampaignReportError('USAGE', `--format: unknown format(s) ${bad.map((b) => `"${b}"`).join(', ') || '(none)'}`, { hint: 'expected a comma list of md, html, txt' });
  }
  if (list.length > 1 && out === undefined) {
    throw new CampaignReportError('USAGE', `--format ${list.join(',')}: several formats need --out`, { hint: "e.g. --out 'reports/nightly-{date}' writes one file per format" });
  }
  return list as SummaryFormat[];
}

async function windowOf(opts: SummaryOptions, today: number, stateFile: string, key: string, quiet: boolean): Promise<SummaryWindow> {
  const lastRunAsked = (opts.since ?? '').trim().toLowerCase() === 'last-run';
  const state = lastRunAsked ? await readLastRun(stateFile, key) : {};
  if (state.problem && !quiet) logMessage('warning', `warning: ${state.problem}: ignored`, stateFile);
  const window = resolveWindow(opts.since, opts.until, today, state.lastRun);
  if (window.noLastRun && !quiet) {
    logMessage('warning', `warning: no successful run recorded for --out ${key === '-' ? '(stdout)' : key} in ${path.relative(process.cwd(), stateFile) || stateFile}: summarising the last 24h`, stateFile);
  }
  return window;
}

/** The window, the phase containing its last day (to that day) and the previous phase to the same day offset. */
function scopeOf(campaign: Campaign, w: SummaryWindow): SummaryScope {
  const i = campaign.phases.findIndex((p) => p.start.day <= w.until && w.until <= p.end.day);
  const current = i >= 0 ? campaign.phases[i]! : undefined;
  const previous = i > 0 ? campaign.phases[i - 1]! : undefined;
  const offset = current ? w.until - current.start.day : 0;
  return {
    window: { from: w.since, to: w.until },
    ...(current ? { current: { phase: current, to: w.until } } : {}),
    ...(previous ? { previous: { phase: previous, to: Math.min(previous.start.day + offset, previous.end.day) } } : {}),
    thresholds: campaign.thresholds ?? [],
  };
}

/**
 * Records this run for `--since last-run`. A state file that cannot be written
 * fails the run only when last-run was asked for (the next window depends on it).
 */
async function saveLastRun(file: string, key: string, w: SummaryWindow, today: number, quiet: boolean): Promise<void> {
  try {
    await writeLastRun(file, key, { since: isoOfDay(w.since), until: isoOfDay(w.until), ranOn: isoOfDay(today) });
  } catch (err) {
    if (w.spec === 'last-run') throw err;
    if (!quiet) logMessage('warning', `warning: ${(err as Error).message} (only --since last-run needs it)`, file);
  }
}
