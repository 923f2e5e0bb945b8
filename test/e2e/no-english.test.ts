/**
 * End-to-end: a Vietnamese or Korean report has no English left in it, except
 * data shown as written. The example campaign is built in vi and ko (md, html,
 * pdf, every phase); the text of each output (pdftotext, the HTML without its
 * tags but with its accessible labels, the Markdown and its chart SVGs) must
 * hold none of
 * - the English labels of templates/locales/en.json,
 * - the ids of the vocabularies (goods, groups, methods, commodities, routes,
 *   directions, units),
 * - the English labels of the goods and methods vocabularies,
 * other than those the report's own language writes the same way ("kg",
 * "Heroin", "CITES"). Every list is read from the files at test time, so a
 * key or a good added later is checked too.
 *
 * Data as written is taken out first: the values the run lists as unknown to
 * the vocabulary (its `--report-json` unknown_words), and what the campaign
 * file itself writes (names of the campaign, its phases and agencies, the
 * coordinator, the classification) and the source file names.
 *
 * Also: the PDFs embed their fonts, the Korean one a Hangul font (Noto Sans
 * CJK KR), the Vietnamese one Noto Sans (which covers Vietnamese).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const EXAMPLE = join(ROOT, 'fixtures/example/campaign.yaml');
const LOCALES = join(ROOT, 'templates/locales');
const GOODS = join(ROOT, 'src/data/goods');
const LANGS = ['vi', 'ko'] as const;
type Lang = (typeof LANGS)[number];

type Json = Record<string, unknown>;
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Json;

/** Every string of a JSON value, with its path. */
function strings(v: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (typeof v === 'string') out.push([path, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, path ? `${path}.${k}` : k, out);
  return out;
}

/** The displayed sections of a locale file (not its formats). */
const DISPLAYED = ['labels', 'commodities', 'routes', 'directions', 'units', 'unitWords', 'reasons'];

/** A label's literal parts: "Phase {n} of {of}" → "Phase", "of". */
function fragments(label: string): string[] {
  return label
    .split(/\{[A-Za-z]+\}/)
    .map((f) => f.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, ''))
    .filter((f) => /\p{L}{3}/u.test(f));
}

interface Vocabulary {
  ids: Set<string>;
  /** en label → the same item's label in each language. */
  labels: { en: string; vi: string; ko: string }[];
}

function vocabulary(): Vocabulary {
  const ids = new Set<string>();
  const labels: Vocabulary['labels'] = [];
  for (const f of readdirSync(GOODS).filter((x) => x.endsWith('.json'))) {
    const file = readJson(join(GOODS, f)) as { commodity: string; groups: Record<string, Vocabulary['labels'][number]>; goods: { id: string; labels: Vocabulary['labels'][number] }[] };
    ids.add(file.commodity);
    for (const [id, l] of Object.entries(file.groups)) {
      ids.add(id);
      labels.push(l);
    }
    for (const g of file.goods) {
      ids.add(g.id);
      labels.push(g.labels);
    }
  }
  const methods = readJson(join(ROOT, 'src/data/methods.json')) as Record<string, { id: string; labels: Vocabulary['labels'][number] }[]>;
  for (const kind of ['concealment', 'detection']) {
    for (const m of methods[kind]!) {
      ids.add(m.id);
      labels.push(m.labels);
    }
  }
  const en = readJson(join(LOCALES, 'en.json'));
  for (const section of ['commodities', 'routes', 'directions', 'units']) for (const k of Object.keys(en[section] as Json)) if (k) ids.add(k);
  return { ids, labels };
}

