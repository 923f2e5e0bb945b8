/**
 * The benchmark's sections. Each times its commands side by side (one
 * interleaved set of rounds), checks their outputs, and returns
 * { json, views, targets, problems }: figures for results.json, tables to print,
 * targets with PASS/FAIL, and correctness problems.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { DEFAULT_SEED, ensureData } from '../generate.mjs';
import { checkAggregate, checkBaseline, checkBuckets, readStderr } from './check.mjs';
import { ratio } from './interleave.mjs';
import { contenderColumns, EXAMPLE_COLUMNS, PAIR_COLUMNS, PLAIN_COLUMNS, verdict } from './report.mjs';
import { NODE, baselineTools } from './tools.mjs';

/** "3 timed rounds after a warm-up": how a table says what its figures are over. */
export function roundsText(rounds, warmup = true) {
  return `${rounds} timed round${rounds > 1 ? 's' : ''}${warmup ? ' after a warm-up' : ', no warm-up (the first round’s outputs are checked)'}`;
}

const round1 = (v) => (v == null ? null : Math.round(v * 10) / 10);
const round3 = (v) => (v == null ? null : Math.round(v * 1000) / 1000);

/** A tool's figures for results.json. */
function toolJson(t) {
  return {
    key: t.key,
    label: t.label,
    command: [t.cmd === NODE ? 'node' : t.cmd, ...t.args].join(' '),
    threads: t.threads ?? null,
    status: t.status,
    note: t.note ?? null,
    runsMs: t.runsMs.map(round1),
    wallMsMedian: round1(t.wallMsMedian),
    cpuMsMedian: t.cpuMsMedian ?? null,
    peakRssMb: t.peakRssMb ?? null,
    rssRunsMb: t.rssKb.map((kb) => round1(kb / 1024)),
    ...('ratioToMiller' in t ? { ratioToMiller: round3(t.ratioToMiller) } : {}),
    ...('ratioToDuckdb' in t ? { ratioToDuckdb: round3(t.ratioToDuckdb) } : {}),
    ...('ratioToAggregate' in t ? { ratioToAggregate: round3(t.ratioToAggregate) } : {}),
  };
}

/** A wall-time ratio's target line: "≤ 2.0× DuckDB", measured "0.87×", PASS/FAIL (SKIP when it could not be measured). */
export function wallRatioTarget(name, r, goal, against) {
  return {
    name,
    target: `≤ ${goal.toFixed(1)}× ${against}`,
    actual: r == null ? 'n/a' : `${r.toFixed(2)}×`,
    result: verdict(r == null ? null : r <= goal),
  };
}

/** A peak-memory target line: the worst run's peak RSS of `t` against `goalMb`. */
export function rssTarget(name, t, goalMb) {
  const rss = t.status === 'ok' ? t.peakRssMb : null;
  const runs = t.rssKb?.length ?? 0;
  return {
    name: `${name} peak RSS, worst of ${runs} run${runs === 1 ? '' : 's'}`,
    target: `≤ ${goalMb} MB in every run`,
    actual: rss == null ? 'n/a' : `${rss.toFixed(1)} MB`,
    result: verdict(rss == null ? null : rss <= goalMb),
  };
}

/**
 * The targets of an aggregate run: wall time against Miller's (and DuckDB's,
 * when the section has a DuckDB target and ran it), and the worst run's peak memory.
 */
function aggregateTargets(t, what, { ratioTarget: millerGoal, duckdbRatioTarget, rssTargetMb }, baselineKeys) {
  return [
    wallRatioTarget(`${what}: aggregate (default threads) wall time vs Miller`, t.ratioToMiller, millerGoal, 'Miller'),
    ...(duckdbRatioTarget != null && baselineKeys.includes('duckdb')
      ? [wallRatioTarget(`${what}: aggregate (default threads) wall time vs DuckDB (default threads)`, t.ratioToDuckdb, duckdbRatioTarget, 'DuckDB')]
      : []),
    rssTarget(`${what}: aggregate (default threads)`, t, rssTargetMb),
  ];
}

/** What `build --format md,html` writes and the bench compares: the reports and their charts. */
const BUILD_FORMATS = ['md', 'html'];
const BUILD_FILES = /\.(md|html|svg)$/;

/**
 * validate, build --format md,html and summary over one generated campaign, each
 * with the default threads and with one: pairs { key, label, byDefault, other,
 * files, written? }. files(tool) lists what must be byte-identical between the
 * two; written(tool), when given, lists the problems with what the run wrote.
 * The build's output folders are emptied first, so a file left by an earlier
 * bench run cannot stand in for one this run failed to write.
 */
