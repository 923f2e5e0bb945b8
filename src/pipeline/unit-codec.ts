/**
 * A unit read on a worker thread travels to the main thread as columns: what
 * read-unit.ts gave its UnitSink, in the same order, packed into typed arrays
 * (transferred, not copied) and string tables. Text fields with few distinct
 * values (countries, commodities, units, dates…) are codes into a table, as
 * narrow as the table allows; ids are UTF-8 bytes with a length each. The main
 * thread replays the columns into its own sink, so it sees exactly the calls a
 * read on its own thread would have made.
 */
import type { UnitConversion } from '../normalize/unit.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { SeizureRecord } from '../validate/record.js';
import type { RowNote, UnitSink } from './read-unit.js';

/** The text fields kept as codes into a table, in this order. */
const CODED = ['date', 'reportingCountry', 'commodity', 'subtype', 'unit', 'route', 'origin', 'destination', 'direction', 'phase', 'location', 'detectionMethod', 'concealment', 'group', 'agency', 'quantityColumn'] as const;

type Codes = Uint8Array | Uint16Array | Uint32Array;
type Column = Codes | Float64Array | Int32Array;

/** Flag bits of a record. */
const TOTALS = 1;
const CASE_IS_ID = 2;
/** The date's precision when it is not a day (SeizureRecord.precision). */
const MONTH_PRECISE = 4;
const YEAR_PRECISE = 8;
/** Id lengths from this one on are kept apart (EncodedUnit.longLengths). */
const LONG = 65535;

/** A diagnostic, or a row rejected before it became a record (day NaN: undated). */
export type UnitEvent = { diagnostic: Diagnostic } | { rejected: { line: number; day: number; codes: readonly string[]; cells?: readonly string[] } } | { note: RowNote };

/** A unit's records and diagnostics as columns (structured-cloneable; `transfer` lists the buffers). */
export interface EncodedUnit {
  n: number;
  read: number;
  rejectedRows: number;
  /** Rows the source's `where:` left out (read, out of scope). */
  filteredRows: number;
  fileIndex: number;
  sig: Float64Array;
  /** Days since 1970 of each entry of the date table (tables[0]): a date and its day go together. */
  days: number[];
  line: Uint32Array;
  quantity: Float64Array;
  /** Null while every count is 1 (no totals source). */
  count: Float64Array | null;
  flags: Uint8Array;
  codes: Codes[];
  tables: string[][];
  conv: Codes;
  conversions: UnitConversion[];
  /** Extra columns: per position, codes into a table of their own. */
  extraCodes: Codes[];
  extraTables: string[][];
  /** Length of each id; LONG for longer ones, whose lengths are in `longLengths` in order (id, case id, quantity as written: record by record). */
  idLength: Uint16Array;
  /** UTF-8 of the ids one after another (`idBytes` of them), read back a window at a time (TextWindow). */
  ids: Uint8Array;
  idBytes: number;
  /** Which of the three texts are plain ASCII (a byte a character): bit 0 ids, 1 case ids, 2 quantities. */
  asciiTexts: number;
  caseLength: Uint16Array;
  longLengths: number[];
  caseIds: Uint8Array;
  caseIdBytes: number;
  /** The quantities as written (SeizureRecord.quantityText), as the ids. */
  quantityLength: Uint16Array;
  quantityTexts: Uint8Array;
  quantityTextBytes: number;
  /**
   * Diagnostics and rows rejected before they became records, in the order they
   * came; `eventAt[i]` records come before event i.
   */
  events: UnitEvent[];
  eventAt: number[];
}

/** Buffers a pool keeps at most: those of ~3 units (~25 each), what a worker uses while it is AHEAD of the main thread. */
const MAX_POOLED = 80;

