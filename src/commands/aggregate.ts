import { Aggregator, type KgFactor } from '../aggregate/aggregator.js';
import type { Dimension } from '../aggregate/dimensions.js';
import { PartialBuilder, partialCaseKeys, partialValue } from '../aggregate/partial.js';
import { PhaseTally } from '../aggregate/phase-tally.js';
import { adhocCampaign } from '../config/adhoc.js';
import type { Campaign } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import { writeTable, type Table, type TableFormat } from '../output/table.js';
import { writeFileAtomically } from '../output/write.js';
import type { RunResult } from '../pipeline/run.js';
import { optimizeLater } from '../pipeline/tier-up.js';
import { openCampaign, sourcesOf } from './common.js';
import { VERSION } from './defaults.js';
import { goodsVocabulary } from '../normalize/goods.js';
import { requirePhase, resolveAggregateOptions, type AggregateOptions, type ResolvedAggregateOptions } from './options.js';
import { exitCodeOf, runCampaign, type CampaignRead, type Collectors } from './run-campaign.js';

export type { AggregateFormat, AggregateOptions } from './options.js';

/** What `aggregate` makes of the records: its collectors, and the output once they are read. */
interface AggregateOutput {
  readonly collectors: Collectors;
  render(read: CampaignRead): Promise<string | Buffer>;
}

/** `campaign-report aggregate`: one row per group per canonical unit, to stdout or --out. */
export async function runAggregate(flags: AggregateOptions): Promise<number> {
  const opts = resolveAggregateOptions(flags);
  // Ad hoc too, V8 optimizes later until the input is known to be large, as openCampaign has it (pipeline/tier-up.ts).
  if (opts.inputs.length > 0) optimizeLater();
  const campaign = opts.inputs.length > 0 ? await adhocCampaign(opts.inputs, opts.adhoc) : await openCampaign(opts.campaign);
  if (opts.phase !== undefined) requirePhase(campaign, opts.phase);
  const output = opts.format === 'partial' ? partialOutput(campaign) : tablesOutput(campaign, opts);
  const write = async (read: CampaignRead) => {
    const bytes = await output.render(read);
    if (opts.out) await writeFileAtomically(opts.out, bytes);
    else process.stdout.write(bytes);
  };
  const run = await runCampaign(campaign, opts, output.collectors, write, opts.phase === undefined ? {} : { phase: opts.phase });
  return exitCodeOf(run, opts.strict);
}

/** `--format partial`: the accepted records at the partial's grain (see aggregate/partial.ts); partials as sources are refused. */
function partialOutput(campaign: Campaign): AggregateOutput {
  const partial = new PartialBuilder();
  const tally = new PhaseTally(campaign.phases);
  return {
    collectors: {
      onRecord: partial.add,
      onRejected: tally.rejected,
      onSetAside: tally.setAside,
      onPartial: (_doc, index) => {
        throw new CampaignReportError('USAGE', `${campaign.files[index]?.display}: a partial cannot be made from partials`, { hint: 'merge partials with aggregate or build instead' });
      },
    },
    render: async ({ result, rejectedByReason }) => {
      const doc = partial.toDocument({
        campaign: campaign.id,
        version: VERSION,
        vocabulary: goodsVocabulary(campaign.vocabulary).version,
        buckets: result.buckets,
        outOfScope: { ...result.outOfScope },
        rejectedByReason,
        conversions: result.conversions,
        sources: sourcesOf(result),
        setAside: tally.toPartial(),
        unplacedRejected: tally.unplaced,
      });
      return JSON.stringify(doc) + '\n';
    },
  };
}

/** The tables: one per `--by` list (several: one xlsx sheet each); a partial's rows are grouped into them as records are. */
function tablesOutput(campaign: Campaign, opts: ResolvedAggregateOptions): AggregateOutput {
  const phaseOrder = campaign.phases.map((p) => p.id);
  const one = opts.dimensions.length === 1;
  const kgFactor = opts.kgEquivalent ? kgFactorOf(campaign) : undefined;
  const aggregators = opts.dimensions.map((dims) => new Aggregator(dims, phaseOrder, true, kgFactor));
  /** Records of partials in other phases than --phase: moved from accepted to out_of_scope afterwards. */
  let otherPhase = 0;
  const onPartial: Collectors['onPartial'] = (doc, index) => {
    for (const row of doc.rows) {
      if (opts.phase !== undefined && row.phase !== opts.phase) {
        otherPhase += row.records;
        continue;
      }
      const cases = partialCaseKeys(index, row.cases);
      for (const a of aggregators) a.addFine((d: Dimension) => partialValue(row, d), row.unit, row.seizures, row.quantity, row.totalsCases, cases);
    }
  };
  return {
    collectors: {
      onRecord: one ? (rec, phase, c1, c2) => aggregators[0]!.add(rec, phase, c1, c2) : (rec, phase, c1, c2) => aggregators.forEach((a) => a.add(rec, phase, c1, c2)),
      onPartial,
      // One table (the common case): its case set is sized once for the records announced.
      onReserve: one ? (n) => aggregators[0]!.reserveCases(n) : undefined,
    },
    render: async ({ result }) => {
      moveOtherPhase(result, otherPhase);
      const tables = await Promise.all(aggregators.map((a) => tableOf(campaign, a, opts)));
      if (opts.format !== 'xlsx') return writeTable(tables[0]!, opts.format as TableFormat);
      const { writeXlsx } = await import('../output/xlsx.js');
      return writeXlsx(tables.map((table, i) => ({ name: aggregators[i]!.dimensions.join(','), table })));
    },
  };
}

/** One aggregator's rows as a table: ids or `--labels`, and the `--kg-equivalent` column (empty where no item has a factor). */
async function tableOf(campaign: Campaign, a: Aggregator, opts: ResolvedAggregateOptions): Promise<Table> {
  const label = opts.labels ? (await import('../render/labels.js')).dimensionLabels(campaign, opts.labels, a.dimensions) : undefined;
  const kg = opts.kgEquivalent;
  return {
    columns: [...a.dimensions, 'unit', 'cases', 'seizures', 'quantity', ...(kg ? ['kg_equivalent'] : [])],
    numeric: new Set(['cases', 'seizures', 'quantity', ...(kg ? ['kg_equivalent'] : [])]),
    rows: a.rows().map((r) => [...(label ? r.dims.map((v, i) => label[i]!(v)) : r.dims), r.unit, r.cases, r.seizures, r.quantity, ...(kg ? [r.kgEquivalent ?? ''] : [])]),
  };
}

/** Kg per unit of a good: 1 for kg, else the vocabulary's factor (UNODC's, or the campaign's `vocabulary.kg_equivalent`). */
function kgFactorOf(campaign: Campaign): KgFactor {
  const goods = goodsVocabulary(campaign.vocabulary);
  return (subtype, unit) => (unit === 'kg' ? 1 : goods.good(subtype)?.kgEquivalent[unit]);
}

/**
 * `--phase` with partials: their records of other phases are out of scope (other phase), as raw
 * records are. Per-source figures of a partial stay as the agency reported them (all phases): a
 * partial's rows do not say which source they came from. The run's totals move.
 */
function moveOtherPhase(result: RunResult, n: number): void {
  if (n === 0) return;
  result.buckets.accepted -= n;
  result.buckets.out_of_scope += n;
  (result.outOfScope as { other_phase: number }).other_phase += n;
}
