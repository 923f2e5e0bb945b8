/**
 * A unit read on a worker is replayed on the main thread as the very calls its
 * read made on its sink: the codec must give back every field of every record,
 * every diagnostic and rejected row in their place, whatever the widths its
 * columns had to take.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import type { RowNote, UnitSink } from '../../src/pipeline/read-unit.js';
import { BufferPool, buffersOf, releaseUnit, replayUnit, UnitEncoder } from '../../src/pipeline/unit-codec.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { rec } from '../helpers/records.js';

type Call = ['diagnostic', Diagnostic] | ['rows', number, number] | ['record', SeizureRecord, number] | ['rejectedRow', number, number | undefined, readonly string[], (readonly string[])?] | ['note', RowNote];

/** A sink that writes down every call (a copy of each record: the replay lends one object). */
function recorder(): UnitSink & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    diagnostic: (d) => calls.push(['diagnostic', d]),
    rows: (read, rejected) => calls.push(['rows', read, rejected]),
    record: (r, sig) => calls.push(['record', { ...r, extras: [...r.extras] }, sig]),
    rejectedRow: (line, day, codes, cells) => calls.push(cells === undefined ? ['rejectedRow', line, day, codes] : ['rejectedRow', line, day, codes, cells]),
    note: (n) => calls.push(['note', n]),
  };
}

/** The calls as the main thread sees them: rows() once, first, with the unit's totals. */
function replayed(calls: Call[]): Call[] {
  const rows = calls.filter((c) => c[0] === 'rows') as ['rows', number, number][];
  const total: Call = ['rows', rows.reduce((n, c) => n + c[1], 0), rows.reduce((n, c) => n + c[2], 0)];
  return [total, ...calls.filter((c) => c[0] !== 'rows')];
}

function roundTrip(feed: (sink: UnitSink) => void, expected = 4): { sent: Call[]; got: Call[] } {
  const direct = recorder();
  feed(direct);
  const encoder = new UnitEncoder(3, expected);
  feed(encoder);
  const { unit, transfer } = encoder.finish();
  expect(transfer.every((b) => b instanceof ArrayBuffer)).toBe(true);
  const main = recorder();
  const received = structuredClone(unit, { transfer });
  replayUnit(received, main);
  // Released after its replay: every column's memory gone from the unit at once.
  const columns = [received.sig, received.line, received.quantity, received.flags, received.conv, received.idLength, received.caseLength, received.quantityLength, ...received.codes, ...received.extraCodes, received.ids, received.caseIds, received.quantityTexts];
  expect(columns.some((c) => c.buffer.byteLength > 0)).toBe(true);
  releaseUnit(received);
  expect(columns.map((c) => c.buffer.byteLength).filter((n) => n > 0)).toEqual([]);
  return { sent: replayed(direct.calls), got: main.calls };
}

const warn = (line: number): Diagnostic => ({ severity: 'warning', code: 'UNUSUAL_UNIT', file: 'a.csv', line, field: 'unit', value: 'pieces', message: 'unusual' });

