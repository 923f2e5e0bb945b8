import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { CampaignReportError } from '../errors.js';
import { parseIsoDate } from '../normalize/date.js';
import { createCountryNormalizer, normalizeCountry } from '../normalize/country.js';
import { COMMODITIES, ROUTES, DIRECTIONS } from '../normalize/vocabulary.js';
import { CANONICAL_UNITS, DEFAULT_STICKS } from '../normalize/unit.js';
import { campaignSchema, phaseSchema, REQUIRED_FIELDS, type CampaignFile } from './schema.js';
import type { Campaign, Phase, ReportSettings, SourceFile, Threshold } from './campaign.js';
import type { Agency } from './agencies.js';
import { generatePhases } from './phase-series.js';
import { flatIssues, formatIssues, issueMessage } from './issues.js';
import { goodsVocabulary, type VocabularyExtension } from '../normalize/goods.js';

/** Loads, validates and resolves a campaign file. Throws CONFIG_* / INPUT_* errors. */
export async function loadCampaign(file: string): Promise<Campaign> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CampaignReportError(
      'CONFIG_NOT_FOUND',
      code === 'ENOENT' ? `campaign file ${file} not found` : `cannot read campaign file ${file}: ${code ?? String(err)}`,
      { hint: 'run `campaign-report init` to create one, or pass --campaign FILE' },
    );
  }
  const raw = parseYamlConfig(text, file);
  const parsed = campaignSchema.safeParse(raw.value);
  if (!parsed.success) {
    throw new CampaignReportError('CONFIG_INVALID', `${file}: invalid campaign file\n${formatIssues(parsed.error.issues, campaignSchema, raw.lineOf)}`);
  }
  return resolveCampaign(parsed.data, abs, file);
}

interface ParsedYaml {
  value: unknown;
  lineOf: (keyPath: readonly PropertyKey[]) => number | undefined;
}

