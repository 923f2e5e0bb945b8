/**
 * The commands the benchmark times: campaign-report itself (any command, the
 * default thread count or CAMPAIGN_REPORT_THREADS set), Miller, DuckDB and a
 * bare csv-parse loop. Each is a plain object for bench/lib/interleave.mjs:
 * { key, label, cmd, args, env, skip, note, check }.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

export const NODE = process.execPath;

/** stdout of `cmd args`, trimmed, or null when it does not run. */
export function commandVersion(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Installed version of a package in node_modules, or null. */
export function packageVersion(root, name) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** The environment with CAMPAIGN_REPORT_THREADS set to `threads`, or removed when `threads` is undefined (the default). */
function threadsEnv(threads) {
  const env = { ...process.env };
  delete env.CAMPAIGN_REPORT_THREADS;
  return threads === undefined ? env : { ...env, CAMPAIGN_REPORT_THREADS: String(threads) };
}

/**
 * Makes campaign-report entries for one checkout: `cli(key, label, args,
 * { threads, note })` runs `node bin/campaign-report.js ...args`.
 */
export function campaignReportTools(root) {
  // Whatever the build's layout, the bin must start.
  const probe = spawnSync(NODE, ['bin/campaign-report.js', '--version'], { cwd: root, encoding: 'utf8' });
  const why = probe.error?.message ?? probe.stderr?.trim().split('\n')[0];
  const skip = probe.status === 0 ? null : `not built: node bin/campaign-report.js --version failed (${why || `exit ${probe.status}`}); npm run build`;
  return (key, label, args, { threads, note } = {}) => ({
    key,
    label,
    cmd: NODE,
    args: ['bin/campaign-report.js', ...args],
    env: threadsEnv(threads),
    threads: threads ?? null,
    skip,
    note,
  });
}

/** Column names of a baseline's output, for checkBaseline. */
const BASELINE_COLUMNS = { count: 'count', sum: 'sum', country: 'reporting_country' };

/**
 * The baselines, by key, over one CSV file (a path relative to `root`): each
 * groups by commodity, route and reporting country, counting rows and summing
 * the written quantity.
 */
export function baselineTools(root, csv) {
  const mlr = commandVersion('mlr', ['--version']);
  const duckdb = packageVersion(root, '@duckdb/node-api');
  const csvParse = packageVersion(root, 'csv-parse');
  return {
    miller: {
      key: 'miller',
      label: `Miller ${mlr?.replace(/^mlr\s*/, '') ?? ''}`.trim(),
      cmd: 'mlr',
      args: ['--icsv', '--ocsv', 'stats1', '-a', 'count,sum', '-f', 'quantity', '-g', 'commodity,route,reporting_country', csv],
      skip: mlr ? null : 'mlr (Miller) is not installed: skipped, and no ratios can be given',
      check: { count: 'quantity_count', sum: 'quantity_sum', country: 'reporting_country' },
    },
    duckdb: {
      key: 'duckdb',
      label: `DuckDB ${duckdb ?? ''} (node-api)`,
      cmd: NODE,
      args: ['bench/duckdb-groupby.mjs', csv],
      skip: duckdb ? null : '@duckdb/node-api is not installed',
      check: BASELINE_COLUMNS,
      note: `${cpus().length} threads`,
    },
    'csv-parse': {
      key: 'csv-parse',
      label: `csv-parse ${csvParse ?? ''} loop`,
      cmd: NODE,
      args: ['bench/csv-parse-loop.mjs', csv],
      skip: csvParse ? null : 'csv-parse is not installed',
      check: BASELINE_COLUMNS,
      note: 'parse + group only',
    },
  };
}

/** Versions for results.json's environment. */
export function toolVersions(root) {
  return {
    mlr: commandVersion('mlr', ['--version']),
    duckdb: packageVersion(root, '@duckdb/node-api'),
    csvParse: packageVersion(root, 'csv-parse'),
    campaignReport: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
  };
}
