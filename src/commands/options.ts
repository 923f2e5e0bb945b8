import path from 'node:path';
import { DEFAULT_DIMENSIONS, DIMENSIONS, parseDimensions, type Dimension } from '../aggregate/dimensions.js';
import type { AnnexMode } from '../aggregate/report-model.js';
import type { LabelLanguage } from '../normalize/goods.js';
import type { AdhocFlags } from '../config/adhoc.js';
import type { Campaign, Phase } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import { suggestKey } from '../config/key-suggestions.js';
import type { TableFormat } from '../output/table.js';
import { EXPORT_FORMATS, exportFormatOfPath, type ExportFormat } from '../output/export-columns.js';
import { DEFAULTS } from './defaults.js';
import { parseMaxRejected, type MaxRejected } from './max-rejected.js';
import { formatOfPath, SUMMARY_FORMATS, type SummaryFormat } from './summary-window.js';

/*
 * Raw flags → one readonly resolved options object per command, defaults
 * included; a usage error is thrown here, before anything is read. The raw
 * shapes are what commander hands over (or a test passes): strings, optional.
 */

/** Flags of every command that reads the campaign's sources. */
interface RawCommonFlags {
  campaign?: string;
  quiet?: boolean;
  maxDiagnostics?: string;
  maxRejected?: string;
}

export interface ValidateOptions extends RawCommonFlags {
  reportJson?: string;
}

export type AggregateFormat = TableFormat | 'xlsx' | 'partial';

export interface AggregateOptions extends RawCommonFlags, AdhocFlags {
  /** One or more `--by` lists (several only with xlsx: one sheet each). */
  by?: string | string[];
  phase?: string;
  format?: AggregateFormat;
  out?: string;
  reportJson?: string;
  strict?: boolean;
  /** Labels in this language instead of ids. */
  labels?: string;
  /** Add the kg-equivalent estimate column. */
  kgEquivalent?: boolean;
  /** Files named on the command line: ad-hoc use without a campaign file. */
  inputs?: string[];
}

export interface BuildOptions extends RawCommonFlags {
  phase?: string;
  allPhases?: boolean;
  format?: string;
  out?: string;
  template?: string;
  locale?: string;
  strict?: boolean;
  reportJson?: string;
  annex?: string;
}

export interface ExportOptions extends RawCommonFlags {
  format?: string;
  out?: string;
  phase?: string;
  /** `--include rejected`. */
  include?: string;
  reportJson?: string;
}

export interface SummaryOptions extends RawCommonFlags {
  since?: string;
  until?: string;
  format?: string;
  out?: string;
  locale?: string;
}

/** What every reading command resolves alike. */
export interface CommonOptions {
  /** `--campaign`; undefined: ./campaign.yaml. */
  readonly campaign: string | undefined;
  readonly quiet: boolean;
  /** Diagnostics printed at most (all go to --report-json). */
  readonly maxDiagnostics: number;
  readonly maxRejected: MaxRejected | undefined;
  readonly reportJson: string | undefined;
}

export type ResolvedValidateOptions = CommonOptions;

export interface ResolvedAggregateOptions extends CommonOptions {
  /** One dimension list per table (several: one xlsx sheet each). */
  readonly dimensions: readonly (readonly Dimension[])[];
  readonly phase: string | undefined;
  readonly format: AggregateFormat;
  readonly out: string | undefined;
  readonly strict: boolean;
  /** `--labels`: values of commodity, group, subtype, route, country and agency as labels in this language; undefined: ids. */
  readonly labels: LabelLanguage | undefined;
  readonly kgEquivalent: boolean;
  /** Files named on the command line, read with `adhoc`'s settings; none: the campaign file. */
  readonly inputs: readonly string[];
  readonly adhoc: Readonly<AdhocFlags>;
}

