import path from 'node:path';
import { stat } from 'node:fs/promises';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CampaignReportError } from '../errors.js';
import { toDayDate } from '../normalize/date.js';
import { DEFAULT_STICKS } from '../normalize/unit.js';
import { COMMODITIES } from '../normalize/vocabulary.js';
import type { Campaign, SourceFile } from './campaign.js';
import { suggestKey } from './key-suggestions.js';
import { CANONICAL_FIELDS, sourceSchema, type CanonicalField, type SourceConfig } from './schema.js';

export interface AdhocFlags {
  dateFormat?: string;
  decimal?: string;
  delimiter?: string;
  /** The text encoding (`encoding:`): one of the source schema's. */
  encoding?: string;
  /** A workbook's sheet: a name, a 1-based position, or "*". */
  sheet?: string;
  /** The header's row (1-based). */
  headerRow?: string;
  /** `field=Header`, repeatable. */
  map?: string[];
  /** `field=value`, repeatable. */
  default?: string[];
  /** Comma list of cells that mean "empty" (`null_values`). */
  nullValues?: string;
  /** A quantity of 0 is accepted (`allow_zero`). */
  allowZero?: boolean;
  /** `Header=v1,v2`, repeatable: the row filter (`where:`). */
  where?: string[];
}

/** The implicit phase of ad-hoc use: it spans any date, so no record is out of phase. */
export const ADHOC_PHASE = 'all';

/**
 * A campaign for files named on the command line (no campaign file): canonical
 * headers expected (or --map), one implicit phase spanning the data, every
 * commodity in scope, no participant list (so no NOT_PARTICIPANT warnings).
 * `-` reads standard input.
 */
export async function adhocCampaign(inputs: readonly string[], flags: AdhocFlags): Promise<Campaign> {
  const config = sourceConfigFromFlags(flags);
  const files: SourceFile[] = [];
  const cwd = process.cwd();
  if (inputs.filter((i) => i === '-').length > 1) throw new CampaignReportError('USAGE', 'standard input (-) can be read only once');
  for (const input of inputs) {
    if (input === '-') {
      files.push({ path: '-', display: 'stdin', config, settingsFrom: 'flags' });
      continue;
    }
    const found = isDynamicPattern(input) ? (await glob(input, { cwd, absolute: true, onlyFiles: true })).sort() : [path.resolve(input)];
    if (found.length === 0) throw new CampaignReportError('INPUT_NOT_FOUND', `no file matches ${input}`);
    for (const f of found) {
      const st = await stat(f).catch(() => undefined);
      if (!st) throw new CampaignReportError('INPUT_NOT_FOUND', `input ${input} not found`);
      if (!st.isFile()) throw new CampaignReportError('INPUT_UNREADABLE', `input ${input} is not a file`);
      files.push({ path: f, display: path.relative(cwd, f).split(path.sep).join('/') || f, config, settingsFrom: 'flags' });
    }
  }
  return {
    file: undefined,
    dir: cwd,
    id: 'adhoc',
    name: 'Ad-hoc aggregation',
    participants: [],
    agencies: [],
    vocabulary: {},
    commodities: [...COMMODITIES],
    coordinator: undefined,
    classification: undefined,
    phases: [{ id: ADHOC_PHASE, name: 'All dates', start: toDayDate(1, 1, 1, 'day')!, end: toDayDate(9999, 12, 31, 'day')! }],
    files,
    unmatched: [],
    sticks: { ...DEFAULT_STICKS },
    aliases: {},
    redact: [],
    formats: ['md', 'html'],
    templates: undefined,
    locale: 'en',
  };
}

function pairs(list: readonly string[] | undefined, flag: string): Partial<Record<CanonicalField, string>> {
  const out: Partial<Record<CanonicalField, string>> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    const field = (eq > 0 ? item.slice(0, eq) : '').trim() as CanonicalField;
    if (eq <= 0 || !(CANONICAL_FIELDS as readonly string[]).includes(field)) {
      const near = eq > 0 ? suggestKey(field, CANONICAL_FIELDS) : undefined;
      if (near !== undefined) throw new CampaignReportError('USAGE', `${flag} "${item}": "${field}" is not a field (did you mean ${near}?)`, { hint: `the fields: ${CANONICAL_FIELDS.join(', ')}` });
      throw new CampaignReportError('USAGE', `${flag} "${item}": expected field=value with a field among ${CANONICAL_FIELDS.join(', ')}`);
    }
    // The last of two would silently win: say so instead.
    if (out[field] !== undefined) throw new CampaignReportError('USAGE', `${flag} ${field}= is given twice ("${field}=${out[field]}" and "${item}")`, { hint: `give ${flag} once per field` });
    out[field] = item.slice(eq + 1);
  }
  return out;
}

/** `--map field=Header`; `field=A+B+C` names several columns (their cells joined with a space, as a list in `columns:`). */
function columnPairs(list: readonly string[] | undefined): Partial<Record<CanonicalField, string | string[]>> {
  const out: Partial<Record<CanonicalField, string | string[]>> = {};
  for (const [field, value] of Object.entries(pairs(list, '--map')) as [CanonicalField, string][]) {
    const names = value.split('+').map((n) => n.trim());
    if (names.some((n) => n === '')) throw new CampaignReportError('USAGE', `--map ${field}=${value}: an empty column name`, { hint: 'join column names with +, as in --map id=A+B+C' });
    out[field] = names.length === 1 ? value : names;
  }
  return out;
}

/** `--where Header=v1,v2`, repeatable: header → allowed values; a header given twice is a usage error. */
function wherePairs(list: readonly string[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    const header = eq > 0 ? item.slice(0, eq).trim() : '';
    if (header === '') throw new CampaignReportError('USAGE', `--where "${item}": expected Header=value[,value…]`);
    if (out[header] !== undefined) throw new CampaignReportError('USAGE', `--where ${header}= is given twice`, { hint: 'list every allowed value once: --where Header=v1,v2' });
    out[header] = item.slice(eq + 1).split(',').map((v) => v.trim());
  }
  return out;
}

function sourceConfigFromFlags(flags: AdhocFlags): SourceConfig {
  const raw = {
    path: '-',
    ...(flags.dateFormat ? { date_format: flags.dateFormat } : {}),
    ...(flags.decimal ? { decimal: flags.decimal } : {}),
    ...(flags.delimiter ? { delimiter: flags.delimiter === 'tab' ? '\t' : flags.delimiter } : {}),
    ...(flags.encoding ? { encoding: flags.encoding } : {}),
    ...(flags.sheet ? { sheet: /^[1-9]\d*$/.test(flags.sheet) ? Number(flags.sheet) : flags.sheet } : {}),
    ...(flags.headerRow ? { header_row: Number(flags.headerRow) } : {}),
    ...(flags.map?.length ? { columns: columnPairs(flags.map) } : {}),
    ...(flags.default?.length ? { defaults: pairs(flags.default, '--default') } : {}),
    ...(flags.nullValues !== undefined ? { null_values: flags.nullValues.split(',').map((v) => v.trim()) } : {}),
    ...(flags.allowZero ? { allow_zero: true } : {}),
    ...(flags.where?.length ? { where: wherePairs(flags.where) } : {}),
  };
  const r = sourceSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new CampaignReportError('USAGE', `--${String(i.path[0] ?? '').replace(/_/g, '-')}: ${i.message}`);
  }
  return r.data;
}