function commandPairs(cli, rel, data) {
  const campaign = rel(data.campaign);
  const outDir = (suffix) => join(dirname(data.csv), `build-md-html${suffix}`);
  const suffixOf = (t) => (t.key.endsWith('-alt') ? '-alt' : '');
  for (const s of ['', '-alt']) rmSync(outDir(s), { recursive: true, force: true });
  const built = (t) => {
    const dir = outDir(suffixOf(t));
    return existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => BUILD_FILES.test(f)).sort() : [];
  };
  const pair = (key, label, args, more = {}, role = 'reads') => {
    const alt = otherThreads(data.bytes, role);
    const threads = defaultThreads(data.bytes, role);
    return {
      key,
      label,
      threads,
      byDefault: cli(key, `${label}`, args(''), { note: `default threads (${threads})` }),
      other: cli(`${key}-alt`, `${label}, ${threadsText(alt)}`, args('-alt'), { threads: alt, note: `CAMPAIGN_REPORT_THREADS=${alt}` }),
      files: (t) => [t.outFile, t.errFile],
      ...more,
    };
  };
  return [
    pair('validate', 'validate', () => ['validate', '--campaign', campaign]),
    pair('build', `build --format ${BUILD_FORMATS.join(',')}`, (s) => ['build', '--campaign', campaign, '--format', BUILD_FORMATS.join(','), '--out', rel(outDir(s)), '--quiet'], {
      // the reports and their charts, in a stable order
      files: (t) => [t.outFile, t.errFile, ...built(t).map((f) => join(outDir(suffixOf(t)), f))],
      written: (t) => {
        const files = built(t);
        return BUILD_FORMATS.filter((f) => !files.some((w) => w.endsWith(`.${f}`))).map((f) => `no .${f} written in ${rel(outDir(suffixOf(t)))}`);
      },
    }, 'replays'),
    // the last two weeks of the last phase: a nightly window with a previous phase to compare with
    pair('summary', 'summary --since 2024-06-17 --until 2024-06-30', () => ['summary', '--campaign', campaign, '--since', '2024-06-17', '--until', '2024-06-30', '--quiet']),
  ];
}

/**
 * Reads a file through once, so that a section without a warm-up round does not
 * charge its first command alone with reading it from disk.
 */
function primePageCache(file) {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * The thread count campaign-report picks by default for a file of `bytes` (the rule of
 * threadCount in src/pipeline/plan.ts, MIN_BYTES_PER_THREAD and MIN_BYTES_PER_REPLAY_THREAD):
 * the cores, capped so each thread has 24 MiB to read; for a command whose main thread
 * only replays (role 'replays': build), 16 MiB and at most two. test/e2e/threads.test.ts
 * checks this rule against the program's.
 */
export function defaultThreads(bytes, role = 'reads') {
  const MiB = 1024 * 1024;
  if (role === 'replays') return Math.max(1, Math.min(availableParallelism(), 2, Math.floor(bytes / (16 * MiB))));
  return Math.max(1, Math.min(availableParallelism(), Math.floor(bytes / (24 * MiB))));
}

/** The thread count measured beside the default: one when the default is more, else every core (the threads' effect is then measured too). */
export function otherThreads(bytes, role = 'reads') {
  return defaultThreads(bytes, role) > 1 ? 1 : availableParallelism();
}

const threadsText = (n) => `${n} thread${n === 1 ? '' : 's'}`;

const readOr = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null);

/** Correctness of one aggregate section: baselines and ours against the exact totals, and each pair the same on both thread counts. */
function checkAggregateSection({ baselines, miller, pairs, expected, rel }) {
  const problems = [];
  const add = (label, list) => problems.push(...list.map((p) => `${label}: ${p}`));
  for (const t of baselines.filter((x) => x.status === 'ok')) add(t.label, checkBaseline(readFileSync(t.outFile, 'utf8'), t.check, expected));
  const millerText = miller?.status === 'ok' ? readFileSync(miller.outFile, 'utf8') : null;
  const [aggregate, ...commands] = pairs;
  for (const t of [aggregate.byDefault, aggregate.other].filter((x) => x.status === 'ok')) {
    add(t.label, checkAggregate(readFileSync(t.outFile, 'utf8'), readFileSync(t.errFile, 'utf8'), expected, millerText));
  }
  for (const p of commands) {
    for (const t of [p.byDefault, p.other].filter((x) => x.status === 'ok')) {
      add(t.label, checkBuckets(readFileSync(t.errFile, 'utf8'), expected.rows));
      if (p.written) add(t.label, p.written(t));
    }
  }
  for (const p of pairs.filter((x) => x.byDefault.status === 'ok' && x.other.status === 'ok')) {
    const [a, b] = [p.files(p.byDefault), p.files(p.other)];
    if (a.length !== b.length) problems.push(`${p.label}: ${a.length} files to compare with the default threads, ${b.length} with the other count`);
    a.forEach((file, i) => {
      if (readOr(file) == null || readOr(file) !== readOr(b[i])) problems.push(`${p.label}: ${rel(file)} differs between the default threads and the other count (${rel(b[i])})`);
    });
  }
  return problems;
}

