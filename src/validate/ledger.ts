import type { Campaign, Phase } from '../config/campaign.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { SeizureRecord } from './record.js';
import { HashSlots, hashEnd, hashNumber, hashOut, hashStart, hashString } from '../util/hash.js';
import { hashKey, keyText, type KeyField } from './record-key.js';

export type Bucket = 'accepted' | 'duplicates' | 'rejected' | 'out_of_scope';
export type OutOfScopeReason = 'outside_phases' | 'commodity' | 'other_phase';

export interface Classification {
  bucket: Bucket;
  /** The phase the record belongs to ('' when none). */
  phase: string;
  reason?: OutOfScopeReason;
  diagnostic?: Diagnostic;
  /** With `key` and `on_conflict: latest`: the earlier record this one replaced, which leaves its bucket for duplicates. */
  superseded?: Superseded;
}

/** An earlier record replaced by a later one with the same key (on_conflict: latest): where it was counted, and why it moves. */
export interface Superseded {
  readonly fileIndex: number;
  /** Its bucket until now. */
  readonly bucket: 'accepted' | 'out_of_scope';
  readonly reason?: OutOfScopeReason;
  /** Accepted: its number among the records held (see Ledger.holding), to drop. */
  readonly held: number;
  /** Its day (SeizureRecord.day): a phase's own figures move it to that phase's duplicates. */
  readonly day: number;
  /** SUPERSEDED, at the earlier record's file and line, naming the later one. */
  readonly diagnostic: Diagnostic;
}

/** Out-of-scope reasons as negative states of a held key (Ledger.state): -1 - index. */
const REASONS: readonly OutOfScopeReason[] = ['outside_phases', 'commodity', 'other_phase'];

/**
 * The ledger's id table, its pages written once when it is made (with zeros, what
 * an empty table holds): in order, the kernel maps them far faster than the first
 * inserts did at random, one page fault each (1M rows on the benchmark host: the
 * first 32,000 records read in ~375 ms before, ~205 ms after, on two threads).
 */
class IdTable extends HashSlots {
  constructor(capacity: number) {
    super(capacity);
    this.e.fill(0);
  }
}

/**
 * Decides the bucket of every well-formed record: the same id from the same
 * reporting country seen before is a duplicate (same content) or a conflict
 * (the later one is rejected); then the campaign's scope: phases and commodities.
 *
 * Memory stays small per record (8 bytes beside the id table): the content is
 * kept as a 32-bit hash (the low half of contentHash's 53 bits) and the location
 * as its line (the file by runs), not as strings. A record that reuses an id
 * with other content passes for a duplicate only if the two contents share that
 * hash: a chance of 1 in 2^32 per such record. (As a Float64Array, the 53 bits and
 * the location cost 16 bytes a record: 5M rows on two threads peaked at 407–442 MB.)
 */
export class Ledger {
  private readonly seen: HashSlots;
  /** Per identity: the low 32 bits of its record's content hash. */
  private sig: Uint32Array;
  /** Per identity: the line of the record that holds it; its place (file, sheet) is in `placeRuns` (or `moved`). */
  private lines: Uint32Array;
  /**
   * Where each identity's record was read, as runs: identity numbers are given in the order
   * records come, so the place changes once per file or sheet. Pairs (first identity, place).
   */
  private readonly placeRuns: number[] = [];
  /** Identities a later record took over (`key:` with on_conflict: latest) from another place: their place now. */
  private readonly moved = new Map<number, number>();
  private readonly commodities: ReadonlySet<string>;
  private readonly phases: readonly Phase[];
  private readonly accepted = new Map<string, Classification>();
  private readonly key: readonly KeyField[] | undefined;
  private readonly latest: boolean;
  /**
   * With `on_conflict: latest`, per key: the held record's number (≥ 0; see holding) or an
   * out-of-scope reason (−1 − its index in REASONS). Empty otherwise.
   */
  private state: Int32Array;
  /** With `on_conflict: latest`, per key: the day of the record that holds it (for Superseded.day). Empty otherwise. */
  private days: Int32Array;
  private heldCount = 0;
  /**
   * Where records were read: a file, or a workbook's sheet of it. A record's location is its
   * place's number × 2³² + its line, so a message names the sheet of a workbook row.
   */
  private readonly places: { readonly fileIndex: number; readonly sheet: string | undefined; readonly text: string }[] = [];
  private lastPlace = -1;

