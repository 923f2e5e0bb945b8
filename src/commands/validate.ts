import { EXIT } from '../errors.js';
import { runPipeline } from '../pipeline/run.js';
import { startReadProgress } from '../output/progress.js';
import { configureColour, DiagnosticLog, openCampaign, parseLimit, writeReportJson } from './common.js';
import { checkMaxRejected, parseMaxRejected } from './max-rejected.js';

export interface ValidateOptions {
  campaign?: string;
  quiet?: boolean;
  reportJson?: string;
  maxDiagnostics?: string;
  maxRejected?: string;
}

/**
 * `campaign-report validate`: exit 0 clean (warnings allowed), 1 when a record
 * was rejected — or, with `--max-rejected`, when more were than it allows.
 */
export async function runValidate(opts: ValidateOptions): Promise<number> {
  configureColour();
  const limit = parseMaxRejected(opts.maxRejected);
  const campaign = await openCampaign(opts.campaign);
  const log = new DiagnosticLog(parseLimit(opts.maxDiagnostics ?? '200', '--max-diagnostics'), opts.quiet ?? false);
  using progress = await startReadProgress(campaign, opts);
  const result = await runPipeline(campaign, { onDiagnostic: log.add, onRecord: () => {}, onProgress: progress.onProgress });
  progress.stop();
  if (opts.reportJson) await writeReportJson(opts.reportJson, campaign, result, log);
  log.finish(result, opts.reportJson);
  if (limit) return checkMaxRejected(limit, result.buckets) ? EXIT.REJECTED : EXIT.OK;
  return result.buckets.rejected > 0 ? EXIT.REJECTED : EXIT.OK;
}
