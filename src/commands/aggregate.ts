import { Aggregator } from '../aggregate/aggregator.js';
import { parseDimensions } from '../aggregate/dimensions.js';
import { CampaignReportError, EXIT } from '../errors.js';
import { writeTable, type Table, type TableFormat } from '../output/table.js';
import { writeFileAtomically } from '../output/write.js';
import { runPipeline } from '../pipeline/run.js';
import { configureColour, DiagnosticLog, openCampaign, parseLimit, writeReportJson } from './common.js';

export interface AggregateOptions {
  campaign?: string;
  quiet?: boolean;
  by?: string;
  phase?: string;
  format?: TableFormat;
  out?: string;
  reportJson?: string;
  strict?: boolean;
  maxDiagnostics?: string;
}

/** `campaign-report aggregate`: one row per group per canonical unit, to stdout or --out. */
export async function runAggregate(opts: AggregateOptions): Promise<number> {
  configureColour();
  const { dims, unknown } = parseDimensions(opts.by ?? 'commodity,route,country');
  if (unknown.length > 0 || dims.length === 0) {
    throw new CampaignReportError('USAGE', `--by: unknown dimension(s) ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}`, {
      hint: 'expected a comma list of phase, commodity, subtype, route, direction, country, origin, destination, month, week',
    });
  }
  const campaign = await openCampaign(opts.campaign);
  if (opts.phase !== undefined && !campaign.phases.some((p) => p.id === opts.phase)) {
    throw new CampaignReportError('USAGE', `--phase: "${opts.phase}" is not a phase of ${campaign.id}`, {
      hint: `phases: ${campaign.phases.map((p) => p.id).join(', ')}`,
    });
  }
  const aggregator = new Aggregator(dims, campaign.phases.map((p) => p.id));
  const log = new DiagnosticLog(parseLimit(opts.maxDiagnostics ?? '20', '--max-diagnostics'), opts.quiet ?? false);
  const result = await runPipeline(
    campaign,
    { onDiagnostic: log.add, onRecord: (rec, phase, c1, c2) => aggregator.add(rec, phase, c1, c2) },
    opts.phase === undefined ? {} : { phase: opts.phase },
  );
  const table: Table = {
    columns: [...dims, 'unit', 'cases', 'seizures', 'quantity'],
    numeric: new Set(['cases', 'seizures', 'quantity']),
    rows: aggregator.rows().map((r) => [...r.dims, r.unit, r.cases, r.seizures, r.quantity]),
  };
  const text = writeTable(table, opts.format ?? 'csv');
  if (opts.out) await writeFileAtomically(opts.out, text);
  else process.stdout.write(text);
  if (opts.reportJson) await writeReportJson(opts.reportJson, campaign, result, log);
  log.finish(result, opts.reportJson);
  return opts.strict && result.buckets.rejected > 0 ? EXIT.REJECTED : EXIT.OK;
}
