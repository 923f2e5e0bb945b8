/** The main thread's end of every unit: the run's totals and the sink every record goes through, in order. */
import { emptyBuckets, type Diagnostic } from '../core/diagnostic.js';
import { hash64, hashOut } from '../util/hash.js';
import { countrySeed, type Ledger, type OutOfScopeReason } from '../validate/ledger.js';
import type { SeizureRecord } from '../validate/record.js';
import { ConversionTally } from './conversions.js';
import type { RowNote, UnitSink } from './read-unit.js';
import type { FileWords } from './file-words.js';
import { TotalsCheck } from './totals-check.js';
import type { FileSummary, RunCallbacks, RunResult, UnknownWord } from './types.js';

const CONFLICT: readonly string[] = Object.freeze(['CONFLICTING_ID']);

/** The run's running totals, and where diagnostics go. */
export class RunState {
  readonly buckets = emptyBuckets();
  readonly outOfScope: Record<OutOfScopeReason, number> = { outside_phases: 0, commodity: 0, other_phase: 0 };
  readonly files: FileSummary[] = [];
  readonly tally = new ConversionTally();
  readonly unknownWords: UnknownWord[] = [];
  errors = 0;
  warnings = 0;

  constructor(private readonly onDiagnostic: RunCallbacks['onDiagnostic']) {}

  readonly report = (d: Diagnostic): void => {
    if (d.severity === 'error') this.errors++;
    else this.warnings++;
    this.onDiagnostic?.(d);
  };

  result(): RunResult {
    const conversions = this.tally.list();
    const { buckets, outOfScope, files, errors, warnings, unknownWords } = this;
    return { buckets, outOfScope, files, conversions, errors, warnings, unknownWords };
  }
}

/**
 * The main thread's end of every unit, read here or replayed from a worker:
 * each record through the one ledger (duplicates, conflicts, scope) in
 * campaign order, the accepted ones to the caller's collectors.
 */
export class FileSink implements UnitSink {
  private readonly totals: TotalsCheck;

  constructor(
    private readonly summary: FileSummary,
    private readonly ledger: Ledger,
    private readonly state: RunState,
    private readonly onRecord: RunCallbacks['onRecord'],
    private readonly onRejected: RunCallbacks['onRejected'],
    private readonly words: FileWords,
    private readonly onSetAside?: RunCallbacks['onSetAside'],
  ) {
    this.totals = TotalsCheck.of(summary);
  }

  rejectedRow(line: number, day: number | undefined, codes: readonly string[]): void {
    this.totals.rejected++;
    const sheet = this.totals.sheet;
    this.onRejected?.({ file: this.summary.file, line, day, codes, ...(sheet !== undefined ? { sheet } : {}) });
  }

  note(n: RowNote): void {
    const s = this.summary;
    if (n.kind === 'skipped') {
      s.titleRows = (s.titleRows ?? 0) + n.title;
      s.blankRows = (s.blankRows ?? 0) + n.blank;
    } else if (n.kind === 'sheet') this.totals.restart(n.sheet);
    else {
      s.totalsRows = (s.totalsRows ?? 0) + 1;
      const d = this.totals.check(s.file, n);
      if (d) this.state.report(d);
    }
  }

  diagnostic(d: Diagnostic): void {
    this.state.report(d);
  }

  rows(read: number, rejected: number): void {
    this.summary.read += read;
    this.summary.rejected += rejected;
  }

  record(rec: SeizureRecord, signature: number): void {
    const totals = this.totals;
    totals.add(rec.unit, rec.quantity);
    // Identity and case: 64-bit hashes of the id and case id within the reporting country.
    const seed = countrySeed(rec.reportingCountry);
    hash64(rec.id, seed);
    const id1 = hashOut.h1;
    const id2 = hashOut.h2;
    this.words.add(rec);
    const c = this.ledger.classify(rec, id1, id2, signature);
    if (c.diagnostic) this.state.report(totals.sheet === undefined ? c.diagnostic : { ...c.diagnostic, sheet: totals.sheet });
    const s = this.summary;
    switch (c.bucket) {
      case 'accepted':
        s.accepted++;
        this.state.tally.add(rec.conversion);
        if (rec.caseId === rec.id) this.onRecord(rec, c.phase, id1, id2);
        else {
          hash64(rec.caseId, seed);
          this.onRecord(rec, c.phase, hashOut.h1, hashOut.h2);
        }
        break;
      case 'duplicates':
        s.duplicates++;
        this.onSetAside?.('duplicates', rec.day);
        break;
      case 'rejected':
        s.rejected++;
        this.rejectedRow(rec.line, rec.day, CONFLICT);
        break;
      case 'out_of_scope':
        s.out_of_scope++;
        this.state.outOfScope[c.reason!]++;
        this.onSetAside?.('out_of_scope', rec.day);
        break;
    }
  }
}

