import type { SourceFile } from '../config/campaign.js';
import { createReadStream } from 'node:fs';
import { assertUnchanged, assertUnchangedSince, openSourceFile } from './source-file.js';

/** Bytes per read. Byte ranges keep to the same grid, so their reads match a whole-file read's. */
export const READ_CHUNK = 1 << 16;

/** A source file held open for every range read of it (see CsvRange.shared in csv-reader.ts). */
export interface SharedFile {
  readonly fd: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The raw bytes of a source, from wherever they come. */
export interface CsvInput {
  readonly chunks: AsyncIterable<Buffer>;
  /** After the last chunk: throws INPUT_UNREADABLE when the file changed while it was read. */
  verify(bytesRead: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a source's bytes: standard input for `-` (ad-hoc use: `cat export.csv |
 * campaign-report aggregate -`), else the file, whole or the byte range
 * [start, end). A file is read through one handle, so that what it held when
 * opened can be checked at the end.
 */
export async function openCsvInput(file: SourceFile, range?: { readonly start: number; readonly end: number; readonly shared?: SharedFile }): Promise<CsvInput> {
  if (file.path === '-') return { chunks: process.stdin, verify: async () => {}, close: async () => {} };
  if (range?.shared) return sharedRange(file, range, range.shared);
  const src = await openSourceFile(file);
  const close = () => src.fh.close().catch(() => {});
  if (!range) {
    const chunks = src.fh.createReadStream({ highWaterMark: READ_CHUNK, autoClose: false });
    // Truncated, appended to or rewritten while read: stop rather than report a version that never was.
    return { chunks, verify: (bytesRead) => assertUnchanged(file, src, bytesRead), close };
  }
  // A range is read on the same grid as the whole file: from the grid point before its start.
  const from = range.start - (range.start % READ_CHUNK);
  const stream = src.fh.createReadStream({ highWaterMark: READ_CHUNK, autoClose: false, start: from, end: Math.max(from, range.end - 1) });
  // A range's byte count is not the file's: only size and modification time are checked.
  return { chunks: skipBytes(stream, range.start - from), verify: () => assertUnchanged(file, src, undefined), close };
}

/**
 * A range of a file opened once for all its ranges: read with positioned reads
 * of the shared descriptor (never closed here), checked against what the file
 * was when it was opened.
 */
function sharedRange(file: SourceFile, range: { readonly start: number; readonly end: number }, shared: SharedFile): CsvInput {
  const from = range.start - (range.start % READ_CHUNK);
  const stream = createReadStream('', { fd: shared.fd, highWaterMark: READ_CHUNK, autoClose: false, start: from, end: Math.max(from, range.end - 1) });
  return { chunks: skipBytes(stream, range.start - from), verify: () => assertUnchangedSince(file, shared), close: async () => {} };
}

/** The chunks of `stream` without its first `skip` bytes (less than one chunk). */
async function* skipBytes(stream: AsyncIterable<Buffer>, skip: number): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    if (skip > 0) {
      const rest = chunk.subarray(skip);
      skip = 0;
      yield rest;
    } else yield chunk;
  }
}
