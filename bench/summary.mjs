#!/usr/bin/env node
/**
 * `summary` on the 1,000,000-row benchmark campaign (bench/.data, made by
 * bench/generate.mjs), whole process, timed back to back with `aggregate` on the
 * same data in the same run. Target (issue 4): summary under 2× aggregate.
 * Run by `npm run bench`; alone: node bench/summary.mjs [--runs N].
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { measure, median, detectRssMethod } from './lib/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'no-write': { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const campaign = 'bench/.data/campaign.yaml';
if (!existsSync(path.join(root, campaign))) {
  console.error('bench: bench/.data/campaign.yaml is missing: run node bench/generate.mjs (npm run bench does)');
  process.exit(1);
}
const rssMethod = detectRssMethod();
const cases = [
  { key: 'aggregate', label: 'aggregate --by commodity,route,country', args: ['aggregate', '--campaign', campaign, '--quiet'] },
  // the last two weeks of the last phase: a nightly window with a previous phase to compare with
  { key: 'summary', label: 'summary --since 2024-06-17 --until 2024-06-30', args: ['summary', '--campaign', campaign, '--since', '2024-06-17', '--until', '2024-06-30', '--quiet'] },
];
const rows = [];
for (const c of cases) {
  const walls = [];
  let rss = 0;
  for (let i = 0; i <= runs; i++) {
    const r = await measure('node', ['bin/campaign-report.js', ...c.args], { cwd: root, rssMethod });
    if (r.code !== 0) {
      console.error(`bench: ${c.label} exited ${r.code}`);
      process.exit(1);
    }
    if (i > 0) walls.push(r.ms);
    rss = Math.max(rss, (r.rssKb ?? 0) / 1024);
  }
  rows.push({ ...c, ms: median(walls), rss });
}
const ratio = rows[1].ms / rows[0].ms;
const lines = [
  `Nightly summary on the 1,000,000-row campaign (${runs} runs, median, whole process, same run):`,
  '',
  '| command | wall ms | peak RSS MB |',
  '|---|---:|---:|',
  ...rows.map((r) => `| ${r.label} | ${Math.round(r.ms)} | ${r.rss.toFixed(1)} |`),
  '',
  `summary / aggregate = ${ratio.toFixed(2)}× (target < 2×): ${ratio < 2 ? 'PASS' : 'FAIL'}`,
];
console.log(lines.join('\n'));
if (!values['no-write']) {
  writeFileSync(path.join(root, 'bench/summary-results.md'), lines.join('\n') + '\n');
  const json = path.join(root, 'bench/results.json');
  try {
    const all = JSON.parse(readFileSync(json, 'utf8'));
    all.summary = { aggregateMs: rows[0].ms, summaryMs: rows[1].ms, ratio, pass: ratio < 2 };
    writeFileSync(json, JSON.stringify(all, null, 2) + '\n');
  } catch {
    // no aggregate results yet
  }
}