/**
 * The column buffers of units already replayed, sent back to the worker that
 * made them (UnitThreads.recycle), where the next units' columns are made in
 * them, instead of each unit's ~25 buffers freed on the main thread and new
 * ones allocated on the worker. Made because glibc's malloc seemed to keep
 * freed blocks (5M rows on 2 threads: 438 MB peak, 400–415 MB with
 * MALLOC_MMAP_THRESHOLD_ fixed at 128 KiB). At first the pool did not measurably
 * lower the peak (5M: 407–442 MB before and after, single runs; 1M: 187–190 against
 * 189–191 MB). Since the ledger keeps 8 bytes a record, it does: 5M rows, 6 alternated
 * runs each (5 Dec), 373–382 MB with it against 379–404 MB without (the 400 MB target),
 * and `build` of 1M rows took 5.5 s of CPU with it against 6.0 s without.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  give(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) if (this.free.length < MAX_POOLED && b.byteLength > 0) this.free.push(b);
  }

  /** A buffer of zeros, of at least `bytes` and at most twice that: the smallest given back, or a new one. */
  take(bytes: number): ArrayBuffer {
    const free = this.free;
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const n = free[i]!.byteLength;
      if (n >= bytes && n <= 2 * bytes && (best === -1 || n < free[best]!.byteLength)) best = i;
    }
    if (best === -1) return new ArrayBuffer(bytes);
    const b = free[best]!;
    free[best] = free[free.length - 1]!;
    free.pop();
    new Uint8Array(b).fill(0);
    return b;
  }
}

/** Where a column's first buffer comes from: a worker's pool, or new (zeros either way). */
type Alloc = (bytes: number) => ArrayBuffer;
const NEW: Alloc = (bytes) => new ArrayBuffer(bytes);

/** Entries of a coded column's cache (a power of two). */
const RECENT = 256;

/**
 * A column of codes into a table of distinct strings, widened from 8 to 16 to 32 bits as the table grows.
 * Recent values are looked up first in a small cache, by their length and last characters (where dates,
 * countries and goods differ), where a hit is a comparison with the very string the normalizer gave
 * last time: ~5 ns against ~20 for the Map (the worker's CPU profile, 1M rows on 2 threads: `set` 159 → 88 ms).
 */
class CodedColumn {
  codes: Codes;
  readonly table: string[] = [];
  private readonly index = new Map<string, number>();
  private last: string | undefined;
  private lastCode = 0;
  private readonly recent: (string | undefined)[] = new Array<string | undefined>(RECENT).fill(undefined);
  private readonly recentCodes = new Int32Array(RECENT);

  constructor(capacity: number, alloc: Alloc = NEW) {
    this.codes = new Uint8Array(alloc(capacity), 0, capacity);
  }

  set(i: number, v: string): void {
    if (v !== this.last) {
      const slot = recentSlot(v);
      let code: number;
      if (this.recent[slot] === v) code = this.recentCodes[slot]!;
      else {
        code = this.codeOf(v);
        this.recent[slot] = v;
        this.recentCodes[slot] = code;
      }
      this.last = v;
      this.lastCode = code;
    }
    // The array starts as zeros: a column with one value (often '') never touches its pages.
    if (this.lastCode !== 0) this.codes[i] = this.lastCode;
  }

  private codeOf(v: string): number {
    let code = this.index.get(v);
    if (code === undefined) {
      code = this.table.length;
      if (code === 256 || code === 65536) this.codes = widen(this.codes);
      this.table.push(v);
      this.index.set(v, code);
    }
    return code;
  }

  grow(capacity: number): void {
    this.codes = resize(this.codes, capacity);
  }
}

/** A value's entry in a CodedColumn's cache: its length and last characters (a date's day and month, a code's letters). */
function recentSlot(v: string): number {
  const n = v.length;
  let h = n;
  if (n > 0) h += v.charCodeAt(n - 1) * 31;
  if (n > 1) h += v.charCodeAt(n - 2) * 7;
  if (n > 3) h += v.charCodeAt(n - 4) * 3;
  return h & (RECENT - 1);
}