/** Words and phrases that would be English left in a report of `lang`, each with where it comes from. */
function forbidden(lang: Lang): { text: string; why: string; caseSensitive: boolean }[] {
  const en = readJson(join(LOCALES, 'en.json'));
  const own = readJson(join(LOCALES, `${lang}.json`));
  const voc = vocabulary();
  // Everything the report's language writes itself: an English word found in it is also that language's.
  // (placeholders such as {cases} are no words of it: they are replaced before a reader sees them)
  const ownText = [...strings(DISPLAYED.map((s) => own[s])).map(([, v]) => v.replace(/\{[A-Za-z]+\}/g, ' ')), ...voc.labels.map((l) => l[lang])].join('\n');
  const inOwn = (s: string, cs: boolean) => wordRegExp(s, cs).test(ownText);
  const out: { text: string; why: string; caseSensitive: boolean }[] = [];
  for (const [path, value] of strings(DISPLAYED.map((s) => en[s]))) {
    for (const f of fragments(value)) if (!inOwn(f, false)) out.push({ text: f, why: `en.json ${path.replace(/^\[(\d+)\]/, (_, i: string) => DISPLAYED[Number(i)]!)}`, caseSensitive: false });
  }
  for (const l of voc.labels) for (const f of fragments(l.en)) if (!inOwn(f, false)) out.push({ text: f, why: `vocabulary label "${l.en}"`, caseSensitive: false });
  // ids are lowercase: case decides between the id "heroin" and the label "Heroin"
  for (const id of voc.ids) if (id.length >= 3 && !inOwn(id, true)) out.push({ text: id, why: 'vocabulary id', caseSensitive: true });
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `s` as a whole word or phrase (no letter or digit just before or after; any run of spaces between words). */
function wordRegExp(s: string, caseSensitive: boolean): RegExp {
  const body = s.split(/\s+/).map(escapeRe).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_-])${body}(?![\\p{L}\\p{N}_-])`, caseSensitive ? 'u' : 'iu');
}

/** What the campaign file writes and the run lists as unknown: data shown as written. */
function dataAsWritten(reportJson: string): string[] {
  const c = parseYaml(readFileSync(EXAMPLE, 'utf8')) as {
    campaign: { name: string; coordinator?: string; classification?: string; participants: (string | { agencies?: ({ name?: string } | string)[] })[] };
    phases: { name: string | Record<string, string> }[];
  };
  const names: string[] = [c.campaign.name, c.campaign.coordinator ?? '', c.campaign.classification ?? ''];
  for (const p of c.campaign.participants) if (typeof p !== 'string') for (const a of p.agencies ?? []) names.push(typeof a === 'string' ? a : (a.name ?? ''));
  // a phase name given once for all languages is shown as written; one given per language is the report's own
  // (the cover says "Phase 1 of 3: Targeting and profiling": the name without its leading "Phase 1", in the report's own words)
  for (const p of c.phases) if (typeof p.name === 'string') names.push(p.name, p.name.replace(/^Phase\s+\d+\s*[—:-]\s*/, ''));
  const run = JSON.parse(readFileSync(reportJson, 'utf8')) as { unknown_words: { value: string }[]; sources: { file: string }[] };
  names.push(...run.unknown_words.map((w) => w.value), ...run.sources.map((s) => s.file));
  return names.filter((n) => n !== '').sort((a, b) => b.length - a.length);
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');

/** Text a reader sees or hears: text nodes, and the accessible labels and titles of elements. */
function htmlText(html: string): string {
  const body = html.replace(/<style[\s\S]*?<\/style>/g, ' ');
  const labels = [...body.matchAll(/\s(?:aria-label|alt|title)="([^"]*)"/g)].map((m) => m[1]!);
  return decode([body.replace(/<[^>]*>/g, ' '), ...labels].join(' '));
}

// a link's target is a file name, not text a reader sees
const markdownText = (md: string) => md.replace(/\]\([^)]*\)/g, ']').replace(/\\([\\`*_{}[\]()<>#+!|~-])/g, '$1');

