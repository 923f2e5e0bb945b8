import type { Campaign } from '../config/campaign.js';
import type { SourceConfig } from '../config/schema.js';
import { headersOf } from '../ingest/columns.js';
import { looseKey } from '../normalize/text.js';
import { emptyBuckets } from '../core/diagnostic.js';
import { countrySeed, Ledger } from '../validate/ledger.js';
import { hash64, hashOut } from '../util/hash.js';
import { estimateRange, estimateRecords } from './estimate.js';
import { caseHash, FileSink, RunState } from './file-sink.js';
import { FileWords } from './file-words.js';
import { addPartial, PartialCover } from './partials.js';
import { closePlan, inputBytes, likelyThreads, planReads, workersMayRead, type MainRole, type ReadPlan, type ReadUnit } from './plan.js';
import { FileHash, hashFile, LineCounter, readUnit, type UnitStats } from './read-unit.js';
import { BY_MAIN, BY_MAIN_AHEAD, claimAheadForMain, claimForMain, LEAD } from './claims.js';
import { rangedFiles, UnitThreads, type UnitResult } from './threads.js';
import type { FileSummary, RunCallbacks, RunOptions, RunResult } from './types.js';
import { releaseUnit, replayUnit, UnitEncoder } from './unit-codec.js';
import { UnitProgress } from './unit-progress.js';
import { optimizeForInput } from './tier-up.js';
import { scavengeOnOneThread, YoungGenerationHold } from './young-generation.js';

/**
 * How long the main thread waits for a worker's unit before it reads the next
 * free one ahead (into columns, replayed when reached): reading ahead costs the
 * unit's columns both ways, worth it only when the worker is held up (another
 * job on its core), not when it is a few milliseconds behind. 1M rows, 2 threads,
 * medians of 6 runs with claims.ts's LEAD 2: grace 0 2.37 s, 100 ms 2.19, never
 * 2.21 (the waits 36–65 ms, every fourth unit); with LEAD 3 the waits are under 10 ms.
 */
const READ_AHEAD_AFTER = 100;

/** Room above the estimated record count (estimate.ts samples a file's line lengths; off by up to ~3 % on the bench files). */
const ESTIMATE_MARGIN = 1.1;

export type { FileSummary, RejectedRecord, RunCallbacks, RunOptions, RunResult, UnknownWord } from './types.js';

/**
 * read → normalize → validate → (caller's) aggregate, over every source of the
 * campaign, streaming. The sources are cut into units (plan.ts) read on one or
 * more threads by the same code; whatever the thread count, every record,
 * diagnostic and figure reaches the caller in the same order. Bad data never
 * throws: it becomes a diagnostic and a bucket count. Throws only for input
 * that cannot be read.
 */