function widen(a: Codes): Codes {
  return a instanceof Uint8Array ? Uint16Array.from(a) : Uint32Array.from(a);
}

function resize<T extends Column>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a.subarray(0, Math.min(a.length, capacity)) as never);
  return b;
}

/**
 * Strings appended as UTF-8 bytes into one buffer, sent as it is (transferred)
 * and read back on the main thread as one string: no string per id crosses
 * threads (structured cloning would copy each twice at the moment both threads
 * hold the most), and the ids, slices of the reader's chunk text, do not keep
 * those chunks alive.
 */
class ByteText {
  bytes: Buffer;
  length = 0;
  /** No character past 0x7f yet: a byte is a character (TextWindow). */
  ascii = true;

  constructor(
    capacity: number,
    private readonly alloc: Alloc,
  ) {
    this.bytes = Buffer.from(alloc(Math.max(1024, capacity)));
  }

  push(s: string): void {
    // At most 3 bytes per UTF-16 unit.
    if (this.length + s.length * 3 > this.bytes.length) this.grow(this.length + s.length * 3);
    // ASCII (nearly every id) byte by byte: a native write per short id costs more than the copy.
    const b = this.bytes;
    let at = this.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.ascii = false;
        this.length += b.write(s, this.length, 'utf8');
        return;
      }
      b[at++] = c;
    }
    this.length = at;
  }

  private grow(atLeast: number): void {
    const b = Buffer.from(this.alloc(Math.max(atLeast, Math.ceil(this.bytes.length * 1.5))));
    this.bytes.copy(b, 0, 0, this.length);
    this.bytes = b;
  }
}

/** Characters of an ASCII text decoded at a time (TextWindow). */
const TEXT_WINDOW = 16 * 1024;

/**
 * A ByteText on the receiving side, read in order (`slice` with offsets that
 * only go forward). An ASCII text is decoded TEXT_WINDOW characters at a time:
 * a unit's ids as one string (~250 KB for 2 MiB of CSV) were large objects,
 * each on fresh pages, and page faults cost ~11 µs each on the AMD benchmark
 * host (300 KB decoded whole 1.15 ms, in 16 KB pieces 0.02–0.03 ms). Other
 * texts, whose byte offsets are not character offsets, are decoded whole.
 */
class TextWindow {
  private text = '';
  /** The characters held: [from, to) of the whole text. */
  private from = 0;
  private to = 0;

  constructor(
    private readonly bytes: Buffer,
    ascii: boolean,
  ) {
    if (!ascii) {
      this.text = bytes.toString('utf8');
      this.to = Infinity;
    }
  }

  /** Characters [a, b) of the text; `a` never before an earlier call's. */
  slice(a: number, b: number): string {
    if (b > this.to) {
      this.to = Math.min(this.bytes.length, Math.max(b, a + TEXT_WINDOW));
      this.from = a;
      this.text = this.bytes.toString('latin1', a, this.to);
    }
    return this.text.slice(a - this.from, b - this.from);
  }
}

/** A unit's text column as a TextWindow (bit: its bit in EncodedUnit.asciiTexts). */
function windowOf(bytes: Uint8Array, length: number, u: EncodedUnit, bit: number): TextWindow {
  return new TextWindow(Buffer.from(bytes.buffer, bytes.byteOffset, length), (u.asciiTexts & bit) !== 0);
}

