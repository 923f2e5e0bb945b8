import { afterAll, describe, expect, it } from 'vitest';
import { buildSummaryModel } from '../../src/aggregate/summary-model.js';
import { CampaignReportError } from '../../src/errors.js';
import { loadLocale } from '../../src/render/locale.js';
import { compileTemplates, escapeStrings, loadTemplateSet, plainText, type TemplateFormat } from '../../src/render/templates.js';
import { campaign, collect } from '../helpers/summary-records.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const EN = loadLocale('en');
const VI = loadLocale('vi');

/** A template set from sources: `report` and its partials. */
function set(templates: Record<string, string>) {
  return new Map(Object.entries(templates).map(([name, source]) => [name, { name, file: `/tpl/${name}.hbs`, source }]));
}
const render = (source: string, model: object, format: TemplateFormat = 'md', loc = EN) => compileTemplates(set({ report: source }), format, loc)(model);

function templateError(fn: () => unknown): CampaignReportError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CampaignReportError);
    expect((err as CampaignReportError).code).toBe('TEMPLATE_ERROR');
    return err as CampaignReportError;
  }
  throw new Error('no TEMPLATE_ERROR');
}

describe('compileTemplates: escaping per format', () => {
  it('Markdown: data strings escaped, codes the tool produced left for the helpers', () => {
    expect(render('{{name}} / {{commodity commodity}} / {{join participants ", "}}', { name: 'a|b *x* [l](javascript:1)', commodity: 'drugs', participants: ['x_y', 'z'] })).toBe(
      'a\\|b \\*x\\* \\[l\\]\\(javascript:1\\) / Drugs / x\\_y, z',
    );
  });

  it('HTML: Handlebars escapes every value', () => {
    expect(render('{{name}}', { name: '<b>"&"</b>' }, 'html')).toBe('&lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;');
  });

  it('plain text: a value stays on its line and carries no terminal escape', () => {
    expect(render('[{{name}}]', { name: 'a\nb\tc\u001b[31m\u202e' }, 'txt')).toBe('[a b c[31m]');
    expect(plainText('x\r\ny')).toBe('x y');
  });

  it('escapeStrings leaves numbers, code fields and lists of codes as they are', () => {
    expect(escapeStrings({ n: 1.5, country: 'V|N', participants: ['A|B'], note: 'a|b', rows: [{ code: 'X_Y', label: 'x_y' }] })).toEqual({
      n: 1.5,
      country: 'V|N',
      participants: ['A|B'],
      note: 'a\\|b',
      rows: [{ code: 'X_Y', label: 'x\\_y' }],
    });
  });
});

describe('compileTemplates: helpers in the report language', () => {
  it('numbers: grouped, up to 3 decimals (or as asked), n/a when not a number', () => {
    const src = '{{int a}} {{num b}} {{num b 1}} {{num c}}';
    expect(render(src, { a: 1234567.891, b: 1234.56789, c: 'x' })).toBe('1,234,568 1,234.568 1,234.6 n/a');
    expect(render(src, { a: 1234567.891, b: 1234.56789, c: null }, 'md', VI)).toBe('1.234.568 1.234,568 1.234,6 k/c');
  });

  it('quantities with their unit label; changes as signed percentages', () => {
    expect(render('{{qty q "sticks"}}', { q: 200 }, 'md', VI)).toBe('200 điếu');
    const pct = (percent: number | null, loc = EN) => render('{{pct c}}', { c: { percent } }, 'md', loc);
    expect([pct(12.345), pct(-5), pct(0), pct(null), pct(12.345, VI), pct(null, VI)]).toEqual(['+12.3 %', '−5 %', '±0 %', 'n/a', '+12,3 %', 'k/c']);
  });

  it('dates, countries and labels', () => {
    expect(render('{{date d}}|{{date x}}', { d: '2024-07-15', x: 'soon' })).toBe('15 July 2024|');
    expect(render('{{date d}}', { d: '2024-07-15' }, 'md', VI)).toBe('15 tháng 7 năm 2024');
    expect(render('{{country a}}|{{country b}}|{{country c}}', { a: 'VN', b: 'ZZ', c: '' })).toBe('Vietnam|unknown|—');
    expect(render('{{t "phaseOf" n=2 of=3}}|{{t "noSuchLabel"}}|{{route "express"}}|{{reason "INVALID_DATE"}}', {})).toBe('Phase 2 of 3|noSuchLabel|Express courier|Invalid date');
    expect(render('{{t "phaseOf" n=2 of=3}}', {}, 'md', VI)).toBe('Giai đoạn 2/3');
  });

  it('eq, gt, add', () => {
    expect(render('{{#if (eq a "x")}}yes{{/if}} {{#if (gt n 2)}}big{{/if}} {{add n 1}}', { a: 'x', n: 3 })).toBe('yes big 4');
  });
});

