import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Campaign } from '../config/campaign.js';

/** Bytes sampled from the start of each file to learn its line length. */
const SAMPLE = 1 << 16;
/**
 * No file is guessed to hold more records than this (tables of ~80 MB for it):
 * a wrong guess must not cost more; past it, the tables grow by doubling.
 */
export const MAX_ESTIMATE = 2_000_000;

/**
 * About how many records the campaign's CSV sources hold: each file's size
 * divided by the mean line length of its first 64 KiB. The ledger and the case
 * set are sized from it once, instead of growing by doubling (each growth
 * re-inserts every key at random places and briefly holds both tables: for a
 * million ids that is 36 MB instead of 24). A guess only (blank lines do not
 * count, and no file counts for more than MAX_ESTIMATE): tables still grow past it, and YAML, stdin, partials and unreadable files count 0 (their
 * reader reports what is wrong with them).
 */
export function estimateRecords(campaign: Campaign): number {
  let total = 0;
  for (const file of campaign.files) {
    const format = file.config.format ?? (/\.ya?ml$/i.test(file.path) ? 'yaml' : /\.partial\.json$/i.test(file.path) ? 'partial' : 'csv');
    if (file.path === '-' || format !== 'csv') continue;
    total += estimateFile(file.path);
  }
  return total;
}

/** About how many records `bytes` of the CSV file at `path` hold (a byte range of it), from the same sample. */
export function estimateRange(path: string, bytes: number): number {
  return estimateFile(path, bytes);
}

function estimateFile(path: string, size?: number): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 0;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size === 0) return 0;
    const buf = Buffer.allocUnsafe(Math.min(SAMPLE, st.size));
    const got = readSync(fd, buf, 0, buf.length, 0);
    // Lines with content only: a run of blank lines must not pass for millions of records.
    let lines = 0;
    let sampled = 0;
    let start = 0;
    for (let at = buf.indexOf(10); at !== -1 && at < got; at = buf.indexOf(10, at + 1)) {
      const len = at + 1 - start;
      if (len > 2 || (len === 2 && buf[start] !== 13)) {
        lines++;
        sampled += len;
      }
      start = at + 1;
    }
    // No line of content in the sample: one long line, or blank lines first; the tables grow as needed.
    if (lines === 0) return 1;
    return Math.min(MAX_ESTIMATE, Math.round((size ?? st.size) / (sampled / lines)));
  } catch {
    return 0;
  } finally {
    closeSync(fd);
  }
}
