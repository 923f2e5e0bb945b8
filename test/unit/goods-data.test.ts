// The built-in seized-goods vocabulary (src/data/goods/<commodity>.json), checked as data:
// shape, the ids and groups every report relies on, the spellings analysts' exports use,
// and that no spelling can name two goods.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const COMMODITIES = ['drugs', 'precursors', 'cites', 'tobacco'] as const;
type Commodity = (typeof COMMODITIES)[number];
const LANGS = ['en', 'vi', 'ko'] as const;
const UNITS = ['kg', 'l', 'pieces', 'sticks', 'packages', 'm', 'm2'];
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FILE_KEYS = ['$comment', 'commodity', 'version', 'basis', 'groups', 'goods'];
const GOOD_KEYS = ['id', 'group', 'labels', 'aliases', 'units', 'kg_equivalent'];

type Labels = Record<(typeof LANGS)[number], string>;
interface GoodEntry {
  id: string;
  group: string;
  labels: Labels;
  aliases?: string[];
  units: string[];
  kg_equivalent?: Record<string, number>;
}
interface GoodsFile {
  commodity: string;
  version: number;
  basis: string;
  groups: Record<string, Labels>;
  goods: GoodEntry[];
}

const raw = Object.fromEntries(
  COMMODITIES.map((c) => [c, readFileSync(new URL(`../../src/data/goods/${c}.json`, import.meta.url), 'utf8')]),
) as Record<Commodity, string>;
const files = Object.fromEntries(COMMODITIES.map((c) => [c, JSON.parse(raw[c]) as GoodsFile])) as Record<Commodity, GoodsFile>;
const allGoods = COMMODITIES.flatMap((c) => files[c].goods.map((g) => ({ commodity: c, good: g })));

/** How spellings are compared here: NFC, trimmed, lower case (runs of spaces/underscores as one space, as the loader does). */
const key = (s: string): string => s.normalize('NFC').trim().toLowerCase().replace(/[\s_]+/g, ' ');
/** The loader's diacritic-insensitive key (Vietnamese tones dropped, đ → d). */
const fold = (s: string): string => key(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
const spellingsOf = (g: GoodEntry): string[] => [g.id, ...LANGS.map((l) => g.labels[l]), ...(g.aliases ?? [])];
const findGood = (id: string) => allGoods.find((x) => x.good.id === id);

describe.each(COMMODITIES)('src/data/goods/%s.json', (commodity) => {
  const file = files[commodity];

  it('is UTF-8 JSON (no BOM, NFC) with 2-space indentation and only the known keys', () => {
    expect(raw[commodity].charCodeAt(0)).not.toBe(0xfeff);
    expect(raw[commodity]).toBe(raw[commodity].normalize('NFC'));
    expect(raw[commodity]).toBe(JSON.stringify(file, null, 2) + '\n');
    for (const k of Object.keys(file)) expect(FILE_KEYS).toContain(k);
    for (const g of file.goods) for (const k of Object.keys(g)) expect(GOOD_KEYS, `${g.id}.${k}`).toContain(k);
  });

  it('names its commodity, a positive integer version and a non-empty basis', () => {
    expect(file.commodity).toBe(commodity);
    expect(Number.isInteger(file.version) && file.version > 0).toBe(true);
    expect(typeof file.basis).toBe('string');
    expect(file.basis.trim().length).toBeGreaterThan(40);
  });

  it('labels every group in en, vi and ko', () => {
    expect(Object.keys(file.groups).length).toBeGreaterThan(0);
    for (const [group, labels] of Object.entries(file.groups)) {
      expect(group).toMatch(KEBAB);
      expect(Object.keys(labels).sort(), group).toEqual([...LANGS].sort());
      for (const l of LANGS) expect(labels[l].trim(), `${group}.${l}`).not.toBe('');
    }
  });

  it('has unique kebab-case ids, each in a known group, every group used', () => {
    const ids = file.goods.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const g of file.goods) {
      expect(g.id).toMatch(KEBAB);
      expect(Object.keys(file.groups), g.id).toContain(g.group);
    }
    for (const group of Object.keys(file.groups)) expect(file.goods.some((g) => g.group === group), group).toBe(true);
  });

  it('labels every good in en, vi and ko, briefly', () => {
    for (const g of file.goods) {
      expect(Object.keys(g.labels).sort(), g.id).toEqual([...LANGS].sort());
      for (const l of LANGS) {
        expect(g.labels[l].trim(), `${g.id}.${l}`).not.toBe('');
        expect(g.labels[l], `${g.id}.${l}`).toBe(g.labels[l].trim());
        expect(g.labels[l].length, `${g.id}.${l} is long for a table cell`).toBeLessThanOrEqual(40);
      }
    }
  });

  it('gives canonical units, and kg equivalents only for those units, positive', () => {
    for (const g of file.goods) {
      expect(g.units.length, g.id).toBeGreaterThan(0);
      expect(new Set(g.units).size, g.id).toBe(g.units.length);
      for (const u of g.units) expect(UNITS, `${g.id}: ${u}`).toContain(u);
      for (const [u, f] of Object.entries(g.kg_equivalent ?? {})) {
        expect(g.units, `${g.id}: kg_equivalent.${u}`).toContain(u);
        expect(Number.isFinite(f) && f > 0, `${g.id}: kg_equivalent.${u} = ${f}`).toBe(true);
      }
    }
  });

  it('lists aliases as non-empty trimmed strings, once, never repeating the good’s own id or labels', () => {
    for (const g of file.goods) {
      const own = new Set([g.id, ...LANGS.map((l) => g.labels[l])].map(key));
      const seen = new Set<string>();
      for (const a of g.aliases ?? []) {
        expect(a.trim(), g.id).not.toBe('');
        expect(a, `${g.id}: "${a}"`).toBe(a.trim());
        expect(own.has(key(a)), `${g.id}: "${a}" repeats its id or a label`).toBe(false);
        expect(seen.has(key(a)), `${g.id}: "${a}" listed twice`).toBe(false);
        seen.add(key(a));
      }
    }
  });
});

