import path from 'node:path';
import type { Campaign, Phase } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import { isPartialSource } from '../ingest/partial-reader.js';
import { exportColumns, rejectedInPhase, type ExportColumn, type RecordRow } from '../output/export-columns.js';
import { createRowWriter, type RowWriter } from '../output/export-writers.js';
import { AtomicFileStream, StdoutSink } from '../output/stream-file.js';
import type { RejectedRecord } from '../pipeline/run.js';
import { SCHEMA_VERSION, openCampaign } from './common.js';
import { VERSION } from './defaults.js';
import { requirePhase, resolveExportOptions, type ExportOptions } from './options.js';
import { exitCodeOf, runCampaign, type Collectors } from './run-campaign.js';

export type { ExportOptions } from './options.js';

/**
 * `campaign-report export`: every accepted record as the tool understood it
 * (and with `--include rejected` every rejected row as written), one row each,
 * in file order, written as the records come out of the ledger.
 */
export async function runExport(flags: ExportOptions): Promise<number> {
  const opts = resolveExportOptions(flags);
  const campaign = await openCampaign(opts.campaign);
  const phase = opts.phase === undefined ? undefined : requirePhase(campaign, opts.phase);
  refusePartials(campaign);
  const columns = exportColumns({ rejected: opts.includeRejected, redact: campaign.redact });
  const file = opts.out === undefined ? undefined : new AtomicFileStream(opts.out);
  try {
    const writer = createRowWriter(opts.format, columns, file ?? new StdoutSink(), {
      createdBy: `campaign-report ${VERSION}`,
      keyValues: [
        { key: 'campaign-report.schema_version', value: String(SCHEMA_VERSION) },
        { key: 'campaign-report.campaign', value: campaign.id },
        ...(phase ? [{ key: 'campaign-report.phase', value: phase.id }] : []),
      ],
    });
    const collectors = exportCollectors(campaign, opts.includeRejected ? { phase } : undefined, columns, writer);
    const finish = async () => {
      writer.finish();
      file?.commit();
      return { written: file ? [path.resolve(file.file)] : [] };
    };
    const run = await runCampaign(campaign, opts, collectors, finish, { ...(phase ? { phase: phase.id } : {}), asWritten: opts.includeRejected });
    return exitCodeOf(run, false);
  } finally {
    file?.abort();
  }
}

/** Each accepted record (and with `rejected`, each rejected row of its phase, if any) to the writer as it comes. */
function exportCollectors(campaign: Campaign, rejected: { phase: Phase | undefined } | undefined, columns: readonly ExportColumn[], writer: RowWriter): Collectors {
  const files = campaign.files.map((f) => f.display);
  const onRecord: Collectors['onRecord'] = (rec, recPhase, _c1, _c2, sheet) => {
    const row: RecordRow = { rec, phase: recPhase, file: files[rec.fileIndex]!, sheet };
    writer.add(columns.map((c) => c.accepted(row)));
  };
  if (!rejected) return { onRecord };
  const { phase } = rejected;
  const onRejected = (r: RejectedRecord): void => {
    if (phase === undefined || rejectedInPhase(r, phase)) writer.add(columns.map((c) => c.rejected(r)));
  };
  return { onRecord, onRejected };
}

/** A partial holds figures, not records: there is nothing of it to list. */
function refusePartials(campaign: Campaign): void {
  const partial = campaign.files.find(isPartialSource);
  if (partial) {
    throw new CampaignReportError('USAGE', `${partial.display}: a partial holds figures, not records; export lists records`, {
      hint: 'export the campaign the partial was made from, or aggregate the partial instead',
    });
  }
}
