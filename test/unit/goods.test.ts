import { describe, expect, it, vi } from 'vitest';
import { builtinGoodsFiles, goodsVocabulary, UNCLASSIFIED, type VocabularyExtension } from '../../src/normalize/goods.js';

describe('goodsVocabulary: lookup', () => {
  const v = goodsVocabulary();

  it.each([
    ['methamphetamine', 'methamphetamine'],
    ['  METH ', 'methamphetamine'], // case and surrounding spaces
    ['crystal   meth', 'methamphetamine'], // runs of spaces
    ['crystal_meth', 'methamphetamine'], // underscores
    ['Cigarillo', 'cigars'],
    ['Cigarillos', 'cigars'], // a plural s
    ['vapes', 'e-cigarettes'],
    ['ma tuy da', 'methamphetamine'], // Vietnamese without diacritics, unambiguous
    ['MA TÚY ĐÁ', 'methamphetamine'],
    ['thuoc la dien tu', 'e-cigarettes'],
    ['Methamphetamine', 'methamphetamine'], // the English label
    ['메트암페타민', 'methamphetamine'], // the Korean label
  ])('%j → %s', (raw, id) => {
    expect(v.lookup(raw)?.id).toBe(id);
  });

  it.each(['', 'weapons', 'kretek cigarettes', 's', 'Other Drugs**'])('%j is not a good', (raw) => {
    expect(v.lookup(raw)).toBeUndefined();
  });

  it('a good carries its commodity, group, labels in en, vi and ko, and usual units', () => {
    expect(v.lookup('ngà voi')).toMatchObject({ id: 'ivory', commodity: 'cites', group: 'mammals', labels: { en: 'Ivory', vi: 'Ngà voi', ko: '상아' } });
    expect(v.good('cigarettes')?.units).toEqual(['sticks']);
    expect(v.good('raw-tobacco')?.units).toContain('kg');
  });

  it('usual units of a commodity are those of its goods together, in canonical order', () => {
    expect(v.usualUnits('drugs')).toEqual(['kg', 'l', 'pieces']);
    expect(v.usualUnits('tobacco')!.indexOf('sticks')).toBeGreaterThan(-1);
    expect(v.usualUnits('weapons')).toBeUndefined();
  });

  it('group labels, by commodity or by group id alone; unclassified has labels too', () => {
    expect(v.groupLabel('drugs', 'ats', 'en')).toBe('Amphetamine-type stimulants');
    expect(v.groupLabel('tobacco', 'ats', 'en')).toBeUndefined();
    expect(v.anyGroupLabel('table-i', 'en')).toBe(v.groupLabel('precursors', 'table-i', 'en'));
    expect(v.groupLabel('cites', UNCLASSIFIED, 'vi')).toBe('Chưa phân loại');
    expect(v.anyGroupLabel(UNCLASSIFIED, 'ko')).toBe('미분류');
  });

  it('kg equivalents: UNODC 1 kg per litre, 100 mg per ATS tablet (stated), nothing invented', () => {
    expect(v.good('cocaine')?.kgEquivalent).toEqual({ l: 1 });
    expect(v.good('mdma')?.kgEquivalent).toEqual({ pieces: 0.0001 });
    expect(v.good('heroin')?.kgEquivalent).toEqual({});
  });

  it('is versioned per commodity file', () => {
    expect(v.version).toBe(builtinGoodsFiles().map((f) => `${f.commodity}.${f.version}`).join('+'));
    expect(v.version).toBe('drugs.1+precursors.1+cites.1+tobacco.1');
    expect(goodsVocabulary()).toBe(v); // built once per thread
  });
});

describe('goodsVocabulary: a campaign extends it', () => {
  const ext = {
    goods: [{ commodity: 'drugs', id: 'captagon-pills', group: 'ats', labels: { en: 'Captagon' }, aliases: ['captagon tablets'], units: ['pieces' as const], kg_equivalent: { pieces: 0.00017 } }],
    aliases: { 'blue ice': 'methamphetamine' },
    kg_equivalent: { mdma: { pieces: 0.0003 } },
  };
  const v = goodsVocabulary(ext);

  it('adds goods (labels fall back to English), aliases and kg factors', () => {
    expect(v.lookup('Captagon tablets')).toMatchObject({ id: 'captagon-pills', commodity: 'drugs', group: 'ats', labels: { en: 'Captagon', vi: 'Captagon', ko: 'Captagon' } });
    expect(v.lookup('blue ice')?.id).toBe('methamphetamine');
    expect(v.good('mdma')?.kgEquivalent).toEqual({ pieces: 0.0003 });
    expect(v.good('captagon-pills')?.kgEquivalent).toEqual({ pieces: 0.00017 });
    expect(goodsVocabulary().lookup('blue ice')).toBeUndefined(); // the built-in one is untouched
  });

  it('has a version of its own, so partials made with another vocabulary are told apart', () => {
    expect(v.version).toMatch(/^drugs\.1\+precursors\.1\+cites\.1\+tobacco\.1\+campaign\.[0-9a-f]{8}$/);
    expect(goodsVocabulary({ ...ext }).version).toBe(v.version);
    expect(goodsVocabulary({ aliases: { 'blue ice': 'mdma' } }).version).not.toBe(v.version);
    expect(goodsVocabulary({}).version).toBe(goodsVocabulary().version);
  });

  it('refuses an alias to a good it does not have, and an id defined twice', () => {
    expect(() => goodsVocabulary({ aliases: { x: 'unobtainium' } })).toThrow('aliases.subtype: "x" names "unobtainium", which is not a good of the vocabulary');
    expect(() => goodsVocabulary({ goods: [{ commodity: 'drugs', id: 'heroin', group: 'opioids' }] })).toThrow('id "heroin" is defined twice');
  });
});