  /**
   * @param expectedRecords how many records the run will likely see (tables sized once, not grown): see estimateRecords.
   * The signature and location arrays are written in order, so pages not yet reached cost no memory.
   */
  constructor(
    campaign: Campaign,
    private readonly fileNames: readonly string[],
    private readonly onlyPhase?: string,
    expectedRecords = 0,
  ) {
    // Stryker disable next-line MethodExpression,ArithmeticOperator: equivalent, the first size of tables that grow as needed
    const n = Math.max(1 << 14, Math.min(expectedRecords, 1 << 23));
    this.seen = new IdTable(n);
    this.sig = new Uint32Array(n);
    this.lines = new Uint32Array(n);
    this.commodities = new Set(campaign.commodities);
    this.phases = campaign.phases;
    this.key = campaign.key?.fields;
    this.latest = campaign.key?.onConflict === 'latest';
    this.state = new Int32Array(this.latest ? n : 0);
    this.days = new Int32Array(this.latest ? n : 0);
  }

  /**
   * True when accepted records must be held until every source is read (`key:` with
   * `on_conflict: latest`: a later file may still replace any of them). The caller
   * keeps each accepted record, in order, as held record number 0, 1, 2 … and hands
   * them on at the end, without those a Superseded names.
   */
  get holding(): boolean {
    return this.latest;
  }

  /**
   * Ids about to be classified (their 64-bit hashes, as classify takes them): their entries of
   * the id table are touched now, so the cache misses overlap each other and other work.
   */
  expect(h1: Uint32Array, h2: Uint32Array, n: number): void {
    if (this.key !== undefined) return;
    for (let i = 0; i < n; i++) this.seen.touch(h1[i]!, h2[i]!);
  }

  /** The phase a record belongs to: its phase column, else the phase containing its date. */
  phaseOf(rec: SeizureRecord): string {
    if (rec.phase !== '') return rec.phase;
    for (const p of this.phases) if (rec.day >= p.start.day && rec.day <= p.end.day) return p.id;
    return '';
  }

  /**
   * Buckets a well-formed record. (`h1`, `h2`) is the 64-bit hash of its
   * identity (reporting country and id), `signature` its contentHash: both are
   * computed where the record was read, on whichever thread.
   */
  classify(rec: SeizureRecord, h1: number, h2: number, signature: number, sheet?: string): Classification {
    const place = this.placeOf(rec.fileIndex, sheet);
    if (this.key !== undefined) return this.classifyKeyed(rec, this.key, place);
    const prev = this.seen.insert(h1, h2);
    if (prev !== -1) return this.collision(prev, signature, rec, 'id', rec.id, `id ${rec.id} from ${rec.reportingCountry}`);
    const n = this.seen.size - 1;
    if (n >= this.sig.length) this.grow();
    this.sig[n] = signature;
    this.locate(n, place, rec.line);
    return this.scope(rec);
  }

  /** The number of the place (file, and sheet of a workbook) records come from; the last one is asked again and again. */
  private placeOf(fileIndex: number, sheet: string | undefined): number {
    const last = this.places[this.lastPlace];
    if (last !== undefined && last.fileIndex === fileIndex && last.sheet === sheet) return this.lastPlace;
    let i = this.places.findIndex((p) => p.fileIndex === fileIndex && p.sheet === sheet);
    if (i === -1) {
      const file = this.fileNames[fileIndex]!;
      i = this.places.push({ fileIndex, sheet, text: sheet === undefined ? file : `${file} [${sheet}]` }) - 1;
    }
    this.lastPlace = i;
    return i;
  }

