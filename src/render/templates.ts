import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Handlebars from 'handlebars';
import { CampaignReportError } from '../errors.js';
import { methodLabeller } from '../normalize/methods.js';
import { isSelfConversion, unitWordOf } from '../normalize/unit.js';
import { escapeMarkdown } from '../util/escape.js';
import { formatters } from './format.js';
import { DEFAULT_TEMPLATES, type ReportLocale } from './locale.js';
import { localizePhaseName } from './phase-name.js';
import { fill } from './fill.js';
import { labelPeriod } from './periods.js';

/** `txt`: plain text (summary only): no escaping, but control characters are removed from data. */
export type TemplateFormat = 'html' | 'md' | 'txt';

/** One loaded template file, with where it came from (for error messages). */
interface TemplateFile {
  name: string;
  file: string;
  source: string;
}

/**
 * The default templates of a format, each replaced by a file of the same name
 * in the user's template folder (`--template DIR` or `templates:`), if any.
 * Only file names listed in those two folders can become partials, so a
 * partial name can never reach outside them. `kind` names another template
 * family in its own subfolder (`summary` → `templates/summary/md/`, and
 * `DIR/summary/md/` in the user's folder); '' is the phase-end report.
 */
export function loadTemplateSet(format: TemplateFormat, userDir: string | undefined, kind = ''): Map<string, TemplateFile> {
  const set = new Map<string, TemplateFile>();
  for (const dir of [path.join(DEFAULT_TEMPLATES, kind, format), ...(userDir ? [path.join(userDir, kind, format)] : [])]) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      if (!entry.endsWith('.hbs')) continue;
      const file = path.join(dir, entry);
      set.set(entry.slice(0, -4), { name: entry.slice(0, -4), file, source: readFileSync(file, 'utf8') });
    }
  }
  if (!set.has('report')) throw new CampaignReportError('TEMPLATE_ERROR', `no ${kind ? `${kind}/` : ''}${format}/report.hbs template found`);
  return set;
}

/**
 * Compiles a template set into a render function. HTML: Handlebars escapes
 * every `{{value}}`. Markdown: data strings are escaped before rendering and
 * every helper escapes its output, so a value like `a|b` or `[x](javascript:…)`
 * shows literally in any template.
 */
export function compileTemplates(set: Map<string, TemplateFile>, format: TemplateFormat, loc: ReportLocale, vocab: TemplateVocabulary = {}): (model: object) => string {
  const hb = Handlebars.create();
  registerHelpers(hb, format, loc);
  registerDataHelpers(hb, format, loc, vocab);
  const main = compileSet(hb, set, format);
  const mainFile = set.get('report')!;
  return (model) => {
    try {
      return main(format === 'md' ? escapeStrings(model) : format === 'txt' ? plainStrings(model) : model, { allowProtoPropertiesByDefault: false });
    } catch (err) {
      throw templateError(mainFile, err, set);
    }
  };
}

/** The helpers every template may use: labels, numbers, dates, countries and codes in the report's language, each escaped for `format`. */
function registerHelpers(hb: typeof Handlebars, format: TemplateFormat, loc: ReportLocale): void {
  const esc = format === 'md' ? escapeMarkdown : format === 'txt' ? plainText : (s: string) => s;
  const f = formatters(loc);

  hb.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => {
    // Only the label's own text is escaped here: values are data, already escaped
    // (Markdown: in the model; HTML: by Handlebars on the helper's whole output).
    const hash = (options?.hash ?? {}) as Record<string, unknown>;
    return (loc.labels[key] ?? key)
      .split(/(\{[A-Za-z]+\})/)
      .map((part) => {
        const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
        return name !== undefined && name in hash ? String(hash[name]) : esc(part);
      })
      .join('');
  });
  hb.registerHelper('num', (v: unknown, digits: unknown) => f.num(v, typeof digits === 'number' ? digits : 3));
  hb.registerHelper('int', (v: unknown) => f.int(v));
  hb.registerHelper('qty', (v: unknown, unit: unknown) => `${f.num(v, 3)} ${esc(f.unit(unit))}`);
  // A signed figure is not escaped (a leading + would be escaped in Markdown); only the n/a label is text.
  hb.registerHelper('pct', (change: { percent: number | null } | undefined) => (Number.isFinite(change?.percent) ? f.pct(change) : esc(f.pct(change))));
  hb.registerHelper('date', (iso: unknown) => esc(f.date(iso)));
  hb.registerHelper('country', (code: unknown) => esc(f.country(code)));
  hb.registerHelper('commodity', (c: unknown) => esc(f.commodity(c)));
  hb.registerHelper('route', (c: unknown) => esc(f.route(c)));
  hb.registerHelper('direction', (c: unknown) => esc(f.direction(c)));
  hb.registerHelper('unit', (c: unknown) => esc(f.unit(c)));
  hb.registerHelper('reason', (c: unknown) => esc(f.reason(c)));
  // An ISO week (or month, quarter, year) said by its dates within the report's phase: "29 Jul – 4 Aug", and "3 of 7 days" for a week the phase covers in part.
  hb.registerHelper('periodLabel', (key: unknown, options: Handlebars.HelperOptions) => {
    const phase = (options?.data?.root as { phase?: { start?: string; end?: string } } | undefined)?.phase;
    if (typeof key !== 'string' || !phase?.start || !phase.end) return esc(String(key ?? ''));
    const p = labelPeriod(key, phase.start, phase.end, loc);
    return esc(p.partial ? `${p.label}, ${fill(loc.labels.partialPeriod ?? '{days} of {of} days', p.partial)}` : p.label);
  });
  // A SHA-256 in full, and (HTML) its first 12 digits shown instead in print, where the full one would widen its table.
  hb.registerHelper('hash', (v: unknown) => {
    const full = esc(String(v ?? ''));
    if (format !== 'html') return full;
    const safe = Handlebars.escapeExpression(full);
    return new Handlebars.SafeString(`<span class="hash-full">${safe}</span><span class="hash-short">${Handlebars.escapeExpression(full.slice(0, 12))}…</span>`);
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  hb.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.map((x) => esc(String(x))).join(typeof sep === 'string' ? sep : ', ') : ''));
}

