import type { SourceFile } from '../config/campaign.js';
import { assertUnchanged, openSourceFile } from './source-file.js';

/** Bytes per read. Byte ranges keep to the same grid, so their reads match a whole-file read's. */
export const READ_CHUNK = 1 << 16;

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
export async function openCsvInput(file: SourceFile, range?: { readonly start: number; readonly end: number }): Promise<CsvInput> {
  if (file.path === '-') return { chunks: process.stdin, verify: async () => {}, close: async () => {} };
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