  /**
   * With `key:`: the identity is the key; content also covers the reporting country and agency
   * (which may be outside the key). The same key with other content in the same file is a
   * conflict, as an id is; from an earlier file it is SUPERSEDED: the earlier record leaves
   * its bucket (latest) or the later one is set aside (first).
   */
  private classifyKeyed(rec: SeizureRecord, key: readonly KeyField[], place: number): Classification {
    const sig = keyedContentHash(rec);
    hashKey(key, rec);
    const prev = this.seen.insert(hashOut.h1, hashOut.h2);
    if (prev === -1) {
      const n = this.seen.size - 1;
      if (n >= this.sig.length) this.grow();
      this.sig[n] = sig;
      this.locate(n, place, rec.line);
      return this.admit(n, rec);
    }
    const text = keyText(key, rec);
    const was = this.places[this.placeAt(prev)]!;
    // In one file, or set aside unchanged (first): a duplicate or a conflict, as an id is. A later file
    // under `latest` replaces the earlier record even when nothing changed: the latest release is the record.
    const same = this.sig[prev] === sig >>> 0;
    if (was.fileIndex === rec.fileIndex || (same && !this.latest)) {
      return this.collision(prev, sig, rec, 'key', text, `this key (${key.join(', ')})`);
    }
    const file = this.fileNames[rec.fileIndex]!;
    const where = this.whereIs(prev);
    if (!this.latest) {
      return {
        bucket: 'duplicates',
        phase: '',
        diagnostic: { severity: 'warning', code: 'SUPERSEDED', file, line: rec.line, field: 'key', value: text, message: `the same key as ${where} with other content; set aside, the earlier record is kept (on_conflict: first)` },
      };
    }
    const held = this.state[prev]!;
    const superseded: Superseded = {
      fileIndex: was.fileIndex,
      ...(held >= 0 ? { bucket: 'accepted', held } : { bucket: 'out_of_scope', reason: REASONS[-1 - held]!, held: -1 }),
      day: this.days[prev]!,
      diagnostic: {
        severity: 'warning',
        code: 'SUPERSEDED',
        file: this.fileNames[was.fileIndex]!,
        line: this.lines[prev]!,
        ...(was.sheet !== undefined ? { sheet: was.sheet } : {}),
        field: 'key',
        value: text,
        message: `replaced by ${this.where(place, rec.line)}, the same key from a later source ${same ? 'with the same content' : 'with other content'} (on_conflict: latest)`,
      },
    };
    this.sig[prev] = sig;
    this.locate(prev, place, rec.line);
    return { ...this.admit(prev, rec), superseded };
  }

  /** A keyed record that now holds its key: its scope, and what the key holds (with on_conflict: latest). */
  private admit(slot: number, rec: SeizureRecord): Classification {
    const c = this.scope(rec);
    if (this.latest) {
      this.state[slot] = c.bucket === 'accepted' ? this.heldCount++ : -1 - REASONS.indexOf(c.reason!);
      this.days[slot] = rec.day;
    }
    return c;
  }

  /** The bucket of a record whose identity is new: the campaign's commodities, its phases, and the phase asked for. */
  private scope(rec: SeizureRecord): Classification {
    if (!this.commodities.has(rec.commodity)) {
      return {
        bucket: 'out_of_scope',
        phase: '',
        reason: 'commodity',
        diagnostic: warn(rec, this.fileNames, 'COMMODITY_OUT_OF_SCOPE', 'commodity', rec.commodity, `${rec.commodity} is not in this campaign's commodities`),
      };
    }
    const phase = this.phaseOf(rec);
    if (phase === '') {
      return {
        bucket: 'out_of_scope',
        phase,
        reason: 'outside_phases',
        diagnostic: warn(rec, this.fileNames, 'OUTSIDE_PHASES', 'date', rec.date, `${rec.date} is outside every phase`, this.phaseSpan()),
      };
    }
    if (this.onlyPhase !== undefined && phase !== this.onlyPhase) return { bucket: 'out_of_scope', phase, reason: 'other_phase' };
    // One shared (frozen) classification per phase: no allocation per accepted record.
    let c = this.accepted.get(phase);
    // Stryker disable next-line ConditionalExpression: equivalent, a new equal object each time only costs an allocation
    if (c === undefined) this.accepted.set(phase, (c = Object.freeze({ bucket: 'accepted', phase }) as Classification));
    return c;
  }

  /**
   * The same identity again (`id` from the same country, or `key`): a duplicate (same content) or
   * a conflict (the later one is rejected). `what` names the identity in the message.
   */
  private collision(prev: number, signature: number, rec: SeizureRecord, field: 'id' | 'key', value: string, what: string): Classification {
    const where = this.whereIs(prev);
    const file = this.fileNames[rec.fileIndex]!;
    const line = rec.line;
    if (this.sig[prev] === signature >>> 0) {
      return {
        bucket: 'duplicates',
        phase: '',
        diagnostic: { severity: 'warning', code: 'DUPLICATE', file, line, field, value, message: `the same record as ${where}; counted once` },
      };
    }
    return {
      bucket: 'rejected',
      phase: '',
      diagnostic: {
        severity: 'error',
        code: 'CONFLICTING_ID',
        file,
        line,
        field,
        value,
        message: `${what} was already used at ${where} with different content; this later record is rejected`,
        hint: field === 'id' ? 'give each seizure line its own id, or correct the one that is wrong' : 'a key names one record of a file: add a field to key:, or correct the record that is wrong',
      },
    };
  }

