import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Campaign } from '../config/campaign.js';
import { sourceFormat } from '../ingest/source.js';

/** Bytes per row of a workbook (zipped XML of a dozen short cells, measured on bench/xlsx.mjs: 62). */
const XLSX_ROW_BYTES = 64;

/** Bytes sampled at the start, the middle and the end of each file to learn its line length. */
const SAMPLE = 1 << 16;
/**
 * No file is guessed to hold more records than this (the tables' own cap: ~100 MB
 * each for it): a wrong guess must not cost more; past it, the tables grow by doubling.
 */
export const MAX_ESTIMATE = 1 << 23;

/**
 * About how many records the campaign's CSV sources hold: each file's size
 * divided by the mean line length of three 64 KiB samples (start, middle, end). The ledger and the case
 * set are sized from it once, instead of growing by doubling (each growth
 * re-inserts every key at random places and briefly holds both tables: for a
 * million ids that is 36 MB instead of 24). A guess only (blank lines do not
 * count, and no file counts for more than MAX_ESTIMATE): tables still grow past it, and YAML, stdin, partials and unreadable files count 0 (their
 * reader reports what is wrong with them).
 */
export function estimateRecords(campaign: Campaign): number {
  let total = 0;
  for (const file of campaign.files) {
    const format = file.config.format ?? (/\.partial\.json$/i.test(file.path) ? 'partial' : sourceFormat(file));
    if (file.path === '-') continue;
    if (format === 'xlsx') total += Math.min(MAX_ESTIMATE, Math.floor(sizeOf(file.path) / XLSX_ROW_BYTES));
    else if (format === 'csv') total += estimateFile(file.path);
  }
  return total;
}

/** About how many records `bytes` of the CSV file open as `fd` hold (a byte range of it), from the same samples. */
export function estimateRange(fd: number, bytes: number): number {
  try {
    return estimateOpen(fd, bytes);
  } catch {
    return 0;
  }
}

function sizeOf(path: string): number {
  try {
    const fd = openSync(path, 'r');
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}

function estimateFile(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 0;
  }
  try {
    return estimateOpen(fd);
  } catch {
    return 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * Lines with content in a sample, and their bytes: a run of blank lines must not
 * pass for millions of records, and a stretch with no line end at all counts as
 * one line (a long one), never as none. From the middle of a file the first,
 * partial line is skipped.
 */
function sampleLines(buf: Buffer, fromMiddle: boolean): { lines: number; bytes: number } {
  let lines = 0;
  let bytes = 0;
  let start = fromMiddle ? buf.indexOf(10) + 1 : 0;
  if (fromMiddle && start === 0) return { lines: 1, bytes: buf.length };
  for (let at = buf.indexOf(10, start); at !== -1; at = buf.indexOf(10, at + 1)) {
    const len = at + 1 - start;
    if (len > 2 || (len === 2 && buf[start] !== 13)) {
      lines++;
      bytes += len;
    }
    start = at + 1;
  }
  return { lines, bytes };
}

/** Records in `size` bytes (default: the whole file) of the file open as `fd`, from its samples. */
function estimateOpen(fd: number, size?: number): number {
  const st = fstatSync(fd);
  if (!st.isFile() || st.size === 0) return 0;
  const buf = Buffer.allocUnsafe(Math.min(SAMPLE, st.size));
  const at = st.size > 3 * SAMPLE ? [0, Math.floor(st.size / 2), st.size - SAMPLE] : [0];
  let lines = 0;
  let sampled = 0;
  for (const pos of at) {
    const got = readSync(fd, buf, 0, buf.length, pos);
    const s = sampleLines(buf.subarray(0, got), pos > 0);
    lines += s.lines;
    sampled += s.bytes;
  }
  // No line of content in the sample: one long line, or blank lines first; the tables grow as needed.
  if (lines === 0) return 1;
  return Math.min(MAX_ESTIMATE, Math.round((size ?? st.size) / (sampled / lines)));
}