function pdfText(file: string): string {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

interface Build {
  dir: string;
  files: string[];
  exempt: string[];
}

const builds = new Map<Lang, Build>();

beforeAll(async () => {
  await Promise.all(
    LANGS.map(async (lang) => {
      const dir = tempDir();
      const json = join(dir, 'run.json');
      const r = await runCli(['build', '--campaign', EXAMPLE, '--all-phases', '--format', 'md,html,pdf', '--locale', lang, '--out', join(dir, 'out'), '--report-json', json], {
        env: { SOURCE_DATE_EPOCH: '1725148800' },
      });
      expect(r.code, r.stderr).toBe(0);
      const files: string[] = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d)) {
          if (statSync(join(d, e)).isDirectory()) walk(join(d, e));
          else files.push(join(d, e));
        }
      };
      walk(join(dir, 'out'));
      builds.set(lang, { dir, files: files.sort(), exempt: dataAsWritten(json) });
    }),
  );
}, 240_000);

function textOf(file: string): string {
  if (file.endsWith('.pdf')) return pdfText(file);
  if (file.endsWith('.html') || file.endsWith('.svg')) return htmlText(readFileSync(file, 'utf8'));
  return markdownText(readFileSync(file, 'utf8'));
}

describe.each(LANGS)('the %s report', (lang) => {
  it('has every format of every phase, and the lists to check against', () => {
    const b = builds.get(lang)!;
    for (const p of ['p1', 'p2', 'p3']) for (const ext of ['md', 'html', 'pdf']) expect(b.files).toContain(join(b.dir, 'out', `op-mekong-shield-${p}.${lang}.${ext}`));
    const words = forbidden(lang).map((f) => f.text);
    // the lists come from the files: a few of what must be found if it were left
    expect(words).toEqual(expect.arrayContaining(['Phase', 'Operation results', 'Cases', 'Seizures', 'methamphetamine', 'pangolin-scales', 'Pangolin scales', 'inside timber logs', 'specimens']));
    // and the report's own words are not among them
    expect(words).not.toContain('kg');
    expect(words).not.toContain(lang === 'vi' ? 'Methamphetamine' : 'LSD');
    // the unknown goods the example plants are data as written
    expect(b.exempt).toEqual(expect.arrayContaining(['nước vui', 'Erimin 5', 'kretek cigarettes']));
  });

  it('holds no English label, vocabulary id or English vocabulary label outside data as written', () => {
    const b = builds.get(lang)!;
    expect(b.files.flatMap((file) => englishIn(file, lang, b.exempt).map((f) => `${file.slice(b.dir.length + 1)}: ${f}`))).toEqual([]);
  });
});

/** The English found in one output file, each with where its word comes from and its context. */
function englishIn(file: string, lang: Lang, exemptData: readonly string[]): string[] {
  const words = forbidden(lang).map((f) => ({ ...f, re: wordRegExp(f.text, f.caseSensitive) }));
  let text = textOf(file);
  // a table cell wraps: pdftotext may give a name's first line, then other cells, then its last line
  if (file.endsWith('.pdf')) text = text.split('\n').map((line) => withoutWrappedData(line, exemptData)).join('\n');
  text = text.replace(/\s+/g, ' ');
  for (const e of exemptData) text = text.replace(new RegExp(wordRegExp(e, true).source, 'gu'), ' ');
  const found: string[] = [];
  for (const w of words) {
    const m = w.re.exec(text);
    if (m) found.push(`"${w.text}" (${w.why}) in …${text.slice(Math.max(0, m.index - 40), m.index + w.text.length + 40)}…`);
  }
  return found;
}

/**
 * A line of PDF text without what ends it as the start (or begins it as the end) of a data phrase,
 * two words or more of it; a line that is only a run of two or more words from inside one is empty.
 */
function withoutWrappedData(line: string, exemptData: readonly string[]): string {
  let out = line.trim();
  for (const e of exemptData) {
    const words = e.split(/\s+/);
    const inner = out.split(/\s+/);
    if (inner.length >= 2 && words.some((_, i) => words.slice(i, i + inner.length).join(' ') === out)) return '';
    for (let k = words.length - 1; k >= 2; k--) {
      const head = words.slice(0, k).join(' ');
      const tail = words.slice(words.length - k).join(' ');
      if (out.endsWith(head) && (out.length === head.length || /\s/.test(out[out.length - head.length - 1]!))) out = out.slice(0, out.length - head.length);
      else if (out.startsWith(tail) && (out.length === tail.length || /\s/.test(out[tail.length]!))) out = out.slice(tail.length);
      else continue;
      break;
    }
  }
  return out;
}