export async function runPipeline(campaign: Campaign, callbacks: RunCallbacks, options: RunOptions = {}): Promise<RunResult> {
  const role = options.mainReads === false ? 'replays' : 'reads';
  const asWritten = options.asWritten === true;
  scavengeOnOneThread();
  // Workers first (unless the command started them: startReaders): they load their code (~0.1 s on the
  // benchmark host) while the sources are cut (~45 ms for 65 MB: planReads reads them through) and the
  // tables below are made; given the plan, they read.
  let threads = options.readers ?? startReaders(campaign, role, options.plan);
  const plan = options.plan ?? planReads(campaign, process.env, role);
  // A large input: V8 optimizes as soon as usual again, before any record is read (tier-up.ts).
  optimizeForInput(inputBytes(campaign));
  // CAMPAIGN_REPORT_DEBUG_PARALLEL: the plan, then each unit's time (and what the main thread waited) at its end.
  const debug = process.env.CAMPAIGN_REPORT_DEBUG_PARALLEL ? (m: string) => process.stderr.write(`threads: ${m} (at ${Math.round(performance.now())} ms)\n`) : undefined;
  debug?.(describePlan(campaign, plan));
  const progress = new UnitProgress(campaign, plan, callbacks.onProgress);
  // CAMPAIGN_REPORT_MAIN_STEALS=0 (tests, diagnosis): the main thread reads no unit a worker could; =1: it does, whatever the command.
  const stealEnv = process.env.CAMPAIGN_REPORT_MAIN_STEALS;
  const steal = stealEnv === '0' ? false : stealEnv === '1' ? true : options.mainReads !== false;
  if (threads && threads.count !== plan.threads - 1) {
    // No source could be cut after all (or a plan given with another count): no worker for this run.
    await threads.close();
    threads = undefined;
  }
  // Files read in ranges are hashed by a thread that waits for the other: a replaying main thread waits
  // for its worker (build: the worker is the slower one), else the worker waits for the main thread.
  const hashHere = threads !== undefined && role === 'replays';
  const hashes = new Map(hashHere ? rangedFiles(plan).map(({ fileIndex, fd }) => [fileIndex, new FileHash(fd)] as const) : []);
  threads?.start(plan, steal ? LEAD : 0, callbacks.onProgress && progress.update, asWritten, hashHere);
  const reader = new MainReader(campaign, plan, threads, progress, steal, debug, asWritten, [...hashes.values()]);
  const young = threads ? new YoungGenerationHold() : undefined;
  try {
    // Tables are sized once from the estimate, with room for its sampling error: an estimate a few records
    // short (999,680 for a million) made the ledger's tables double at the very end (+70 MB peak).
    const expected = Math.ceil(estimateRecords(campaign) * ESTIMATE_MARGIN);
    const ledger = new Ledger(campaign, campaign.files.map((f) => f.display), options.phase, expected);
    const state = new RunState(callbacks.onDiagnostic, ledger.holding);
    // Rows left out by a source's `where:` are a reason of their own, shown when a source has a filter.
    if (campaign.files.some((f) => f.config.where !== undefined)) state.outOfScope.filtered = 0;
    callbacks.onReserve?.(expected);
    for (const pattern of campaign.unmatched) {
      state.report({ severity: 'warning', code: 'EMPTY_FILE', file: pattern, line: 0, message: 'no file matches this source pattern' });
    }
    const partials = new PartialCover(campaign);
    const ranged: { summary: FileSummary; fileIndex: number; fd: number }[] = [];
    let summary: FileSummary | undefined;
    let words = new FileWords(campaign);
    let nextLine = 1;
    for (const [index, unit] of plan.units.entries()) {
      // A unit no worker has claimed yet is read here, at once: whoever is free reads the next one.
      const by = threads ? claimForMain(threads.claims, index, steal || !workersMayRead(plan, unit)) : BY_MAIN;
      if (unit.kind === 'partial') {
        await addPartial(campaign, unit.fileIndex, partials, state, callbacks);
        continue;
      }
      if (!summary || !continues(plan.units[index - 1], unit)) {
        const file = campaign.files[unit.fileIndex]!;
        summary = { file: file.display, sha256: '', bytes: 0, encoding: '', ...emptyBuckets(), titleRows: 0, totalsRows: 0, blankRows: 0, ...(file.config.where ? { filtered: 0 } : {}) };
        words = new FileWords(campaign);
        state.summaries.set(unit.fileIndex, summary);
        if (unit.range) ranged.push({ summary, fileIndex: unit.fileIndex, fd: unit.range.shared.fd });
      }
      const sink = new FileSink(summary, ledger, state, callbacks.onRecord, callbacks.onRejected, words, options.asWritten === true, callbacks.onSetAside, callbacks.onUpcomingCases);
      const stats = by === BY_MAIN || !threads ? await reader.readHere(index, sink, nextLine) : await reader.replay(index, by, sink);
      nextLine = stats.endLine;
      young?.check();
      addStats(summary, unit, stats);
      if (!unit.range || unit.range.end === unit.range.size) {
        orderQuantityColumns(summary, campaign.files[unit.fileIndex]!.config);
        endFile(summary, state, words);
      }
    }
    // Records held for a later source that might replace them (key: with on_conflict: latest) go on now.
    state.held?.release((rec, sheet) => {
      hash64(rec.id, countrySeed(rec.reportingCountry));
      caseHash(rec, hashOut.h1, hashOut.h2);
      state.accept(rec, ledger.phaseOf(rec), callbacks.onRecord, hashOut.h1, hashOut.h2, sheet);
    });
    if (state.held) for (const [i, s] of state.summaries) orderQuantityColumns(s, campaign.files[i]!.config);
    // Files read in ranges: hashed meanwhile by the thread that waited (here, or the first worker); what is left, here.
    for (const { summary: s, fileIndex, fd } of ranged) s.sha256 = hashes.get(fileIndex)?.digest() ?? (await (threads?.hash(fileIndex) ?? hashFile(fd)));
    return state.result();
  } finally {
    if (young?.release()) debug?.(`young generation held at ${young.heldAt / 1048576} MB while replaying`);
    await threads?.close();
    if (!options.plan) closePlan(plan);
  }
}

/**
 * The workers a run of this campaign will likely have (likelyThreads − 1), started now
 * so that they load their code while the caller prepares (RunOptions.readers); none
 * when it will read on one thread. Closed by the run they are given to, or disposed.
 * `plan`: the plan the run will be given (RunOptions.plan), if any.
 */
export function startReaders(campaign: Campaign, role: MainRole, plan?: ReadPlan): UnitThreads | undefined {
  const count = (plan?.threads ?? likelyThreads(campaign, process.env, role)) - 1;
  return count > 0 ? new UnitThreads(campaign, count) : undefined;
}

/**
 * The main thread's end of the units: it reads a unit no worker has claimed
 * itself, straight into the ledger; a worker's it replays; and while it waits
 * for one, it reads the next free unit ahead (into columns, as a worker would),
 * to replay when it gets there.
 */
