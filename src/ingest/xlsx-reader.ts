/**
 * Reads an .xlsx workbook as a source: one more adapter yielding rows (cells as
 * text, see xlsx-cells.ts) with their physical row numbers to the same column
 * mapping and record normalizer as CSV. Streaming (exceljs's WorkbookReader,
 * guarded: xlsx-zip.ts), so memory stays flat in the number of rows.
 *
 * Which sheets: `sheet:` by name or 1-based position (hidden ones too), "*" for
 * every visible sheet whose header is the first one's; by default the first
 * visible sheet with a recognizable header. In each, the header is found as in
 * a CSV file (header-rows.ts); the rows above it are title rows.
 */
import { createHash } from 'node:crypto';
import type { SourceFile } from '../config/campaign.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { CampaignReportError } from '../errors.js';
import { findHeader, HEADER_SCAN, isRecognizable } from './header-rows.js';
import type { FileStats, RowBatch, SourceReader } from './rows.js';
import { assertUnchanged, openSourceFile } from './source-file.js';
import { cellText, type CellOptions } from './xlsx-cells.js';
// exceljs and unzipper load only when a workbook is read (xlsx-zip.ts is imported then)
import type { GuardedWorkbook, SheetReader, SheetRow } from './xlsx-zip.js';
import { settingHints } from '../config/setting-hints.js';

const BATCH = 5000;

/** Options of a workbook read beyond the source's own. */
export interface WorkbookReadOptions {
  readonly redact: readonly string[];
  readonly maxColumns: number;
  /** A warning that goes out with the first batch (a workbook named .csv). */
  readonly notice?: Diagnostic;
}

export function createXlsxReader(file: SourceFile, options: WorkbookReadOptions): SourceReader {
  const stats: FileStats = { sha256: '', bytes: 0, encoding: 'xlsx' };
  return { file, stats, batches: () => readWorkbook(file, options, stats) };
}

async function* readWorkbook(file: SourceFile, options: WorkbookReadOptions, stats: FileStats): AsyncGenerator<RowBatch> {
  if (file.path === '-') throw new CampaignReportError('INPUT_UNREADABLE', `${file.display}: a workbook cannot be read from standard input`, { hint: 'give its path instead' });
  const src = await openSourceFile(file);
  try {
    // The hash and size of the bytes as they were when opened (the sheets are read from the path, checked against them after).
    const hash = createHash('sha256');
    for await (const chunk of src.fh.createReadStream({ autoClose: false, start: 0 })) {
      hash.update(chunk as Buffer);
      stats.bytes += (chunk as Buffer).length;
    }
    stats.sha256 = hash.digest('hex');
    // exceljs's streaming reader alone: its main entry also loads the workbook model and writers (archiver …), ~40 % of its load time
    const [{ default: WorkbookReader }, { openGuardedWorkbook }] = await Promise.all([import('exceljs/lib/stream/xlsx/workbook-reader.js'), import('./xlsx-zip.js')]);
    const book = openGuardedWorkbook(WorkbookReader, file.path);
    let any = false;
    try {
      for await (const b of sheetBatches(book, file, options)) {
        if (!any && options.notice) b.diagnostics.unshift(options.notice);
        any = true;
        yield b;
      }
    } catch (err) {
      throw unreadable(file, err);
    }
    if (!any) yield { header: [], rows: [], lines: [], diagnostics: options.notice ? [options.notice] : [], malformed: 0 };
    await assertUnchanged(file, src, undefined);
  } finally {
    await src.fh.close().catch(() => {});
  }
}

function unreadable(file: SourceFile, err: unknown): CampaignReportError {
  if (err instanceof CampaignReportError) return err;
  const why = (err as Error)?.name === 'WorkbookLimitError' ? (err as Error).message : `it is not a readable .xlsx workbook (${String((err as Error)?.message ?? err).split('\n')[0]})`;
  return new CampaignReportError('INPUT_UNREADABLE', `cannot read workbook ${file.display}: ${why}`, {
    hint: 'open it in a spreadsheet application and save it again as .xlsx (or export the sheet as CSV)',
    cause: err,
  });
}

/** How `sheet:` picks sheets. */
type Pick = { kind: 'default' } | { kind: 'all' } | { kind: 'name'; name: string } | { kind: 'index'; index: number };

