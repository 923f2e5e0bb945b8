import { createHash } from 'node:crypto';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { SourceFile } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { FileStats, RowBatch, SourceReader } from './rows.js';
import { assertUnchanged, openSourceFile } from './source-file.js';
import { readSimpleYamlRecords } from './yaml-simple.js';

const BATCH = 5000;

const unreadable = (file: SourceFile, err: unknown) =>
  new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });

/**
 * The whole file, as the CSV reader reads one: a source gone since the campaign
 * file was read is INPUT_NOT_FOUND, one that changed while it was read (an
 * export still being written) INPUT_UNREADABLE, never the figures of half a file.
 */
async function readWhole(file: SourceFile): Promise<Buffer> {
  const src = await openSourceFile(file);
  try {
    let buf: Buffer;
    try {
      buf = await src.fh.readFile();
    } catch (err) {
      throw unreadable(file, err);
    }
    await assertUnchanged(file, src, buf.length);
    return buf;
  } finally {
    await src.fh.close().catch(() => {});
  }
}

async function readStdinOf(file: SourceFile): Promise<Buffer> {
  try {
    return await readStdin();
  } catch (err) {
    throw unreadable(file, err);
  }
}

/**
 * Reads a YAML export: a list of records, or `{ seizures: [...] }`. YAML has no
 * streaming parser worth the name, so the document is parsed whole (exports in
 * YAML are small); rows are still handed on in batches. A document that is not
 * a list counts as one rejected record (MALFORMED_YAML), so it is never silent.
 */
export function createYamlReader(file: SourceFile): SourceReader {
  const stats: FileStats = { sha256: '', bytes: 0, encoding: 'utf-8' };
  return {
    file,
    stats,
    async *batches() {
      const buf = file.path === '-' ? await readStdinOf(file) : await readWhole(file);
      stats.sha256 = createHash('sha256').update(buf).digest('hex');
      stats.bytes = buf.length;
      const text = buf.toString('utf8').replace(/^\uFEFF/, '');
      const malformed = (line: number, message: string): RowBatch => ({
        header: [],
        rows: [],
        lines: [],
        diagnostics: [{ severity: 'error', code: 'MALFORMED_YAML', file: file.display, line, message }],
        malformed: 1,
      });
      if (text.trim() === '') {
        yield { header: [], rows: [], lines: [], diagnostics: [], malformed: 0 };
        return;
      }
      const header: string[] = [];
      const index = new Map<string, number>();
      const diagnostics: Diagnostic[] = [];
      let bad = 0;
      let records: { line: number; value: Record<string, unknown> }[] | undefined = readSimpleYamlRecords(text);
      if (records === undefined) {
        const full = parseFullDocument(text, file.display);
        if ('malformed' in full) {
          yield malformed(full.malformed.line, full.malformed.message);
          return;
        }
        if (full.records === null) {
          // only comments (or `---`): a file with no records, as an empty one
          yield { header: [], rows: [], lines: [], diagnostics: [], malformed: 0 };
          return;
        }
        records = full.records;
        // each diagnostic of the full parser is one record that is not a record
        diagnostics.push(...full.diagnostics);
        bad = full.diagnostics.length;
      }
      for (const r of records) {
        for (const k of Object.keys(r.value)) {
          if (!index.has(k)) {
            index.set(k, header.length);
            header.push(k);
          }
        }
      }
      let batch: RowBatch = { header, rows: [], lines: [], diagnostics, malformed: bad };
      for (const r of records) {
        const row = new Array<string>(header.length).fill('');
        for (const [k, v] of Object.entries(r.value)) row[index.get(k)!] = cellText(v);
        batch.rows.push(row);
        batch.lines.push(r.line);
        if (batch.rows.length >= BATCH) {
          yield batch;
          batch = { rows: [], lines: [], diagnostics: [], malformed: 0 };
        }
      }
      yield batch;
    },
  };
}

type FullResult =
  | { malformed: { line: number; message: string } }
  | { records: { line: number; value: Record<string, unknown> }[] | null; diagnostics: Diagnostic[] };

/** Any YAML, through the `yaml` package: every record with its line, and the records that are not one. */
function parseFullDocument(text: string, display: string): FullResult {
  const lc = new LineCounter();
  // failsafe schema: every scalar is its source text, so id 0012 stays "0012" and 1.50 stays "1.50".
  // Merge keys (`<<: *base`) are resolved as YAML 1.1 does; duplicate keys are checked per record below,
  // so one bad record does not make the whole document unreadable.
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, schema: 'failsafe', merge: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { malformed: { line: lc.linePos(e.pos[0]).line, message: `YAML syntax error: ${e.message.split('\n')[0]}` } };
  }
  if (doc.contents === null) return { records: null, diagnostics: [] };
  let seq: Node | null | undefined = doc.contents as Node | null;
  if (isMap(seq)) seq = seq.get('seizures', true) as Node | undefined;
  if (!isSeq(seq)) return { malformed: { line: 1, message: 'expected a list of records, or a map with a `seizures:` list' } };
  const records: { line: number; value: Record<string, unknown> }[] = [];
  const diagnostics: Diagnostic[] = [];
  const reject = (line: number, message: string, field?: string) => {
    diagnostics.push({ severity: 'error', code: 'MALFORMED_YAML', file: display, line, ...(field !== undefined ? { field } : {}), message });
  };
  for (const item of seq.items) {
    const range = (item as { range?: [number, number, number] } | null)?.range;
    const line = range ? lc.linePos(range[0]).line : 0;
    const twice = isMap(item) ? duplicateKey(item) : undefined;
    if (twice !== undefined) {
      // which of the two values was meant cannot be known: never pick one silently
      reject(line, `key "${twice}" appears more than once in this record`, twice);
      continue;
    }
    let value: unknown;
    try {
      value = isMap(item) ? (item as Node).toJS(doc, { maxAliasCount: 100 }) : undefined;
    } catch (err) {
      reject(line, `cannot read this record: ${String((err as Error).message).split('\n')[0]}`);
      continue;
    }
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
      reject(line, 'expected a record (a map of field: value)');
      continue;
    }
    records.push({ line, value: value as Record<string, unknown> });
  }
  return { records, diagnostics };
}

/** The first key that a record map has twice (merge keys `<<` may repeat), or undefined. */
function duplicateKey(map: Node): string | undefined {
  const seen = new Set<string>();
  for (const pair of (map as unknown as { items: { key: unknown }[] }).items) {
    const k = pair.key as { value?: unknown } | null;
    const name = k && typeof k === 'object' && 'value' in k ? String(k.value) : String(k);
    if (name === '<<') continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  // YAML's null spellings (the failsafe schema keeps them as text)
  if (typeof v === 'string') return v === '~' || v === 'null' || v === 'Null' || v === 'NULL' ? '' : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return JSON.stringify(v);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
