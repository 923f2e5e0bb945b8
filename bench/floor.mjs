#!/usr/bin/env node
/**
 * The floor of `aggregate`'s work in JavaScript on one core, for bench/NOTES.md's
 * "Close to the limit": a bare loop over a canonical seizure export (the bench
 * shape) that does only what `aggregate` must do per record and nothing the
 * tool does besides (no validation, diagnostics, progress, threads):
 *   - read 1 MiB at a time, decode, find each line's cells by offsets (no string per cell);
 *   - look up the date, countries, commodity, subtype, unit, route, origin and
 *     destination in small memo tables by their characters (a string only when new);
 *   - parse the quantity from its characters;
 *   - hash the id (within its reporting country) into an open-addressing table
 *     of ids (the ledger's duplicate check) and keep a content signature;
 *   - hash the case id, add (group, case) to a set of distinct cases, sum per group.
 * Prints rows, the total of the group counts, distinct ids and the time of the
 * loop; `--no-ledger` leaves out the id table and the case set.
 *
 * Usage: node bench/floor.mjs FILE.csv [--no-ledger]
 */
import { openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.argv[2];
const ledger = !process.argv.includes('--no-ledger');
if (!file) {
  process.stderr.write('usage: node bench/floor.mjs FILE.csv [--no-ledger]\n');
  process.exit(2);
}

class Memo {
  keys = new Array(1024).fill(undefined);
  codes = new Int32Array(1024);
  n = 0;
  look(s, a, b) {
    let h = 0;
    for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x9e3779b1);
    let j = h >>> 22;
    const len = b - a;
    for (;;) {
      const k = this.keys[j];
      if (k === undefined) {
        this.keys[j] = s.slice(a, b);
        return (this.codes[j] = this.n++);
      }
      if (k.length === len && s.startsWith(k, a)) return this.codes[j];
      j = (j + 1) & 1023;
    }
  }
}

const CAP = 1 << 21;
const ids = new Uint32Array(CAP * 3);
const cases = new Uint32Array(CAP * 2);
const sig = new Float64Array(CAP);
const sums = new Float64Array(1 << 16);
const counts = new Int32Array(1 << 16);
const caseCounts = new Int32Array(1 << 16);
const memos = Array.from({ length: 11 }, () => new Memo());
let h1 = 0;
let h2 = 0;
let idCount = 0;

function hash64(s, a, b, seed) {
  let x = 0xdeadbeef ^ seed;
  let y = 0x41c6ce57 ^ seed;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    x = Math.imul(x ^ c, 2654435761);
    y = Math.imul(y ^ c, 1597334677);
  }
  x = Math.imul(x ^ (x >>> 16), 2246822507) ^ Math.imul(y ^ (y >>> 13), 3266489909);
  y = Math.imul(y ^ (y >>> 16), 2246822507) ^ Math.imul(x ^ (x >>> 13), 3266489909);
  h1 = x >>> 0;
  h2 = y >>> 0;
}

function insertId(a, b) {
  let i = (Math.imul(a, 0x9e3779b1) >>> 11) & (CAP - 1);
  for (;;) {
    const j = i * 3;
    if (ids[j + 2] === 0) {
      ids[j] = a;
      ids[j + 1] = b;
      ids[j + 2] = ++idCount;
      return -1;
    }
    if (ids[j] === a && ids[j + 1] === b) return ids[j + 2] - 1;
    i = (i + 1) & (CAP - 1);
  }
}

function addCase(a, b) {
  let i = (Math.imul(a, 0x9e3779b1) >>> 11) & (CAP - 1);
  for (;;) {
    const j = i * 2;
    if (cases[j] === 0 && cases[j + 1] === 0) {
      cases[j] = a;
      cases[j + 1] = b;
      return true;
    }
    if (cases[j] === a && cases[j + 1] === b) return false;
    i = (i + 1) & (CAP - 1);
  }
}

function quantity(s, a, b) {
  let v = 0;
  let scale = 1;
  let frac = false;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) frac = true;
    else {
      v = v * 10 + (c - 48);
      if (frac) scale *= 10;
    }
  }
  return v / scale;
}

const t0 = performance.now();
const fd = openSync(file, 'r');
const buf = Buffer.allocUnsafe(1 << 20);
const at = new Int32Array(64);
let partial = '';
let rows = 0;
let header = true;
for (;;) {
  const n = readSync(fd, buf, 0, buf.length, null);
  if (n === 0) break;
  const last = buf.lastIndexOf(10, n - 1);
  const s = partial + buf.toString('latin1', 0, last + 1);
  partial = buf.toString('latin1', last + 1, n);
  for (let pos = 0; pos < s.length; ) {
    const nl = s.indexOf('\n', pos);
    let p = pos;
    let k = 0;
    for (;;) {
      const i = s.indexOf(',', p);
      at[k++] = p;
      if (i === -1 || i >= nl) break;
      p = i + 1;
    }
    at[k] = nl + 1;
    if (header) header = false;
    else {
      // id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country,case_id
      const date = memos[1].look(s, at[1], at[2] - 1);
      const country = memos[2].look(s, at[2], at[3] - 1);
      const commodity = memos[3].look(s, at[3], at[4] - 1);
      const subtype = memos[4].look(s, at[4], at[5] - 1);
      const unit = memos[6].look(s, at[6], at[7] - 1);
      const route = memos[7].look(s, at[7], at[8] - 1);
      const origin = memos[8].look(s, at[8], at[9] - 1);
      const destination = memos[9].look(s, at[9], at[10] - 1);
      const q = quantity(s, at[5], at[6] - 1);
      const group = (commodity * 8 + route) * 64 + country;
      sums[group] += q;
      counts[group]++;
      if (ledger) {
        hash64(s, at[0], at[1] - 1, country);
        const slot = insertId(h1, h2);
        hash64(s, at[10], at[11] - 1, country);
        if (slot < 0) sig[idCount - 1] = ((date * 31 + commodity) * 31 + subtype) * 31 + unit + q * 7 + origin * 17 + destination * 19 + h1;
        if (addCase((h1 ^ group) >>> 0, h2)) caseCounts[group]++;
      }
    }
    rows++;
    pos = nl + 1;
  }
}
let total = 0;
for (let g = 0; g < counts.length; g++) total += counts[g];
console.log(`rows ${rows - 1}, grouped ${total}, distinct ids ${idCount}, ${Math.round(performance.now() - t0)} ms${ledger ? '' : ' (no id table, no case set)'}`);