function pickOf(sheet: string | number | undefined): Pick {
  if (sheet === undefined) return { kind: 'default' };
  if (sheet === '*') return { kind: 'all' };
  if (typeof sheet === 'number') return { kind: 'index', index: sheet };
  return { kind: 'name', name: sheet };
}

const hidden = (s: { state?: string }) => s.state === 'hidden' || s.state === 'veryHidden';

/** The batches of the sheets `sheet:` picks, in the workbook's order. */
async function* sheetBatches(book: GuardedWorkbook, file: SourceFile, options: WorkbookReadOptions): AsyncGenerator<RowBatch> {
  const pick = pickOf(file.config.sheet);
  const cells: { -readonly [K in keyof CellOptions]: CellOptions[K] } = { decimal: file.config.decimal ?? '.', date1904: false };
  const seen: string[] = [];
  let first: readonly string[] | undefined;
  const pending: Diagnostic[] = [];
  for await (const ws of book.sheets()) {
    cells.date1904 = book.date1904();
    seen.push(ws.name);
    const wanted = pick.kind === 'name' ? ws.name === pick.name : pick.kind === 'index' ? book.tabs()[pick.index - 1]?.name === ws.name : !hidden(ws);
    if (!wanted) continue;
    const explicit = pick.kind === 'name' || pick.kind === 'index';
    const sheet = new SheetRows(ws, file, options, cells);
    const head = await sheet.head(explicit);
    if (head === undefined) {
      if (pick.kind === 'all') pending.push(skipped(file, ws.name, 'it has no recognizable header'));
      continue;
    }
    if (pick.kind === 'all' && first !== undefined && !sameHeader(first, head.header!)) {
      pending.push(skipped(file, ws.name, `its header differs from the first sheet's (${head.header!.join(', ')})`));
      continue;
    }
    first ??= head.header;
    head.diagnostics.unshift(...pending.splice(0));
    yield head;
    yield* sheet.rest();
    if (pick.kind !== 'all') return;
  }
  if (first === undefined) {
    yield { header: [], rows: [], lines: [], diagnostics: [...pending, notFound(file, pick, seen, book.tabs())], malformed: 0 };
  } else if (pending.length > 0) yield { rows: [], lines: [], diagnostics: pending, malformed: 0 };
}

function sameHeader(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((h, i) => h.trim() === b[i]!.trim());
}

function skipped(file: SourceFile, sheet: string, why: string): Diagnostic {
  return { severity: 'warning', code: 'SHEET_SKIPPED', file: file.display, sheet, line: 0, message: `sheet not read: ${why}`, hint: settingHints(file.settingsFrom).sheetSkipped(sheet) };
}

function notFound(file: SourceFile, pick: Pick, seen: readonly string[], tabs: readonly { name: string; state?: string }[]): Diagnostic {
  const list = (tabs.length > 0 ? tabs.map((t) => (hidden(t) ? `${t.name} (hidden)` : t.name)) : seen).map((n) => JSON.stringify(n)).join(', ') || 'none';
  const why =
    pick.kind === 'name'
      ? `no sheet is named ${JSON.stringify(pick.name)}`
      : pick.kind === 'index'
        ? `the workbook has no sheet ${pick.index}`
        : tabs.length > 0 && tabs.every(hidden)
          ? 'every sheet of the workbook is hidden'
          : 'no visible sheet has a recognizable header';
  return { severity: 'warning', code: 'SHEET_NOT_FOUND', file: file.display, line: 0, message: `nothing read: ${why}; its sheets: ${list}`, hint: settingHints(file.settingsFrom).sheetNotFound };
}

/** One sheet's rows as text: the head (title rows, header) first, then the rest in batches. */
class SheetRows {
  private readonly it: AsyncIterator<SheetRow>;
  private lastRow = 0;
  private blank = 0;
  private width = 0;
  private held: { rows: string[][]; lines: number[] } = { rows: [], lines: [] };
  private diagnostics: Diagnostic[] = [];
  private malformed = 0;

  constructor(
    private readonly ws: SheetReader,
    private readonly file: SourceFile,
    private readonly options: WorkbookReadOptions,
    private readonly cells: CellOptions,
  ) {
    this.it = ws[Symbol.asyncIterator]();
  }

