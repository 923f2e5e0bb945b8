/**
 * A unit read on a worker thread travels to the main thread as columns: what
 * read-unit.ts gave its UnitSink, in the same order, packed into typed arrays
 * (transferred, not copied) and string tables. Text fields with few distinct
 * values (countries, commodities, units, dates…) are codes into a table, as
 * narrow as the table allows; ids are one string with a length each. The main
 * thread replays the columns into its own sink, so it sees exactly the calls a
 * read on its own thread would have made.
 */
import type { UnitConversion } from '../normalize/unit.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { SeizureRecord } from '../validate/record.js';
import type { UnitSink } from './read-unit.js';

/** The text fields kept as codes into a table, in this order. */
const CODED = ['date', 'reportingCountry', 'commodity', 'subtype', 'unit', 'route', 'origin', 'destination', 'direction', 'phase', 'location', 'detectionMethod', 'concealment'] as const;
type Coded = (typeof CODED)[number];

type Codes = Uint8Array | Uint16Array | Uint32Array;

/** Flag bits of a record. */
const TOTALS = 1;
const CASE_IS_ID = 2;

/** A unit's records and diagnostics as columns (structured-cloneable; `transfer` lists the buffers). */
export interface EncodedUnit {
  n: number;
  read: number;
  rejected: number;
  fileIndex: number;
  h1: Uint32Array;
  h2: Uint32Array;
  sig: Float64Array;
  c1: Uint32Array;
  c2: Uint32Array;
  day: Int32Array;
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
  idLength: Uint32Array;
  ids: string;
  caseLength: Uint32Array;
  caseIds: string;
  /** Diagnostics in order; `diagAt[i]` records come before diagnostic i. */
  diagnostics: Diagnostic[];
  diagAt: number[];
}

/** A column of codes into a table of distinct strings, widened from 8 to 16 to 32 bits as the table grows. */
class CodedColumn {
  codes: Codes;
  readonly table: string[] = [];
  private readonly index = new Map<string, number>();
  private last: string | undefined;
  private lastCode = 0;

  constructor(capacity: number) {
    this.codes = new Uint8Array(capacity);
  }

  set(i: number, v: string): void {
    if (v !== this.last) {
      let code = this.index.get(v);
      if (code === undefined) {
        code = this.table.length;
        if (code === 256 || code === 65536) this.codes = widen(this.codes);
        this.table.push(v);
        this.index.set(v, code);
      }
      this.last = v;
      this.lastCode = code;
    }
    this.codes[i] = this.lastCode;
  }

  grow(capacity: number): void {
    this.codes = resize(this.codes, capacity);
  }
}

function widen(a: Codes): Codes {
  return a instanceof Uint8Array ? Uint16Array.from(a) : Uint32Array.from(a);
}

function resize<T extends Codes | Uint32Array | Float64Array | Int32Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a.subarray(0, Math.min(a.length, capacity)) as never);
  return b;
}

/**
 * Strings appended into one: every 1,024 they are joined into a flat string of
 * their own, so the ids, slices of the reader's chunk text, do not keep those
 * chunks alive until the unit ends.
 */
class FlatText {
  private readonly parts: string[] = [];
  private pending: string[] = [];

  push(s: string): void {
    if (this.pending.push(s) === 1024) this.flush();
  }

  text(): string {
    this.flush();
    return this.parts.join('');
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(this.pending.join(''));
    this.pending = [];
  }
}

/** A UnitSink that packs what it is given into an EncodedUnit. */
export class UnitEncoder implements UnitSink {
  private cap: number;
  private n = 0;
  private read = 0;
  private rejected = 0;
  private h1; private h2; private sig; private c1; private c2; private day; private line; private quantity; private flags;
  private count: Float64Array | null = null;
  private idLength; private caseLength;
  private readonly coded: CodedColumn[];
  private readonly extras: CodedColumn[] = [];
  private readonly conv: CodedColumn;
  private readonly conversions: UnitConversion[] = [];
  private readonly convIndex = new Map<UnitConversion, string>();
  private readonly ids = new FlatText();
  private readonly caseIds = new FlatText();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly diagAt: number[] = [];

  constructor(private readonly fileIndex: number, expected = 1024) {
    const cap = (this.cap = Math.max(1024, expected));
    this.h1 = new Uint32Array(cap); this.h2 = new Uint32Array(cap); this.c1 = new Uint32Array(cap); this.c2 = new Uint32Array(cap);
    this.sig = new Float64Array(cap); this.quantity = new Float64Array(cap);
    this.day = new Int32Array(cap); this.line = new Uint32Array(cap); this.flags = new Uint8Array(cap);
    this.idLength = new Uint32Array(cap); this.caseLength = new Uint32Array(cap);
    this.coded = CODED.map(() => new CodedColumn(cap));
    this.conv = new CodedColumn(cap);
  }

  diagnostic(d: Diagnostic): void {
    this.diagnostics.push(d);
    this.diagAt.push(this.n);
  }

  rows(read: number, rejected: number): void {
    this.read += read;
    this.rejected += rejected;
  }

