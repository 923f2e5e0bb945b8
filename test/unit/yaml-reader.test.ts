import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createYamlReader } from '../../src/ingest/yaml-reader.js';
import type { RowBatch } from '../../src/ingest/rows.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

async function readYaml(content: string) {
  const dir = tempDir({ 'f.yaml': content });
  const reader = createYamlReader({ path: join(dir, 'f.yaml'), display: 'data/f.yaml', config: { path: 'data/f.yaml' } });
  const batches: RowBatch[] = [];
  for await (const b of reader.batches()) batches.push(b);
  const header = batches.find((b) => b.header !== undefined)?.header ?? [];
  const rows = batches.flatMap((b) => b.rows);
  return {
    header,
    /** Rows as objects (header → cell) for readable assertions. */
    records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))),
    lines: batches.flatMap((b) => b.lines),
    diagnostics: batches.flatMap((b) => b.diagnostics),
    malformed: batches.reduce((n, b) => n + b.malformed, 0),
    stats: reader.stats,
  };
}

describe('createYamlReader', () => {
  it('reads a top-level list; the header is the union of keys; lines are where each item starts', async () => {
    const r = await readYaml(['- id: A1', '  quantity: 2.5', '  unit: kg', '', '- id: A2', '  unit: g', '  route: air', ''].join('\n'));
    expect(r.header).toEqual(['id', 'quantity', 'unit', 'route']);
    expect(r.records).toEqual([
      { id: 'A1', quantity: '2.5', unit: 'kg', route: '' },
      { id: 'A2', quantity: '', unit: 'g', route: 'air' },
    ]);
    expect(r.lines).toEqual([1, 5]);
    expect(r.malformed).toBe(0);
  });

  it('reads a `seizures:` list inside a map', async () => {
    const r = await readYaml(['exported: 2024-09-01', 'seizures:', '  - id: B1', '  - id: B2', ''].join('\n'));
    expect(r.records.map((x) => x.id)).toEqual(['B1', 'B2']);
    expect(r.lines).toEqual([3, 4]);
  });

  it('keeps dates as written (YAML 1.2: no timestamp conversion) and numbers as text', async () => {
    const r = await readYaml(['- date: 2024-07-01', '  quantity: 12', '  reporting_country: NO', ''].join('\n'));
    expect(r.records[0]).toEqual({ date: '2024-07-01', quantity: '12', reporting_country: 'NO' });
  });

  it('keeps ids exactly as written: an unquoted 0012 is not the number 12', async () => {
    const r = await readYaml(['- id: 0012', '  case_id: 007', '- id: 12', ''].join('\n'));
    expect(r.records.map((x) => x.id)).toEqual(['0012', '12']);
    expect(r.records[0]!.case_id).toBe('007');
  });

  it('an item that is not a map is one MALFORMED_YAML rejected record at its line; the rest is read', async () => {
    const r = await readYaml(['- id: C1', '- just a string', '- id: C3', ''].join('\n'));
    expect(r.records.map((x) => x.id)).toEqual(['C1', 'C3']);
    expect(r.malformed).toBe(1);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'MALFORMED_YAML', file: 'data/f.yaml', line: 2 })]);
  });

  it('a document that is not a list is one MALFORMED_YAML at line 1', async () => {
    const r = await readYaml('just: a map\n');
    expect(r.records).toEqual([]);
    expect(r.malformed).toBe(1);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['MALFORMED_YAML', 1]]);
  });

  it('a syntax error is one MALFORMED_YAML at the line of the error', async () => {
    const r = await readYaml(['- id: D1', '- id: "D2', '  unit: kg', ''].join('\n'));
    expect(r.malformed).toBe(1);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('MALFORMED_YAML');
    expect(r.diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('an empty file has no records and no diagnostics', async () => {
    const r = await readYaml('\n');
    expect(r.records).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    expect(r.malformed).toBe(0);
  });

  it('hashes the raw bytes', async () => {
    const text = '- id: E1\n';
    const r = await readYaml(text);
    expect(r.stats.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
