import path from 'node:path';
import type { Campaign } from '../config/campaign.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { EXIT } from '../errors.js';
import { logMessage } from '../output/log.js';
import { startReadProgress } from '../output/progress.js';
import { runPipeline, type RunCallbacks, type RunOptions, type RunResult } from '../pipeline/run.js';
import { configureColour, DiagnosticLog, writeReportJson } from './common.js';
import { checkMaxRejected } from './max-rejected.js';
import type { CommonOptions } from './options.js';

/** What a command collects while the sources are read. Every diagnostic goes to the log anyway. */
export interface Collectors {
  readonly onRecord: RunCallbacks['onRecord'];
  /** A partial listed as a source. */
  readonly onPartial?: RunCallbacks['onPartial'];
  /** Sees every diagnostic too, after the log. */
  readonly onDiagnostic?: (d: Diagnostic) => void;
  /** Records about to come (see RunCallbacks.onReserve). */
  readonly onReserve?: RunCallbacks['onReserve'];
  /** The cases of the next records (see RunCallbacks.onUpcomingCases). */
  readonly onUpcomingCases?: RunCallbacks['onUpcomingCases'];
  /** Every rejected record that has a line, with its day when known. */
  readonly onRejected?: RunCallbacks['onRejected'];
  /** Every duplicate and out-of-scope record of a raw source, with its day. */
  readonly onSetAside?: RunCallbacks['onSetAside'];
}

/** The sources, read. */
export interface CampaignRead {
  readonly result: RunResult;
  /** Error diagnostics per code, with those partials report for their sources. */
  readonly rejectedByReason: ReadonlyMap<string, number>;
}

/** What a command reports of its outputs, once written. */
export interface Outputs {
  /** Files written: "wrote …" after --report-json, unless --quiet. */
  readonly written?: readonly string[];
  /** Ends the run after the buckets line (build: the PDFs could not be made; Markdown and HTML are written). */
  readonly failure?: Error;
}

export interface CampaignRun extends CampaignRead {
  /** More records were rejected than --max-rejected allows (said on stderr). */
  readonly overLimit: boolean;
}

/**
 * The run every reading command shares: colour, the diagnostics log, the
 * progress bar, the pipeline feeding the command's `collectors`, the command's
 * own outputs (`write`), --report-json, the "wrote" lines, the buckets line,
 * and --max-rejected. The command decides its exit code from what this returns.
 */
export async function runCampaign(
  campaign: Campaign,
  opts: CommonOptions,
  collectors: Collectors,
  write: (read: CampaignRead) => Promise<Outputs | void>,
  pipelineOptions: RunOptions = {},
): Promise<CampaignRun> {
  configureColour();
  const log = new DiagnosticLog(opts.maxDiagnostics, opts.quiet);
  const rejectedByReason = new Map<string, number>();
  const tally = (code: string, n: number) => rejectedByReason.set(code, (rejectedByReason.get(code) ?? 0) + n);
  using progress = await startReadProgress(campaign, opts);
  const result = await runPipeline(
    campaign,
    {
      onDiagnostic: (d) => {
        log.add(d);
        if (d.severity === 'error') tally(d.code, 1);
        collectors.onDiagnostic?.(d);
      },
      onRecord: collectors.onRecord,
      onPartial: (doc, index) => {
        collectors.onPartial?.(doc, index);
        for (const [code, n] of Object.entries(doc.rejectedByReason)) tally(code, n);
      },
      onProgress: progress.onProgress,
      onReserve: collectors.onReserve,
      onUpcomingCases: collectors.onUpcomingCases,
      onRejected: collectors.onRejected,
      onSetAside: collectors.onSetAside,
    },
    pipelineOptions,
  );
  progress.stop();
  const outputs = (await write({ result, rejectedByReason })) ?? {};
  if (opts.reportJson) await writeReportJson(opts.reportJson, campaign, result, log);
  if (!opts.quiet) for (const f of outputs.written ?? []) logMessage('info', `wrote ${path.relative(process.cwd(), f) || f}`, f);
  log.finish(result, opts.reportJson);
  if (outputs.failure) throw outputs.failure;
  return { result, rejectedByReason, overLimit: checkMaxRejected(opts.maxRejected, result.buckets) };
}

/** Exit 1 when over --max-rejected, or with `strict` when any record was rejected; else 0. */
export function exitCodeOf(run: CampaignRun, strict: boolean): number {
  return run.overLimit || (strict && run.result.buckets.rejected > 0) ? EXIT.REJECTED : EXIT.OK;
}