function parseYamlConfig(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    throw new CampaignReportError('CONFIG_INVALID', `${file}:${pos.line}: YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // e.g. "billion laughs": aliases that would expand beyond reason
    throw new CampaignReportError('CONFIG_INVALID', `${file}: cannot read the YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return {
    value,
    lineOf(keyPath) {
      const node = doc.getIn(keyPath as unknown[], true) as { range?: [number, number, number] } | undefined;
      const offset = node && typeof node === 'object' && node.range ? node.range[0] : undefined;
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    },
  };
}

function invalid(file: string, msg: string): CampaignReportError {
  return new CampaignReportError('CONFIG_INVALID', `${file}: invalid campaign file\n  ${msg}`);
}

async function resolveCampaign(c: CampaignFile, abs: string, display: string): Promise<Campaign> {
  const dir = path.dirname(abs);
  const countryAliases = resolveCountryAliases(c.aliases?.country, display);
  const { participants, agencies } = resolveParticipants(c.campaign.participants ?? [], countryAliases, display);
  const vocabulary = resolveVocabulary(c, display);
  const commodities = c.campaign.commodities ?? [...COMMODITIES];
  const known = new Set<string>([...COMMODITIES, ...Object.values(c.aliases?.commodity ?? {})]);
  for (const [i, k] of commodities.entries()) {
    if (!known.has(k)) throw invalid(display, `campaign.commodities[${i}]: "${k}" is not a commodity (expected one of ${COMMODITIES.join(', ')})`);
  }
  checkAliasTargets(display, 'aliases.commodity', c.aliases?.commodity, COMMODITIES);
  checkAliasTargets(display, 'aliases.route', c.aliases?.route, ROUTES);
  checkAliasTargets(display, 'aliases.direction', c.aliases?.direction, DIRECTIONS);
  if (c.on_conflict !== undefined && c.key === undefined) throw invalid(display, 'on_conflict: needs key: (the fields that identify a record across sources)');
  const phases = await resolvePhases(c.phases, dir, display);
  const files: SourceFile[] = [];
  const unmatched: string[] = [];
  for (const src of c.sources) {
    const found = await expandSource(src.path, dir);
    if (found.length === 0) {
      if (await isDynamicPattern(src.path)) unmatched.push(src.path);
      else
        throw new CampaignReportError('INPUT_NOT_FOUND', `source ${src.path} not found (looked in ${dir})`, {
          hint: 'paths in the campaign file are relative to the campaign file',
        });
    }
    // Campaign-wide limits are the defaults of every source; a source's own win.
    const config = { ...(c.limits ?? {}), ...src };
    for (const f of found) files.push({ path: f, display: toDisplay(dir, f), config });
  }
  return {
    file: abs,
    dir,
    id: c.campaign.id,
    name: c.campaign.name,
    participants,
    agencies,
    vocabulary,
    commodities,
    coordinator: c.campaign.coordinator,
    classification: c.campaign.classification,
    phases,
    files,
    ...(c.key ? { key: { fields: c.key, onConflict: c.on_conflict ?? 'latest' } } : {}),
    unmatched,
    sticks: { pack: c.units?.pack ?? DEFAULT_STICKS.pack, carton: c.units?.carton ?? DEFAULT_STICKS.carton },
    aliases: { ...c.aliases, ...(countryAliases ? { country: countryAliases } : {}) },
    redact: resolveRedact(c.redact, display),
    formats: c.formats ?? ['md', 'html'],
    templates: c.templates === undefined ? undefined : path.resolve(dir, c.templates),
    locale: c.locale ?? 'en',
    thresholds: resolveThresholds(c.thresholds),
    report: resolveReport(c.report, display),
  };
}

/** `aliases.country`: each target normalized to the code records carry (`RUS`, `Russia` → RU). */
function resolveCountryAliases(table: Record<string, string> | undefined, display: string): Record<string, string> | undefined {
  if (table === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [alias, target] of Object.entries(table)) {
    const code = normalizeCountry(target);
    if (code === undefined) throw invalid(display, `aliases.country."${alias}": "${target}" is not a country (expected an ISO code such as RS or SRB, a former code such as CS, or a country name)`);
    out[alias] = code;
  }
  return out;
}

/**
 * `participants:` as country codes and the agencies named under them (ids unique in the campaign).
 * Countries are read as records' countries are (alpha-2, alpha-3, names, `aliases.country`).
 */
function resolveParticipants(list: NonNullable<CampaignFile['campaign']['participants']>, aliases: Record<string, string> | undefined, display: string): { participants: string[]; agencies: Agency[] } {
  const participants: string[] = [];
  const agencies: Agency[] = [];
  const normalize = createCountryNormalizer(aliases);
  for (const [i, p] of list.entries()) {
    const written = typeof p === 'string' ? p : p.country;
    const country = normalize(written, false);
    if (country === undefined) throw invalid(display, `campaign.participants[${i}]: "${written}" is not a country (expected an ISO 3166-1 alpha-2 or alpha-3 code, or a country name)`);
    if (participants.includes(country)) throw invalid(display, `campaign.participants[${i}]: ${written === country ? country : `"${written}" (${country})`} is listed twice`);
    participants.push(country);
    for (const [j, a] of (typeof p === 'string' ? [] : (p.agencies ?? [])).entries()) {
      const agency: Agency = typeof a === 'string' ? { id: a, name: a, country, aliases: [] } : { id: a.id, name: a.name ?? a.id, country, aliases: a.aliases ?? [] };
      if (agencies.some((x) => x.id === agency.id)) throw invalid(display, `campaign.participants[${i}].agencies[${j}]: agency id "${agency.id}" is used twice`);
      agencies.push(agency);
    }
  }
  return { participants, agencies };
}

/** `vocabulary:` and `aliases.subtype`, checked against the built-in goods vocabulary. */
function resolveVocabulary(c: CampaignFile, display: string): VocabularyExtension {
  const ext: VocabularyExtension = {
    ...(c.vocabulary?.goods ? { goods: c.vocabulary.goods } : {}),
    ...(c.aliases?.subtype ? { aliases: c.aliases.subtype } : {}),
    ...(c.vocabulary?.kg_equivalent ? { kg_equivalent: c.vocabulary.kg_equivalent } : {}),
  };
  try {
    const v = goodsVocabulary(ext);
    for (const id of Object.keys(ext.kg_equivalent ?? {})) if (!v.good(id)) throw new Error(`vocabulary.kg_equivalent: "${id}" is not a good of the vocabulary`);
    for (const g of ext.goods ?? []) {
      if (v.groupLabel(g.commodity, g.group, 'en') === undefined) throw new Error(`vocabulary.goods: "${g.id}" has group "${g.group}", which is not a group of ${g.commodity}`);
    }
  } catch (err) {
    throw invalid(display, (err as Error).message);
  }
  return ext;
}

/** `redact:`: a required field cannot be redacted, since no record could be read without it. */
function resolveRedact(list: readonly string[] | undefined, display: string): string[] {
  for (const [i, name] of (list ?? []).entries()) {
    const f = name.trim().toLowerCase();
    if ((REQUIRED_FIELDS as readonly string[]).includes(f)) {
      throw invalid(display, `redact[${i}]: "${name}" is a required field; only optional fields and extra columns can be redacted`);
    }
  }
  return [...(list ?? [])];
}

/** `report:` as the report sees it (a single acknowledgements text under the key ''). */
function resolveReport(r: CampaignFile['report'], display: string): ReportSettings {
  if (!r) return { agencies: [] };
  if (r.issued !== undefined && !parseIsoDate(r.issued)) throw invalid(display, `report.issued: "${r.issued}" is not a real date`);
  const ack = r.acknowledgements;
  return {
    ...(r.issued !== undefined ? { issued: r.issued } : {}),
    ...(r.version !== undefined ? { version: r.version } : {}),
    ...(r.contact !== undefined ? { contact: r.contact } : {}),
    agencies: r.agencies ?? [],
    ...(ack !== undefined ? { acknowledgements: typeof ack === 'string' ? { '': ack } : { ...ack } } : {}),
    ...(r.annex !== undefined ? { annex: r.annex } : {}),
  };
}

/** `thresholds:` as a list in commodity then canonical unit order (the schema has checked names and values). */
function resolveThresholds(t: CampaignFile['thresholds']): Threshold[] {
  const out: Threshold[] = [];
  for (const commodity of COMMODITIES) {
    for (const unit of CANONICAL_UNITS) {
      const q = t?.[commodity]?.[unit];
      if (q !== undefined) out.push({ commodity, unit, quantity: q });
    }
  }
  return out;
}

function checkAliasTargets(file: string, key: string, table: Record<string, string> | undefined, allowed: readonly string[]): void {
  for (const [alias, target] of Object.entries(table ?? {})) {
    if (!allowed.includes(target)) throw invalid(file, `${key}."${alias}": "${target}" is not one of ${allowed.join(', ')}`);
  }
}

/** Forward-slash path relative to the campaign folder, as a user writes it there. */
export function toDisplay(dir: string, file: string): string {
  const rel = path.relative(dir, file);
  return rel.split(path.sep).join('/');
}

/**
 * tinyglobby's isDynamicPattern, loading tinyglobby only for a path that has a
 * character a glob could mean something by (a plain file path, the usual case,
 * never does).
 */
async function isDynamicPattern(pattern: string): Promise<boolean> {
  if (!/[*?[\]{}()!+@\\]/.test(pattern)) return false;
  const tg = await import('tinyglobby');
  return tg.isDynamicPattern(pattern);
}

async function expandSource(pattern: string, dir: string): Promise<string[]> {
  if (!(await isDynamicPattern(pattern))) {
    const abs = path.resolve(dir, pattern);
    try {
      const st = await stat(abs);
      if (!st.isFile()) throw new CampaignReportError('INPUT_UNREADABLE', `source ${pattern} is not a file`);
      return [abs];
    } catch (e) {
      if (e instanceof CampaignReportError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      throw new CampaignReportError('INPUT_UNREADABLE', `source ${pattern} cannot be read: ${code ?? String(e)}`);
    }
  }
  const { glob } = await import('tinyglobby');
  const found = await glob(pattern, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false });
  return found.map((f) => path.resolve(f)).sort();
}

async function resolvePhases(phases: CampaignFile['phases'], dir: string, display: string): Promise<Phase[]> {
  let list: unknown[];
  let where = 'phases';
  if (!Array.isArray(phases) && typeof phases === 'object') {
    try {
      return generatePhases(phases);
    } catch (err) {
      throw invalid(display, `phases: ${(err as Error).message}`);
    }
  }
  if (typeof phases === 'string') {
    where = phases;
    const abs = path.resolve(dir, phases);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (e) {
      throw new CampaignReportError('INPUT_NOT_FOUND', `phases file ${phases} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    text = text.replace(/^\uFEFF/, '');
    if (/\.ya?ml$/i.test(abs)) {
      const doc = parseDocument(text);
      let v: unknown;
      try {
        v = doc.toJS({ maxAliasCount: 100 });
      } catch (err) {
        throw new CampaignReportError('CONFIG_INVALID', `${phases}: cannot read the YAML: ${(err as Error).message.split('\n')[0]}`);
      }
      list = Array.isArray(v) ? v : Array.isArray((v as { phases?: unknown })?.phases) ? (v as { phases: unknown[] }).phases : [];
    } else {
      const { parse: parseCsv } = await import('csv-parse/sync');
      list = parseCsv(text, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, delimiter: [',', ';', '\t'] }) as unknown[];
    }
    if (list.length === 0) throw invalid(display, `${phases}: no phases found (expected columns id,name,start,end)`);
  } else {
    list = phases;
  }
  const out: Phase[] = [];
  for (const [i, p] of list.entries()) {
    const r = phaseSchema.safeParse(p);
    if (!r.success) throw invalid(display, `${where}[${i}]: ${flatIssues(r.error.issues).map((x) => `${x.path.join('.') || 'phase'}: ${issueMessage(x, phaseSchema)}`).join('; ')}`);
    const start = parseIsoDate(r.data.start);
    const end = parseIsoDate(r.data.end);
    if (!start) throw invalid(display, `${where}[${i}].start: "${r.data.start}" is not a real date`);
    if (!end) throw invalid(display, `${where}[${i}].end: "${r.data.end}" is not a real date`);
    if (end.day < start.day) throw invalid(display, `${where}[${i}]: end ${end.iso} is before start ${start.iso}`);
    if (out.some((q) => q.id === r.data.id)) throw invalid(display, `${where}[${i}].id: phase id "${r.data.id}" is used twice`);
    const overlap = out.find((q) => start.day <= q.end.day && q.start.day <= end.day);
    if (overlap) throw invalid(display, `${where}[${i}]: phase "${r.data.id}" (${start.iso}..${end.iso}) overlaps phase "${overlap.id}" (${overlap.start.iso}..${overlap.end.iso})`);
    const name = r.data.name;
    if (typeof name === 'object') out.push({ id: r.data.id, name: name.en ?? name.vi ?? name.ko ?? r.data.id, names: { ...name }, start, end });
    else out.push({ id: r.data.id, name: name ?? r.data.id, start, end });
  }
  return out.sort((a, b) => a.start.day - b.start.day);
}