  record(rec: SeizureRecord, id1: number, id2: number, signature: number, case1: number, case2: number): void {
    const k = this.n;
    if (k === this.cap) this.grow();
    this.h1[k] = id1; this.h2[k] = id2; this.sig[k] = signature; this.c1[k] = case1; this.c2[k] = case2;
    this.day[k] = rec.day; this.line[k] = rec.line; this.quantity[k] = rec.quantity;
    if (rec.count !== 1 && this.count === null) this.count = new Float64Array(this.cap).fill(1);
    if (this.count !== null) this.count[k] = rec.count;
    const caseIsId = rec.caseId === rec.id;
    this.flags[k] = (rec.totals ? TOTALS : 0) | (caseIsId ? CASE_IS_ID : 0);
    this.ids.push(rec.id);
    this.idLength[k] = rec.id.length;
    if (!caseIsId) {
      this.caseIds.push(rec.caseId);
      this.caseLength[k] = rec.caseId.length;
    }
    for (let f = 0; f < CODED.length; f++) this.coded[f]!.set(k, rec[CODED[f]!]);
    for (let e = 0; e < rec.extras.length; e++) (this.extras[e] ??= new CodedColumn(this.cap)).set(k, rec.extras[e]!);
    this.conv.set(k, this.convKey(rec.conversion));
    this.n = k + 1;
  }

  /** The columns, and the buffers to transfer with them. */
  finish(): { unit: EncodedUnit; transfer: ArrayBuffer[] } {
    const n = this.n;
    const cut = <T extends Codes | Uint32Array | Float64Array | Int32Array>(a: T): T => resize(a, n);
    const unit: EncodedUnit = {
      n, read: this.read, rejected: this.rejected, fileIndex: this.fileIndex,
      h1: cut(this.h1), h2: cut(this.h2), sig: cut(this.sig), c1: cut(this.c1), c2: cut(this.c2),
      day: cut(this.day), line: cut(this.line), quantity: cut(this.quantity), count: this.count && cut(this.count), flags: cut(this.flags),
      codes: this.coded.map((c) => cut(c.codes)), tables: this.coded.map((c) => c.table),
      conv: cut(this.conv.codes), conversions: this.conversions,
      extraCodes: this.extras.map((c) => cut(c.codes)), extraTables: this.extras.map((c) => c.table),
      idLength: cut(this.idLength), ids: this.ids.text(), caseLength: cut(this.caseLength), caseIds: this.caseIds.text(),
      diagnostics: this.diagnostics, diagAt: this.diagAt,
    };
    const arrays = [unit.h1, unit.h2, unit.sig, unit.c1, unit.c2, unit.day, unit.line, unit.quantity, unit.flags, unit.conv, unit.idLength, unit.caseLength, ...unit.codes, ...unit.extraCodes];
    if (unit.count) arrays.push(unit.count);
    return { unit, transfer: arrays.map((a) => a.buffer as ArrayBuffer) };
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
    const cap = (this.cap *= 2);
    this.h1 = resize(this.h1, cap); this.h2 = resize(this.h2, cap); this.c1 = resize(this.c1, cap); this.c2 = resize(this.c2, cap);
    this.sig = resize(this.sig, cap); this.quantity = resize(this.quantity, cap);
    this.day = resize(this.day, cap); this.line = resize(this.line, cap); this.flags = resize(this.flags, cap);
    this.idLength = resize(this.idLength, cap); this.caseLength = resize(this.caseLength, cap);
    if (this.count !== null) this.count = resize(this.count, cap);
    for (const c of [...this.coded, ...this.extras, this.conv]) c.grow(cap);
  }
}

/** Makes, on the main thread, exactly the calls the unit's read made on its sink. */
export function replayUnit(u: EncodedUnit, sink: UnitSink): void {
  sink.rows(u.read, u.rejected);
  const conversions = u.conversions;
  let di = 0;
  let idAt = 0;
  let caseAt = 0;
  for (let k = 0; k < u.n; k++) {
    while (di < u.diagnostics.length && u.diagAt[di]! <= k) sink.diagnostic(u.diagnostics[di++]!);
    const idEnd = idAt + u.idLength[k]!;
    const id = u.ids.slice(idAt, idEnd);
    idAt = idEnd;
    const flags = u.flags[k]!;
    let caseId = id;
    if ((flags & CASE_IS_ID) === 0) {
      const caseEnd = caseAt + u.caseLength[k]!;
      caseId = u.caseIds.slice(caseAt, caseEnd);
      caseAt = caseEnd;
    }
    const rec = decodeRecord(u, k, id, caseId, flags, conversions);
    sink.record(rec, u.h1[k]!, u.h2[k]!, u.sig[k]!, u.c1[k]!, u.c2[k]!);
  }
  while (di < u.diagnostics.length) sink.diagnostic(u.diagnostics[di++]!);
}

function decodeRecord(u: EncodedUnit, k: number, id: string, caseId: string, flags: number, conversions: UnitConversion[]): SeizureRecord {
  const t = u.tables;
  const c = u.codes;
  const text = (f: number): string => t[f]![c[f]![k]!]!;
  const conversion = conversions[u.conv[k]!]!;
  return {
    id,
    caseId,
    day: u.day[k]!,
    date: text(0),
    reportingCountry: text(1),
    commodity: text(2),
    subtype: text(3),
    quantity: u.quantity[k]!,
    unit: text(4) as SeizureRecord['unit'],
    conversion,
    route: text(5),
    origin: text(6),
    destination: text(7),
    direction: text(8),
    phase: text(9),
    location: text(10),
    detectionMethod: text(11),
    concealment: text(12),
    count: u.count === null ? 1 : u.count[k]!,
    totals: (flags & TOTALS) !== 0,
    fileIndex: u.fileIndex,
    line: u.line[k]!,
    extras: u.extraCodes.map((codes, e) => u.extraTables[e]![codes[k]!]!),
  };
}

export type { Coded };
