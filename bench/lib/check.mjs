/**
 * Correctness checks: every tool's output from the warm-up run is compared to
 * expected.json, the exact totals bench/generate.mjs computed with integer
 * arithmetic while writing the data. Returns a list of problems (empty = ok).
 */
import { parse } from 'csv-parse/sync';

const MAX_LISTED = 10;

function parseCsv(text) {
  return parse(text, { columns: true, skip_empty_lines: true });
}

function near(actual, expected, absTol) {
  return Math.abs(actual - expected) <= absTol + 1e-12 * Math.abs(expected);
}

/** Collects problems, listing at most MAX_LISTED per check and then a count. */
class Problems {
  list = [];
  #perCheck = new Map();
  add(check, message) {
    const n = (this.#perCheck.get(check) ?? 0) + 1;
    this.#perCheck.set(check, n);
    if (n <= MAX_LISTED) this.list.push(`${check}: ${message}`);
  }
  finish() {
    for (const [check, n] of this.#perCheck) {
      if (n > MAX_LISTED) this.list.push(`${check}: ... and ${n - MAX_LISTED} more`);
    }
    return this.list;
  }
}

/**
 * Baselines (Miller, DuckDB, csv-parse loop) group raw written quantities by
 * commodity, route and reporting country, so their count must match exactly and
 * their sum must match the raw sum (mixed units; only checks they did the work).
 * @param {string} text CSV output of the tool
 * @param {{ count: string, sum: string, country: string }} cols its column names
 */
export function checkBaseline(text, cols, expected) {
  const p = new Problems();
  let rows;
  try {
    rows = parseCsv(text);
  } catch (e) {
    return [`output is not CSV: ${e.message}`];
  }
  const seen = new Set();
  let total = 0;
  for (const row of rows) {
    const key = `${row.commodity}|${row.route}|${row[cols.country]}`;
    seen.add(key);
    const count = Number(row[cols.count]);
    const sum = Number(row[cols.sum]);
    total += count;
    const want = expected.raw[key];
    if (!want) {
      p.add('unexpected group', key);
      continue;
    }
    if (count !== want.count) p.add('count', `${key}: got ${row[cols.count]}, expected ${want.count}`);
    if (!near(sum, Number(want.sum), 0.001)) p.add('sum', `${key}: got ${row[cols.sum]}, expected ${want.sum}`);
  }
  for (const key of Object.keys(expected.raw)) if (!seen.has(key)) p.add('missing group', key);
  if (total !== expected.rows) p.add('total count', `got ${total}, expected ${expected.rows}`);
  return p.finish();
}

const BUCKETS = /read (\d+) = accepted (\d+) \+ rejected (\d+) \+ duplicates (\d+) \+ out_of_scope (\d+)/;
const DIAGNOSTIC = /: \[([A-Z_]+)\]/;

/** Buckets line and diagnostic counts by code from campaign-report's stderr. */
export function readStderr(text) {
  const m = BUCKETS.exec(text);
  const buckets = m
    ? { read: +m[1], accepted: +m[2], rejected: +m[3], duplicates: +m[4], out_of_scope: +m[5] }
    : null;
  const diagnostics = {};
  for (const line of text.split('\n')) {
    const d = DIAGNOSTIC.exec(line);
    if (d) diagnostics[d[1]] = (diagnostics[d[1]] ?? 0) + 1;
  }
  return { buckets, diagnostics };
}

/** Every generated row is valid and in scope: the buckets line must say so. */
function addBucketProblems(p, stderrText, rows) {
  const { buckets } = readStderr(stderrText);
  if (!buckets) p.add('buckets line', 'not found on stderr');
  else {
    if (buckets.read !== rows) p.add('buckets', `read ${buckets.read}, expected ${rows}`);
    if (buckets.accepted !== rows) p.add('buckets', `accepted ${buckets.accepted}, expected ${rows} (every generated row is valid and in scope)`);
  }
}

/** The buckets line of any command run over the generated data (validate, build, summary). */
export function checkBuckets(stderrText, rows) {
  const p = new Problems();
  addBucketProblems(p, stderrText, rows);
  return p.finish();
}

const AGGREGATE_COLUMNS = ['commodity', 'route', 'country', 'unit', 'cases', 'seizures', 'quantity'];

/**
 * campaign-report `aggregate --by commodity,route,country --format csv`: one row
 * per group and canonical unit, so seizures, cases and quantity can all be
 * checked exactly (quantity to its 3 decimals). Seizures summed over units are
 * also compared with Miller's counts when Miller ran.
 */
export function checkAggregate(text, stderrText, expected, millerText) {
  const p = new Problems();
  addBucketProblems(p, stderrText, expected.rows);
  let rows;
  try {
    rows = parseCsv(text);
  } catch (e) {
    return [...p.finish(), `output is not CSV: ${e.message}`];
  }
  const header = rows.length ? Object.keys(rows[0]) : [];
  if (header.join(',') !== AGGREGATE_COLUMNS.join(',')) {
    p.add('columns', `got "${header.join(',')}", expected "${AGGREGATE_COLUMNS.join(',')}"`);
    if (!AGGREGATE_COLUMNS.every((c) => header.includes(c))) return p.finish();
  }
  const seen = new Set();
  const perGroup = new Map();
  let total = 0;
  for (const row of rows) {
    const group = `${row.commodity}|${row.route}|${row.country}`;
    const key = `${group}|${row.unit}`;
    seen.add(key);
    const seizures = Number(row.seizures);
    total += seizures;
    perGroup.set(group, (perGroup.get(group) ?? 0) + seizures);
    const want = expected.canonical[key];
    if (!want) {
      p.add('unexpected group', key);
      continue;
    }
    if (seizures !== want.seizures) p.add('seizures', `${key}: got ${row.seizures}, expected ${want.seizures}`);
    if (Number(row.cases) !== want.cases) p.add('cases', `${key}: got ${row.cases}, expected ${want.cases}`);
    // Rounded to 3 decimals by contract: allow the rounding plus float noise.
    if (!near(Number(row.quantity), Number(want.quantity), 0.0006)) {
      p.add('quantity', `${key}: got ${row.quantity}, expected ${want.quantity}`);
    }
  }
  for (const key of Object.keys(expected.canonical)) if (!seen.has(key)) p.add('missing group', key);
  if (total !== expected.rows) p.add('total seizures', `got ${total}, expected ${expected.rows}`);

  if (millerText) {
    let millerTotal = 0;
    for (const row of parseCsv(millerText)) {
      const group = `${row.commodity}|${row.route}|${row.reporting_country}`;
      const count = Number(row.quantity_count);
      millerTotal += count;
      const got = perGroup.get(group) ?? 0;
      if (got !== count) p.add('seizures vs Miller', `${group}: campaign-report ${got}, Miller ${count}`);
    }
    if (millerTotal !== total) p.add('total vs Miller', `campaign-report ${total}, Miller ${millerTotal}`);
  }
  return p.finish();
}