/**
 * goods.ts builds the built-in vocabulary once per module; the tests above share one built while
 * the file loads. These build theirs inside the test (a fresh module), so that every rule of the
 * loader is exercised by the test that checks it.
 */
async function freshVocabulary(ext?: VocabularyExtension) {
  vi.resetModules();
  const { goodsVocabulary: build } = await import('../../src/normalize/goods.js');
  return build(ext);
}

describe('goodsVocabulary: built in the test', () => {
  it('a plural s (either case) is dropped only from a spelling of more than three characters, at its end', async () => {
    const v = await freshVocabulary();
    expect(v.lookup('Methamphetamines')?.id).toBe('methamphetamine');
    expect(v.lookup(' ICES ')?.id).toBe('methamphetamine');
    expect(v.lookup('xtcs')?.id).toBe('mdma');
    expect(v.lookup('kes')).toBeUndefined(); // "ke" is ketamine, but three characters are not a plural
    expect(v.lookup('smethamphetamine')).toBeUndefined();
    expect(v.lookup('methamphetaminess')).toBeUndefined();
    expect(v.lookup('s')).toBeUndefined();
  });

  it('groups, goods, units and version of the built-in files', async () => {
    const v = await freshVocabulary();
    expect(v.groupLabel('drugs', 'ats', 'vi')).toBe('Chất kích thích dạng amphetamine (ATS)');
    expect(v.groupLabel('drugs', 'mammals', 'en')).toBeUndefined();
    expect(v.groupLabel('cites', 'mammals', 'en')).toBe(v.anyGroupLabel('mammals', 'en'));
    expect(v.anyGroupLabel('no-such-group', 'en')).toBeUndefined();
    expect(v.anyGroupLabel(UNCLASSIFIED, 'en')).toBe('Unclassified');
    expect(v.good('heroin')).toMatchObject({ id: 'heroin', commodity: 'drugs', group: 'opioids' });
    expect(v.good('no-such-good')).toBeUndefined();
    expect(v.usualUnits('drugs')).toEqual(['kg', 'l', 'pieces']);
    expect(v.goods.length).toBe(builtinGoodsFiles().reduce((n, f) => n + f.goods.length, 0));
    expect(v.goods[0]?.id).toBe('methamphetamine');
    expect(v.version).toBe('drugs.1+precursors.1+cites.1+tobacco.1');
  });

  it("a campaign's good: labels fall back to English then the id, units to kg; its aliases, the campaign's aliases and kg factors", async () => {
    const ext: VocabularyExtension = {
      goods: [
        { commodity: 'drugs', id: 'betel-quid', group: 'other-drugs', labels: { en: 'Betel quid', vi: 'Trầu cau' } },
        { commodity: 'cites', id: 'serow-horn', group: 'mammals', aliases: ['sừng sơn dương'], units: ['pieces'] },
      ],
      aliases: { 'blue ice': 'methamphetamine' },
      kg_equivalent: { mdma: { pieces: 0.0003 } },
    };
    const v = await freshVocabulary(ext);
    expect(v.good('betel-quid')).toEqual({ id: 'betel-quid', commodity: 'drugs', group: 'other-drugs', labels: { en: 'Betel quid', vi: 'Trầu cau', ko: 'Betel quid' }, units: ['kg'], kgEquivalent: {} });
    expect(v.lookup('trầu cau')?.id).toBe('betel-quid');
    expect(v.good('serow-horn')?.labels).toEqual({ en: 'serow-horn', vi: 'serow-horn', ko: 'serow-horn' });
    expect(v.lookup('Sừng sơn dương')?.id).toBe('serow-horn');
    expect(v.usualUnits('cites')).toContain('pieces');
    expect(v.lookup('Blue Ice')?.id).toBe('methamphetamine');
    expect(v.good('mdma')?.kgEquivalent).toEqual({ pieces: 0.0003 });
    expect(v.good('cocaine')?.kgEquivalent).toEqual({ l: 1 });
    expect(v.goods.at(-1)?.id).toBe('serow-horn');
  });

  it('an extension with kg factors alone is an extension (its own version); the same object is built once', async () => {
    const ext: VocabularyExtension = { kg_equivalent: { mdma: { pieces: 0.0003 } } };
    vi.resetModules();
    const { goodsVocabulary: build } = await import('../../src/normalize/goods.js');
    const v = build(ext);
    expect(v.good('mdma')?.kgEquivalent).toEqual({ pieces: 0.0003 });
    expect(v.version).toMatch(/\+campaign\.[0-9a-f]{8}$/);
    expect(build(ext)).toBe(v);
    expect(build({ goods: [], aliases: {}, kg_equivalent: {} })).toBe(build());
  });

  it('a data file names its goods by kebab-case ids, and says so', async () => {
    vi.resetModules();
    const { goodSchema: schema } = await import('../../src/normalize/goods.js');
    const good = (id: string) => ({ id, group: 'ats', labels: { en: 'a', vi: 'b', ko: 'c' }, units: ['kg'] });
    expect(schema.safeParse(good('crystal-meth-2')).success).toBe(true);
    for (const id of ['Crystal-meth', 'crystal-meth ', ' crystal-meth', 'crystal--meth', '-meth', 'meth-']) expect(schema.safeParse(good(id)).success, id).toBe(false);
    expect(schema.safeParse({ ...good('meth'), aliases: undefined }).data?.aliases).toEqual([]);
    const r = schema.safeParse({ id: 'Crystal Meth', group: 'ats', labels: { en: 'a', vi: 'b', ko: 'c' }, units: ['kg'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['id', 'expected a lowercase kebab-case id, got "Crystal Meth"']]);
  });
});