/**
 * `aggregate` on a generated export against the baselines, plus (commands)
 * validate, build and summary on the same campaign, all in the same rounds.
 * @param {object} ctx { bench, cli, rel, root, log }
 * @param {{ key: string, what: string, rows: number, shape: string, rounds: number, warmup: boolean,
 *   baselines: string[], commands: boolean, ratioTarget: number, duckdbRatioTarget?: number, rssTargetMb: number,
 *   commandTargets?: { [key: string]: { ratio: number, rssMb?: number } } }} spec
 *   ratioTarget: aggregate against Miller; duckdbRatioTarget: against DuckDB (when it runs);
 *   commandTargets: validate, build and summary against aggregate, by pair key
 */
export async function aggregateSection(ctx, spec) {
  const data = ensureData({ rows: spec.rows, shape: spec.shape, seed: DEFAULT_SEED, log: ctx.log });
  const expected = JSON.parse(readFileSync(data.expected, 'utf8'));
  const args = ['aggregate', '--campaign', ctx.rel(data.campaign), '--by', 'commodity,route,country', '--format', 'csv'];
  const alt = otherThreads(data.bytes);
  const aggregate = {
    label: 'aggregate --by commodity,route,country --format csv',
    byDefault: ctx.cli('aggregate', 'campaign-report aggregate', args, { note: 'default threads' }),
    other: ctx.cli('aggregate-alt', `campaign-report aggregate, ${threadsText(alt)}`, args, { threads: alt, note: `CAMPAIGN_REPORT_THREADS=${alt}` }),
    files: (t) => [t.outFile],
  };
  const pairs = [aggregate, ...(spec.commands ? commandPairs(ctx.cli, ctx.rel, data) : [])];
  const all = baselineTools(ctx.root, ctx.rel(data.csv));
  const baselines = spec.baselines.map((k) => all[k]);
  const contenders = [aggregate.byDefault, aggregate.other, ...baselines];
  const size = `${data.rows.toLocaleString('en-US')} rows, ${spec.shape} shape (${(data.bytes / 1e6).toFixed(1)} MB CSV)`;
  ctx.log(`${size}; ${roundsText(spec.rounds, spec.warmup)}`);
  if (!spec.warmup) primePageCache(data.csv);
  await ctx.bench.interleave([...contenders, ...pairs.slice(1).flatMap((p) => [p.byDefault, p.other])], { rounds: spec.rounds, warmup: spec.warmup, dir: dirname(data.csv) });

  const miller = baselines.find((t) => t.key === 'miller');
  const duckdb = baselines.find((t) => t.key === 'duckdb');
  for (const t of contenders) {
    t.ratioToMiller = ratio(t, miller);
    if (duckdb) t.ratioToDuckdb = ratio(t, duckdb);
  }
  // Against aggregate as a user runs it (default threads): build's default is two threads where
  // aggregate's is one (src/pipeline/plan.ts, threadCount).
  for (const p of pairs) {
    p.byDefault.ratioToAggregate = ratio(p.byDefault, aggregate.byDefault);
    p.other.ratioToAggregate = ratio(p.other, aggregate.byDefault);
  }
  const problems = checkAggregateSection({ baselines, miller, pairs, expected, rel: ctx.rel });
  const targets = [
    ...(spec.baselines.length ? aggregateTargets(aggregate.byDefault, spec.what, spec, spec.baselines) : []),
    ...(spec.commands ? commandTargets(pairs, spec.what, spec.commandTargets) : []),
  ];
  const rounds = roundsText(spec.rounds, spec.warmup);
  const views = [];
  if (spec.baselines.length) {
    views.push({ title: `aggregate, ${size}`, note: `By commodity, route and reporting country; ${rounds}.`, columns: contenderColumns({ duckdb: Boolean(duckdb) }), items: contenders });
  }
  if (spec.commands) {
    views.push({
      title: `Commands on the same ${data.rows.toLocaleString('en-US')}-row campaign, default threads beside the other count (one thread when the default is more, else every core)`,
      note: `Measured in the same rounds as aggregate (${rounds}); × aggregate is against aggregate with its default threads (${defaultThreads(data.bytes)}), as a user runs both. Default threads: ${pairs.slice(1).map((p) => `${p.key} ${p.threads}`).join(', ')}.`,
      columns: PAIR_COLUMNS,
      items: pairs,
    });
  }
  const stderr = aggregate.byDefault.status === 'ok' ? readStderr(readFileSync(aggregate.byDefault.errFile, 'utf8')) : null;
  const json = {
    key: spec.key,
    title: spec.what,
    data: { rows: data.rows, shape: spec.shape, seed: data.seed, bytes: data.bytes, file: ctx.rel(data.csv), campaign: ctx.rel(data.campaign) },
    rounds: spec.rounds,
    warmup: spec.warmup,
    tools: [...contenders, ...pairs.slice(1).flatMap((p) => [p.byDefault, p.other])].map(toolJson),
    campaignReport: stderr,
  };
  return { json, views, targets, problems };
}

