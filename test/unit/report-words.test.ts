/**
 * Data in the report's language: the words unit spellings are (unit.ts), the
 * concealment and detection methods (methods.ts), phase names that are
 * defaults (phase-name.ts) and the template helpers that use them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinMethods, methodLabeller, methodsFileSchema } from '../../src/normalize/methods.js';
import { isSelfConversion, unitWordOf } from '../../src/normalize/unit.js';
import { DEFAULT_TEMPLATES, loadLocale } from '../../src/render/locale.js';
import { localizePhaseName } from '../../src/render/phase-name.js';
import { compileTemplates, type TemplateFormat } from '../../src/render/templates.js';

const EN = loadLocale('en');
const VI = loadLocale('vi');
const KO = loadLocale('ko');

describe('unitWordOf', () => {
  it.each([
    ['g', 'g'], ['gam', 'g'], ['그램', 'g'], ['GR', 'g'],
    ['kg', 'kg'], ['킬로그램', 'kg'], ['ký', 'kg'],
    ['tấn', 't'], ['mg', 'mg'], ['lbs', 'lb'], ['ounce', 'oz'],
    ['lít', 'l'], ['ml', 'ml'], ['cl', 'cl'], ['cbm', 'm3'],
    ['pcs', 'piece'], ['cái', 'piece'], ['개', 'piece'],
    ['tablets', 'tablet'], ['tabs', 'tablet'], ['viên', 'tablet'], ['정', 'tablet'],
    ['specimens', 'specimen'], ['cá thể', 'specimen'], ['heads', 'specimen'], ['마리', 'specimen'],
    ['pairs', 'pair'], ['đôi', 'pair'],
    ['sticks', 'stick'], ['điếu', 'stick'], ['개비', 'stick'], ['cigarettes', 'stick'],
    ['kiện', 'package'], ['parcels', 'package'], ['box', 'box'], ['hộp', 'box'], ['상자', 'box'], ['túi', 'bag'], ['flasks', 'flask'],
    ['m', 'm'], ['cm', 'cm'], ['mm', 'mm'], ['m²', 'm2'], ['cm2', 'cm2'],
    ['pack', 'pack'], ['bao', 'pack'], ['갑', 'pack'],
    ['cartons', 'carton'], ['cây', 'carton'], ['tút', 'carton'], ['보루', 'carton'],
  ])('%j is the word %s', (raw, word) => {
    expect(unitWordOf(raw)).toBe(word);
  });

  it('knows no word for what is no unit', () => {
    expect(unitWordOf('bottles')).toBeUndefined();
    expect(unitWordOf('')).toBeUndefined();
  });

  it('every word has a label in every locale', () => {
    const words = new Set(['g', 'kg', 't', 'mg', 'lb', 'oz', 'l', 'ml', 'cl', 'm3', 'piece', 'tablet', 'specimen', 'pair', 'stick', 'package', 'box', 'bag', 'flask', 'm', 'cm', 'mm', 'm2', 'cm2', 'pack', 'carton']);
    for (const loc of [EN, VI, KO]) expect(new Set(Object.keys(loc.unitWords))).toEqual(words);
  });
});

describe('isSelfConversion', () => {
  it.each([
    [{ from: 'pcs', factor: 1, unit: 'pieces' }, true],
    [{ from: 'cái', factor: 1, unit: 'pieces' }, true],
    [{ from: '킬로그램', factor: 1, unit: 'kg' }, true],
    [{ from: 'lít', factor: 1, unit: 'l' }, true],
    [{ from: '개비', factor: 1, unit: 'sticks' }, true],
    [{ from: 'kiện', factor: 1, unit: 'packages' }, true],
    [{ from: 'mét', factor: 1, unit: 'm' }, true],
    [{ from: 'm²', factor: 1, unit: 'm2' }, true],
    // a different word, or another factor, is a conversion
    [{ from: 'tablets', factor: 1, unit: 'pieces' }, false],
    [{ from: 'cây', factor: 1, unit: 'packages' }, false],
    [{ from: 'g', factor: 0.001, unit: 'kg' }, false],
    [{ from: 'pcs', factor: 2, unit: 'pieces' }, false],
    [{ from: 'carton', factor: 200, unit: 'sticks' }, false],
    [{ from: 'bottles', factor: 1, unit: 'pieces' }, false],
    [{ from: 'kg', factor: 1, unit: 'tonnes' }, false],
  ])('%j → %s', (c, self) => {
    expect(isSelfConversion(c)).toBe(self);
  });
});

describe('methodLabeller (built-in methods)', () => {
  const label = methodLabeller();

  it('gives a known concealment in the report language, from any of its spellings', () => {
    expect(label('concealment', 'inside timber logs', 'vi')).toBe('giấu trong khúc gỗ');
    expect(label('concealment', 'Inside  Timber logs ', 'ko')).toBe('원목 속에 은닉');
    expect(label('concealment', 'giấu trong bao gạo', 'en')).toBe('in sacks of rice');
    expect(label('concealment', 'giau trong bao gao', 'ko')).toBe('쌀 포대 속에 은닉'); // without diacritics
    expect(label('concealment', 'in rice sacks', 'vi')).toBe('giấu trong bao gạo'); // an alias
    expect(label('concealment', '원목 속에 은닉', 'en')).toBe('inside timber logs'); // a label is a spelling too
  });

  it('labels each ;-separated part, and keeps unknown parts as written', () => {
    expect(label('concealment', 'giấu sau vách ngăn container; khai báo là phế liệu nhựa', 'en')).toBe('behind a false wall in the container; declared as plastic scrap');
    expect(label('concealment', 'in the fuel tank ;  wrapped in foil', 'vi')).toBe('giấu trong bình xăng; wrapped in foil');
  });

  it('keeps a cell it knows nothing of exactly as written', () => {
    expect(label('concealment', '  wrapped in foil ;foil  ', 'vi')).toBe('  wrapped in foil ;foil  ');
    expect(label('concealment', '', 'vi')).toBe('');
    // a detection method is not a concealment
    expect(label('concealment', 'x-ray', 'vi')).toBe('x-ray');
  });

  it('gives detection methods, and English for a language the data has no labels in', () => {
    expect(label('detection', 'x-ray', 'vi')).toBe('Soi chiếu X-quang');
    expect(label('detection', 'detector dog', 'ko')).toBe('탐지견');
    expect(label('detection', 'Chó nghiệp vụ', 'fr')).toBe('Detector dog');
  });

  it('reads a methods file of its own', () => {
    const own = methodLabeller({ version: 1, concealment: [{ id: 'a', labels: { en: 'A', vi: 'Á', ko: '에이' }, aliases: ['alpha'] }], detection: [] });
    expect(own('concealment', 'ALPHA', 'ko')).toBe('에이');
    expect(own('concealment', 'inside timber logs', 'ko')).toBe('inside timber logs');
  });

  it('the data file: ids unique, every label and alias leads to one method only', () => {
    const file = builtinMethods();
    expect(methodsFileSchema.safeParse(file).success).toBe(true);
    for (const kind of ['concealment', 'detection'] as const) {
      const ids = file[kind].map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      const seen = new Map<string, string>();
      for (const m of file[kind]) {
        for (const s of [...Object.values(m.labels), ...m.aliases]) {
          const k = s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
          if (seen.has(k) && seen.get(k) !== m.id) throw new Error(`${kind}: "${s}" names ${seen.get(k)} and ${m.id}`);
          seen.set(k, m.id);
        }
      }
    }
    const raw = JSON.parse(readFileSync(path.join(DEFAULT_TEMPLATES, '../src/data/methods.json'), 'utf8')) as { version: number };
    expect(raw.version).toBe(1);
  });
});

describe('localizePhaseName', () => {
  it.each([
    ['Phase 1', 'vi', 'Giai đoạn 1'],
    ['phase 02', 'ko', '제2단계'],
    ['August', 'vi', 'Tháng 8'],
    ['August', 'ko', '8월'],
    ['Aug', 'ko', '8월'],
    ['Sept', 'vi', 'Tháng 9'],
    ['july 2024', 'ko', '2024년 7월'],
    ['July 2024', 'vi', 'Tháng 7 năm 2024'],
    ['2024-07', 'ko', '2024년 7월'],
    ['2024-Q3', 'vi', 'Quý 3 năm 2024'],
    ['Q3 2024', 'ko', '2024년 3분기'],
    ['FY2019', 'ko', '2019 회계연도'],
    ['FY 2019', 'vi', 'Năm tài chính 2019'],
  ])('%j in %s → %j', (name, lang, expected) => {
    expect(localizePhaseName(name, lang === 'vi' ? VI : KO)).toBe(expected);
  });

  it.each(['Phase 2 — Intensified controls', 'Tháng Tám', 'Mayday', '2024-13', 'Q5 2024', 'Operation July', 'Ma'])('keeps %j as written', (name) => {
    expect(localizePhaseName(name, VI)).toBe(name);
    expect(localizePhaseName(name, KO)).toBe(name);
  });

  it('English reports show every name as written', () => {
    for (const name of ['Phase 1', 'August', '2024-07', '2024-Q3']) expect(localizePhaseName(name, EN)).toBe(name);
  });
});

describe('template helpers for data in the report language', () => {
  const set = (source: string) => new Map([['report', { name: 'report', file: 'report.hbs', source }]]);
  const render = (source: string, model: object, format: TemplateFormat, loc = VI) =>
    compileTemplates(set(source), format, loc, { good: (id, lang) => (id === 'pangolin-scales' ? `scales in ${lang}` : undefined) })(model);

  it('good: the vocabulary label in the report language, an unknown good as written (escaped once)', () => {
    expect(render('{{good a}}|{{good b}}', { a: 'pangolin-scales', b: 'nước [vui]' }, 'md')).toBe('scales in vi|nước \\[vui\\]');
    expect(render('{{good a}}|{{good b}}', { a: 'pangolin-scales', b: '<b>' }, 'html', KO)).toBe('scales in ko|&lt;b&gt;');
  });

  it('concealmentLabel and detectionLabel: known methods translated, Markdown escapes undone for the lookup', () => {
    expect(render('{{concealmentLabel c}}', { c: 'body packing (swallowed pellets)' }, 'md')).toBe('nuốt vào bụng \\(dạng viên bọc\\)');
    expect(render('{{concealmentLabel c}}', { c: 'under *the* seat' }, 'md')).toBe('under \\*the\\* seat');
    expect(render('{{detectionLabel d}}', { d: 'x-ray' }, 'html', KO)).toBe('X-ray 검색');
    expect(render('{{concealmentLabel c}}', { c: 'in sacks of rice' }, 'txt', KO)).toBe('쌀 포대 속에 은닉');
  });

  it('phaseName: defaults in the report language', () => {
    expect(render('{{phaseName p}} / {{t "headlineNote" prev=(phaseName q)}}', { p: 'Phase 3', q: 'August' }, 'md')).toBe('Giai đoạn 3 / Mức thay đổi so với giai đoạn trước, Tháng 8.');
  });

  it('localConversions: words of the locale, self conversions dropped, one row per word', () => {
    const conversions = [
      { from: 'tablets', factor: 1, unit: 'pieces', count: 3 },
      { from: 'viên', factor: 1, unit: 'pieces', count: 4 },
      { from: 'pcs', factor: 1, unit: 'pieces', count: 9 },
      { from: 'cây', factor: 200, unit: 'sticks', count: 2 },
      { from: 'g', factor: 0.001, unit: 'kg', count: 5 },
      { from: 'bottles', factor: 1, unit: 'pieces', count: 1 },
    ];
    const tpl = '{{#each (localConversions list)}}{{label}} = {{count}}\n{{/each}}';
    expect(render(tpl, { list: conversions }, 'md')).toBe('bottles × 1 → cá thể/viên = 1\ncây × 200 → điếu = 2\ng × 0,001 → kg = 5\nviên × 1 → cá thể/viên = 7\n');
    expect(render(tpl, { list: conversions }, 'html', KO)).toBe('bottles × 1 → 개 = 1\ng × 0.001 → kg = 5\n보루 × 200 → 개비 = 2\n정 × 1 → 개 = 7\n');
    expect(render(tpl, { list: conversions }, 'md', EN)).toBe('bottles × 1 → pieces = 1\ncartons × 200 → sticks = 2\ng × 0.001 → kg = 5\ntablets × 1 → pieces = 7\n');
    expect(render(tpl, { list: 'none' }, 'md')).toBe('');
  });
});

describe('rejection reasons', () => {
  it('every code that rejects a record has a label in every locale', () => {
    const source = readFileSync(path.join(DEFAULT_TEMPLATES, '../src/core/diagnostic.ts'), 'utf8');
    const errors = source.slice(source.indexOf('// errors: the record is rejected'), source.indexOf('// warnings'));
    const codes = [...errors.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
    expect(codes).toContain('MALFORMED_XLSX');
    for (const loc of [EN, VI, KO]) expect(codes.filter((c) => !loc.reasons[c])).toEqual([]);
  });
});
