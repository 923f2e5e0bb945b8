import type { Campaign } from '../config/campaign.js';
import { mapColumns } from '../ingest/columns.js';
import type { SourceReader } from '../ingest/rows.js';
import { hash64, hashOut } from '../util/hash.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { countrySeed, type Ledger, type OutOfScopeReason } from '../validate/ledger.js';
import { createRecordNormalizer, type SeizureRecord } from '../validate/record.js';
import type { FileSummary, RunCallbacks } from './run.js';

/** Counts the unit conversions of accepted records; runs of the same one cost no Map update. */
export class ConversionTally {
  private readonly counts = new Map<SeizureRecord['conversion'], number>();
  private last: SeizureRecord['conversion'] | undefined;
  private run = 0;

  add(c: SeizureRecord['conversion']): void {
    if (c === this.last) this.run++;
    else {
      this.flush();
      this.last = c;
      this.run = 1;
    }
  }

  /** Conversion label → records, in first-seen order; identities ("kg" read as kg, label '') only when asked. */
  labels(into: Map<string, number> = new Map(), keepIdentities = false): Map<string, number> {
    this.flush();
    for (const [c, n] of this.counts) {
      const label = conversionLabel(c);
      if (label || keepIdentities) into.set(label, (into.get(label) ?? 0) + n);
    }
    return into;
  }

  private flush(): void {
    if (this.last !== undefined) this.counts.set(this.last, (this.counts.get(this.last) ?? 0) + this.run);
    this.last = undefined;
    this.run = 0;
  }
}

/** "cây × 200 → sticks"; '' for a unit read as itself. */
export function conversionLabel(c: SeizureRecord['conversion']): string {
  return c.factor === 1 && c.from.toLowerCase() === c.unit ? '' : `${c.from} × ${c.factor} → ${c.unit}`;
}

export interface ReadContext {
  readonly campaign: Campaign;
  readonly ledger: Ledger;
  readonly report: (d: Diagnostic) => void;
  readonly outOfScope: Record<OutOfScopeReason, number>;
  readonly conversions: ConversionTally;
  readonly onRecord: RunCallbacks['onRecord'];
  readonly onProgress?: RunCallbacks['onProgress'];
}

/**
 * normalize → validate → bucket, for every row a reader yields (a whole file, or
 * the first half of one on the two-thread path): counts go into `summary`,
 * accepted records to `onRecord` with their phase and case hash.
 */
export async function readRecords(reader: SourceReader, fileIndex: number, summary: FileSummary, ctx: ReadContext): Promise<void> {
  const { campaign, ledger, report, outOfScope, conversions, onRecord } = ctx;
  const file = reader.file;
  let normalize: ReturnType<typeof createRecordNormalizer> | undefined;
  let rejectAll = false;
  for await (const batch of reader.batches()) {
    if (batch.header !== undefined) {
      const columns = mapColumns(batch.header, file.config, file.display, campaign.redact);
      // A file with no header at all is reported once, as EMPTY_FILE or MALFORMED_*.
      if (batch.header.length > 0) columns.diagnostics.forEach(report);
      rejectAll = columns.missing.length > 0 || columns.diagnostics.some((d) => d.severity === 'error');
      normalize = createRecordNormalizer({ campaign, file, fileIndex, columns });
    }
    for (const d of batch.diagnostics) report(d);
    summary.read += batch.malformed;
    summary.rejected += batch.malformed;
    const { rows, lines } = batch;
    summary.read += rows.length;
    if (rejectAll) {
      summary.rejected += rows.length;
      continue;
    }
    for (let i = 0; i < rows.length; i++) {
      const result = normalize!(rows[i]!, lines[i]!);
      if (!result.ok) {
        summary.rejected++;
        for (const d of result.errors) report(d);
        for (const d of result.warnings) report(d);
        continue;
      }
      const rec = result.record;
      for (const d of result.warnings) report(d);
      const seed = countrySeed(rec.reportingCountry);
      hash64(rec.id, seed);
      const id1 = hashOut.h1;
      const id2 = hashOut.h2;
      const c = ledger.classify(rec, id1, id2);
      if (c.diagnostic) report(c.diagnostic);
      switch (c.bucket) {
        case 'accepted': {
          summary.accepted++;
          conversions.add(rec.conversion);
          if (rec.caseId === rec.id) onRecord(rec, c.phase, id1, id2);
          else {
            hash64(rec.caseId, seed);
            onRecord(rec, c.phase, hashOut.h1, hashOut.h2);
          }
          break;
        }
        case 'duplicates':
          summary.duplicates++;
          break;
        case 'rejected':
          summary.rejected++;
          break;
        case 'out_of_scope':
          summary.out_of_scope++;
          outOfScope[c.reason!]++;
          break;
      }
    }
    ctx.onProgress?.({ file: file.display, records: summary.read, bytes: reader.stats.bytes });
  }
}
