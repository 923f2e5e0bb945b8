import type { Campaign } from '../config/campaign.js';
import type { PartialDocument } from '../aggregate/partial.js';
import { CampaignReportError } from '../errors.js';
import { isPartialSource, readPartial } from '../ingest/partial-reader.js';
import { emptyBuckets, type Buckets, type Diagnostic } from '../core/diagnostic.js';
import { hash64, hashOut } from '../util/hash.js';
import { countrySeed, Ledger, type OutOfScopeReason } from '../validate/ledger.js';
import type { SeizureRecord } from '../validate/record.js';
import { parseConversionLabel, type ConversionCount } from '../normalize/unit.js';
import { ConversionTally } from './conversions.js';
import { estimateRecords } from './estimate.js';
import { closePlan, planReads, type ReadPlan, type ReadUnit } from './plan.js';
import { hashFile, readUnit, type UnitSink, type UnitStats } from './read-unit.js';
import { UnitThreads } from './threads.js';
import { replayUnit } from './unit-codec.js';

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
  /** Unit conversions applied to accepted records (and those partials bring), each with how often. */
  readonly conversions: readonly ConversionCount[];
  readonly errors: number;
  readonly warnings: number;
}

export interface RunCallbacks {
  /** Every diagnostic, in input order. */
  onDiagnostic?(d: Diagnostic): void;
  /**
   * Every accepted record with its phase and the 64-bit hash of its case (for aggregators and reports).
   * The record is lent for the call: keep what you need, never the object (records read on a worker are
   * replayed through one reused object, so no garbage per record is promoted while the main thread is busiest).
   */
  onRecord(rec: SeizureRecord, phase: string, case1: number, case2: number): void;
  onProgress?(p: { file: string; records: number; bytes: number }): void;
  /** A partial listed as a source (its buckets are already counted in the result). */
  onPartial?(doc: PartialDocument, sourceIndex: number): void;
  /**
   * About `records` more records are coming (first the main thread's own share, then each
   * unit a worker read, at once): collectors that keep a table per record size it once
   * (see `reserve` in src/util/hash.ts) instead of growing it while workers hold memory.
   */
  onReserve?(records: number): void;
  /** Every rejected record that has a line (the summary places them by date): `day` when its date could be read. */
  onRejected?(r: RejectedRecord): void;
}

export interface RejectedRecord {
  readonly file: string;
  readonly line: number;
  /** Days since 1970, when the record's date could be read. */
  readonly day: number | undefined;
  /** Its error codes, distinct, in the order reported. */
  readonly codes: readonly string[];
}

export interface RunOptions {
  /** Accept only this phase; records of other phases go to out_of_scope (reason other_phase). */
  phase?: string;
  /** How to cut and deal the sources (default: planReads, which honours CAMPAIGN_REPORT_THREADS). */
  plan?: ReadPlan;
}

const CONFLICT: readonly string[] = Object.freeze(['CONFLICTING_ID']);

/** The run's running totals, and where diagnostics go. */
class RunState {
  readonly buckets = emptyBuckets();
  readonly outOfScope: Record<OutOfScopeReason, number> = { outside_phases: 0, commodity: 0, other_phase: 0 };
  readonly files: FileSummary[] = [];
  readonly tally = new ConversionTally();
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
    const { buckets, outOfScope, files, errors, warnings } = this;
    return { buckets, outOfScope, files, conversions, errors, warnings };
  }
}

/**
 * The main thread's end of every unit, read here or replayed from a worker:
 * each record through the one ledger (duplicates, conflicts, scope) in
 * campaign order, the accepted ones to the caller's collectors.
 */
class FileSink implements UnitSink {
  constructor(
    private readonly summary: FileSummary,
    private readonly ledger: Ledger,
    private readonly state: RunState,
    private readonly onRecord: RunCallbacks['onRecord'],
    private readonly onRejected: RunCallbacks['onRejected'],
  ) {}

  rejectedRow(line: number, day: number | undefined, codes: readonly string[]): void {
    this.onRejected?.({ file: this.summary.file, line, day, codes });
  }

  diagnostic(d: Diagnostic): void {
    this.state.report(d);
  }

  rows(read: number, rejected: number): void {
    this.summary.read += read;
    this.summary.rejected += rejected;
  }

