/** Limits on field size and row width come from the campaign file and give clear, per-record errors. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('max_field_bytes and max_columns (campaign-wide and per source) reject just the offending records', () => {
  mkdirSync(path.join(dir, 'data'));
  const head = 'id,date,reporting_country,commodity,quantity,unit,route,concealment';
  const ok = (id: string, c = 'bag') => `${id},2024-07-03,VN,drugs,1,kg,air,${c}`;
  writeFileSync(path.join(dir, 'data/a.csv'), [head, ok('A1'), ok('A2', 'x'.repeat(3000)), ok('A3'), `${ok('A4')},extra,extra`, ok('A5')].join('\n') + '\n');
  writeFileSync(path.join(dir, 'data/b.csv'), [head, ok('B1', 'y'.repeat(3000)), ok('B2')].join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'campaign.yaml'),
    `campaign: { id: lim, name: Limits, participants: [VN] }
phases: [{ id: p, start: 2024-07-01, end: 2024-07-31 }]
limits: { max_field_bytes: 2048, max_columns: 9 }
sources:
  - path: data/a.csv
  - path: data/b.csv
    max_field_bytes: 4096
`,
  );
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/campaign-report.js'), 'validate', '--report-json', 'r.json'], { cwd: dir, encoding: 'utf8' });
  expect(r.status).toBe(1);
  const rep = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
  expect(rep.read).toBe(7);
  expect(rep.accepted).toBe(5); // A1, A3, A5 and both of b.csv (its own limit is higher)
  expect(rep.rejected).toBe(2);
  const errors = rep.diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: { file: string; line: number; code: string; message: string }) => [d.file, d.line, d.code, d.message]);
  expect(errors).toEqual([
    ['data/a.csv', 3, 'MALFORMED_CSV', 'field 8 is 3000 characters long, over the limit of 2048'],
    ['data/a.csv', 5, 'MALFORMED_CSV', 'row has 10 fields, over the limit of 9 columns'],
  ]);
  // a bad limit is a campaign-file error
  writeFileSync(path.join(dir, 'bad.yaml'), readFileSync(path.join(dir, 'campaign.yaml'), 'utf8').replace('max_columns: 9', 'max_columns: 0'));
  const bad = spawnSync(process.execPath, [path.join(ROOT, 'bin/campaign-report.js'), 'validate', '--campaign', 'bad.yaml'], { cwd: dir, encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('limits.max_columns');
});
