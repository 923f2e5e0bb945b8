// Every spelling of the goods vocabulary (ids, labels, aliases of src/data/goods/*.json) is a
// claim: goods-spellings.tsv lists them all, and each must name its good through the loader.
// Deleting an alias from a data file fails the first test; a loader that drops or misfiles one
// fails the second. Adding an alias is editing the data file and this list (the diff shows both).
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const COMMODITIES = ['drugs', 'precursors', 'cites', 'tobacco'] as const;

const listed = readFileSync(new URL('./goods-spellings.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => {
    const [good, spelling] = l.split('\t') as [string, string];
    const [commodity, id] = good.split('/') as [string, string];
    return { commodity, id, spelling };
  });

interface GoodEntry {
  id: string;
  labels: Record<'en' | 'vi' | 'ko', string>;
  aliases?: string[];
}

describe('goods spellings (goods-spellings.tsv)', () => {
  it('lists exactly the spellings of the data files, in file order', () => {
    const inData: string[] = [];
    for (const c of COMMODITIES) {
      const file = JSON.parse(readFileSync(new URL(`../../src/data/goods/${c}.json`, import.meta.url), 'utf8')) as { goods: GoodEntry[] };
      for (const g of file.goods) for (const s of [g.id, g.labels.en, g.labels.vi, g.labels.ko, ...(g.aliases ?? [])]) inData.push(`${c}/${g.id}\t${s}`);
    }
    expect([...new Set(inData)]).toEqual(listed.map((x) => `${x.commodity}/${x.id}\t${x.spelling}`));
    expect(listed.length).toBeGreaterThan(500);
  });

  it('every listed spelling names its good and commodity through the loader, in any case', async () => {
    // A fresh module: the vocabulary is built once per module, and this test must be the one that builds it.
    vi.resetModules();
    const { goodsVocabulary } = await import('../../src/normalize/goods.js');
    const v = goodsVocabulary();
    for (const { commodity, id, spelling } of listed) {
      expect(v.lookup(spelling), spelling).toMatchObject({ id, commodity });
      expect(v.lookup(spelling.toUpperCase())?.id, spelling).toBe(id);
    }
    expect(v.goods.map((g) => `${g.commodity}/${g.id}`)).toEqual([...new Set(listed.map((x) => `${x.commodity}/${x.id}`))]);
  });
});
