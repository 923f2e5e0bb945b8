import path from 'node:path';
import { existsSync } from 'node:fs';
import chalk, { chalkStderr } from 'chalk';
import type { Campaign } from '../config/campaign.js';
import { loadCampaign } from '../config/load.js';
import { CampaignReportError } from '../errors.js';
import { conversionLabel } from '../normalize/unit.js';
import { diagnosticEvent, logEvent, logFormat, writeStderr } from '../output/log.js';
import { writeFileAtomically } from '../output/write.js';
import type { RunResult } from '../pipeline/run.js';
import { optimizeLater } from '../pipeline/tier-up.js';
import { formatBuckets, formatDiagnostic, type Buckets, type Diagnostic } from '../core/diagnostic.js';
import type { SourceSummary } from '../aggregate/report-model.js';

/** Version of every JSON document the tool writes; bumped on any breaking change. */
export const SCHEMA_VERSION = 1;

/**
 * chalk colours only on a TTY and honours FORCE_COLOR by itself; NO_COLOR
 * (https://no-color.org) it leaves to us. FORCE_COLOR wins over NO_COLOR.
 * Colour is decided by stderr, where every coloured line goes (`chalk` alone
 * looks at stdout: `2>log` in a terminal would put escapes in the log), and
 * JSON log lines never have any.
 */
export function configureColour(): void {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  chalk.level = chalkStderr.level;
  if ((noColor && process.env.FORCE_COLOR === undefined) || logFormat() === 'json') chalk.level = 0;
}

/**
 * The campaign file read, for a command that reads its sources. From here on V8 optimizes
 * only what is really hot until the input is known to be large (pipeline/tier-up.ts): set
 * here, not as the process starts, so that `--help` does not load node:v8 (~4 ms).
 */
export async function openCampaign(file: string | undefined): Promise<Campaign> {
  optimizeLater();
  const target = file ?? 'campaign.yaml';
  if (file === undefined && !existsSync(target)) {
    throw new CampaignReportError('CONFIG_NOT_FOUND', 'no campaign.yaml in the current folder', {
      hint: 'pass --campaign FILE, or run `campaign-report init` to create one',
    });
  }
  return loadCampaign(target);
}

/** Prints diagnostics to stderr as they come, up to a limit, and keeps them all for the JSON report. */
export class DiagnosticLog {
  readonly all: Diagnostic[] = [];
  private printed = 0;
  private dropped = 0;
  /** Diagnostics beyond this are counted, not kept (a hostile file must not exhaust memory). */
  static readonly KEEP = 200_000;

  constructor(
    private readonly maxPrinted: number,
    private readonly quiet: boolean,
  ) {}

  readonly add = (d: Diagnostic): void => {
    if (this.all.length < DiagnosticLog.KEEP) this.all.push(d);
    else this.dropped++;
    if (this.quiet && d.severity !== 'error') return;
    if (this.printed >= this.maxPrinted) return;
    this.printed++;
    if (logFormat() === 'json') return logEvent(diagnosticEvent(d));
    const text = formatDiagnostic(d);
    writeStderr(`${d.severity === 'error' ? chalk.red('error') : chalk.yellow('warning')} ${text}\n`);
  };

  /** The closing lines: what was not printed, then the buckets. */
  finish(result: RunResult, reportJson: string | undefined): void {
    const notShown = result.errors + result.warnings - this.printed - (this.quiet ? result.warnings : 0);
    if (logFormat() === 'json') {
      if (notShown > 0) logEvent({ type: 'diagnostics_not_shown', count: notShown, report_json: reportJson ?? null });
      logEvent({ type: 'buckets', ...result.buckets, out_of_scope_reasons: { ...result.outOfScope }, duplicate_reasons: duplicateReasons(result) });
      return;
    }
    if (notShown > 0) {
      process.stderr.write(chalk.dim(`… ${notShown} more diagnostic(s) not shown${reportJson ? ` (all in ${reportJson})` : ' (use --report-json FILE for all)'}\n`));
    }
    const o = result.outOfScope;
    const reasons = result.buckets.out_of_scope > 0 ? [`outside phases ${o.outside_phases}, commodity ${o.commodity}, other phase ${o.other_phase}${o.filtered !== undefined ? `, filtered ${o.filtered}` : ''}`] : [];
    if (result.superseded > 0) reasons.push(`superseded ${result.superseded}`);
    const why = reasons.length > 0 ? ` (${reasons.join('; ')})` : '';
    process.stderr.write(`${chalk.bold(formatBuckets(result.buckets))}${why}\n`);
  }

