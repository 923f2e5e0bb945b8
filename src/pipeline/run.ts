import type { Campaign } from '../config/campaign.js';
import { createSourceReader } from '../ingest/source.js';
import { isPartialSource, readPartial } from '../ingest/partial-reader.js';
import type { PartialDocument } from '../aggregate/partial.js';
import { CampaignReportError } from '../errors.js';
import { emptyBuckets, type Buckets, type Diagnostic } from '../validate/diagnostic.js';
import { Ledger, type OutOfScopeReason } from '../validate/ledger.js';
import type { SeizureRecord } from '../validate/record.js';
import { estimateRecords } from './estimate.js';
import { ConversionTally, readRecords } from './read-source.js';

/** Per source file: what it held and where each record went. */
export interface FileSummary extends Buckets {
  readonly file: string;
  sha256: string;
  bytes: number;
  encoding: string;
  /** For the sources of a partial: the partial's file and SHA-256. */
  via?: string;
  viaSha256?: string;
}

export interface RunResult {
  readonly buckets: Buckets;
  readonly outOfScope: Record<OutOfScopeReason, number>;
  readonly files: readonly FileSummary[];
  /** Unit conversions applied to accepted records: "carton → sticks × 200" and how often. */
  readonly conversions: ReadonlyMap<string, number>;
  readonly errors: number;
  readonly warnings: number;
}

export interface RunCallbacks {
  /** Every diagnostic, in input order. */
  onDiagnostic?(d: Diagnostic): void;
  /** Every accepted record with its phase and the 64-bit hash of its case (for aggregators and reports). */
  onRecord(rec: SeizureRecord, phase: string, case1: number, case2: number): void;
  onProgress?(p: { file: string; records: number; bytes: number }): void;
  /** A partial listed as a source (its buckets are already counted in the result). */
  onPartial?(doc: PartialDocument, sourceIndex: number): void;
}

export interface RunOptions {
  /** Accept only this phase; records of other phases go to out_of_scope (reason other_phase). */
  phase?: string;
  /**
   * Records the run likely reads (default: estimateRecords), to size the ledger once; on two threads
   * (src/pipeline/parallel.ts), those of the main thread's part.
   */
  expectedRecords?: number;
}

/**
 * read → normalize → validate → (caller's) aggregate, over every source file of the
 * campaign, one file at a time, streaming. Bad data never throws: it becomes a
 * diagnostic and a bucket count. Throws only for input that cannot be read.
 */
export async function runPipeline(campaign: Campaign, callbacks: RunCallbacks, options: RunOptions = {}): Promise<RunResult> {
  const buckets = emptyBuckets();
  const outOfScope: Record<OutOfScopeReason, number> = { outside_phases: 0, commodity: 0, other_phase: 0 };
  const files: FileSummary[] = [];
  const conversions = new Map<string, number>();
  const ledger = new Ledger(
    campaign,
    campaign.files.map((f) => f.display),
    options.phase,
    options.expectedRecords ?? estimateRecords(campaign),
  );
  let errors = 0;
  let warnings = 0;
  const report = (d: Diagnostic) => {
    if (d.severity === 'error') errors++;
    else warnings++;
    callbacks.onDiagnostic?.(d);
  };
  for (const pattern of campaign.unmatched) {
    report({ severity: 'warning', code: 'EMPTY_FILE', file: pattern, line: 0, message: 'no file matches this source pattern' });
  }
  const tally = new ConversionTally();

  /** (reporting country, phase) → the partial that covers it: a second one is refused, not double counted. */
  const partialCover = new Map<string, string>();
  const partialConversions = new Map<string, number>();
  for (const [fileIndex, file] of campaign.files.entries()) {
    if (isPartialSource(file)) {
      const { doc, sha256, bytes } = await readPartial(file);
      for (const row of doc.rows) {
        const key = `${row.country} ${row.phase}`;
        const other = partialCover.get(key);
        if (other !== undefined && other !== file.display) {
          throw new CampaignReportError('CONFIG_INVALID', `partials ${other} and ${file.display} both cover ${row.country} in phase ${row.phase || '(none)'}`, {
            hint: 'list each agency\'s partial once; two partials of the same country and phase would count its seizures twice',
          });
        }
        partialCover.set(key, file.display);
      }
      if (doc.campaign !== campaign.id) {
        report({ severity: 'warning', code: 'PARTIAL_CAMPAIGN', file: file.display, line: 0, message: `partial was made for campaign "${doc.campaign}", not "${campaign.id}"` });
      }
      // The sources a partial was made from stand in the annex as if read here (their names as
      // the agency wrote them), each marked with the partial it came through.
      void bytes;
      for (const src of doc.sources) files.push({ ...src, bytes: 0, encoding: '', via: file.display, viaSha256: sha256 });
      for (const k of ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const) buckets[k] += doc.buckets[k];
      for (const k of ['outside_phases', 'commodity', 'other_phase'] as const) outOfScope[k] += doc.outOfScope[k];
      for (const [label, n] of Object.entries(doc.conversions)) partialConversions.set(label, (partialConversions.get(label) ?? 0) + n);
      callbacks.onPartial?.(doc, fileIndex);
      continue;
    }
    const reader = createSourceReader(file);
    const summary: FileSummary = { file: file.display, sha256: '', bytes: 0, encoding: '', ...emptyBuckets() };
    await readRecords(reader, fileIndex, summary, { campaign, ledger, report, outOfScope, conversions: tally, onRecord: callbacks.onRecord, onProgress: callbacks.onProgress });
    summary.sha256 = reader.stats.sha256;
    summary.bytes = reader.stats.bytes;
    summary.encoding = reader.stats.encoding;
    if (summary.read === 0) {
      report({ severity: 'warning', code: 'EMPTY_FILE', file: file.display, line: 0, message: 'file has no records' });
    }
    for (const k of ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const) buckets[k] += summary[k];
    files.push(summary);
  }
  tally.labels(conversions);
  for (const [label, n] of partialConversions) conversions.set(label, (conversions.get(label) ?? 0) + n);
  return { buckets, outOfScope, files, conversions, errors, warnings };
}
