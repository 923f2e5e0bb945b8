import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { SourceFile } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import type { FileStats, RowBatch, SourceReader } from './rows.js';

const BATCH = 5000;

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
      let buf: Buffer;
      try {
        buf = file.path === '-' ? await readStdin() : await readFile(file.path);
      } catch (err) {
        throw new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
      }
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
      const lc = new LineCounter();
      // failsafe schema: every scalar is its source text, so id 0012 stays "0012" and 1.50 stays "1.50".
      // Merge keys (`<<: *base`) are resolved as YAML 1.1 does; duplicate keys are checked per record below,
      // so one bad record does not make the whole document unreadable.
      const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, schema: 'failsafe', merge: true });
      if (doc.errors.length > 0) {
        const e = doc.errors[0]!;
        yield malformed(lc.linePos(e.pos[0]).line, `YAML syntax error: ${e.message.split('\n')[0]}`);
        return;
      }
      if (doc.contents === null) {
        // only comments (or `---`): a file with no records, as an empty one
        yield { header: [], rows: [], lines: [], diagnostics: [], malformed: 0 };
        return;
      }
      let seq: Node | null | undefined = doc.contents as Node | null;
      if (isMap(seq)) seq = seq.get('seizures', true) as Node | undefined;
      if (!isSeq(seq)) {
        yield malformed(1, 'expected a list of records, or a map with a `seizures:` list');
        return;
      }
      const header: string[] = [];
      const index = new Map<string, number>();
      const records: { line: number; value: Record<string, unknown> }[] = [];
      const diagnostics: Diagnostic[] = [];
      let bad = 0;
      for (const item of seq.items) {
        const range = (item as { range?: [number, number, number] } | null)?.range;
        const line = range ? lc.linePos(range[0]).line : 0;
        const twice = isMap(item) ? duplicateKey(item) : undefined;
        if (twice !== undefined) {
          // which of the two values was meant cannot be known: never pick one silently
          diagnostics.push({ severity: 'error', code: 'MALFORMED_YAML', file: file.display, line, field: twice, message: `key "${twice}" appears more than once in this record` });
          bad++;
          continue;
        }
        let value: unknown;
        try {
          value = isMap(item) ? (item as Node).toJS(doc, { maxAliasCount: 100 }) : undefined;
        } catch (err) {
          value = undefined;
          diagnostics.push({ severity: 'error', code: 'MALFORMED_YAML', file: file.display, line, message: `cannot read this record: ${String((err as Error).message).split('\n')[0]}` });
          bad++;
          continue;
        }
        if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
          diagnostics.push({ severity: 'error', code: 'MALFORMED_YAML', file: file.display, line, message: 'expected a record (a map of field: value)' });
          bad++;
          continue;
        }
        for (const k of Object.keys(value)) {
          if (!index.has(k)) {
            index.set(k, header.length);
            header.push(k);
          }
        }
        records.push({ line, value: value as Record<string, unknown> });
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
