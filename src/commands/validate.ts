import { EXIT } from '../errors.js';
import { runPipeline } from '../pipeline/run.js';
import { configureColour, DiagnosticLog, openCampaign, parseLimit, writeReportJson } from './common.js';

export interface ValidateOptions {
  campaign?: string;
  quiet?: boolean;
  reportJson?: string;
  maxDiagnostics?: string;
}

/** `campaign-report validate`: exit 0 clean (warnings allowed), 1 when a record was rejected. */
export async function runValidate(opts: ValidateOptions): Promise<number> {
  configureColour();
  const campaign = await openCampaign(opts.campaign);
  const log = new DiagnosticLog(parseLimit(opts.maxDiagnostics ?? '200', '--max-diagnostics'), opts.quiet ?? false);
  const result = await runPipeline(campaign, { onDiagnostic: log.add, onRecord: () => {} });
  if (opts.reportJson) await writeReportJson(opts.reportJson, campaign, result, log);
  log.finish(result, opts.reportJson);
  return result.buckets.rejected > 0 ? EXIT.REJECTED : EXIT.OK;
}
