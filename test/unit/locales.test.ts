import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, loadLocale } from '../../src/render/locale.js';

/** Every locale file of templates/locales/, read from the folder (a new file is tested without editing this test). */
const DIR = path.join(DEFAULT_TEMPLATES, 'locales');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const read = (file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Record<string, unknown>;
const EN = read('en.json');

/** Leaf values by dotted path (`labels.phaseOf`; `directions.` is the empty-key entry). */
function leaves(v: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) leaves(x, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, v);
  }
  return out;
}
const EN_LEAVES = leaves(EN);

/** The names of the `{name}` and `{name:lower}` placeholders a label has (src/render/fill.ts). */
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{([A-Za-z]+)(?::lower)?\}/g)].map((m) => m[1]!))].sort();
/** Whether a label has the placeholder `name`, in either form. */
const hasPlaceholder = (s: string, name: string) => s.includes(`{${name}}`) || s.includes(`{${name}:lower}`);

/**
 * Translated locales: no displayed value may still be the English one, except
 * these, which are the same in every language:
 * - `directions.` — the em dash shown for a record without a direction;
 * - `units.kg`, `units.m`, `units.m2` — SI symbols;
 * - the symbols among `unitWords` (g, mg, lb, oz, ml, cl, m³, cm, mm, m², cm²).
 */
const TRANSLATED = ['ko', 'vi'];
// labels.execQuantityItem is only placeholders ("{commodity} {quantities}"): a language may reorder them, none has words to translate.
// labels.periodRange is a pattern of placeholders and a dash, the same in Vietnamese
const SYMBOL_WORDS = ['kg', 'g', 'mg', 'lb', 'oz', 'ml', 'cl', 'm3', 'm', 'cm', 'mm', 'm2', 'cm2'];
const SAME_AS_ENGLISH = new Set(['directions.', 'units.kg', 'units.m', 'units.m2', 'labels.execQuantityItem', 'labels.periodRange', ...SYMBOL_WORDS.map((w) => `unitWords.${w}`)]);
const DISPLAYED = ['labels', 'commodities', 'routes', 'directions', 'units', 'unitWords', 'reasons'];

it('templates/locales/ holds en and the translated locales', () => {
  expect(FILES).toContain('en.json');
  for (const l of TRANSLATED) expect(FILES).toContain(`${l}.json`);
});

describe.each(FILES)('%s', (file) => {
  const name = file.slice(0, -'.json'.length);
  const loc = read(file);
  const own = leaves(loc);

  it('has exactly the keys of en.json', () => {
    const missing = [...EN_LEAVES.keys()].filter((k) => !own.has(k));
    const extra = [...own.keys()].filter((k) => !EN_LEAVES.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('has no empty value, and only strings', () => {
    const bad = [...own].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('keeps every {placeholder} of the English string', () => {
    const lost: string[] = [];
    for (const [k, en] of EN_LEAVES) {
      const v = own.get(k);
      if (typeof en !== 'string' || typeof v !== 'string') continue;
      for (const p of placeholders(en)) if (!hasPlaceholder(v, p)) lost.push(`${k}: {${p}}`);
    }
    expect(lost).toEqual([]);
  });

  it('names itself after its file and loads', () => {
    expect(loc.locale).toBe(name);
    expect(loadLocale(name).labels).toEqual(loc.labels);
  });

  it('has a date-fns dateFormat', () => {
    expect(typeof loc.dateFormat).toBe('string');
    expect(() => format(new Date(2024, 6, 4), loc.dateFormat as string)).not.toThrow();
  });

  it.runIf(TRANSLATED.includes(name))('translates every displayed value', () => {
    const untranslated = [...own]
      .filter(([k, v]) => DISPLAYED.includes(k.split('.')[0]!) && !SAME_AS_ENGLISH.has(k) && v === EN_LEAVES.get(k))
      .map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
    expect(untranslated).toEqual([]);
  });
});

describe('ko', () => {
  const ko = read('ko.json');

  it('formats numbers and dates as Korean official documents do', () => {
    expect(ko).toMatchObject({ numberLocale: 'ko-KR', decimal: '.', group: ',' });
    expect(format(new Date(2024, 6, 4), ko.dateFormat as string)).toBe('2024년 7월 4일');
  });
});