  get droppedCount(): number {
    return this.dropped;
  }
}

/** The `--report-json` document (schemaVersion 1). */
export function reportDocument(campaign: Campaign, result: RunResult, log: DiagnosticLog): object {
  return {
    schemaVersion: SCHEMA_VERSION,
    campaign: campaign.id,
    ...result.buckets,
    out_of_scope_reasons: result.outOfScope,
    duplicate_reasons: duplicateReasons(result),
    sources: result.files.map((f) => ({
      file: f.file,
      sha256: f.sha256,
      bytes: f.bytes,
      encoding: f.encoding,
      read: f.read,
      accepted: f.accepted,
      rejected: f.rejected,
      duplicates: f.duplicates,
      out_of_scope: f.out_of_scope,
      ...skippedRowsOf(f),
      ...(f.filtered !== undefined ? { filtered: f.filtered } : {}),
      ...(f.quantityColumns ? { quantity_columns: { ...f.quantityColumns } } : {}),
      ...(f.via ? { via: f.via, via_sha256: f.viaSha256 } : {}),
    })),
    conversions: Object.fromEntries(result.conversions.map((c) => [conversionLabel(c), c.count])),
    unknown_words: result.unknownWords.map((w) => ({ field: w.field, value: w.value, file: w.file, line: w.line, records: w.records })),
    diagnostics_dropped: log.droppedCount,
    diagnostics: log.all.map((d) => ({
      severity: d.severity,
      code: d.code,
      file: d.file,
      line: d.line,
      ...(d.sheet !== undefined ? { sheet: d.sheet } : {}),
      field: d.field ?? null,
      value: d.value ?? null,
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
    })),
  };
}

export async function writeReportJson(file: string, campaign: Campaign, result: RunResult, log: DiagnosticLog): Promise<void> {
  await writeFileAtomically(path.resolve(file), JSON.stringify(reportDocument(campaign, result, log), null, 2) + '\n');
}

/** `duplicates` by why: the same record again, or a record another with the same `key:` replaced or set aside (SUPERSEDED). */
function duplicateReasons(result: RunResult): { same_record: number; superseded: number } {
  return { same_record: result.buckets.duplicates - result.superseded, superseded: result.superseded };
}

/** Rows of a source that are not records (never in the buckets): title rows above its header, totals rows, blank rows. */
export function skippedRowsOf(f: RunResult['files'][number]): { title_rows: number; totals_rows: number; blank_rows: number } {
  return { title_rows: f.titleRows ?? 0, totals_rows: f.totalsRows ?? 0, blank_rows: f.blankRows ?? 0 };
}

/**
 * Each source's figures as the report's annex lists them: sourcesOf, with the rows that are not
 * records when there were any, and its accepted records per quantity column as a list.
 */
export function annexSourcesOf(result: RunResult): SourceSummary[] {
  return sourcesOf(result).map(({ quantityColumns, ...s }, i) => {
    const f = result.files[i]!;
    const skipped = { title: f.titleRows ?? 0, totals: f.totalsRows ?? 0, blank: f.blankRows ?? 0 };
    const columns = quantityColumns ? { quantityColumns: Object.entries(quantityColumns).map(([column, records]) => ({ column, records })) } : {};
    return skipped.title + skipped.totals + skipped.blank > 0 ? { ...s, skipped, ...columns } : { ...s, ...columns };
  });
}

/** Each source's figures as the report's annex and a partial list them (rows its `where:` left out, and records per quantity column, when it has them). */
export function sourcesOf(result: RunResult): (Buckets & { file: string; sha256: string; filtered?: number; quantityColumns?: Record<string, number> })[] {
  return result.files.map((f) => ({
    file: f.file,
    sha256: f.sha256,
    read: f.read,
    accepted: f.accepted,
    rejected: f.rejected,
    duplicates: f.duplicates,
    out_of_scope: f.out_of_scope,
    ...(f.filtered !== undefined ? { filtered: f.filtered } : {}),
    ...(f.quantityColumns ? { quantityColumns: { ...f.quantityColumns } } : {}),
  }));
}
