/** The main thread's end of every unit: the run's totals and the sink every record goes through, in order. */
import { emptyBuckets, type Diagnostic } from '../core/diagnostic.js';
import { hash64, hashOut } from '../util/hash.js';
import { countrySeed, type Ledger, type Superseded } from '../validate/ledger.js';
import type { SeizureRecord } from '../validate/record.js';
import { ConversionTally } from './conversions.js';
import type { RowNote, UnitSink } from './read-unit.js';
import type { FileWords } from './file-words.js';
import { HeldRecords } from './held-records.js';
import { TotalsCheck } from './totals-check.js';
import type { FileSummary, OutOfScopeCounts, RunCallbacks, RunResult, UnknownWord } from './types.js';

const CONFLICT: readonly string[] = Object.freeze(['CONFLICTING_ID']);

/** Records a sink takes ahead at most (UnitSink.upcoming). */
const AHEAD = 64;

/** The run's running totals, and where diagnostics go. */
export class RunState {
  readonly buckets = emptyBuckets();
  readonly outOfScope: OutOfScopeCounts = { outside_phases: 0, commodity: 0, other_phase: 0 };
  readonly files: FileSummary[] = [];
  readonly tally = new ConversionTally();
  readonly unknownWords: UnknownWord[] = [];
  /** Each file's summary by its index in campaign.files (a record superseded later is taken out of its file's counts). */
  readonly summaries = new Map<number, FileSummary>();
  /** Accepted records held until the end (see Ledger.holding); undefined when records go on at once. */
  readonly held: HeldRecords | undefined;
  /** Of the duplicates: records replaced or set aside by on_conflict (SUPERSEDED). */
  superseded = 0;
  errors = 0;
  warnings = 0;

  constructor(
    private readonly onDiagnostic: RunCallbacks['onDiagnostic'],
    holding = false,
  ) {
    this.held = holding ? new HeldRecords() : undefined;
  }

  readonly report = (d: Diagnostic): void => {
    if (d.severity === 'error') this.errors++;
    else this.warnings++;
    this.onDiagnostic?.(d);
  };

  result(): RunResult {
    const conversions = this.tally.list();
    const { buckets, outOfScope, files, errors, warnings, unknownWords, superseded } = this;
    return { buckets, outOfScope, files, conversions, errors, warnings, unknownWords, superseded };
  }

  /**
   * An earlier file's record replaced by a later one (on_conflict: latest): out of its
   * bucket and into duplicates, in its file's counts and the run's (its file has ended,
   * so its counts are already in the run's).
   */
  supersede(s: Superseded): void {
    this.report(s.diagnostic);
    const summary = this.summaries.get(s.fileIndex)!;
    summary[s.bucket]--;
    summary.duplicates++;
    this.buckets[s.bucket]--;
    this.buckets.duplicates++;
    this.superseded++;
    if (s.bucket === 'out_of_scope') this.outOfScope[s.reason!]--;
    else this.held!.drop(s.held);
  }

  /** An accepted record to the caller's collectors, with its phase and the hash of its case (caseHash). */
  accept(rec: SeizureRecord, phase: string, onRecord: RunCallbacks['onRecord'], case1: number, case2: number, sheet?: string): void {
    this.tally.add(rec.conversion);
    if (rec.quantityColumn !== '') {
      const q = (this.summaries.get(rec.fileIndex)!.quantityColumns ??= {});
      q[rec.quantityColumn] = (q[rec.quantityColumn] ?? 0) + 1;
    }
    onRecord(rec, phase, case1, case2, sheet);
  }
}

/**
 * The 64-bit hash of a record's case (its case id within its reporting country) into hashOut:
 * its id's hash (`id1`, `id2`) when the case is the id.
 */