describe('required goods and groups', () => {
  const REQUIRED: Record<Commodity, Record<string, string[]>> = {
    drugs: {
      ats: ['methamphetamine', 'amphetamine', 'mdma'],
      'cocaine-type': ['cocaine', 'crack', 'coca-paste', 'coca-leaf'],
      opioids: ['heroin', 'opium', 'morphine', 'fentanyl', 'tramadol'],
      'cannabis-type': ['cannabis-herb', 'cannabis-resin', 'cannabis-oil', 'cannabis-plants'],
      'other-drugs': ['ketamine', 'khat', 'lsd', 'nps'],
    },
    precursors: {
      'table-i': ['ephedrine', 'pseudoephedrine', 'p2p', 'pmk', 'safrole', 'acetic-anhydride', 'potassium-permanganate'],
      'table-ii': ['acetone', 'sulphuric-acid', 'hydrochloric-acid', 'toluene'],
    },
    cites: {
      mammals: ['ivory', 'rhino-horn', 'pangolin-scales', 'pangolins', 'big-cat-parts'],
      reptiles: ['live-reptiles'],
      birds: ['live-birds'],
      fish: ['shark-fins'],
      plants: ['timber', 'agarwood'],
    },
    tobacco: {
      smoked: ['cigarettes', 'cigars', 'waterpipe-tobacco'],
      electronic: ['e-cigarettes', 'heated-tobacco'],
      'other-tobacco': ['raw-tobacco'],
    },
  };

  it.each(COMMODITIES)('%s has exactly the required groups', (commodity) => {
    expect(Object.keys(files[commodity].groups).sort()).toEqual(Object.keys(REQUIRED[commodity]).sort());
  });

  const rows = COMMODITIES.flatMap((c) => Object.entries(REQUIRED[c]).flatMap(([group, ids]) => ids.map((id) => [c, id, group] as const)));
  it.each(rows)('%s: %s in group %s', (commodity, id, group) => {
    const g = files[commodity].goods.find((x) => x.id === id);
    expect(g, `${commodity} lacks ${id}`).toBeDefined();
    expect(g!.group).toBe(group);
  });

  it('cigarettes are counted in sticks, raw tobacco weighed, live animals counted', () => {
    expect(files.tobacco.goods.find((g) => g.id === 'cigarettes')!.units).toEqual(['sticks']);
    expect(files.tobacco.goods.find((g) => g.id === 'raw-tobacco')!.units).toEqual(['kg']);
    for (const id of ['live-reptiles', 'live-birds']) expect(files.cites.goods.find((g) => g.id === id)!.units).toContain('pieces');
  });

  it('drug seizures in litres count 1 kg per litre (UNODC), ATS tablets 100 mg each (stated), and no other factor exists', () => {
    for (const { commodity, good } of allGoods) {
      const expected: Record<string, number> = {};
      if (commodity === 'drugs' && good.units.includes('l')) expected.l = 1;
      if (commodity === 'drugs' && good.group === 'ats' && good.units.includes('pieces')) expected.pieces = 0.0001;
      if (Object.keys(expected).length === 0) expect(good.kg_equivalent, `${commodity}/${good.id}`).toBeUndefined();
      else expect(good.kg_equivalent, good.id).toEqual(expected);
    }
  });
});

