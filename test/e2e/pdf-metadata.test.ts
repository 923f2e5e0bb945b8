/** The PDF carries the classification in its metadata, and SOURCE_DATE_EPOCH as its dates. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'pdf-meta-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('PDF metadata: the title starts with the classification line; creation and modification dates are SOURCE_DATE_EPOCH', () => {
  const r = spawnSync(process.execPath, ['bin/campaign-report.js', 'build', '--campaign', 'fixtures/example/campaign.yaml', '--phase', 'p1', '--format', 'pdf', '--out', out, '-q'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
  });
  expect(r.status).toBe(0);
  const info = execFileSync('pdfinfo', ['-isodates', path.join(out, 'op-mekong-shield-p1.pdf')], { encoding: 'utf8' });
  expect(info).toMatch(/^Title:\s+RESTRICTED — LAW ENFORCEMENT USE ONLY — Operation Mekong Shield 2024 — Phase 1/m);
  // 1700000000 = 2023-11-14T22:13:20Z
  expect(info).toMatch(/^CreationDate:\s+2023-11-14T22:13:20/m);
  expect(info).toMatch(/^ModDate:\s+2023-11-14T22:13:20/m);
});