class MainReader {
  private readonly ahead = new Map<number, UnitResult>();
  private readonly lines = new LineCounter();

  constructor(
    private readonly campaign: Campaign,
    private readonly plan: ReadPlan,
    private readonly threads: UnitThreads | undefined,
    private readonly progress: UnitProgress,
    private readonly steal: boolean,
    private readonly debug: ((m: string) => void) | undefined,
    private readonly asWritten: boolean,
    /** Files this thread hashes a step at a time while it waits for a worker's unit. */
    private readonly hashes: readonly FileHash[] = [],
  ) {}

  async readHere(index: number, sink: FileSink, startLine: number): Promise<UnitStats> {
    const started = performance.now();
    const stats = await readUnit(this.campaign, this.plan.units[index]!, sink, (r, b) => this.progress.update(index, r, b), startLine);
    this.debug?.(`unit ${index}: read here in ${Math.round(performance.now() - started)} ms`);
    return stats;
  }

  async replay(index: number, by: number, sink: FileSink): Promise<UnitStats> {
    const waited = performance.now();
    let got = this.ahead.get(index);
    this.ahead.delete(index);
    got ??= await this.waitHelping(index);
    const replayed = performance.now();
    replayUnit(got.out, sink);
    if (by === BY_MAIN_AHEAD) releaseUnit(got.out);
    else this.threads!.recycle(index, got.out);
    const who = by === BY_MAIN_AHEAD ? 'here, ahead' : 'by a worker';
    this.debug?.(`unit ${index}: read ${who}, waited ${Math.round(replayed - waited)} ms, replayed ${got.out.n} records in ${Math.round(performance.now() - replayed)} ms`);
    // A worker's last word on a unit may come before its end: the unit is whole now.
    this.progress.update(index, got.out.read, got.stats.bytes);
    return got.stats;
  }

  /** A worker's unit; when it is late (READ_AHEAD_AFTER), the free units after it are read here until it has arrived. */
  private async waitHelping(index: number): Promise<UnitResult> {
    const threads = this.threads!;
    // A step (1 MiB) of hashing at a time, and the worker's messages between steps.
    for (const hash of this.hashes) while (!threads.arrived(index) && hash.step()) await new Promise(setImmediate);
    if (this.steal) await threads.arrival(index, READ_AHEAD_AFTER);
    while (this.steal && !threads.arrived(index)) {
      const j = claimAheadForMain(threads.claims, this.plan, index);
      if (j === -1) break;
      this.ahead.set(j, await this.readAhead(j));
    }
    return threads.result(index);
  }

  private async readAhead(j: number): Promise<UnitResult> {
    const unit = this.plan.units[j]!;
    const encoder = new UnitEncoder(unit.fileIndex, unit.range ? Math.ceil(estimateRange(unit.range.shared.fd, unit.range.end - unit.range.start) * 1.03) : 0, this.asWritten);
    const startLine = unit.range && unit.range.start > 0 ? this.lines.lineAt(unit.range.shared.fd, unit.range.start) : 1;
    const stats = await readUnit(this.campaign, unit, encoder, undefined, startLine);
    if (unit.range) this.lines.know(unit.range.shared.fd, unit.range.end, stats.endLine);
    return { out: encoder.finish().unit, stats };
  }
}

/** `threads: 2; data.csv[0,1234), data.csv[1234,5678), b.yaml` (CAMPAIGN_REPORT_DEBUG_PARALLEL). */
export function describePlan(campaign: Campaign, plan: ReadPlan): string {
  const units = plan.units.map((u) => `${campaign.files[u.fileIndex]!.display}${u.range ? `[${u.range.start},${u.range.end})` : ''}`);
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

/** A source's counts per quantity column in the order `columns.quantity` lists them (then as first met). */
function orderQuantityColumns(summary: FileSummary, config: SourceConfig): void {
  const q = summary.quantityColumns;
  if (q === undefined) return;
  const names = headersOf(config.columns?.quantity).map(looseKey);
  const rank = (h: string) => {
    const i = names.indexOf(looseKey(h));
    return i === -1 ? names.length : i;
  };
  summary.quantityColumns = Object.fromEntries(Object.entries(q).sort(([a], [b]) => rank(a) - rank(b)));
}

/** A file read to its end: its words the campaign does not know, EMPTY_FILE when it held nothing, and its counts into the run's. */
function endFile(summary: FileSummary, state: RunState, words: FileWords): void {
  for (const d of words.warnings(summary.file)) state.report(d);
  state.unknownWords.push(...words.list(summary.file));
  if (summary.read === 0) {
    state.report({ severity: 'warning', code: 'EMPTY_FILE', file: summary.file, line: 0, message: 'file has no records' });
  }
  for (const k of ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const) state.buckets[k] += summary[k];
  state.files.push(summary);
}