  record(rec: SeizureRecord, signature: number): void {
    // Identity and case: 64-bit hashes of the id and case id within the reporting country.
    const seed = countrySeed(rec.reportingCountry);
    hash64(rec.id, seed);
    const id1 = hashOut.h1;
    const id2 = hashOut.h2;
    const c = this.ledger.classify(rec, id1, id2, signature);
    if (c.diagnostic) this.state.report(c.diagnostic);
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
        break;
      case 'rejected':
        s.rejected++;
        this.rejectedRow(rec.line, rec.day, CONFLICT);
        break;
      case 'out_of_scope':
        s.out_of_scope++;
        this.state.outOfScope[c.reason!]++;
        break;
    }
  }
}

/**
 * read → normalize → validate → (caller's) aggregate, over every source of the
 * campaign, streaming. The sources are cut into units (plan.ts) read on one or
 * more threads by the same code; whatever the thread count, every record,
 * diagnostic and figure reaches the caller in the same order. Bad data never
 * throws: it becomes a diagnostic and a bucket count. Throws only for input
 * that cannot be read.
 */
export async function runPipeline(campaign: Campaign, callbacks: RunCallbacks, options: RunOptions = {}): Promise<RunResult> {
  const state = new RunState(callbacks.onDiagnostic);
  const plan = options.plan ?? planReads(campaign);
  // CAMPAIGN_REPORT_DEBUG_PARALLEL: the plan, then each unit's time (and what the main thread waited) at its end.
  const debug = process.env.CAMPAIGN_REPORT_DEBUG_PARALLEL ? (m: string) => process.stderr.write(`threads: ${m} (at ${Math.round(performance.now())} ms)\n`) : undefined;
  debug?.(describePlan(campaign, plan));
  const expected = estimateRecords(campaign);
  const ledger = new Ledger(campaign, campaign.files.map((f) => f.display), options.phase, expected);
  callbacks.onReserve?.(expected);
  for (const pattern of campaign.unmatched) {
    state.report({ severity: 'warning', code: 'EMPTY_FILE', file: pattern, line: 0, message: 'no file matches this source pattern' });
  }
  const progress = new UnitProgress(campaign, plan, callbacks.onProgress);
  const threads = plan.threads > 1 ? new UnitThreads(campaign, plan, progress.update) : undefined;
  try {
    const partials = new PartialCover(campaign);
    const ranged: { summary: FileSummary; fileIndex: number; fd: number }[] = [];
    let summary: FileSummary | undefined;
    let nextLine = 1;
    for (const [index, unit] of plan.units.entries()) {
      if (unit.kind === 'partial') {
        await addPartial(campaign, unit.fileIndex, partials, state, callbacks);
        continue;
      }
      if (!summary || !continues(plan.units[index - 1], unit)) {
        summary = { file: campaign.files[unit.fileIndex]!.display, sha256: '', bytes: 0, encoding: '', ...emptyBuckets() };
        if (unit.range) ranged.push({ summary, fileIndex: unit.fileIndex, fd: unit.range.shared.fd });
      }
      const sink = new FileSink(summary, ledger, state, callbacks.onRecord, callbacks.onRejected);
      let stats: UnitStats;
      if (unit.thread === 0 || !threads) {
        const started = performance.now();
        stats = await readUnit(campaign, unit, sink, (r, b) => progress.update(index, r, b), nextLine);
        debug?.(`unit ${index}: read in ${Math.round(performance.now() - started)} ms`);
      }
      else {
        const waited = performance.now();
        const got = await threads.result(index);
        const replayed = performance.now();
        replayUnit(got.out, sink);
        debug?.(`unit ${index}: waited ${Math.round(replayed - waited)} ms, replayed ${got.out.n} records in ${Math.round(performance.now() - replayed)} ms`);
        threads.taken(index);
        stats = got.stats;
        // A worker's last word on a unit may come before its end: the unit is whole now.
        progress.update(index, got.out.read, stats.bytes);
      }
      nextLine = stats.endLine;
      addStats(summary, unit, stats);
      if (!unit.range || unit.range.end === unit.range.size) endFile(summary, state);
    }
    // Files read in ranges: hashed whole by a worker meanwhile (or here, when no worker read any).
    for (const { summary: s, fileIndex, fd } of ranged) s.sha256 = await (threads?.hash(fileIndex) ?? hashFile(fd));
  } finally {
    await threads?.close();
    if (!options.plan) closePlan(plan);
  }
  return state.result();
}