/**
 * Targets of the commands beside aggregate (same data, same rounds, default
 * threads): each command's wall time against aggregate's, and a peak RSS where
 * one is given. goals: { [pair key]: { ratio, rssMb? } }.
 */
function commandTargets(pairs, what, goals) {
  return pairs.filter((p) => goals[p.key]).flatMap((p) => {
    const { ratio: goal, rssMb } = goals[p.key];
    return [
      wallRatioTarget(`${what}: ${p.label} (default threads) wall time vs aggregate`, p.byDefault.ratioToAggregate, goal, 'aggregate'),
      ...(rssMb != null ? [rssTarget(`${what}: ${p.label} (default threads)`, p.byDefault, rssMb)] : []),
    ];
  });
}

/**
 * `build` of the example campaign as a coordinator runs it at phase end (the
 * default phase), without and with PDF.
 * @param {{ rounds: number, outDir: string }} spec outDir: a scratch folder
 */
export async function exampleSection(ctx, { rounds, outDir }) {
  const cases = [
    { key: 'example-md-html', formats: 'md,html', targetMs: 1000 },
    { key: 'example-pdf', formats: 'md,html,pdf', targetMs: 3000 },
  ];
  const tools = cases.map((c) => ({
    ...ctx.cli(c.key, `build --format ${c.formats}`, ['build', '--campaign', 'fixtures/example/campaign.yaml', '--format', c.formats, '--out', join(outDir, c.key), '--quiet']),
    targetMs: c.targetMs,
    formats: c.formats.split(','),
  }));
  ctx.log(`build of the example campaign; ${roundsText(rounds)}`);
  await ctx.bench.interleave(tools, { rounds, dir: outDir });
  const problems = [];
  for (const t of tools.filter((x) => x.status === 'ok')) {
    const written = readdirSync(join(outDir, t.key));
    for (const f of t.formats) if (!written.some((w) => w.endsWith(`.${f}`))) problems.push(`${t.label}: no .${f} file written`);
    // the timing counts the route map and the quantity charts: they must have been drawn
    const charts = written.filter((w) => w.endsWith('-charts')).flatMap((d) => readdirSync(join(outDir, t.key, d)));
    if (!charts.includes('flows-map.svg')) problems.push(`${t.label}: no route map (flows-map.svg) drawn`);
    if (!charts.some((c) => c.startsWith('quantity-'))) problems.push(`${t.label}: no quantity chart drawn`);
  }
  const targets = tools.map((t) => {
    t.pass = t.status === 'ok' ? t.wallMsMedian <= t.targetMs : null;
    return {
      name: `example campaign: ${t.label}`,
      target: `≤ ${t.targetMs} ms`,
      actual: t.status === 'ok' ? `${Math.round(t.wallMsMedian)} ms` : 'n/a',
      result: verdict(t.pass),
    };
  });
  const views = [{
    title: 'build of the example campaign (fixtures/example, default phase; route map and quantity charts included)',
    note: `${roundsText(rounds)}.`,
    columns: EXAMPLE_COLUMNS,
    items: tools,
  }];
  return { json: { key: 'example', rounds, tools: tools.map((t) => ({ ...toolJson(t), targetMs: t.targetMs, pass: t.pass })) }, views, targets, problems };
}

/** `--help` beside Node starting alone (the floor under it, to tell a slow machine from a slow CLI). */
export async function startupSection(ctx, { rounds, dir, targetMs }) {
  const help = ctx.cli('help', 'campaign-report --help', ['--help']);
  const nodeAlone = { key: 'node', label: 'node -e "" (Node starting alone)', cmd: NODE, args: ['-e', ''], skip: help.skip };
  await ctx.bench.interleave([help, nodeAlone], { rounds, dir });
  const ok = help.status === 'ok';
  const targets = [{
    name: '--help startup',
    target: `< ${targetMs} ms`,
    actual: ok ? `${Math.round(help.wallMsMedian)} ms (median of ${rounds}; Node alone ${Math.round(nodeAlone.wallMsMedian)} ms)` : 'n/a',
    result: verdict(ok ? help.wallMsMedian < targetMs : null),
  }];
  const views = [{ title: 'Startup', note: `${roundsText(rounds)}.`, columns: PLAIN_COLUMNS, items: [help, nodeAlone] }];
  return { json: { key: 'startup', rounds, tools: [help, nodeAlone].map(toolJson) }, views, targets, problems: [] };
}
