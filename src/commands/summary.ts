import path from 'node:path';
import { SummaryCollector, type SummaryScope } from '../aggregate/summary-collector.js';
import { buildSummaryModel, type SummaryInputs } from '../aggregate/summary-model.js';
import type { Campaign } from '../config/campaign.js';
import { EXIT } from '../errors.js';
import { isoOfDay } from '../normalize/date.js';
import { logMessage } from '../output/log.js';
import { Publication } from '../output/publish.js';
import { readLastRun, stateFileFor, writeLastRun } from '../output/state.js';
import { templateVocabulary } from '../render/labels.js';
import { loadLocale } from '../render/locale.js';
import { compileTemplates, loadTemplateSet } from '../render/templates.js';
import { safeName } from '../util/file-name.js';
import { sourceDateEpoch } from '../util/source-date-epoch.js';
import { openCampaign } from './common.js';
import { resolveSummaryOptions, type ResolvedSummaryOptions, type SummaryOptions } from './options.js';
import { lockOutputDir } from './output-dir.js';
import { runCampaign, type Collectors, type Outputs } from './run-campaign.js';
import { expandOutPattern, outFiles, resolveWindow, todayUtc, type SummaryFormat, type SummaryWindow } from './summary-window.js';

export type { SummaryOptions } from './options.js';

/** Where `--since last-run` reads and this run records its window: the state file beside the campaign file, per `--out` pattern. */
interface LastRunState {
  readonly file: string;
  /** The `--out` pattern, `-` for stdout. */
  readonly key: string;
}

/**
 * `campaign-report summary`: a one-page summary of a window of seizure dates —
 * what is new, the phase to date against the previous phase to the same day,
 * seizures above the campaign's thresholds, rejected records, silent
 * participants. To stdout, or to `--out PATTERN` (locked, published as a set).
 */
export async function runSummary(flags: SummaryOptions): Promise<number> {
  const opts = resolveSummaryOptions(flags);
  const campaign = await openCampaign(opts.campaign);
  const loc = loadLocale(opts.locale ?? campaign.locale, campaign.templates);
  // Compile before reading data: a template error should not wait for a big read.
  const render = new Map(opts.formats.map((f) => [f, compileTemplates(loadTemplateSet(f, campaign.templates, 'summary'), f, loc, templateVocabulary(campaign))] as const));

  const epoch = sourceDateEpoch();
  const today = todayUtc(epoch ?? new Date());
  const state: LastRunState = { file: stateFileFor(campaign.dir), key: opts.out ?? '-' };
  const window = await windowOf(opts, today, state);
  const scope = scopeOf(campaign, window);
  const files = opts.out === undefined ? undefined : outFiles(path.resolve(expandOutPattern(opts.out, { date: isoOfDay(window.until), phase: scope.current?.phase.id ?? 'none', campaign: campaign.id }, safeName)), opts.formats);
  const outDir = files ? path.dirname([...files.values()][0]!) : undefined;
  // One run per output folder; released however this function ends (after the state is recorded).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- held, not used: released when the function returns
  await using _lock = outDir ? await lockOutputDir(outDir, opts.quiet) : undefined;

  const collector = new SummaryCollector(scope);
  const rejected = rejectedRows();
  const run = await runCampaign(campaign, opts, { onRecord: collector.add, onRejected: rejected.onRejected }, async ({ result }) => {
    const model = buildSummaryModel({ campaign, collector, buckets: result.buckets, rejected: rejected.rows, generatedAt: epoch?.toISOString() ?? null });
    const view = { ...model, lang: loc.locale };
    if (!files || !outDir) {
      process.stdout.write(render.get(opts.formats[0]!)!(view));
      return;
    }
    return publishSummary(outDir, files, (f) => render.get(f)!(view));
  });
  if (run.overLimit) return EXIT.REJECTED;
  await saveLastRun(state, window, today, opts.quiet);
  return EXIT.OK;
}

/** Writes one file per format and publishes them together. */
async function publishSummary(outDir: string, files: ReadonlyMap<SummaryFormat, string>, render: (f: SummaryFormat) => string): Promise<Outputs> {
  await using publication = await Publication.begin(outDir);
  await publication.writeAll([...files].map(([f, file]) => [file, render(f)] as const));
  await publication.commit();
  return { written: [...files.values()] };
}

/** At most this many rejected records are kept for the summary (a hostile file must not exhaust memory); the rest count as not placed. */
const MAX_REJECTED_ROWS = 200_000;

/** Rejected records with their dates, as the pipeline hands them on, so the summary can place them in or out of its window. */
function rejectedRows(): { onRejected: NonNullable<Collectors['onRejected']>; rows: SummaryInputs['rejected'][number][] } {
  const rows: SummaryInputs['rejected'][number][] = [];
  return {
    rows,
    onRejected: (r) => {
      if (rows.length < MAX_REJECTED_ROWS) rows.push({ file: r.file, line: r.line, ...(r.sheet !== undefined ? { sheet: r.sheet } : {}), date: r.day === undefined ? null : isoOfDay(r.day), codes: r.codes });
    },
  };
}

async function windowOf(opts: ResolvedSummaryOptions, today: number, { file, key }: LastRunState): Promise<SummaryWindow> {
  const lastRunAsked = opts.since.trim().toLowerCase() === 'last-run';
  const state = lastRunAsked ? await readLastRun(file, key) : {};
  if (state.problem && !opts.quiet) logMessage('warning', `warning: ${state.problem}: ignored`, file);
  const window = resolveWindow(opts.since, opts.until, today, state.lastRun);
  if (window.noLastRun && !opts.quiet) {
    logMessage('warning', `warning: no successful run recorded for --out ${key === '-' ? '(stdout)' : key} in ${path.relative(process.cwd(), file) || file}: summarising the last 24h`, file);
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
async function saveLastRun({ file, key }: LastRunState, w: SummaryWindow, today: number, quiet: boolean): Promise<void> {
  try {
    await writeLastRun(file, key, { since: isoOfDay(w.since), until: isoOfDay(w.until), ranOn: isoOfDay(today) });
  } catch (err) {
    if (w.spec === 'last-run') throw err;
    if (!quiet) logMessage('warning', `warning: ${(err as Error).message} (only --since last-run needs it)`, file);
  }
}