/** A UnitSink that packs what it is given into an EncodedUnit. */
export class UnitEncoder implements UnitSink {
  private cap: number;
  private n = 0;
  private read = 0;
  private rejectedRows = 0;
  private filteredRows = 0;
  private sig; private line; private quantity; private flags;
  private readonly days: number[] = [];
  private readonly longLengths: number[] = [];
  private count: Float64Array | null = null;
  private idLength; private caseLength; private quantityLength;
  private readonly coded: CodedColumn[];
  private readonly extras: CodedColumn[] = [];
  private readonly conv: CodedColumn;
  private readonly conversions: UnitConversion[] = [];
  private readonly convIndex = new Map<UnitConversion, string>();
  private lastConv: UnitConversion | undefined;
  private lastConvKey = '';
  private readonly ids: ByteText;
  private readonly caseIds: ByteText;
  private readonly quantityTexts: ByteText;
  private readonly events: UnitEvent[] = [];
  private readonly eventAt: number[] = [];

  /**
   * @param asWritten rejected rows come with their cells (RunOptions.asWritten): read by readUnit.
   * @param pool where the columns' first buffers come from (a worker's: BufferPool), else new ones.
   */
  constructor(private readonly fileIndex: number, expected = 1024, readonly asWritten = false, pool?: BufferPool) {
    const cap = (this.cap = Math.max(1024, expected));
    const alloc: Alloc = pool ? (bytes) => pool.take(bytes) : NEW;
    this.sig = new Float64Array(alloc(cap * 8), 0, cap); this.quantity = new Float64Array(alloc(cap * 8), 0, cap);
    this.line = new Uint32Array(alloc(cap * 4), 0, cap); this.flags = new Uint8Array(alloc(cap), 0, cap);
    this.idLength = new Uint16Array(alloc(cap * 2), 0, cap); this.caseLength = new Uint16Array(alloc(cap * 2), 0, cap); this.quantityLength = new Uint16Array(alloc(cap * 2), 0, cap);
    this.coded = CODED.map(() => new CodedColumn(cap, alloc));
    this.conv = new CodedColumn(cap, alloc);
    // Ids of about 8 bytes to begin with; grown by half when longer.
    this.ids = new ByteText(cap * 8, alloc);
    this.caseIds = new ByteText(cap * 8, alloc);
    this.quantityTexts = new ByteText(cap * 4, alloc);
  }

  diagnostic(d: Diagnostic): void {
    this.events.push({ diagnostic: d });
    this.eventAt.push(this.n);
  }

  note(n: RowNote): void {
    this.events.push({ note: n });
    this.eventAt.push(this.n);
  }

  rows(read: number, rejected: number, filtered = 0): void {
    this.read += read;
    this.rejectedRows += rejected;
    this.filteredRows += filtered;
  }

  rejectedRow(line: number, day: number | undefined, codes: readonly string[], cells?: readonly string[]): void {
    this.events.push({ rejected: cells === undefined ? { line, day: day ?? NaN, codes } : { line, day: day ?? NaN, codes, cells } });
    this.eventAt.push(this.n);
  }

  record(rec: SeizureRecord, signature: number): void {
    const k = this.n;
    if (k === this.cap) this.grow();
    this.sig[k] = signature;
    this.line[k] = rec.line; this.quantity[k] = rec.quantity;
    if (rec.count !== 1 && this.count === null) this.count = new Float64Array(this.cap).fill(1);
    if (this.count !== null) this.count[k] = rec.count;
    const caseIsId = rec.caseId === rec.id;
    const precision = rec.precision === 'day' ? 0 : rec.precision === 'month' ? MONTH_PRECISE : YEAR_PRECISE;
    this.flags[k] = (rec.totals ? TOTALS : 0) | (caseIsId ? CASE_IS_ID : 0) | precision;
    this.ids.push(rec.id);
    this.idLength[k] = this.lengthOf(rec.id);
    if (!caseIsId) {
      this.caseIds.push(rec.caseId);
      this.caseLength[k] = this.lengthOf(rec.caseId);
    }
    this.quantityTexts.push(rec.quantityText);
    this.quantityLength[k] = this.lengthOf(rec.quantityText);
    const dates = this.coded[0]!.table.length;
    // Written out, in CODED's order: a keyed property load per field costs more than the field's encoding.
    const c = this.coded;
    c[0]!.set(k, rec.date);
    c[1]!.set(k, rec.reportingCountry);
    c[2]!.set(k, rec.commodity);
    c[3]!.set(k, rec.subtype);
    c[4]!.set(k, rec.unit);
    c[5]!.set(k, rec.route);
    c[6]!.set(k, rec.origin);
    c[7]!.set(k, rec.destination);
    c[8]!.set(k, rec.direction);
    c[9]!.set(k, rec.phase);
    c[10]!.set(k, rec.location);
    c[11]!.set(k, rec.detectionMethod);
    c[12]!.set(k, rec.concealment);
    c[13]!.set(k, rec.group);
    c[14]!.set(k, rec.agency);
    c[15]!.set(k, rec.quantityColumn);
    if (this.coded[0]!.table.length > dates) this.days.push(rec.day);
    for (let e = 0; e < rec.extras.length; e++) (this.extras[e] ??= new CodedColumn(this.cap)).set(k, rec.extras[e]!);
    if (rec.conversion !== this.lastConv) {
      this.lastConv = rec.conversion;
      this.lastConvKey = this.convKey(rec.conversion);
    }
    this.conv.set(k, this.lastConvKey);
    this.n = k + 1;
  }