export const REPORT_FORMATS = ['md', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ResolvedBuildOptions extends CommonOptions {
  readonly phase: string | undefined;
  readonly allPhases: boolean;
  /** `--format`; undefined: the campaign file's formats. */
  readonly formats: readonly ReportFormat[] | undefined;
  /** The output folder, absolute. */
  readonly out: string;
  /** `--template`, absolute; undefined: the campaign file's `templates:`. */
  readonly template: string | undefined;
  /** `--locale`; undefined: the campaign file's. */
  readonly locale: string | undefined;
  readonly strict: boolean;
  /** `--annex`; undefined: the campaign file's `report.annex`, else full. */
  readonly annex: AnnexMode | undefined;
}

export interface ResolvedExportOptions extends CommonOptions {
  readonly format: ExportFormat;
  /** undefined: stdout. */
  readonly out: string | undefined;
  readonly phase: string | undefined;
  /** `--include rejected`: rejected rows too, with their codes. */
  readonly includeRejected: boolean;
}

export interface ResolvedSummaryOptions extends CommonOptions {
  readonly since: string;
  readonly until: string | undefined;
  readonly formats: readonly SummaryFormat[];
  /** `--out` pattern; undefined: stdout. */
  readonly out: string | undefined;
  readonly locale: string | undefined;
}

type Command = keyof typeof DEFAULTS.maxDiagnostics;

function common(flags: RawCommonFlags & { reportJson?: string }, command: Command, maxRejected: MaxRejected | undefined): CommonOptions {
  return {
    campaign: flags.campaign,
    quiet: flags.quiet ?? false,
    maxDiagnostics: parseLimit(flags.maxDiagnostics ?? String(DEFAULTS.maxDiagnostics[command]), '--max-diagnostics'),
    maxRejected,
    reportJson: flags.reportJson,
  };
}

export function resolveValidateOptions(flags: ValidateOptions): ResolvedValidateOptions {
  const maxRejected = parseMaxRejected(flags.maxRejected);
  return Object.freeze(common(flags, 'validate', maxRejected));
}

export function resolveAggregateOptions(flags: AggregateOptions): ResolvedAggregateOptions {
  const format = flags.format ?? DEFAULTS.aggregateFormat;
  const byLists = (Array.isArray(flags.by) ? flags.by : flags.by ? [flags.by] : []).filter((b) => b.trim() !== '');
  const dimensions = byLists.length > 0 ? byLists.map(parseBy) : [DEFAULT_DIMENSIONS];
  if (dimensions.length > 1 && format !== 'xlsx') {
    throw new CampaignReportError('USAGE', 'several --by sets need --format xlsx (one sheet each)', { hint: 'or run aggregate once per --by' });
  }
  if (format === 'xlsx' && !flags.out) throw new CampaignReportError('USAGE', '--format xlsx needs --out FILE.xlsx');
  if (format === 'partial' && (flags.labels !== undefined || flags.kgEquivalent)) {
    throw new CampaignReportError('USAGE', '--labels and --kg-equivalent do not apply to --format partial', { hint: 'a partial keeps ids and measured quantities; label or estimate when you aggregate it' });
  }
  const maxRejected = parseMaxRejected(flags.maxRejected);
  const inputs = flags.inputs ?? [];
  const adhoc = {
    dateFormat: flags.dateFormat,
    decimal: flags.decimal,
    delimiter: flags.delimiter,
    encoding: flags.encoding,
    sheet: flags.sheet,
    headerRow: flags.headerRow,
    map: flags.map ?? [],
    default: flags.default ?? [],
    nullValues: flags.nullValues,
    allowZero: flags.allowZero,
    where: flags.where ?? [],
  };
  checkSources(inputs, flags.campaign, adhoc);
  return Object.freeze({
    ...common(flags, 'aggregate', maxRejected),
    dimensions,
    phase: flags.phase,
    format,
    out: flags.out,
    strict: flags.strict ?? false,
    labels: flags.labels as LabelLanguage | undefined,
    kgEquivalent: flags.kgEquivalent ?? false,
    inputs,
    adhoc,
  });
}

export function resolveBuildOptions(flags: BuildOptions): ResolvedBuildOptions {
  const formats = flags.format ? parseFormatList(flags.format, REPORT_FORMATS) : undefined;
  const maxRejected = parseMaxRejected(flags.maxRejected);
  return Object.freeze({
    ...common(flags, 'build', maxRejected),
    phase: flags.phase,
    allPhases: flags.allPhases ?? false,
    formats,
    out: path.resolve(flags.out ?? DEFAULTS.buildOut),
    template: flags.template ? path.resolve(flags.template) : undefined,
    locale: flags.locale,
    strict: flags.strict ?? false,
    annex: parseAnnex(flags.annex),
  });
}

export const ANNEX_MODES = ['full', 'summary', 'none'] as const satisfies readonly AnnexMode[];

/** `--annex full|summary|none`. */
export function parseAnnex(v: string | undefined): AnnexMode | undefined {
  if (v === undefined) return undefined;
  const m = v.trim().toLowerCase();
  if (!(ANNEX_MODES as readonly string[]).includes(m)) throw new CampaignReportError('USAGE', `--annex expects one of ${ANNEX_MODES.join(', ')}, got "${v}"`);
  return m as AnnexMode;
}

/** `export`: the format given, else the --out extension's, else csv; Parquet (binary) only to a file. */
export function resolveExportOptions(flags: ExportOptions): ResolvedExportOptions {
  const given = flags.format?.trim().toLowerCase();
  if (given !== undefined && !(EXPORT_FORMATS as readonly string[]).includes(given)) {
    throw new CampaignReportError('USAGE', `--format: unknown format "${flags.format}"`, { hint: `expected one of ${EXPORT_FORMATS.join(', ')}` });
  }
  const format = (given as ExportFormat | undefined) ?? (flags.out !== undefined ? exportFormatOfPath(flags.out) : undefined) ?? 'csv';
  if (format === 'parquet' && flags.out === undefined) {
    throw new CampaignReportError('USAGE', '--format parquet needs --out FILE.parquet', { hint: 'Parquet is a binary file format: it is written to a file, never to standard output' });
  }
  if (flags.include !== undefined && flags.include.trim().toLowerCase() !== 'rejected') {
    throw new CampaignReportError('USAGE', `--include: unknown value "${flags.include}"`, { hint: 'the one value is "rejected": rejected rows too, with their diagnostic codes' });
  }
  const maxRejected = parseMaxRejected(flags.maxRejected);
  return Object.freeze({
    ...common(flags, 'export', maxRejected),
    format,
    out: flags.out,
    phase: flags.phase,
    includeRejected: flags.include !== undefined,
  });
}

export function resolveSummaryOptions(flags: SummaryOptions): ResolvedSummaryOptions {
  const maxRejected = parseMaxRejected(flags.maxRejected);
  const base = common({ ...flags, reportJson: undefined }, 'summary', maxRejected);
  return Object.freeze({
    ...base,
    since: flags.since ?? DEFAULTS.since,
    until: flags.until,
    formats: summaryFormats(flags.format, flags.out),
    out: flags.out,
    locale: flags.locale,
  });
}

export function parseLimit(v: unknown, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CampaignReportError('USAGE', `${flag} expects a whole number, got "${String(v)}"`);
  return n;
}

/** A `--format` comma list: each format once, in the order given; an unknown or empty one is a usage error. */
export function parseFormatList<F extends string>(flag: string, allowed: readonly F[]): F[] {
  const list = [...new Set(flag.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  const bad = list.filter((f) => !(allowed as readonly string[]).includes(f));
  if (bad.length > 0 || list.length === 0) {
    throw new CampaignReportError('USAGE', `--format: unknown format(s) ${bad.map((b) => `"${b}"`).join(', ') || '(none)'}`, { hint: `expected a comma list of ${allowed.join(', ')}` });
  }
  return list as F[];
}

/** The phase `--phase` names; a usage error naming the phases when there is none. */
export function requirePhase(campaign: Campaign, id: string): Phase {
  const p = campaign.phases.find((x) => x.id === id);
  if (!p) throw new CampaignReportError('USAGE', `--phase: "${id}" is not a phase of ${campaign.id}`, { hint: `phases: ${campaign.phases.map((x) => x.id).join(', ')}` });
  return p;
}

function parseBy(list: string): Dimension[] {
  const { dims, unknown } = parseDimensions(list);
  if (unknown.length > 0 || dims.length === 0) {
    const named = unknown.map((u) => {
      const near = suggestKey(u, DIMENSIONS);
      return near === undefined ? `"${u}"` : `"${u}" (did you mean ${near}?)`;
    });
    throw new CampaignReportError('USAGE', `--by: unknown dimension(s) ${named.join(', ') || '(none given)'}`, {
      hint: `expected a comma list of ${DIMENSIONS.join(', ')}`,
    });
  }
  return dims;
}

/** Either a campaign file or files named on the command line, and the ad-hoc flags only with the latter. */
function checkSources(inputs: readonly string[], campaign: string | undefined, adhoc: AdhocFlags): void {
  const adhocFlags =
    adhoc.dateFormat !== undefined ||
    adhoc.decimal !== undefined ||
    adhoc.delimiter !== undefined ||
    adhoc.encoding !== undefined ||
    adhoc.sheet !== undefined ||
    adhoc.headerRow !== undefined ||
    (adhoc.map?.length ?? 0) > 0 ||
    (adhoc.default?.length ?? 0) > 0 ||
    adhoc.nullValues !== undefined ||
    adhoc.allowZero === true ||
    (adhoc.where?.length ?? 0) > 0;
  if (inputs.length === 0) {
    if (adhocFlags) throw new CampaignReportError('USAGE', '--date-format, --decimal, --delimiter, --encoding, --sheet, --header-row, --map, --default, --null-values, --allow-zero and --where apply to files named on the command line', { hint: 'in a campaign file, set them on the source' });
    return;
  }
  if (campaign !== undefined) throw new CampaignReportError('USAGE', 'give either --campaign or input files, not both');
}

/** `--format` of summary: the --out extension's by default, else txt; several only with --out. */
function summaryFormats(flag: string | undefined, out: string | undefined): SummaryFormat[] {
  if (flag === undefined) return [(out !== undefined ? formatOfPath(out) : undefined) ?? 'txt'];
  const list = parseFormatList(flag, SUMMARY_FORMATS);
  if (list.length > 1 && out === undefined) {
    throw new CampaignReportError('USAGE', `--format ${list.join(',')}: several formats need --out`, { hint: "e.g. --out 'reports/nightly-{date}' writes one file per format" });
  }
  return list;
}
