import { Aggregator } from '../aggregate/aggregator.js';
import { parseDimensions, type Dimension } from '../aggregate/dimensions.js';
import { PartialBuilder, partialCaseKeys } from '../aggregate/partial.js';
import { adhocCampaign } from '../config/adhoc.js';
import type { Campaign } from '../config/campaign.js';
import { CampaignReportError, EXIT } from '../errors.js';
import { startReadProgress } from '../output/progress.js';
import { writeTable, type Table, type TableFormat } from '../output/table.js';
import { writeFileAtomically } from '../output/write.js';
import { estimateRecords } from '../pipeline/estimate.js';
import { runPipeline, type RunResult } from '../pipeline/run.js';
import { configureColour, DiagnosticLog, openCampaign, parseLimit, writeReportJson } from './common.js';
import { checkMaxRejected, parseMaxRejected } from './max-rejected.js';

export type AggregateFormat = TableFormat | 'xlsx' | 'partial';

export interface AggregateOptions {
  campaign?: string;
  quiet?: boolean;
  /** One or more `--by` lists (several only with xlsx: one sheet each). */
  by?: string | string[];
  phase?: string;
  format?: AggregateFormat;
  out?: string;
  reportJson?: string;
  strict?: boolean;
  maxDiagnostics?: string;
  maxRejected?: string;
  /** Files named on the command line: ad-hoc use without a campaign file. */
  inputs?: string[];
  dateFormat?: string;
  decimal?: string;
  delimiter?: string;
  map?: string[];
  default?: string[];
}

const VERSION = '0.1.0';
const DEFAULT_BY = 'commodity,route,country';

/** `campaign-report aggregate`: one row per group per canonical unit, to stdout or --out. */
export async function runAggregate(opts: AggregateOptions): Promise<number> {
  configureColour();
  const format = opts.format ?? 'csv';
  const byLists = (Array.isArray(opts.by) ? opts.by : opts.by ? [opts.by] : []).filter((b) => b.trim() !== '');
  const dimSets = (byLists.length > 0 ? byLists : [DEFAULT_BY]).map(parseBy);
  if (dimSets.length > 1 && format !== 'xlsx') {
    throw new CampaignReportError('USAGE', 'several --by sets need --format xlsx (one sheet each)', { hint: 'or run aggregate once per --by' });
  }
  if (format === 'xlsx' && !opts.out) throw new CampaignReportError('USAGE', '--format xlsx needs --out FILE.xlsx');
  const limit = parseMaxRejected(opts.maxRejected);
  const campaign = await resolveCampaign(opts);
  if (opts.phase !== undefined && !campaign.phases.some((p) => p.id === opts.phase)) {
    throw new CampaignReportError('USAGE', `--phase: "${opts.phase}" is not a phase of ${campaign.id}`, {
      hint: `phases: ${campaign.phases.map((p) => p.id).join(', ')}`,
    });
  }
  const phaseOrder = campaign.phases.map((p) => p.id);
  // One large CSV file and one table: both cores with CAMPAIGN_REPORT_THREADS=2 (src/pipeline/parallel.ts).
  const par = format !== 'partial' && dimSets.length === 1 ? await import('../pipeline/parallel.js') : undefined;
  const plan = par?.canRunParallel(campaign);
  // One table (the common case): its case set is sized once for the records expected. On two threads
  // the tables hold only the first part's records while the worker runs (both heaps share the memory
  // budget); they grow once it has gone.
  const estimate = estimateRecords(campaign);
  const expectedRecords = plan ? Math.round((estimate * plan.split) / plan.size) : estimate;
  const aggregators = dimSets.map((dims) => new Aggregator(dims, phaseOrder, true, dimSets.length === 1 ? expectedRecords : 0));
  const partial = format === 'partial' ? new PartialBuilder() : undefined;
  const rejectedByReason = new Map<string, number>();
  const log = new DiagnosticLog(parseLimit(opts.maxDiagnostics ?? '20', '--max-diagnostics'), opts.quiet ?? false);
  /** Records of partials in other phases than --phase: moved from accepted to out_of_scope afterwards. */
  const otherPhase = new Map<number, number>();
  using progress = await startReadProgress(campaign, opts);
  const parallel = plan ? par!.parallelPipeline(campaign, plan, aggregators[0]!) : undefined;
  const result = await (parallel ?? runPipeline)(
    campaign,
    {
      onDiagnostic: (d) => {
        log.add(d);
        if (d.severity === 'error') rejectedByReason.set(d.code, (rejectedByReason.get(d.code) ?? 0) + 1);
      },
      onRecord: partial
        ? partial.add
        : aggregators.length === 1
          ? (rec, phase, c1, c2) => aggregators[0]!.add(rec, phase, c1, c2)
          : (rec, phase, c1, c2) => aggregators.forEach((a) => a.add(rec, phase, c1, c2)),
      onPartial: (doc, index) => {
        if (partial) throw new CampaignReportError('USAGE', `${campaign.files[index]?.display}: a partial cannot be made from partials`, { hint: 'merge partials with aggregate or build instead' });
        for (const row of doc.rows) {
          if (opts.phase !== undefined && row.phase !== opts.phase) {
            otherPhase.set(index, (otherPhase.get(index) ?? 0) + row.records);
            continue;
          }
          const cases = partialCaseKeys(index, row.cases);
          for (const a of aggregators) a.addFine((d: Dimension) => row[d], row.unit, row.seizures, row.quantity, row.totalsCases, cases);
        }
      },
      onProgress: progress.onProgress,
    },
    opts.phase === undefined ? { expectedRecords } : { phase: opts.phase, expectedRecords },
  );
  progress.stop();
  moveOtherPhase(result, campaign, otherPhase);

  let output: string | Buffer;
  if (partial) {
    const doc = partial.toDocument({
      campaign: campaign.id,
      version: VERSION,
      buckets: result.buckets,
      outOfScope: { ...result.outOfScope },
      rejectedByReason,
      conversions: result.conversions,
      sources: result.files.map((f) => ({ file: f.file, sha256: f.sha256, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates, out_of_scope: f.out_of_scope })),
    });
    output = JSON.stringify(doc) + '\n';
  } else {
    const tables = aggregators.map((a): Table => ({
      columns: [...a.dimensions, 'unit', 'cases', 'seizures', 'quantity'],
      numeric: new Set(['cases', 'seizures', 'quantity']),
      rows: a.rows().map((r) => [...r.dims, r.unit, r.cases, r.seizures, r.quantity]),
    }));
    if (format === 'xlsx') {
      const { writeXlsx } = await import('../output/xlsx.js');
      output = await writeXlsx(tables.map((table, i) => ({ name: aggregators[i]!.dimensions.join(','), table })));
    } else output = writeTable(tables[0]!, format as TableFormat);
  }
  if (opts.out) await writeFileAtomically(opts.out, output);
  else process.stdout.write(output);
  if (opts.reportJson) await writeReportJson(opts.reportJson, campaign, result, log);
  log.finish(result, opts.reportJson);
  if (checkMaxRejected(limit, result.buckets)) return EXIT.REJECTED;
  return opts.strict && result.buckets.rejected > 0 ? EXIT.REJECTED : EXIT.OK;
}

