#!/usr/bin/env node
/**
 * A 100,000-row workbook against the same rows as CSV: `campaign-report
 * aggregate` on each, wall time and peak RSS (bench/lib/measure.mjs), rounds
 * interleaved, both outputs checked equal. Run by `npm run bench` after
 * bench/run.mjs, or alone: `node bench/xlsx.mjs [--rows N] [--rounds N]`.
 * The workbook is written with exceljs's streaming writer: typed date and
 * number cells, shared strings, a title row above the header.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { detectRssMethod, mb, measure, median } from './lib/measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/campaign-report.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? dflt : Number(process.argv[i + 1]);
};
const ROWS = arg('--rows', 100_000);
const ROUNDS = arg('--rounds', 3);

const HEADER = ['id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country'];
const COUNTRIES = ['VN', 'KR', 'TH', 'LA', 'KH', 'MY'];
const SUBTYPES = [['drugs', 'heroin', 'kg'], ['drugs', 'methamphetamine', 'kg'], ['precursors', 'ephedrine', 'l'], ['tobacco', 'cigarettes', 'sticks'], ['cites', 'pangolin scales', 'kg']];
const ROUTES = ['air', 'sea', 'land', 'express', 'post'];

/** Row i, deterministic: [id, Date, …, quantity (number), …]. */
function rowOf(i) {
  const [commodity, subtype, unit] = SUBTYPES[i % SUBTYPES.length];
  const day = new Date(Date.UTC(2024, 6, 1 + (i % 31)));
  const quantity = unit === 'sticks' ? 200 * (1 + (i % 50)) : Math.round(((i * 7919) % 100_000) / 7) / 100;
  return [`S${String(i).padStart(7, '0')}`, day, COUNTRIES[i % COUNTRIES.length], commodity, subtype, quantity, unit, ROUTES[i % ROUTES.length], COUNTRIES[(i + 1) % COUNTRIES.length], COUNTRIES[(i + 2) % COUNTRIES.length]];
}

async function writeInputs(dir) {
  const xlsx = join(dir, 'seizures.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('July');
  ws.addRow(['SEIZURES, JULY 2024 (bench)']).commit();
  ws.addRow(HEADER).commit();
  const csv = [HEADER.join(',')];
  for (let i = 0; i < ROWS; i++) {
    const r = rowOf(i);
    const row = ws.addRow(r);
    row.getCell(2).numFmt = 'dd/mm/yyyy';
    row.commit();
    csv.push(r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v))).join(','));
  }
  await ws.commit();
  await wb.commit();
  const csvFile = join(dir, 'seizures.csv');
  writeFileSync(csvFile, csv.join('\n') + '\n');
  return { xlsx, csv: csvFile };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-report-bench-xlsx-'));
  try {
    const t0 = performance.now();
    const files = await writeInputs(dir);
    console.error(`xlsx bench: ${ROWS} rows written in ${Math.round(performance.now() - t0)} ms (xlsx ${(statSync(files.xlsx).size / 1e6).toFixed(1)} MB, csv ${(statSync(files.csv).size / 1e6).toFixed(1)} MB)`);
    const rssMethod = detectRssMethod();
    const runs = { xlsx: [], csv: [] };
    const outs = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['csv', 'xlsx']) {
        const out = join(dir, `${kind}.json`);
        const m = await measure(process.execPath, [BIN, 'aggregate', files[kind], '--format', 'json', '--by', 'commodity,country'], { cwd: dir, stdout: out, rssMethod, env: { ...process.env, CAMPAIGN_REPORT_THREADS: '1' } });
        if (m.code !== 0) throw new Error(`${kind}: exit ${m.code}`);
        runs[kind].push(m);
        outs[kind] = readFileSync(out, 'utf8');
      }
    }
    const same = outs.xlsx === outs.csv;
    const line = (kind) => {
      const ms = median(runs[kind].map((r) => r.ms));
      const rss = Math.max(...runs[kind].map((r) => r.rssKb ?? 0));
      return { kind, ms: Math.round(ms), rss: mb(rss) };
    };
    const x = line('xlsx');
    const c = line('csv');
    console.log(`\n| ${ROWS.toLocaleString('en')} rows | wall ms (median of ${ROUNDS}) | peak RSS MB (worst) |\n|---|---:|---:|`);
    console.log(`| aggregate, .xlsx (${(statSync(files.xlsx).size / 1e6).toFixed(1)} MB) | ${x.ms} | ${x.rss} |`);
    console.log(`| aggregate, the same rows as .csv (${(statSync(files.csv).size / 1e6).toFixed(1)} MB) | ${c.ms} | ${c.rss} |`);
    console.log(`\nxlsx / csv: ${(x.ms / c.ms).toFixed(1)}× the time; outputs ${same ? 'identical' : 'DIFFER'} (peak RSS by ${rssMethod})`);
    if (!same) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
