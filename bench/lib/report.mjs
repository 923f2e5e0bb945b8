/**
 * Renders benchmark results: one column list per kind of table, drawn as a
 * fixed-width console table or as markdown (bench/results.md, for the README),
 * and the targets with PASS/FAIL.
 */

const ms = (v) => (v == null ? 'n/a' : String(Math.round(v)));
const mbText = (v) => (v == null ? 'n/a' : v.toFixed(1));
const times = (r) => (r == null ? '—' : `${r.toFixed(2)}×`);

/** Every run when there are few, else the range. */
function formatRuns(runsMs) {
  const r = runsMs.map((v) => Math.round(v));
  return r.length <= 5 ? r.join(' / ') : `${Math.min(...r)} – ${Math.max(...r)}`;
}

/** "min – max (N runs)" of a tool's peak RSS over every run, warm-up included. */
function rssRange(t) {
  if (!t.rssRangeMb) return 'n/a';
  const [lo, hi] = t.rssRangeMb;
  return `${lo.toFixed(1)} – ${hi.toFixed(1)} (${t.rssKb.length})`;
}

/** A cell of a measured tool, or its status (SKIPPED, CRASHED) in the first figure column. */
const okOr = (fn, first = false) => (t) => (t.status === 'ok' ? fn(t) : first ? t.status.toUpperCase() : '');

const toolColumn = { head: 'command', left: true, value: (t) => t.label };
const noteColumn = { head: 'note', left: true, value: (t) => t.note ?? '' };
const timeColumns = [
  { head: 'wall ms (median)', value: okOr((t) => ms(t.wallMsMedian), true) },
  { head: 'runs ms', value: okOr((t) => formatRuns(t.runsMs)) },
  { head: 'CPU ms', value: okOr((t) => ms(t.cpuMsMedian)) },
  { head: 'peak RSS MB (worst)', value: okOr((t) => mbText(t.peakRssMb)) },
  { head: 'RSS MB min – max (runs)', value: okOr(rssRange) },
];

/**
 * Tools timed against Miller and, when DuckDB ran in the same rounds, against
 * DuckDB (items: tools with ratioToMiller, and ratioToDuckdb).
 */
export function contenderColumns({ duckdb = false } = {}) {
  return [
    toolColumn,
    ...timeColumns,
    { head: '× Miller', value: okOr((t) => times(t.ratioToMiller)) },
    ...(duckdb ? [{ head: '× DuckDB', value: okOr((t) => times(t.ratioToDuckdb)) }] : []),
    noteColumn,
  ];
}

/** Tools with no baseline (startup). */
export const PLAIN_COLUMNS = [toolColumn, ...timeColumns, noteColumn];

/** Builds of the example campaign (items: tools with targetMs and pass). */
export const EXAMPLE_COLUMNS = [
  toolColumn,
  ...timeColumns.slice(0, 2),
  timeColumns[3],
  { head: 'target', left: true, value: (t) => `≤ ${t.targetMs} ms` },
  { head: 'result', left: true, value: (t) => (t.pass == null ? 'SKIP' : t.pass ? 'PASS' : 'FAIL') },
];

/**
 * One command with the default threads beside the other count (1, or every core when the default is 1) (items: { label,
 * byDefault, other } where each is a tool with ratioToAggregate).
 */
export const PAIR_COLUMNS = [
  { head: 'command', left: true, value: (p) => p.label },
  { head: 'default: wall ms', value: (p) => okOr((t) => ms(t.wallMsMedian), true)(p.byDefault) },
  { head: 'peak RSS MB (worst)', value: (p) => okOr((t) => mbText(t.peakRssMb))(p.byDefault) },
  { head: '× aggregate', value: (p) => okOr((t) => times(t.ratioToAggregate))(p.byDefault) },
  { head: 'other threads: wall ms', value: (p) => okOr((t) => ms(t.wallMsMedian), true)(p.other) },
  { head: 'peak RSS MB (worst)', value: (p) => okOr((t) => mbText(t.peakRssMb))(p.other) },
  { head: '× aggregate', value: (p) => okOr((t) => times(t.ratioToAggregate))(p.other) },
  { head: 'default / other', value: (p) => (p.byDefault.status === 'ok' && p.other.status === 'ok' ? times(p.byDefault.wallMsMedian / p.other.wallMsMedian) : '—') },
];

/** Fixed-width text table for the terminal. */
export function renderConsoleTable(columns, items) {
  const rows = [columns.map((c) => c.head), ...items.map((it) => columns.map((c) => c.value(it)))];
  const widths = columns.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((cell, i) => (columns[i].left ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same table in markdown. */
export function renderMarkdownTable(columns, items) {
  const row = (cells) => `| ${cells.join(' | ')} |`;
  return [
    row(columns.map((c) => c.head)),
    row(columns.map((c) => (c.left ? '---' : '---:'))).replaceAll(' ', ''),
    ...items.map((it) => row(columns.map((c) => c.value(it).replaceAll('|', '\\|')))),
  ].join('\n');
}

/** PASS / FAIL / SKIP of a target that could be measured (ok) or not (null). */
export const verdict = (ok) => (ok == null ? 'SKIP' : ok ? 'PASS' : 'FAIL');

export function renderTargets(targets) {
  return targets.map((t) => `  ${t.result.padEnd(4)}  ${t.name}: ${t.actual} (target ${t.target})`).join('\n');
}

/** The console report: each view's title, note and table, then the targets. */
export function renderConsole(views, targets) {
  const parts = views.map((v) => [`${v.title}`, ...(v.note ? [v.note] : []), '', renderConsoleTable(v.columns, v.items)].join('\n'));
  return [...parts, `Targets:\n${renderTargets(targets)}`].join('\n\n');
}

/** Markdown for bench/results.md and the README: environment, each view, the targets. */
export function renderMarkdown(results, views) {
  const e = results.environment;
  const lines = [
    `Node ${e.node}, ${e.cpu} (${e.cores} cores), ${e.platform}; run ${results.date}. ` +
      'Wall time is the whole process, the median of the timed rounds; each round runs every command of its table once, ' +
      'so a slow spell of the machine hits them alike. CPU = user + system time. ' +
      `Peak RSS via ${e.rssMethod === 'gnu-time' ? 'GNU time (ru_maxrss)' : 'sampled /proc VmHWM'}, the worst of every run (warm-up included); MB = 2^20 bytes.` +
      (e.busy ? ` Other processes used ${Math.round(e.otherCpuShare * 100)}% of the CPU during this run: wall times are inflated.` : ''),
    '',
  ];
  for (const v of views) {
    lines.push(`#### ${v.title}`, '', ...(v.note ? [v.note, ''] : []), renderMarkdownTable(v.columns, v.items), '');
  }
  lines.push(
    '#### Targets',
    '',
    '| target | goal | measured | result |',
    '|---|---|---|---|',
    ...results.targets.map((t) => `| ${t.name} | ${t.target} | ${t.actual} | ${t.result} |`),
    '',
    `Correctness: ${results.correctness.ok ? 'every output agrees with the generator’s exact totals, and each command’s output is the same on every thread count' : 'FAILED (see results.json)'}.`,
    '',
  );
  return lines.join('\n');
}