it('finds English where there is some: the English report, checked as if it were Vietnamese', async () => {
  const dir = tempDir();
  const json = join(dir, 'run.json');
  const r = await runCli(['build', '--campaign', EXAMPLE, '--phase', 'p3', '--format', 'md', '--out', dir, '--report-json', json], { env: { SOURCE_DATE_EPOCH: '1725148800' } });
  expect(r.code, r.stderr).toBe(0);
  const found = englishIn(join(dir, 'op-mekong-shield-p3.md'), 'vi', dataAsWritten(json)).map((f) => f.slice(0, f.indexOf(' in …')));
  expect(found).toEqual(expect.arrayContaining(['"Seizures" (en.json labels.seizures)', '"Pangolin scales" (vocabulary label "Pangolin scales")', '"inside timber logs" (vocabulary label "inside timber logs")']));
});

describe('fonts embedded in the PDFs', () => {
  function fonts(file: string): { name: string; type: string; emb: string }[] {
    const r = spawnSync('pdffonts', [file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        // name, type (may hold spaces), encoding, emb, sub, uni, object, id
        const cols = l.trim().split(/\s+/);
        return { name: cols[0]!, type: cols.slice(1, -6).join(' '), emb: cols[cols.length - 5]! };
      });
  }
  /** Font names the PDF's font descriptors give (Type 3 fonts have no name in pdffonts but keep the face's in their descriptor). */
  const descriptorNames = (file: string) => [...readFileSync(file).toString('latin1').matchAll(/\/FontName\s*\/([^\s/>]+)/g)].map((m) => m[1]!.replace(/^[A-Z]{6}\+/, ''));

  it('ko: every font embedded, Hangul in Noto Sans CJK KR', () => {
    const file = join(builds.get('ko')!.dir, 'out', 'op-mekong-shield-p3.ko.pdf');
    const list = fonts(file);
    expect(list.length).toBeGreaterThan(0);
    expect(list.filter((f) => f.emb !== 'yes')).toEqual([]);
    // Chromium writes the CJK face (CFF outlines) as Type 3 fonts
    expect(list.some((f) => f.type === 'Type 3')).toBe(true);
    expect(descriptorNames(file)).toEqual(expect.arrayContaining(['NotoSansCJKkr-Regular', 'NotoSansCJKkr-Bold']));
    expect(pdfText(file)).toContain('합동단속 결과');
  });

  it('en: no CJK face (Chromium writes its CFF outlines as Type 3 fonts: ~0.6 s more to print the example); the flows\' arrow, which Noto Sans lacks, from DejaVu Sans', async () => {
    const dir = tempDir();
    const r = await runCli(['build', '--campaign', EXAMPLE, '--phase', 'p3', '--format', 'pdf', '--out', dir, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const file = join(dir, 'op-mekong-shield-p3.pdf');
    const faces = descriptorNames(file);
    expect(faces.filter((f) => /CJK/.test(f))).toEqual([]);
    expect(faces).toEqual(expect.arrayContaining(['NotoSans-Regular', 'NotoSans-Bold', 'DejaVuSans']));
    expect(pdfText(file)).toContain('China → Vietnam');
  });

  it('vi: every font embedded, the text in Noto Sans', () => {
    const file = join(builds.get('vi')!.dir, 'out', 'op-mekong-shield-p3.vi.pdf');
    const list = fonts(file);
    expect(list.filter((f) => f.emb !== 'yes')).toEqual([]);
    expect(list.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(expect.arrayContaining(['NotoSans-Regular', 'NotoSans-Bold']));
    expect(pdfText(file)).toContain('Số liệu chính');
  });
});