  /** The columns, and the buffers to transfer with them. */
  finish(): { unit: EncodedUnit; transfer: ArrayBuffer[] } {
    const n = this.n;
    // Columns go at their capacity, not cut to `n`: a copy of every column here would be the run's peak.
    const unit: EncodedUnit = {
      n, read: this.read, rejectedRows: this.rejectedRows, filteredRows: this.filteredRows, fileIndex: this.fileIndex,
      sig: this.sig,
      days: this.days, line: this.line, quantity: this.quantity, count: this.count, flags: this.flags,
      codes: this.coded.map((c) => c.codes), tables: this.coded.map((c) => c.table),
      conv: this.conv.codes, conversions: this.conversions,
      extraCodes: this.extras.map((c) => c.codes), extraTables: this.extras.map((c) => c.table),
      idLength: this.idLength, ids: this.ids.bytes, idBytes: this.ids.length, asciiTexts: (this.ids.ascii ? 1 : 0) | (this.caseIds.ascii ? 2 : 0) | (this.quantityTexts.ascii ? 4 : 0), caseLength: this.caseLength, caseIds: this.caseIds.bytes, caseIdBytes: this.caseIds.length, longLengths: this.longLengths,
      quantityLength: this.quantityLength, quantityTexts: this.quantityTexts.bytes, quantityTextBytes: this.quantityTexts.length,
      events: this.events, eventAt: this.eventAt,
    };
    return { unit, transfer: buffersOf(unit) };
  }

  /** A length as stored: LONG and the length in `longLengths` from LONG characters on. */
  private lengthOf(s: string): number {
    if (s.length < LONG) return s.length;
    this.longLengths.push(s.length);
    return LONG;
  }

  /** Conversions are shared objects per unit table entry: one code each, kept by identity. */
  private convKey(c: UnitConversion): string {
    let key = this.convIndex.get(c);
    if (key === undefined) {
      key = String(this.conversions.length);
      this.conversions.push({ ...c });
      this.convIndex.set(c, key);
    }
    return key;
  }

  private grow(): void {
    // By half again, not double: every column is copied at once, at a time both threads hold much.
    const cap = (this.cap = Math.ceil(this.cap * 1.5));
    this.sig = resize(this.sig, cap); this.quantity = resize(this.quantity, cap);
    this.line = resize(this.line, cap); this.flags = resize(this.flags, cap);
    this.idLength = resize(this.idLength, cap); this.caseLength = resize(this.caseLength, cap); this.quantityLength = resize(this.quantityLength, cap);
    if (this.count !== null) this.count = resize(this.count, cap);
    for (const c of [...this.coded, ...this.extras, this.conv]) c.grow(cap);
  }
}