/** What the report knows beyond its locale file: the campaign's goods (built-in vocabulary and its `vocabulary:`). */
export interface TemplateVocabulary {
  /** A good's label in `lang` (en when the vocabulary has no such language); undefined for a subtype it does not know. */
  readonly good?: (id: string, lang: string) => string | undefined;
}

// Markdown: model strings arrive escaped; a lookup needs the value as written.
const MD_ESCAPED = /\\([\\`*_{}[\]()<>#+!|~-])/g;

/**
 * Helpers that show data in the report's language when a vocabulary knows it,
 * and as written otherwise: goods, concealment and detection methods, phase
 * names, unit conversions.
 */
function registerDataHelpers(hb: typeof Handlebars, format: TemplateFormat, loc: ReportLocale, vocab: TemplateVocabulary): void {
  const esc = format === 'md' ? escapeMarkdown : format === 'txt' ? plainText : (s: string) => s;
  const written = (v: unknown) => (format === 'md' ? String(v ?? '').replace(MD_ESCAPED, '$1') : String(v ?? ''));
  const methods = methodLabeller();
  hb.registerHelper('good', (v: unknown) => {
    const s = written(v);
    return esc(vocab.good?.(s, loc.locale) ?? s);
  });
  hb.registerHelper('concealmentLabel', (v: unknown) => esc(methods('concealment', written(v), loc.locale)));
  hb.registerHelper('detectionLabel', (v: unknown) => esc(methods('detection', written(v), loc.locale)));
  hb.registerHelper('phaseName', (v: unknown) => esc(localizePhaseName(written(v), loc)));
  // The annex's conversions in the report's words ("정 × 1 → 개"), merged when two spellings are the same word.
  hb.registerHelper('localConversions', (list: unknown) => localConversions(Array.isArray(list) ? list : [], loc, written, esc));
}

interface ConversionRow {
  from: string;
  factor: number;
  unit: string;
  count: number;
}

function localConversions(list: readonly ConversionRow[], loc: ReportLocale, written: (v: unknown) => string, esc: (s: string) => string): { label: string; count: number }[] {
  const nf = new Intl.NumberFormat(loc.numberLocale, { maximumFractionDigits: 9 });
  const rows = new Map<string, number>();
  for (const c of list) {
    const from = written(c.from);
    if (isSelfConversion({ from, factor: c.factor, unit: c.unit })) continue;
    const word = unitWordOf(from);
    const label = `${esc((word !== undefined ? loc.unitWords?.[word] : undefined) ?? from)} × ${nf.format(c.factor)} → ${esc(loc.units[c.unit] ?? c.unit)}`;
    rows.set(label, (rows.get(label) ?? 0) + c.count);
  }
  return [...rows].map(([label, count]) => ({ label, count })).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/**
 * Parses and compiles every template of the set, the others as partials of
 * `report`; returns `report`. Syntax errors and missing partials are found
 * here, with a line number, before any data is read.
 */
function compileSet(hb: typeof Handlebars, set: Map<string, TemplateFile>, format: TemplateFormat): Handlebars.TemplateDelegate {
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const t of set.values()) {
    // a default template, unchanged since the bundle was built: its partials are default ones too, so all there
    const ready = precompiled(t, format !== 'html');
    if (ready) {
      const fn = hb.template(ready);
      compiled.set(t.name, fn);
      if (t.name !== 'report') hb.registerPartial(t.name, fn);
      continue;
    }
    let ast: ReturnType<typeof Handlebars.parse>;
    try {
      ast = Handlebars.parse(t.source); // syntax errors now, with a line number
    } catch (err) {
      throw templateError(t, err);
    }
    // Missing partials now too, before any data is read.
    for (const ref of partialRefs(ast)) {
      if (!set.has(ref.name)) {
        throw new CampaignReportError('TEMPLATE_ERROR', `${t.file}:${ref.line}: partial "${ref.name}" not found`, {
          hint: `partials available: ${[...set.keys()].filter((n) => n !== 'report').join(', ')}`,
        });
      }
    }
    // the parsed AST, not the source: each template is parsed once
    const fn = hb.compile(ast, { noEscape: format !== 'html', strict: false, knownHelpersOnly: false });
    compiled.set(t.name, fn);
    if (t.name !== 'report') hb.registerPartial(t.name, fn);
  }
  return compiled.get('report')!;
}

interface PrecompiledEntry {
  sha1: string;
  noEscape: boolean;
  /** Handlebars.precompile's output: JavaScript source of the template spec. */
  spec: string;
}

type TemplateSpec = Parameters<typeof Handlebars.template>[0];

const PRECOMPILED = new URL('./templates.precompiled.json', import.meta.url);
let precompiledSet: Record<string, PrecompiledEntry> | null | undefined;

/**
 * The default template `t` as the bundle precompiled it (scripts/bundle.mjs writes
 * templates.precompiled.json beside the bundle's chunks), if its source still has the
 * same bytes; else undefined (a user's template, an edited default, or run from src/).
 */
function precompiled(t: TemplateFile, noEscape: boolean): TemplateSpec | undefined {
  if (precompiledSet === undefined) {
    try {
      precompiledSet = JSON.parse(readFileSync(fileURLToPath(PRECOMPILED), 'utf8')) as Record<string, PrecompiledEntry>;
    } catch {
      precompiledSet = null;
    }
  }
  const rel = path.relative(DEFAULT_TEMPLATES, t.file);
  if (!precompiledSet || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const entry = precompiledSet[rel.split(path.sep).join('/')];
  if (!entry || entry.noEscape !== noEscape || entry.sha1 !== createHash('sha1').update(t.source).digest('hex')) return undefined;
  return new Function(`return ${entry.spec}`)() as TemplateSpec;
}

/** Every `{{> name}}` in a template, with its line. */
function partialRefs(node: unknown, out: { name: string; line: number }[] = []): { name: string; line: number }[] {
  if (!node || typeof node !== 'object') return out;
  const n = node as { type?: string; name?: { original?: unknown }; loc?: { start: { line: number } } };
  if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && typeof n.name?.original === 'string') {
    out.push({ name: n.name.original, line: n.loc?.start.line ?? 0 });
  }
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) v.forEach((x) => partialRefs(x, out));
    else if (v && typeof v === 'object' && v !== n.loc) partialRefs(v, out);
  }
  return out;
}

function templateError(t: TemplateFile, err: unknown, set?: Map<string, TemplateFile>): CampaignReportError {
  const msg = (err as Error).message ?? String(err);
  const line = /line (\d+)/.exec(msg)?.[1];
  // Runtime errors name a partial or helper: point at the file that uses it when we can.
  let file = t.file;
  const partial = /partial (\S+) could not be found/.exec(msg)?.[1];
  if (partial && set) {
    for (const f of set.values()) if (f.source.includes(`> ${partial}`)) file = f.file;
  }
  const detail = msg.split('\n').filter((l) => l.trim() !== '' && !/^-*\^$/.test(l.trim())).slice(0, 3).join(' — ');
  return new CampaignReportError('TEMPLATE_ERROR', `${file}${line ? `:${line}` : ''}: ${detail}`, {
    hint: 'fix the template, or remove it from your template folder to use the default',
    cause: err,
  });
}

/**
 * Fields holding codes the tool itself produced (canonical commodity, route,
 * unit, alpha-2 country, diagnostic code, validated ids) are label keys for the
 * helpers and contain nothing Markdown reads; they are left as they are, as are
 * chart markup and links the tool wrote.
 */
const CODE_KEYS = new Set(['svg', 'href', 'commodity', 'route', 'direction', 'unit', 'units', 'code', 'country', 'origin', 'destination', 'id', 'participants', 'start', 'end', 'date', 'week']);

/** Deep copy with every data string Markdown-escaped (numbers, booleans and CODE_KEYS untouched). */
export function escapeStrings<T>(v: T, key = ''): T {
  if (typeof v === 'string') return (CODE_KEYS.has(key) ? v : escapeMarkdown(v)) as T;
  if (Array.isArray(v) && CODE_KEYS.has(key)) return v;
  if (Array.isArray(v)) return v.map((x) => escapeStrings(x)) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = escapeStrings(x, k);
    return out as T;
  }
  return v;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Plain text: a data value stays on its line and cannot send terminal escapes or reorder the text. */
export function plainText(s: string): string {
  return s.replace(/\r?\n|\r|\t/g, ' ').replace(CONTROL, '');
}

/** Deep copy with `plainText` applied to every string. */
export function plainStrings<T>(v: T): T {
  if (typeof v === 'string') return plainText(v) as T;
  if (Array.isArray(v)) return v.map((x) => plainStrings(x)) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainStrings(x);
    return out as T;
  }
  return v;
}
