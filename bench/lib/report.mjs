/**
 * Renders benchmark results: a console table, a markdown table for the README,
 * and the figures for results.json.
 */

export const mb = (kb) => (kb == null ? null : Math.round((kb / 1024) * 10) / 10);

/** Every run when there are few, else the range. */
function formatRuns(runsMs) {
  const r = runsMs.map((ms) => Math.round(ms));
  return r.length <= 5 ? r.join(' / ') : `${Math.min(...r)} – ${Math.max(...r)}`;
}

function cells(tool) {
  if (tool.status !== 'ok') return [tool.label, tool.status.toUpperCase(), '', '', '', '', tool.note ?? ''];
  return [
    tool.label,
    String(Math.round(tool.wallMsMedian)),
    formatRuns(tool.runsMs),
    tool.cpuMsMedian == null ? 'n/a' : String(tool.cpuMsMedian),
    tool.peakRssMb == null ? 'n/a' : tool.peakRssMb.toFixed(1),
    tool.ratioToMiller == null ? '—' : `${tool.ratioToMiller.toFixed(2)}×`,
    tool.note ?? '',
  ];
}

const HEAD = ['tool', 'wall ms (median)', 'runs ms', 'CPU ms', 'peak RSS MB', 'vs Miller', 'note'];
const NOTE = HEAD.length - 1;

/** Fixed-width text table for the terminal. */
export function renderConsoleTable(tools) {
  const rows = [HEAD, ...tools.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 || i === NOTE ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function renderTargets(targets) {
  return targets.map((t) => `  ${t.result.padEnd(4)}  ${t.name}: ${t.actual} (target ${t.target})`).join('\n');
}

/** Markdown for the README: environment, the table, the targets. */
export function renderMarkdown(results) {
  const e = results.environment;
  const head = `| tool | wall ms (median of ${results.runs}) | CPU ms | peak RSS MB | vs Miller |`;
  const rows = results.tools.map((t) => {
    if (t.status !== 'ok') return `| ${t.label} | ${t.status} | | | |`;
    const ratio = t.ratioToMiller == null ? '—' : `${t.ratioToMiller.toFixed(2)}×`;
    const rss = t.peakRssMb == null ? 'n/a' : t.peakRssMb.toFixed(1);
    const cpu = t.cpuMsMedian == null ? 'n/a' : String(t.cpuMsMedian);
    return `| ${t.label} | ${Math.round(t.wallMsMedian)} | ${cpu} | ${rss} | ${ratio} |`;
  });
  const targets = results.targets.map((t) => `| ${t.name} | ${t.target} | ${t.actual} | ${t.result} |`);
  return [
    `Aggregating ${results.data.rows.toLocaleString('en-US')} seizure rows (${(results.data.bytes / 1e6).toFixed(1)} MB CSV) ` +
      'by commodity, route and reporting country.',
    `Node ${e.node}, ${e.cpu} (${e.cores} cores), ${e.platform}; run ${results.date}. ` +
      `Wall time is the whole process (median of ${results.runs} after a warm-up), ` +
      `CPU = user + system time, peak RSS via ${e.rssMethod === 'gnu-time' ? 'GNU time (ru_maxrss)' : 'sampled /proc VmHWM'}, MB = 2^20 bytes.` +
      (e.busy ? ` Other processes used ${Math.round(e.otherCpuShare * 100)}% of the CPU during this run: wall times are inflated.` : ''),
    '',
    head,
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
    '| target | goal | measured | result |',
    '|---|---|---|---|',
    ...targets,
    '',
    `Correctness: ${results.correctness.ok ? 'all tools agree with the generator’s exact totals' : 'FAILED (see results.json)'}.`,
    '',
  ].join('\n');
}