function parseBy(list: string): Dimension[] {
  const { dims, unknown } = parseDimensions(list);
  if (unknown.length > 0 || dims.length === 0) {
    throw new CampaignReportError('USAGE', `--by: unknown dimension(s) ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}`, {
      hint: 'expected a comma list of phase, commodity, subtype, route, direction, country, origin, destination, month, week',
    });
  }
  return dims;
}

async function resolveCampaign(opts: AggregateOptions): Promise<Campaign> {
  const inputs = opts.inputs ?? [];
  const adhocFlags = opts.dateFormat !== undefined || opts.decimal !== undefined || opts.delimiter !== undefined || (opts.map?.length ?? 0) > 0 || (opts.default?.length ?? 0) > 0;
  if (inputs.length === 0) {
    if (adhocFlags) throw new CampaignReportError('USAGE', '--date-format, --decimal, --delimiter, --map and --default apply to files named on the command line', { hint: 'in a campaign file, set them on the source' });
    return openCampaign(opts.campaign);
  }
  if (opts.campaign !== undefined) throw new CampaignReportError('USAGE', 'give either --campaign or input files, not both');
  return adhocCampaign(inputs, opts);
}

/** `--phase` with partials: their records of other phases are out of scope (other phase), as raw records are. */
function moveOtherPhase(result: RunResult, campaign: Campaign, moved: ReadonlyMap<number, number>): void {
  for (const [index, n] of moved) {
    // Per-source figures of a partial stay as the agency reported them (all phases): a partial's
    // rows do not say which source they came from. The run's totals move.
    void campaign;
    void index;
    result.buckets.accepted -= n;
    result.buckets.out_of_scope += n;
    (result.outOfScope as { other_phase: number }).other_phase += n;
  }
}
