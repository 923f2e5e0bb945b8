/**
 * The writers of `export`: CSV, NDJSON and Parquet, each taking rows one at a
 * time and writing them on to a ByteSink as they come (chunks of about 64 KiB
 * of text; Parquet a row group every ROW_GROUP rows), so memory stays flat in
 * the number of records. Columns and their values come from export-columns.ts.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { isoDate, type ExportCell, type ExportColumn, type ExportFormat, type ExportType } from './export-columns.js';
import type { ByteSink } from './stream-file.js';
import { csvCell, neutralizeFormula } from './table.js';

/** Rows of a Parquet row group (the last one of a file may hold fewer). */
export const ROW_GROUP = 65_536;

/** Text is handed to the sink in chunks of about this many characters. */
const CHUNK = 1 << 16;

export interface RowWriter {
  /** One row: a cell per column, in the columns' order. */
  add(cells: readonly ExportCell[]): void;
  /** Writes what is left (and Parquet's footer). */
  finish(): void;
}

/** What a Parquet file says of itself. */
export interface ExportMetadata {
  readonly createdBy: string;
  readonly keyValues: readonly { readonly key: string; readonly value: string }[];
}

export function createRowWriter(format: ExportFormat, columns: readonly ExportColumn[], sink: ByteSink, meta: ExportMetadata): RowWriter {
  switch (format) {
    case 'csv':
      return new TextRowWriter(sink, csvLine(columns.map((c) => c.name)), (cells) => csvRow(columns, cells));
    case 'ndjson':
      return new TextRowWriter(sink, '', (cells) => ndjsonRow(columns, cells));
    case 'parquet':
      return new ParquetRowWriter(columns, sink, meta);
  }
}

/** One CSV line (no newline) of a header's names. */
function csvLine(names: readonly string[]): string {
  return names.map(csvCell).join(',');
}

/**
 * A CSV row: numbers as JavaScript writes them, dates as ISO, text quoted when
 * needed and neutralized (a cell a spreadsheet would run as a formula gets a
 * leading apostrophe, as `aggregate`'s CSV does), null as an empty cell.
 */
export function csvRow(columns: readonly ExportColumn[], cells: readonly ExportCell[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ',';
    const v = cells[i];
    if (v === null || v === undefined) continue;
    const type = columns[i]!.type;
    if (type === 'date') line += isoDate(v as number);
    else if (type === 'string') line += csvCell(neutralizeFormula(String(v)));
    else line += String(v);
  }
  return line;
}

/** An NDJSON object (no newline): every column, numbers as numbers, dates as ISO strings, null for empty. */
export function ndjsonRow(columns: readonly ExportColumn[], cells: readonly ExportCell[]): string {
  const o: Record<string, ExportCell> = {};
  for (let i = 0; i < columns.length; i++) {
    const v = cells[i] ?? null;
    o[columns[i]!.name] = v !== null && columns[i]!.type === 'date' ? isoDate(v as number) : v;
  }
  return JSON.stringify(o);
}

/** Lines of text, handed on in chunks. */
class TextRowWriter implements RowWriter {
  private buffer = '';

  constructor(
    private readonly sink: ByteSink,
    header: string,
    private readonly line: (cells: readonly ExportCell[]) => string,
  ) {
    if (header !== '') this.buffer = `${header}\n`;
  }

  add(cells: readonly ExportCell[]): void {
    this.buffer += `${this.line(cells)}\n`;
    if (this.buffer.length >= CHUNK) this.flush();
  }

  finish(): void {
    this.flush();
  }

  private flush(): void {
    if (this.buffer === '') return;
    this.sink.write(this.buffer);
    this.buffer = '';
  }
}

type Schema = ConstructorParameters<typeof ParquetWriter>[0]['schema'];
type SchemaElement = Schema[number];

/** The Parquet schema element of a column: every column optional (null where empty). */
export function parquetElement(name: string, type: ExportType): SchemaElement {
  switch (type) {
    case 'string':
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' };
    case 'date':
      return { name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'OPTIONAL' };
    case 'double':
      return { name, type: 'DOUBLE', repetition_type: 'OPTIONAL' };
    case 'int':
      return { name, type: 'INT64', repetition_type: 'OPTIONAL' };
  }
}

/** hyparquet-writer's byte writer, handing its bytes to the sink each row group and MiB instead of keeping the file. */
class SinkByteWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 20);
  }

  override ensure(size: number): void {
    if (this.index > 1 << 20) this.flush();
    super.ensure(size);
  }

  flush(): void {
    if (this.index === 0) return;
    this.sink.write(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }
}

/** Rows gathered into columns, a row group written every ROW_GROUP rows. */
class ParquetRowWriter implements RowWriter {
  private readonly writer: ParquetWriter;
  private readonly data: ExportCell[][];
  private rows = 0;

  constructor(
    private readonly columns: readonly ExportColumn[],
    sink: ByteSink,
    meta: ExportMetadata,
  ) {
    const schema: Schema = [{ name: 'root', num_children: columns.length }, ...columns.map((c) => parquetElement(c.name, c.type))];
    this.writer = new ParquetWriter({ writer: new SinkByteWriter(sink), schema, createdBy: meta.createdBy, kvMetadata: meta.keyValues.map((kv) => ({ ...kv })) });
    this.data = columns.map(() => []);
  }

  add(cells: readonly ExportCell[]): void {
    for (let i = 0; i < this.data.length; i++) this.data[i]!.push(cells[i] ?? null);
    if (++this.rows === ROW_GROUP) this.flushGroup();
  }

  finish(): void {
    this.flushGroup();
    void this.writer.finish();
  }

  private flushGroup(): void {
    if (this.rows === 0) return;
    const columnData = this.columns.map((c, i) => {
      const values = this.data[i]!;
      // INT64 values are bigints.
      const data = c.type === 'int' ? values.map((v) => (v === null ? null : BigInt(v as number))) : values;
      return { name: c.name, data };
    });
    void this.writer.write({ columnData, rowGroupSize: ROW_GROUP });
    for (const d of this.data) d.length = 0;
    this.rows = 0;
  }
}