/** Spellings seen in analysts' exports and public data, and the good each must name. */
const MUST_ALIASES: readonly (readonly [alias: string, id: string])[] = [
  // English
  ['meth', 'methamphetamine'],
  ['crystal meth', 'methamphetamine'],
  ['ice', 'methamphetamine'],
  ['shabu', 'methamphetamine'],
  ['yaba', 'methamphetamine'],
  ['ecstasy', 'mdma'],
  ['marijuana', 'cannabis-herb'],
  ['marihuana', 'cannabis-herb'],
  ['ganja', 'cannabis-herb'],
  ['hashish', 'cannabis-resin'],
  ['BMK', 'p2p'],
  ['P-2-P', 'p2p'],
  ['phenylacetone', 'p2p'],
  ['PMK', 'pmk'],
  ['3,4-MDP-2-P', 'pmk'],
  ['elephant tusks', 'ivory'],
  ['rhinoceros horn', 'rhino-horn'],
  ['vapes', 'e-cigarettes'],
  ['cigarillos', 'cigars'],
  ['shisha', 'waterpipe-tobacco'],
  // Vietnamese
  ['ma túy đá', 'methamphetamine'],
  ['hồng phiến', 'methamphetamine'],
  ['thuốc lắc', 'mdma'],
  ['cần sa', 'cannabis-herb'],
  ['heroin', 'heroin'],
  ['hê-rô-in', 'heroin'],
  ['bạch phiến', 'heroin'],
  ['thuốc phiện', 'opium'],
  ['cô-ca-in', 'cocaine'],
  ['ke', 'ketamine'],
  ['ketamine', 'ketamine'],
  ['vảy tê tê', 'pangolin-scales'],
  ['ngà voi', 'ivory'],
  ['sừng tê giác', 'rhino-horn'],
  ['thuốc lá điếu', 'cigarettes'],
  ['xì gà', 'cigars'],
  ['thuốc lá điện tử', 'e-cigarettes'],
  // Korean
  ['필로폰', 'methamphetamine'],
  ['메트암페타민', 'methamphetamine'],
  ['메스암페타민', 'methamphetamine'],
  ['엑스터시', 'mdma'],
  ['대마', 'cannabis-herb'],
  ['대마초', 'cannabis-herb'],
  ['코카인', 'cocaine'],
  ['헤로인', 'heroin'],
  ['아편', 'opium'],
  ['케타민', 'ketamine'],
  ['펜타닐', 'fentanyl'],
  ['에페드린', 'ephedrine'],
  ['천산갑 비늘', 'pangolin-scales'],
  ['상아', 'ivory'],
  ['담배', 'cigarettes'],
  ['전자담배', 'e-cigarettes'],
  // Other spellings: common export wording, and the names in the public data the tool reads
  // (CBP "Drug Type", UNODC "Drug", CITES terms).
  ['cannabis', 'cannabis-herb'],
  ['acetic anhydride', 'acetic-anhydride'],
  ['anhydrit axetic', 'acetic-anhydride'],
  ['pangolin scales', 'pangolin-scales'],
  ['live turtle', 'live-reptiles'],
  ['rùa sống', 'live-reptiles'],
  ['rhino horn', 'rhino-horn'],
  ['sharks fin', 'shark-fins'],
  ['tiger bone', 'big-cat-parts'],
  ['tiger part', 'big-cat-parts'],
  ['rosewood', 'timber'],
  ['gỗ trắc', 'timber'],
  ['gỗ cẩm lai', 'timber'],
  ['trầm hương', 'agarwood'],
  ['heated tobacco products', 'heated-tobacco'],
  ['Khat (Catha Edulis)', 'khat'],
  ['Lsd', 'lsd'],
  ['Marijuana (herb)', 'cannabis-herb'],
  ['Hashish (resin)', 'cannabis-resin'],
  ['Ecstasy-type substance', 'mdma'],
  ['Coca paste/cocaine base', 'coca-paste'],
  ['Cocaine (base, paste and salts)', 'cocaine'],
  ['Cocaine salt', 'cocaine'],
  ['Illicit morphine', 'morphine'],
  ['Poppy plant', 'opium-poppy'],
  ['Cannabis oil', 'cannabis-oil'],
  ['Cannabis plants', 'cannabis-plants'],
  ['Coca leaf', 'coca-leaf'],
  ['Crack', 'crack'],
  ['GHB', 'ghb'],
  ['Ephedrine', 'ephedrine'],
  ['Pseudoephedrine', 'pseudoephedrine'],
  ['APAAN (alpha-phenylacetoacetonitrile)', 'apaan'],
  ['Other NPS', 'nps'],
  ['Synthetic cathinone', 'nps'],
  ['Synthetic cannabinoids (Spice)', 'nps'],
];