  /** A place and line as messages name them: `file:line`, or a workbook's `file [sheet] row N` (as diagnostics are printed). */
  private where(placeIndex: number, line: number): string {
    const place = this.places[placeIndex]!;
    return place.sheet === undefined ? `${place.text}:${line}` : `${place.text} row ${line}`;
  }

  /** Where the record holding identity `n` was read (where). */
  private whereIs(n: number): string {
    return this.where(this.placeAt(n), this.lines[n]!);
  }

  /** Identity `n` is held by the record at `line` of `place`: new (the next number), or taken over. */
  private locate(n: number, place: number, line: number): void {
    this.lines[n] = line;
    const runs = this.placeRuns;
    if (n >= this.located) {
      this.located = n + 1;
      if (runs.length === 0 || runs[runs.length - 1] !== place) runs.push(n, place);
    } else if (this.placeAt(n) !== place) this.moved.set(n, place);
  }

  /** Identities located so far (0 … located − 1). */
  private located = 0;

  /** The place of identity `n`'s record: the run it falls in, unless taken over from elsewhere. */
  private placeAt(n: number): number {
    const moved = this.moved.get(n);
    if (moved !== undefined) return moved;
    const runs = this.placeRuns;
    // the last run starting at or before n (runs are pairs, by first identity)
    let lo = 0;
    let hi = (runs.length >> 1) - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[2 * mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return runs[2 * lo + 1]!;
  }

  private phaseSpan(): string {
    const ps = this.phases;
    if (ps.length === 0) return 'no phases';
    if (ps.length <= 6) return `phases: ${ps.map((p) => `${p.id} ${p.start.iso}..${p.end.iso}`).join(', ')}`;
    return `${ps.length} phases between ${ps[0]!.start.iso} and ${ps[ps.length - 1]!.end.iso}`;
  }

  private grow(): void {
    const sig = new Uint32Array(this.sig.length * 2);
    sig.set(this.sig);
    this.sig = sig;
    const lines = new Uint32Array(this.lines.length * 2);
    lines.set(this.lines);
    this.lines = lines;
    if (this.latest) {
      const state = new Int32Array(this.state.length * 2);
      state.set(this.state);
      this.state = state;
      const days = new Int32Array(this.days.length * 2);
      days.set(this.days);
      this.days = days;
    }
  }
}

/** Seed for hashing an id within its reporting country (alpha-2: two char codes). */
export function countrySeed(country: string): number {
  return (country.charCodeAt(0) << 8) | country.charCodeAt(1);
}

function warn(rec: SeizureRecord, files: readonly string[], code: Diagnostic['code'], field: string, value: string, message: string, hint?: string): Diagnostic {
  return { severity: 'warning', code, file: files[rec.fileIndex]!, line: rec.line, field, value, message, ...(hint ? { hint } : {}) };
}

/**
 * 53-bit hash (cyrb53) of the canonical content. Two records are "the same" when
 * every canonical field agrees after normalization; quantities are compared in
 * the canonical unit at 6 decimals, so a re-export that differs in the 9th
 * decimal of a pound value is still the same record. Extras and file are ignored.
 */
export function contentHash(r: SeizureRecord): number {
  return contentHashWith(r, r.caseId);
}

/**
 * The content compared between records with the same `key:`: contentHash with the
 * reporting country and agency (a key may leave them out), and without a case id
 * that is only the record's id (releases number their rows differently).
 */
export function keyedContentHash(r: SeizureRecord): number {
  const content = contentHashWith(r, r.caseId === r.id ? '' : r.caseId);
  hashStart();
  hashNumber(content);
  hashString(r.reportingCountry);
  hashString(r.agency);
  return hashEnd();
}

function contentHashWith(r: SeizureRecord, caseId: string): number {
  hashStart();
  hashNumber(r.day);
  hashString(r.commodity);
  hashString(r.subtype);
  hashNumber(Math.round(r.quantity * 1e6));
  hashString(r.unit);
  hashString(r.route);
  hashString(r.origin);
  hashString(r.destination);
  hashString(caseId);
  hashString(r.direction);
  hashString(r.phase);
  hashString(r.location);
  hashString(r.detectionMethod);
  hashString(r.concealment);
  hashNumber(r.count);
  return hashEnd();
}