/** `threads: 2; data.csv[0,1234) t0, data.csv[1234,5678) t1, b.yaml t1` (CAMPAIGN_REPORT_DEBUG_PARALLEL). */
export function describePlan(campaign: Campaign, plan: ReadPlan): string {
  const units = plan.units.map((u) => `${campaign.files[u.fileIndex]!.display}${u.range ? `[${u.range.start},${u.range.end})` : ''} t${u.thread}`);
  return `${plan.threads}; ${units.join(', ')}`;
}

/** The unit carries on the file of the one before it (a range after a range). */
function continues(prev: ReadUnit | undefined, unit: ReadUnit): boolean {
  return prev !== undefined && prev.fileIndex === unit.fileIndex && unit.range !== undefined && unit.range.start > 0;
}

function addStats(summary: FileSummary, unit: ReadUnit, stats: UnitStats): void {
  summary.bytes += stats.bytes;
  if (!unit.range || unit.range.start === 0) summary.encoding = stats.encoding;
  if (!unit.range) summary.sha256 = stats.sha256;
}

/** A file read to its end: EMPTY_FILE when it held nothing, and its counts into the run's. */
function endFile(summary: FileSummary, state: RunState): void {
  if (summary.read === 0) {
    state.report({ severity: 'warning', code: 'EMPTY_FILE', file: summary.file, line: 0, message: 'file has no records' });
  }
  for (const k of ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const) state.buckets[k] += summary[k];
  state.files.push(summary);
}

/** Progress per source file, summed over its units on every thread. */
class UnitProgress {
  private readonly records: number[];
  private readonly bytes: number[];

  constructor(
    private readonly campaign: Campaign,
    private readonly plan: ReadPlan,
    private readonly onProgress: RunCallbacks['onProgress'],
  ) {
    this.records = plan.units.map(() => 0);
    this.bytes = plan.units.map(() => 0);
  }

  readonly update = (index: number, records: number, bytes: number): void => {
    if (!this.onProgress) return;
    this.records[index] = records;
    this.bytes[index] = bytes;
    const fileIndex = this.plan.units[index]!.fileIndex;
    let r = 0;
    let b = 0;
    for (const [i, u] of this.plan.units.entries()) {
      if (u.fileIndex !== fileIndex) continue;
      r += this.records[i]!;
      b += this.bytes[i]!;
    }
    this.onProgress({ file: this.campaign.files[fileIndex]!.display, records: r, bytes: b });
  };
}

/** (reporting country, phase) → the partial that covers it: a second one is refused, not double counted. */
class PartialCover {
  private readonly cover = new Map<string, string>();
  constructor(readonly campaign: Campaign) {}

  claim(doc: PartialDocument, display: string): void {
    for (const row of doc.rows) {
      const key = `${row.country} ${row.phase}`;
      const other = this.cover.get(key);
      if (other !== undefined && other !== display) {
        throw new CampaignReportError('CONFIG_INVALID', `partials ${other} and ${display} both cover ${row.country} in phase ${row.phase || '(none)'}`, {
          hint: "list each agency's partial once; two partials of the same country and phase would count its seizures twice",
        });
      }
      this.cover.set(key, display);
    }
  }
}

async function addPartial(campaign: Campaign, fileIndex: number, partials: PartialCover, state: RunState, callbacks: RunCallbacks): Promise<void> {
  const file = campaign.files[fileIndex]!;
  if (!isPartialSource(file)) return;
  const { doc, sha256 } = await readPartial(file);
  partials.claim(doc, file.display);
  if (doc.campaign !== campaign.id) {
    state.report({ severity: 'warning', code: 'PARTIAL_CAMPAIGN', file: file.display, line: 0, message: `partial was made for campaign "${doc.campaign}", not "${campaign.id}"` });
  }
  // The sources a partial was made from stand in the annex as if read here (their names as
  // the agency wrote them), each marked with the partial it came through.
  for (const src of doc.sources) state.files.push({ ...src, bytes: 0, encoding: '', via: file.display, viaSha256: sha256 });
  for (const k of ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const) state.buckets[k] += doc.buckets[k];
  for (const k of ['outside_phases', 'commodity', 'other_phase'] as const) state.outOfScope[k] += doc.outOfScope[k];
  // A partial keys its conversions by label: read back as values here, at the edge of the format.
  for (const [label, count] of Object.entries(doc.conversions)) {
    const c = parseConversionLabel(label);
    if (c) state.tally.addCounted({ ...c, count });
  }
  callbacks.onPartial?.(doc, fileIndex);
}
