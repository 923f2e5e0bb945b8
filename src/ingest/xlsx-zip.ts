/**
 * exceljs's streaming workbook reader, with its unzipping bounded. exceljs
 * inflates every part of the workbook it reads (and writes sheets that come
 * before the shared strings, as Excel writes them, to temporary files) with no
 * limit: a "zip bomb" of a few hundred kilobytes could fill the memory or the
 * disk. Here `parse` (the loop over the zip's entries, otherwise as exceljs's
 * own) passes every part it reads through a counter that stops the read past
 * MAX_UNZIPPED_BYTES in all, or past a run of MAX_TEXT_RUN bytes without a tag
 * (the XML parser would hold such a run as one string); parts it does not read
 * are skipped without being inflated.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import unzipper from 'unzipper';

/** Most bytes a workbook may unzip to, all parts together (a full 1,048,576-row sheet of ten columns is about 0.5 GiB). */
export const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;
/** Longest stretch of a part without a `<`: Excel's longest cell is 32,767 characters. */
export const MAX_TEXT_RUN = 16 * 1024 * 1024;

/** Why a workbook could not be read to its end (the reader turns it into INPUT_UNREADABLE). */
export class WorkbookLimitError extends Error {
  override name = 'WorkbookLimitError';
}

/** The parts of an exceljs worksheet reader this project uses. */
export interface SheetReader {
  readonly name: string;
  readonly state?: string;
  [Symbol.asyncIterator](): AsyncIterator<SheetRow>;
}

/** A row as exceljs's streaming reader gives it. */
export interface SheetRow {
  readonly number: number;
  /** 1-based, sparse. */
  readonly values: unknown[];
  getCell(col: number): { readonly value: unknown; readonly numFmt?: string };
}

export interface GuardedWorkbook {
  /** The sheets in the order of the file's parts (Excel and LibreOffice write them in tab order). */
  sheets(): AsyncIterable<SheetReader>;
  /** The sheets in tab order with their state, once the workbook part is read (before the first sheet). */
  readonly tabs: () => { name: string; state?: string }[];
  readonly date1904: () => boolean;
}

interface Counter {
  total: number;
  /** What the entries' headers say they unzip to (checked first: an honest bomb is refused before it is inflated). */
  declared: number;
}

const tooBig = () => new WorkbookLimitError(`it unzips to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024 / 1024} GiB (the limit; a "zip bomb"?)`);

/** Counts what a part unzips to; fails past the limits. */
function guard(counter: Counter, part: string): Transform {
  let run = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      counter.total += chunk.length;
      if (counter.total > MAX_UNZIPPED_BYTES) {
        cb(tooBig());
        return;
      }
      const lt = chunk.lastIndexOf(0x3c);
      run = lt === -1 ? run + chunk.length : chunk.length - lt - 1;
      if (run > MAX_TEXT_RUN) {
        cb(new WorkbookLimitError(`its part ${part} has a run of over ${MAX_TEXT_RUN / 1024 / 1024} MiB without markup (no spreadsheet writes one)`));
        return;
      }
      cb(null, chunk);
    },
  });
}

/** exceljs's streaming workbook reader class (lib/stream/xlsx/workbook-reader.js). */
export type WorkbookReaderClass = new (input: string, options: object) => Record<string, unknown>;

/**
 * A guarded streaming reader of the workbook at `path`: exceljs's
 * WorkbookReader (styles kept, so date formats are known) with `parse` replaced.
 */
export function openGuardedWorkbook(Base: WorkbookReaderClass, path: string): GuardedWorkbook {
  const reader = new Base(path, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  const r = reader as unknown as Internals;
  r.parse = () => guardedParse(r, path);
  return {
    sheets: () => ({ [Symbol.asyncIterator]: () => (reader as unknown as AsyncIterable<SheetReader>)[Symbol.asyncIterator]() }),
    tabs: () => (r.model?.sheets ?? []).map((s) => ({ name: s.name, ...(s.state !== undefined ? { state: s.state } : {}) })),
    date1904: () => Boolean(r.properties?.model?.date1904),
  };
}

/** exceljs's WorkbookReader internals that `parse` calls (lib/stream/xlsx/workbook-reader.js, 4.4). */
interface Internals {
  parse: () => AsyncGenerator<{ eventType: string; value: unknown }>;
  sharedStrings?: unknown[];
  workbookRels?: unknown;
  model?: { sheets?: { name: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ eventType: string; value: unknown }>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

interface ZipEntry extends Readable {
  path: string;
  /** The local header's fields (sizes are 0 when a data descriptor follows the data). */
  vars?: { uncompressedSize?: number };
  autodrain(): { promise(): Promise<void> };
}

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

async function* guardedParse(r: Internals, path: string): AsyncGenerator<{ eventType: string; value: unknown }> {
  const counter: Counter = { total: 0, declared: 0 };
  const zip = createReadStream(path).pipe(unzipper.Parse({ forceStream: true }) as unknown as Transform);
  const waiting: { sheetNo: string; file: string }[] = [];
  let tmp: string | undefined;
  try {
    for await (const e of zip as AsyncIterable<ZipEntry>) {
      const p = e.path;
      const sheet = SHEET.exec(p);
      const known = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'].includes(p);
      if (!known && !sheet) {
        // skipped without inflating it
        await e.autodrain().promise();
        continue;
      }
      counter.declared += e.vars?.uncompressedSize ?? 0;
      if (counter.declared > MAX_UNZIPPED_BYTES) throw tooBig();
      const body = guard(counter, p);
      e.on('error', (err) => body.destroy(err));
      e.pipe(body);
      if (p === 'xl/_rels/workbook.xml.rels') await r._parseRels(body);
      else if (p === 'xl/workbook.xml') await r._parseWorkbook(body);
      else if (p === 'xl/sharedStrings.xml') yield* r._parseSharedStrings(body);
      else if (p === 'xl/styles.xml') await r._parseStyles(body);
      else if (r.sharedStrings && r.workbookRels) {
        yield* r._parseWorksheet(chunksOf(body), sheet![1]!);
      } else {
        // Excel writes the sheets before the shared strings: kept aside (counted) until the end
        tmp ??= await mkdtemp(join(tmpdir(), 'campaign-report-xlsx-'));
        const file = join(tmp, `sheet${sheet![1]}.xml`);
        await pipeline(body, createWriteStream(file));
        waiting.push({ sheetNo: sheet![1]!, file });
      }
      await drain(body);
    }
    for (const { sheetNo, file } of waiting) {
      const body = createReadStream(file).pipe(new PassThrough());
      yield* r._parseWorksheet(chunksOf(body), sheetNo);
      await drain(body);
    }
  } finally {
    zip.destroy();
    if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
  }
}

/** The chunks of a stream, for exceljs's sheet parser (it reads an async iterable). */
async function* chunksOf(s: Readable): AsyncGenerator<Buffer> {
  // not destroyed when the consumer stops early: the rest is drained, so the zip reads on
  for await (const c of s.iterator({ destroyOnReturn: false })) yield c as Buffer;
}

/** What the consumer left of a part (a sheet not read to its end, or not read): read and dropped. */
async function drain(s: Readable): Promise<void> {
  if (s.readableEnded || s.destroyed) return;
  s.removeAllListeners('data');
  const ended = once(s, 'end');
  s.resume();
  await ended;
}