  /** The next non-blank row (blank ones counted), or undefined at the sheet's end. */
  private async next(): Promise<{ row: string[]; line: number } | undefined> {
    for (;;) {
      const r = await this.it.next();
      if (r.done) return undefined;
      const row = r.value;
      this.blank += Math.max(0, row.number - this.lastRow - 1);
      this.lastRow = row.number;
      const values = row.values;
      if (values.length - 1 > this.options.maxColumns) {
        this.diagnostics.push({ severity: 'error', code: 'MALFORMED_XLSX', file: this.file.display, sheet: this.ws.name, line: row.number, message: `row has ${values.length - 1} columns, over the limit of ${this.options.maxColumns}`, hint: 'a cell far to the right of the table? clear it, or raise max_columns for this source' });
        this.malformed++;
        continue;
      }
      const text: string[] = [];
      let last = -1;
      for (let c = 1; c < values.length; c++) {
        const v = values[c];
        // only a number (or a formula's number) needs its format: is it a date?
        const t = v === undefined || v === null ? '' : typeof v === 'string' ? v : cellText(v, typeof v === 'number' || (typeof v === 'object' && 'formula' in v) ? row.getCell(c).numFmt : undefined, this.cells);
        text.push(t);
        if (t.trim() !== '') last = c - 1;
      }
      if (last === -1) {
        this.blank++;
        continue;
      }
      text.length = last + 1;
      return { row: text, line: row.number };
    }
  }

  /**
   * Reads up to the header: the first batch (header, title rows skipped), or
   * undefined when the sheet has no recognizable header (unless it is named:
   * then its first row, or `header_row`, is the header, as in a CSV file).
   */
  async head(explicit: boolean): Promise<RowBatch | undefined> {
    const cfg = this.file.config;
    const want = cfg.header_row;
    const { rows, lines } = this.held;
    for (;;) {
      const enough = want !== undefined ? lines.length > 0 && lines[lines.length - 1]! >= want : rows.length >= HEADER_SCAN;
      if (enough) break;
      const r = await this.next();
      if (!r) break;
      rows.push(r.row);
      lines.push(r.line);
    }
    const found = findHeader(rows, lines, cfg, this.options.redact);
    let index = found.index;
    if (want === undefined && !isRecognizable(found.score, cfg)) {
      if (!explicit) return undefined;
      index = rows.length > 0 ? 0 : -1;
    }
    const title = index === -1 ? rows.length : index;
    const header = index === -1 ? [] : rows[index]!;
    this.width = header.length;
    const batch: RowBatch = { header, headerLine: index === -1 ? 1 : lines[index]!, sheet: this.ws.name, typed: true, rows: [], lines: [], diagnostics: this.diagnostics, malformed: this.malformed };
    const blankAbove = this.blank;
    for (let i = index + 1; i < rows.length && index !== -1; i++) this.push(batch, rows[i]!, lines[i]!);
    batch.skipped = { title, blank: blankAbove };
    this.blank = 0;
    this.diagnostics = [];
    this.malformed = 0;
    this.held = { rows: [], lines: [] };
    return batch;
  }

  /** The rows after the head, in batches (each with the blank rows skipped before its end). */
  async *rest(): AsyncGenerator<RowBatch> {
    let batch = this.empty();
    for (let r = await this.next(); r; r = await this.next()) {
      this.push(batch, r.row, r.line);
      if (batch.rows.length >= BATCH) {
        yield this.close(batch);
        batch = this.empty();
      }
    }
    yield this.close(batch);
  }

  /** A row padded to the header's width (a sheet stores no trailing empty cells). */
  private push(batch: RowBatch, row: string[], line: number): void {
    while (row.length < this.width) row.push('');
    batch.rows.push(row);
    batch.lines.push(line);
  }

  private empty(): RowBatch {
    return { sheet: this.ws.name, typed: true, rows: [], lines: [], diagnostics: [], malformed: 0 };
  }

  private close(batch: RowBatch): RowBatch {
    batch.diagnostics.push(...this.diagnostics);
    batch.malformed += this.malformed;
    batch.skipped = { title: 0, blank: this.blank };
    this.diagnostics = [];
    this.malformed = 0;
    this.blank = 0;
    return batch;
  }
}
