/**
 * Accepted records held until every source is read (`key:` with `on_conflict: latest`,
 * where a later file may still replace any of them), packed as a worker packs a unit
 * (unit-codec.ts: typed columns and string tables, ~50–80 bytes a record plus its id
 * and the distinct values of its extra columns), then handed on in the order they
 * came, without those a later record replaced.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { SeizureRecord } from '../validate/record.js';
import type { RowNote, UnitSink } from './read-unit.js';
import { replayUnit, UnitEncoder } from './unit-codec.js';

export class HeldRecords {
  /** One encoder per file (per sheet of a workbook), in the order they were read. */
  private readonly files: UnitEncoder[] = [];
  private readonly fileIndex: number[] = [];
  /** The workbook sheet of each encoder's records (undefined for other sources). */
  private readonly sheets: (string | undefined)[] = [];
  private dropped = new Uint8Array(1024);
  private count = 0;

  /** Holds an accepted record as number `count` (the ledger numbers them alike), with the workbook sheet it came from. */
  add(rec: SeizureRecord, signature: number, sheet?: string): void {
    const last = this.files.length - 1;
    if (last === -1 || this.fileIndex[last] !== rec.fileIndex || this.sheets[last] !== sheet) {
      this.files.push(new UnitEncoder(rec.fileIndex));
      this.fileIndex.push(rec.fileIndex);
      this.sheets.push(sheet);
    }
    this.files[this.files.length - 1]!.record(rec, signature);
    if (this.count === this.dropped.length) {
      const d = new Uint8Array(this.dropped.length * 2);
      d.set(this.dropped);
      this.dropped = d;
    }
    this.count++;
  }

  /** Record number `n` was replaced: it is not handed on. */
  drop(n: number): void {
    this.dropped[n] = 1;
  }

  /** Every record held and not dropped, in the order held, with its sheet (each lent for the call, as RunCallbacks.onRecord says). */
  release(accept: (rec: SeizureRecord, sheet: string | undefined) => void): void {
    const sink = new ReleaseSink(this.dropped, accept);
    this.files.forEach((encoder, i) => {
      sink.sheet = this.sheets[i];
      replayUnit(encoder.finish().unit, sink);
    });
    this.files.length = 0;
  }
}

/** Replays held records: the ones not dropped to `accept`; nothing else was encoded. */
class ReleaseSink implements UnitSink {
  private n = 0;
  /** The sheet of the records being replayed. */
  sheet: string | undefined;

  constructor(
    private readonly dropped: Uint8Array,
    private readonly accept: (rec: SeizureRecord, sheet: string | undefined) => void,
  ) {}

  record(rec: SeizureRecord): void {
    if (this.dropped[this.n++] === 0) this.accept(rec, this.sheet);
  }

  diagnostic(_d: Diagnostic): void {}
  rows(): void {}
  rejectedRow(): void {}
  note(_n: RowNote): void {}
}