describe('compileTemplates: partials and errors, found before any data is read', () => {
  it('the other templates of the set are partials of report', () => {
    const fn = compileTemplates(set({ report: '{{#each rows}}{{> row}}{{/each}}', row: '[{{name}}]' }), 'md', EN);
    expect(fn({ rows: [{ name: 'a' }, { name: 'b_c' }] })).toBe('[a][b\\_c]');
  });

  it('a missing partial names the file and line, and the partials there are', () => {
    const err = templateError(() => compileTemplates(set({ report: 'x\n{{> nope}}', row: '' }), 'md', EN));
    expect(err.message).toBe('/tpl/report.hbs:2: partial "nope" not found');
    expect(err.hint).toBe('partials available: row');
  });

  it('a syntax error names the file and line', () => {
    const err = templateError(() => compileTemplates(set({ report: 'ok\n{{#if a}}\nno end' }), 'html', EN));
    expect(err.message).toMatch(/^\/tpl\/report\.hbs:\d+: /);
  });

  it('an error while rendering is a TEMPLATE_ERROR too', () => {
    const fn = compileTemplates(set({ report: '{{> (lookup . "which")}}' }), 'md', EN);
    expect(templateError(() => fn({ which: 'ghost' })).message).toContain('ghost');
  });

  it('templates cannot reach prototype properties of the model', () => {
    expect(render('[{{constructor}}]', {}, 'html')).toBe('[]');
  });
});

describe('loadTemplateSet', () => {
  it("the defaults, each replaced by the user's file of the same name; new names become partials", () => {
    const dir = tempDir({ 'md/annex.hbs': 'MY ANNEX', 'md/extra.hbs': 'EXTRA', 'md/notes.txt': 'ignored' });
    const defaults = loadTemplateSet('md', undefined);
    const own = loadTemplateSet('md', dir);
    expect([...defaults.keys()].sort()).toEqual(['annex', 'charts', 'cover', 'executive', 'headline', 'report', 'tables']);
    expect([...own.keys()].sort()).toEqual(['annex', 'charts', 'cover', 'executive', 'extra', 'headline', 'report', 'tables']);
    expect(own.get('annex')).toMatchObject({ source: 'MY ANNEX', file: `${dir}/md/annex.hbs` });
    expect(own.get('report')!.source).toBe(defaults.get('report')!.source);
  });

  it('a template family in its own subfolder (summary); no report.hbs is an error', () => {
    const dir = tempDir({ 'summary/txt/report.hbs': 'SUMMARY' });
    expect(loadTemplateSet('txt', dir, 'summary').get('report')!.source).toBe('SUMMARY');
    expect(() => loadTemplateSet('txt', undefined)).toThrow('no txt/report.hbs template found');
  });

  it('every default template compiles in every language, and the plain-text summary shows the figures', () => {
    for (const loc of [EN, VI]) {
      for (const f of ['md', 'html'] as const) expect(typeof compileTemplates(loadTemplateSet(f, undefined), f, loc)).toBe('function');
      for (const f of ['md', 'html', 'txt'] as const) expect(typeof compileTemplates(loadTemplateSet(f, undefined, 'summary'), f, loc)).toBe('function');
    }
    const model = buildSummaryModel({ campaign, collector: collect(), buckets: { read: 9, accepted: 9, rejected: 0, duplicates: 0, out_of_scope: 0 }, rejected: [], generatedAt: null });
    const text = compileTemplates(loadTemplateSet('txt', undefined, 'summary'), 'txt', EN)({ ...model, lang: 'en' });
    expect(text.split('\n').slice(0, 3)).toEqual(['Test campaign — Nightly summary', 'Window: 9 August 2024 – 10 August 2024 (2 days)', 'Phase: August, day 10 of 31']);
  });
});