describe('must-have spellings', () => {
  it.each(MUST_ALIASES)('"%s" names %s', (alias, id) => {
    const hit = findGood(id);
    expect(hit, `no good ${id}`).toBeDefined();
    expect(spellingsOf(hit!.good).map(key), `"${alias}" is not a spelling of ${id}`).toContain(key(alias));
  });
});

describe('every spelling names one good', () => {
  const owners = new Map<string, Set<string>>();
  for (const { commodity, good } of allGoods) {
    for (const s of spellingsOf(good)) {
      const k = key(s);
      owners.set(k, (owners.get(k) ?? new Set()).add(`${commodity}/${good.id}`));
    }
  }

  it('ids are unique across the four files', () => {
    const ids = allGoods.map((x) => x.good.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('no alias, id or label (NFC, trimmed, any case) belongs to two goods, in one file or across files', () => {
    const shared = [...owners].filter(([, o]) => o.size > 1).map(([k, o]) => `"${k}": ${[...o].join(', ')}`);
    expect(shared).toEqual([]);
  });

  it('dropping Vietnamese diacritics never makes two goods’ spellings meet', () => {
    const folded = new Map<string, Set<string>>();
    for (const { good } of allGoods) for (const s of spellingsOf(good)) folded.set(fold(s), (folded.get(fold(s)) ?? new Set()).add(good.id));
    expect([...folded].filter(([, o]) => o.size > 1).map(([k, o]) => `"${k}": ${[...o].join(', ')}`)).toEqual([]);
  });

  it('a trailing plural s never turns one good’s spelling into another’s', () => {
    const clashes = [...owners]
      .filter(([k]) => k.length > 3 && k.endsWith('s'))
      .filter(([k, o]) => owners.has(k.slice(0, -1)) && [...owners.get(k.slice(0, -1))!].some((x) => !o.has(x)))
      .map(([k]) => k);
    expect(clashes).toEqual([]);
  });
});