/** The buffers of a unit's columns (transferred to the main thread, released there after the replay). */
export function buffersOf(unit: EncodedUnit): ArrayBuffer[] {
  const arrays = [unit.sig, unit.line, unit.quantity, unit.flags, unit.conv, unit.idLength, unit.caseLength, unit.quantityLength, ...unit.codes, ...unit.extraCodes];
  if (unit.count) arrays.push(unit.count);
  arrays.push(unit.ids, unit.caseIds, unit.quantityTexts);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/**
 * Frees a replayed unit's columns at once. A unit's buffers are ~0.6 MB (512 KiB units)
 * to 5 MB, held by small objects that a young-generation collection during the unit's
 * replay promotes; their memory then waited for a major collection: 15 MB more at the
 * end of a 1M-row read in some runs (RSS outliers of 250–260 MB for `build` on 2 threads).
 * Each buffer is transferred to a clone nobody keeps (a transfer moves the memory, it
 * does not copy it): the held object is left empty, and the clone, young, goes with the
 * next young-generation collection. The unit cannot be read after this.
 */
export function releaseUnit(unit: EncodedUnit): void {
  for (const b of new Set(buffersOf(unit))) if (b.byteLength > 0) structuredClone(b, { transfer: [b] });
}

/**
 * Records replayed at a time: decoded, announced to the sink (UnitSink.upcoming, so its ledger
 * fetches their entries ahead, as for a unit read on this thread), then given one by one.
 */
const REPLAY_BLOCK = 64;

/** Makes, on the main thread, exactly the calls the unit's read made on its sink. */
export function replayUnit(u: EncodedUnit, sink: UnitSink): void {
  sink.rows(u.read, u.rejectedRows, u.filteredRows);
  const texts: Texts = { ids: windowOf(u.ids, u.idBytes, u, 1), caseIds: windowOf(u.caseIds, u.caseIdBytes, u, 2), quantities: windowOf(u.quantityTexts, u.quantityTextBytes, u, 4) };
  // The record objects a replay fills in, one per record of a block (see RunCallbacks.onRecord: a record is lent, never kept).
  const block = Array.from({ length: Math.min(REPLAY_BLOCK, u.n) }, () => blankRecord(u.fileIndex));
  const at = { id: 0, caseId: 0, quantity: 0, long: 0 };
  let ei = 0;
  for (let k0 = 0; k0 < u.n; k0 += REPLAY_BLOCK) {
    const m = Math.min(REPLAY_BLOCK, u.n - k0);
    for (let j = 0; j < m; j++) decodeRecord(block[j]!, u, k0 + j, texts, at);
    sink.upcoming?.(block, m);
    for (let j = 0; j < m; j++) {
      const k = k0 + j;
      while (ei < u.events.length && u.eventAt[ei]! <= k) replayEvent(u.events[ei++]!, sink);
      sink.record(block[j]!, u.sig[k]!);
    }
  }
  while (ei < u.events.length) replayEvent(u.events[ei++]!, sink);
}

function replayEvent(e: UnitEvent, sink: UnitSink): void {
  if ('diagnostic' in e) sink.diagnostic(e.diagnostic);
  else if ('note' in e) sink.note(e.note);
  else sink.rejectedRow(e.rejected.line, Number.isNaN(e.rejected.day) ? undefined : e.rejected.day, e.rejected.codes, e.rejected.cells);
}

const NO_EXTRAS: readonly string[] = Object.freeze([]);

/** The record at `k`, as the worker's normalizer made it (no closure: this runs for every record). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The one record object a replay fills in for each record (see RunCallbacks.onRecord: a record is lent, never kept). */
function blankRecord(fileIndex: number): Mutable<SeizureRecord> {
  return {
    id: '', caseId: '', day: 0, date: '', precision: 'day', reportingCountry: '', commodity: '', subtype: '', group: '', agency: '', quantity: 0, unit: 'kg',
    conversion: { from: '', unit: 'kg', factor: 1 }, quantityColumn: '', route: '', origin: '', destination: '', direction: '', phase: '',
    location: '', detectionMethod: '', concealment: '', count: 1, totals: false, fileIndex, line: 0, quantityText: '', extras: NO_EXTRAS,
  };
}

/** A unit's three text columns on the receiving side. */
interface Texts {
  readonly ids: TextWindow;
  readonly caseIds: TextWindow;
  readonly quantities: TextWindow;
}

/** Where the next record's text starts in each of a unit's text columns (in characters), and `long`: its next entry of longLengths. */
interface TextCursor {
  id: number;
  caseId: number;
  quantity: number;
  long: number;
}

/** The next length of a length column (its long ones in order in longLengths). */
function lengthAt(lengths: Uint16Array, k: number, u: EncodedUnit, at: TextCursor): number {
  const n = lengths[k]!;
  return n === LONG ? u.longLengths[at.long++]! : n;
}

/** Fills `r` with the record at `k`, as the worker's normalizer made it (no closure, no allocation but its texts and extras). */
function decodeRecord(r: Mutable<SeizureRecord>, u: EncodedUnit, k: number, texts: Texts, at: TextCursor): void {
  const flags = u.flags[k]!;
  const idEnd = at.id + lengthAt(u.idLength, k, u, at);
  const id = texts.ids.slice(at.id, idEnd);
  at.id = idEnd;
  let caseId = id;
  if ((flags & CASE_IS_ID) === 0) {
    const caseEnd = at.caseId + lengthAt(u.caseLength, k, u, at);
    caseId = texts.caseIds.slice(at.caseId, caseEnd);
    at.caseId = caseEnd;
  }
  const quantityEnd = at.quantity + lengthAt(u.quantityLength, k, u, at);
  r.quantityText = texts.quantities.slice(at.quantity, quantityEnd);
  at.quantity = quantityEnd;
  const conversions = u.conversions;
  const t = u.tables;
  const c = u.codes;
  let extras = NO_EXTRAS;
  if (u.extraCodes.length > 0) {
    const e: string[] = [];
    for (let i = 0; i < u.extraCodes.length; i++) e.push(u.extraTables[i]![u.extraCodes[i]![k]!]!);
    extras = e;
  }
  r.id = id;
  r.caseId = caseId;
  r.day = u.days[c[0]![k]!]!;
  r.date = t[0]![c[0]![k]!]!;
  r.precision = (flags & YEAR_PRECISE) !== 0 ? 'year' : (flags & MONTH_PRECISE) !== 0 ? 'month' : 'day';
  r.reportingCountry = t[1]![c[1]![k]!]!;
  r.commodity = t[2]![c[2]![k]!]!;
  r.subtype = t[3]![c[3]![k]!]!;
  r.quantity = u.quantity[k]!;
  r.unit = t[4]![c[4]![k]!]! as SeizureRecord['unit'];
  r.conversion = conversions[u.conv[k]!]!;
  r.route = t[5]![c[5]![k]!]!;
  r.origin = t[6]![c[6]![k]!]!;
  r.destination = t[7]![c[7]![k]!]!;
  r.direction = t[8]![c[8]![k]!]!;
  r.phase = t[9]![c[9]![k]!]!;
  r.location = t[10]![c[10]![k]!]!;
  r.detectionMethod = t[11]![c[11]![k]!]!;
  r.concealment = t[12]![c[12]![k]!]!;
  r.group = t[13]![c[13]![k]!]!;
  r.agency = t[14]![c[14]![k]!]!;
  r.quantityColumn = t[15]![c[15]![k]!]!;
  r.count = u.count === null ? 1 : u.count[k]!;
  r.totals = (flags & TOTALS) !== 0;
  r.line = u.line[k]!;
  r.extras = extras;
}

