#!/usr/bin/env node
/**
 * Times whole-process `campaign-report build` of the bundled example campaign
 * (median of N runs after a warm-up), with and without PDF. Targets (issue 3):
 * under 3 s with PDF, under 1 s without. Run by `npm run bench` after the
 * aggregate benchmark; also alone: node bench/build.mjs [--runs N].
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { measure, median, detectRssMethod } from './lib/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'no-write': { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const rssMethod = detectRssMethod();
const out = mkdtempSync(path.join(tmpdir(), 'bench-build-'));
const cases = [
  { label: 'build --format md,html', formats: 'md,html', targetMs: 1000 },
  { label: 'build --format md,html,pdf', formats: 'md,html,pdf', targetMs: 3000 },
];
const rows = [];
for (const c of cases) {
  // As a coordinator runs it at phase end: the default phase (the latest that has ended).
  const args = ['bin/campaign-report.js', 'build', '--campaign', 'fixtures/example/campaign.yaml', '--format', c.formats, '--out', out, '--quiet'];
  const walls = [];
  let rss = 0;
  for (let i = 0; i <= runs; i++) {
    const r = await measure('node', args, { cwd: root, rssMethod });
    if (r.code !== 0) {
      console.error(`bench: ${c.label} exited ${r.code}`);
      process.exit(1);
    }
    if (i > 0) walls.push(r.ms);
    rss = Math.max(rss, (r.rssKb ?? 0) / 1024);
  }
  const ms = median(walls);
  rows.push({ ...c, ms, rss, pass: ms < c.targetMs });
}
rmSync(out, { recursive: true, force: true });
const lines = [
  `Build of the example campaign's phase-end report (default phase; ${runs} runs, median, whole process):`,
  '',
  '| command | wall ms | peak RSS MB | target | result |',
  '|---|---:|---:|---|---|',
  ...rows.map((r) => `| ${r.label} | ${Math.round(r.ms)} | ${r.rss ? r.rss.toFixed(1) : 'n/a'} | < ${r.targetMs} ms | ${r.pass ? 'PASS' : 'FAIL'} |`),
];
console.log(lines.join('\n'));
if (!values['no-write']) {
  writeFileSync(path.join(root, 'bench/build-results.md'), lines.join('\n') + '\n');
  const json = path.join(root, 'bench/results.json');
  try {
    const all = JSON.parse(readFileSync(json, 'utf8'));
    all.build = rows.map(({ label, ms, rss, targetMs, pass }) => ({ label, wallMsMedian: ms, peakRssMb: rss, targetMs, pass }));
    writeFileSync(json, JSON.stringify(all, null, 2) + '\n');
  } catch {
    // aggregate results not written yet: build figures stay in build-results.md
  }
}