export function caseHash(rec: SeizureRecord, id1: number, id2: number): void {
  if (rec.caseId === rec.id) {
    hashOut.h1 = id1;
    hashOut.h2 = id2;
  } else hash64(rec.caseId, countrySeed(rec.reportingCountry));
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
    /** Rejected rows with their cells as written (RunOptions.asWritten). */
    readonly asWritten = false,
    private readonly onSetAside?: RunCallbacks['onSetAside'],
    private readonly onUpcomingCases?: RunCallbacks['onUpcomingCases'],
  ) {
    this.totals = TotalsCheck.of(summary);
  }

  rejectedRow(line: number, day: number | undefined, codes: readonly string[], cells?: readonly string[], record?: SeizureRecord): void {
    this.totals.rejected++;
    const sheet = this.totals.sheet;
    this.onRejected?.({ file: this.summary.file, line, day, codes, ...(sheet !== undefined ? { sheet } : {}), ...(cells !== undefined ? { cells } : {}), ...(record !== undefined ? { record } : {}) });
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

  rows(read: number, rejected: number, filtered = 0): void {
    const s = this.summary;
    s.read += read;
    s.rejected += rejected;
    if (filtered > 0) {
      s.out_of_scope += filtered;
      s.filtered = (s.filtered ?? 0) + filtered;
      this.state.outOfScope.filtered = (this.state.outOfScope.filtered ?? 0) + filtered;
    }
  }

  /** An earlier record replaced (see RunState.supersede), also moved in the phase of its day: out of scope (or accepted, which onRecord never saw) to duplicates. */
  private supersede(s: Superseded): void {
    this.state.supersede(s);
    if (s.bucket === 'out_of_scope') this.onSetAside?.('out_of_scope', s.day, -1);
    this.onSetAside?.('duplicates', s.day);
  }

  /** The records announced by upcoming, their id hashes, and the next one to come. */
  private readonly ahead: SeizureRecord[] = [];
  private readonly ahead1 = new Uint32Array(AHEAD);
  private readonly ahead2 = new Uint32Array(AHEAD);
  /** Their cases' hashes (caseHash), when the collectors fetch ahead (onUpcomingCases). */
  private readonly aheadCase1 = new Uint32Array(AHEAD);
  private readonly aheadCase2 = new Uint32Array(AHEAD);
  private aheadAt = 0;
  private aheadCount = 0;

  /** Hashes the ids of the records to come and has the ledger fetch their entries (see Ledger.expect). */
  upcoming(recs: readonly SeizureRecord[], n: number): void {
    const m = Math.min(n, AHEAD);
    for (let i = 0; i < m; i++) {
      const rec = recs[i]!;
      hash64(rec.id, countrySeed(rec.reportingCountry));
      this.ahead[i] = rec;
      this.ahead1[i] = hashOut.h1;
      this.ahead2[i] = hashOut.h2;
    }
    this.aheadAt = 0;
    this.aheadCount = m;
    this.ledger.expect(this.ahead1, this.ahead2, m);
    const cases = this.onUpcomingCases;
    if (cases === undefined) return;
    for (let i = 0; i < m; i++) {
      caseHash(this.ahead[i]!, this.ahead1[i]!, this.ahead2[i]!);
      this.aheadCase1[i] = hashOut.h1;
      this.aheadCase2[i] = hashOut.h2;
    }
    cases(this.aheadCase1, this.aheadCase2, m);
  }

  record(rec: SeizureRecord, signature: number): void {
    const totals = this.totals;
    totals.add(rec.unit, rec.quantity);
    // Identity and case: 64-bit hashes of the id and case id within the reporting country (the id's maybe hashed already by upcoming).
    let id1: number;
    let id2: number;
    const k = this.aheadAt;
    // The record announced at k (upcoming), if this is it: its hashes are made.
    const announced = k < this.aheadCount && this.ahead[k] === rec;
    if (announced) {
      id1 = this.ahead1[k]!;
      id2 = this.ahead2[k]!;
      this.aheadAt = k + 1;
    } else {
      hash64(rec.id, countrySeed(rec.reportingCountry));
      id1 = hashOut.h1;
      id2 = hashOut.h2;
    }
    this.words.add(rec);
    const c = this.ledger.classify(rec, id1, id2, signature, totals.sheet);
    if (c.superseded) this.supersede(c.superseded);
    if (c.diagnostic) this.state.report(totals.sheet === undefined ? c.diagnostic : { ...c.diagnostic, sheet: totals.sheet });
    const s = this.summary;
    switch (c.bucket) {
      case 'accepted':
        s.accepted++;
        if (this.state.held) this.state.held.add(rec, signature, totals.sheet);
        else {
          if (announced && this.onUpcomingCases !== undefined) {
            hashOut.h1 = this.aheadCase1[k]!;
            hashOut.h2 = this.aheadCase2[k]!;
          } else caseHash(rec, id1, id2);
          this.state.accept(rec, c.phase, this.onRecord, hashOut.h1, hashOut.h2, totals.sheet);
        }
        break;
      case 'duplicates':
        s.duplicates++;
        this.onSetAside?.('duplicates', rec.day);
        if (c.diagnostic?.code === 'SUPERSEDED') this.state.superseded++;
        break;
      case 'rejected':
        s.rejected++;
        if (this.asWritten) this.rejectedRow(rec.line, rec.day, CONFLICT, undefined, rec);
        else this.rejectedRow(rec.line, rec.day, CONFLICT);
        break;
      case 'out_of_scope':
        s.out_of_scope++;
        this.state.outOfScope[c.reason!]++;
        this.onSetAside?.('out_of_scope', rec.day);
        break;
    }
  }
}