describe('unit columns', () => {
  it('give back every field, diagnostic and rejected row in order', () => {
    const conv = { from: 'cây', factor: 200, unit: 'sticks' as const };
    const { sent, got } = roundTrip((s) => {
      s.diagnostic(warn(1));
      s.rows(3, 1);
      s.record(rec({ id: 'VN-1', caseId: 'C-9', fileIndex: 3, line: 2, quantity: 0.1 + 0.2, quantityText: '0,1 + 0,2 ≈ 0,3', location: 'Nội Bài', extras: ['x', ''] }), 12345);
      s.rejectedRow(3, 19_725, ['INVALID_QUANTITY']);
      s.rejectedRow(4, undefined, ['INVALID_DATE', 'UNKNOWN_UNIT'], ['VN-3', '31/02/2024', 'VN', 'drugs', '', '1,5', 'sacks']);
      s.diagnostic(warn(4));
      s.record(rec({ id: 'VN-2', fileIndex: 3, line: 4, count: 7, totals: true, unit: 'sticks', conversion: conv, extras: ['y', 'z'] }), 2 ** 52 + 1);
      s.rows(1, 0);
      s.rejectedRow(5, undefined, ['MALFORMED_CSV']);
    });
    expect(got).toEqual(sent);
  });

  it('widen past 256 and 65,536 distinct values, ids past 65,535 characters, and grow past their first size', () => {
    const long = 'L'.repeat(70_000);
    const { sent, got } = roundTrip((s) => {
      for (let i = 0; i < 70_000; i++) {
        const id = i === 5 ? long : `ID${i}`;
        const quantityText = i === 7 || i === 69_999 ? `1.${'0'.repeat(66_000)}${i}` : String(i);
        s.record(rec({ id, caseId: i % 3 === 0 ? id : `${long.slice(0, i % 7)}C${i}`, fileIndex: 3, line: i + 2, subtype: `s${i}`, concealment: `c${i % 300}`, quantityText }), i);
        if (i % 9999 === 0) s.diagnostic(warn(i + 2));
      }
    }, 16);
    expect(got.length).toBe(sent.length);
    expect(got).toEqual(sent);
  });

  it('give back texts past their first window (16K characters) whole, ASCII or not, each column alike', () => {
    // Ids of 1 to 40 characters, so that ids straddle every window's edge; in the second half the ids are not ASCII
    // (read whole), while the case ids and quantities stay ASCII (read a window at a time).
    const { sent, got } = roundTrip((s) => {
      for (let i = 0; i < 6000; i++) {
        const id = `${i < 3000 ? 'A' : 'Mã'}${'x'.repeat(i % 40)}${i}`;
        s.record(rec({ id, caseId: i % 5 === 0 ? id : `C${'y'.repeat(i % 23)}${i}`, fileIndex: 3, line: i + 2, quantityText: `${i}.${'5'.repeat(i % 11)}` }), i);
      }
    }, 16);
    expect(got.length).toBe(6001);
    expect(got).toEqual(sent);
  });

  it('announce each block of records before giving them (UnitSink.upcoming), as a read on this thread does', () => {
    const encoder = new UnitEncoder(3, 16);
    for (let i = 0; i < 150; i++) {
      encoder.record(rec({ id: `ID${i}`, fileIndex: 3, line: i + 2 }), i);
      if (i === 70) encoder.diagnostic(warn(i + 2));
    }
    const { unit, transfer } = encoder.finish();
    const events: string[] = [];
    let announced: readonly SeizureRecord[] = [];
    let next = 0;
    const sink: UnitSink = {
      diagnostic: (d) => events.push(`diagnostic ${d.line}`),
      rows: () => {},
      rejectedRow: () => {},
      note: () => {},
      upcoming: (recs, n) => {
        expect(next).toBe(announced.length);
        announced = recs.slice(0, n);
        next = 0;
        events.push(`upcoming ${n}: ${announced[0]!.id}`);
      },
      record: (r) => {
        // The very object announced, in the order announced.
        expect(r).toBe(announced[next++]);
        events.push(r.id);
      },
    };
    replayUnit(structuredClone(unit, { transfer }), sink);
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `ID${from + i}`);
    expect(events).toEqual(['upcoming 64: ID0', ...ids(0, 64), 'upcoming 64: ID64', ...ids(64, 71), 'diagnostic 72', ...ids(71, 128), 'upcoming 22: ID128', ...ids(128, 150)]);
  });
});

describe('BufferPool', () => {
  it('gives back a buffer it was given for a request it fits (at least the size, at most twice), zeroed', () => {
    const pool = new BufferPool();
    const a = new ArrayBuffer(1000);
    const c = new ArrayBuffer(1900);
    new Uint8Array(a).fill(7);
    pool.give([c, a, new ArrayBuffer(0)]);
    // More than twice 499 bytes, less than 1901: new buffers.
    expect(pool.take(499).byteLength).toBe(499);
    expect(pool.take(1901).byteLength).toBe(1901);
    // The smallest that fits: a (1000) for 900, though c (1900) fits too.
    const b = pool.take(900);
    expect(b).toBe(a);
    expect(new Uint8Array(b).every((x) => x === 0)).toBe(true);
    // Taken: no longer in the pool; c is next.
    expect(pool.take(950)).toBe(c);
    expect(pool.take(900).byteLength).toBe(900);
  });

  it("keeps at most 80 buffers, and makes a unit's columns in the buffers of one replayed before", () => {
    const pool = new BufferPool();
    const many = Array.from({ length: 100 }, () => new ArrayBuffer(8));
    pool.give(many);
    const taken = new Set(Array.from({ length: 100 }, () => pool.take(8)));
    expect(many.filter((b) => taken.has(b)).length).toBe(80);
    const conversion = { from: 'kg', factor: 1, unit: 'kg' as const };
    const fill = (e: UnitEncoder) => {
      for (let i = 0; i < 2000; i++) e.record(rec({ id: `ID${i}`, fileIndex: 3, line: i + 2, subtype: `s${i % 7}`, conversion }), i);
    };
    const first = new UnitEncoder(3, 2000, false, pool);
    fill(first);
    const one = first.finish().unit;
    const buffers = new Set(buffersOf(one));
    pool.give([...buffers]);
    const second = new UnitEncoder(3, 2000, false, pool);
    fill(second);
    const two = second.finish().unit;
    expect(buffersOf(two).every((b) => buffers.has(b))).toBe(true);
    const got: SeizureRecord[] = [];
    replayUnit(two, { diagnostic: () => {}, rows: () => {}, rejectedRow: () => {}, note: () => {}, record: (r) => got.push({ ...r }) });
    expect(got.map((r) => [r.id, r.line, r.subtype])).toEqual(Array.from({ length: 2000 }, (_, i) => [`ID${i}`, i + 2, `s${i % 7}`]));
  });
});

