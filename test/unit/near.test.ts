import { describe, expect, it } from 'vitest';
import { agencyDirectory } from '../../src/config/agencies.js';
import type { SourceFile } from '../../src/config/campaign.js';
import { mapColumns } from '../../src/ingest/columns.js';
import { nearCountry } from '../../src/normalize/country.js';
import { goodsVocabulary } from '../../src/normalize/goods.js';
import { NEAR_MIN_LENGTH, NearSpellings } from '../../src/normalize/near.js';
import { AliasTable, foldKey } from '../../src/normalize/text.js';
import { nearUnit } from '../../src/normalize/unit.js';
import { createCommodityTable, createDirectionTable, createRouteTable } from '../../src/normalize/vocabulary.js';
import { FileWords } from '../../src/pipeline/file-words.js';
import { createRecordNormalizer, type SeizureRecord } from '../../src/validate/record.js';
import { testCampaign } from '../helpers/records.js';

function spellings(entries: [string, string][]): NearSpellings<string> {
  const n = new NearSpellings<string>();
  for (const [s, v] of entries) n.add(foldKey(s), s, v);
  return n;
}

describe('NearSpellings: the known spelling a value is one slip from', () => {
  const n = spellings([
    ['drugs', 'drugs'],
    ['narcotics', 'drugs'],
    ['tobacco', 'tobacco'],
    ['carton', 'carton'],
    ['import', 'import'],
  ]);

  it('a letter missing, added, changed, or two neighbours swapped; the distance said', () => {
    expect(n.near('drgs')).toEqual({ spelling: 'drugs', value: 'drugs', distance: 1 });
    expect(n.near('druggs')).toEqual({ spelling: 'drugs', value: 'drugs', distance: 1 });
    expect(n.near('drups')).toEqual({ spelling: 'drugs', value: 'drugs', distance: 1 });
    expect(n.near('durgs')).toEqual({ spelling: 'drugs', value: 'drugs', distance: 2 });
    expect(n.near('narcotcs')).toEqual({ spelling: 'narcotics', value: 'drugs', distance: 1 });
    expect(n.near('cartoon')).toEqual({ spelling: 'carton', value: 'carton', distance: 1 });
    expect(n.near('imprt')).toEqual({ spelling: 'import', value: 'import', distance: 1 });
  });

  it('nothing two slips away unless the two are a swap, and nothing for short values', () => {
    expect(n.near('dxugx')).toBeUndefined();
    expect(n.near('tobbacoo')).toBeUndefined();
    expect(n.near('xyzzy')).toBeUndefined();
    expect(NEAR_MIN_LENGTH).toBe(4);
    const short = spellings([['kgs', 'kg'], ['pack', 'pack']]);
    expect(short.near('kgz')).toBeUndefined();
    expect(short.near('packs')?.value).toBe('pack');
    expect(short.near('pac')).toBeUndefined();
  });

  it('the nearest wins; equally near spellings of one value give the first added, of two values none', () => {
    const t = spellings([['iraq', 'IQ'], ['iran', 'IR'], ['niger', 'NE'], ['nigeria', 'NG'], ['drug', 'drugs'], ['drugs', 'drugs']]);
    expect(t.near('irak')).toBeUndefined();
    // one slip from Niger and from Nigeria: no guess
    expect(t.near('nigeri')).toBeUndefined();
    expect(t.near('nigerai')).toEqual({ spelling: 'nigeria', value: 'NG', distance: 2 });
    expect(t.near('nigerr')).toEqual({ spelling: 'niger', value: 'NE', distance: 1 });
    expect(t.near('drugz')).toEqual({ spelling: 'drug', value: 'drugs', distance: 1 });
    // two spellings of different values folding alike: neither is suggested
    const folds = spellings([['tấn', 'tonne'], ['tan', 'colour']].map(([s, v]) => [s!.padEnd(4, 'x'), v!] as [string, string]));
    expect(folds.near('tanxy')).toBeUndefined();
  });

  it('characters outside the BMP count as one: a key less one such character is one deletion away', () => {
    // '😀' is two UTF-16 units: by units the key would be 6 long and 'abcd' two deletions from it
    const t = spellings([['ab😀cd', 'X'], ['𠀋𠀋mn', 'Y']]);
    expect(t.near('abcd')).toEqual({ spelling: 'ab😀cd', value: 'X', distance: 2 });
    expect(t.near('ab😀cde')).toEqual({ spelling: 'ab😀cd', value: 'X', distance: 1 });
    expect(t.near('ab😀c')).toEqual({ spelling: 'ab😀cd', value: 'X', distance: 1 });
    expect(t.near('𠀋𠀋m')).toBeUndefined();
    expect(t.near('𠀋𠀋mnn')).toEqual({ spelling: '𠀋𠀋mn', value: 'Y', distance: 1 });
    expect(t.near('𠀋mn')).toBeUndefined();
    expect(t.near('𠀋x𠀋mn')?.value).toBe('Y');
  });

  it('a nearer spelling is not outvoted by a farther one of another value; a key added twice keeps its value', () => {
    const t = spellings([['drugs', 'drugs'], ['drug', 'medicine'], ['tobacco', 'tobacco'], ['tobacco', 'tobacco']]);
    expect(t.near('drugs')).toEqual({ spelling: 'drugs', value: 'drugs', distance: 0 });
    expect(t.near('tobaco')).toEqual({ spelling: 'tobacco', value: 'tobacco', distance: 1 });
    // keys shorter than NEAR_MIN_LENGTH are not added, so nothing is one deletion from them
    const short = spellings([['kgs', 'kg']]);
    expect(short.near('kgss')).toBeUndefined();
  });

  it('a spelling added after a look-up is found by the next', () => {
    const t = spellings([['sea cargo', 'sea']]);
    expect(t.near('rial')).toBeUndefined();
    t.add('rail', 'rail', 'land');
    expect(t.near('rial')?.value).toBe('land');
    expect(t.near('sea carg')?.value).toBe('sea');
  });
});

describe('the tables say what an unknown value is near', () => {
  it('AliasTable.near: aliases folded, the spelling as matched (lower case)', () => {
    const t = new AliasTable<string>([['Hàng không', 'air'], ['Đường biển', 'sea']]);
    // a spelling get() finds is its own nearest (the normalizers ask near only after get)
    expect(t.near('hang khong')).toEqual({ spelling: 'hàng không', value: 'air', distance: 0 });
    expect(t.near('Hàng khôngg')).toEqual({ spelling: 'hàng không', value: 'air', distance: 1 });
    expect(t.near('duong bienn')).toEqual({ spelling: 'đường biển', value: 'sea', distance: 1 });
    expect(t.near('hang hoa')).toBeUndefined();
    expect(t.near('duong sat.')).toBeUndefined();
    t.add('Đường sắt', 'land');
    // the answer before the alias was added is not kept
    expect(t.near('duong sat.')?.value).toBe('land');
    expect(t.near('duong sat.')).toBe(t.near('duong sat.'));
  });

  it('commodities, routes and directions with the campaign\'s aliases; units only from 6 characters and one slip', () => {
    expect(createCommodityTable().near('durgs')?.value).toBe('drugs');
    expect(createCommodityTable({ 'hàng cấm': 'drugs' }).near('hang cam!')?.value).toBe('drugs');
    expect(createRouteTable().near('courrier')).toMatchObject({ spelling: 'courier', value: 'express' });
    expect(createDirectionTable().near('exprot')?.value).toBe('export');
    expect(nearUnit('cartoon')).toBe('carton');
    expect(nearUnit('kilogramm')).toBe('kilogram');
    expect(nearUnit('sacks')).toBeUndefined();
    expect(nearUnit(' packs ')).toBeUndefined();
    expect(nearUnit('kilogrma')).toBeUndefined();
    expect(nearUnit('furlongs')).toBeUndefined();
  });

  it('countries by name, as code and English name; codes are not guessed', () => {
    expect(nearCountry('Cambodai')).toBe('KH (Cambodia)');
    expect(nearCountry('Campuchai')).toBe('KH (Cambodia)');
    expect(nearCountry('Vietnamm')).toBe('VN (Vietnam)');
    expect(nearCountry('VM')).toBeUndefined();
    // a former country by its own name (CLDR would call YU Serbia, SU Russia and ZR the Congo)
    expect(nearCountry('Yugoslavai')).toBe('YU (Yugoslavia)');
    expect(nearCountry('Soviet Unoin')).toBe('SU (USSR)');
    expect(nearCountry('Zairre')).toBe('ZR (Zaire)');
    expect(nearCountry('Czechoslovakai')).toBe('CSHH (Czechoslovakia)');
    expect(nearCountry('Atlantis')).toBeUndefined();
  });

  it('goods by id, label or alias, the campaign\'s too', () => {
    expect(goodsVocabulary().near('heorin')?.id).toBe('heroin');
    expect(goodsVocabulary().near('metamphetamine')?.id).toBe('methamphetamine');
    expect(goodsVocabulary().near('blue dream')).toBeUndefined();
    const ext = { goods: [{ id: 'captagon', commodity: 'drugs', group: 'ats' }] };
    expect(goodsVocabulary(ext).near('captagoon')?.id).toBe('captagon');
  });

  it('agencies of the campaign by id, name or alias', () => {
    const d = agencyDirectory([{ id: 'vn-hp', name: 'Hai Phong Customs Department', country: 'VN', aliases: ['Cục Hải quan Hải Phòng'] }]);
    expect(d.near('Cục Hải qaun Hải Phòng')?.id).toBe('vn-hp');
    expect(d.near('Hai Phong Customs Departmen')?.id).toBe('vn-hp');
    expect(d.near('Da Nang Customs')).toBeUndefined();
  });
});

describe('the diagnostics lead their hint with it', () => {
  const cols = ['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'direction'];
  const source: SourceFile = { path: '/abs/x.csv', display: 'x.csv', config: { path: 'x.csv' } };
  const normalize = createRecordNormalizer({ campaign: testCampaign(), file: source, fileIndex: 0, columns: mapColumns(cols, source.config, 'x.csv') });
  const ok = { id: 'R1', date: '2024-07-10', reporting_country: 'VN', commodity: 'drugs', quantity: '1', unit: 'kg', route: 'air', origin_country: 'LA', destination_country: 'VN', direction: 'import' };
  const hintOf = (o: Partial<typeof ok>) => {
    const r = normalize(cols.map((c) => ({ ...ok, ...o })[c as keyof typeof ok]), 2);
    return r.ok ? [] : r.errors.map((e) => [e.code, e.hint]);
  };

  it('UNKNOWN_COMMODITY, UNKNOWN_UNIT, UNKNOWN_ROUTE, UNKNOWN_COUNTRY and UNKNOWN_DIRECTION', () => {
    expect(hintOf({ commodity: 'durgs' })).toEqual([['UNKNOWN_COMMODITY', 'did you mean "drugs"? expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source\'s `values.commodity`']]);
    expect(hintOf({ commodity: 'narcotcs' })).toEqual([['UNKNOWN_COMMODITY', 'did you mean "narcotics" (drugs)? expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source\'s `values.commodity`']]);
    expect(hintOf({ unit: 'cartoon', commodity: 'tobacco' })).toEqual([['UNKNOWN_UNIT', 'did you mean "carton"? expected e.g. kg, g, lb, l, ml, m3, pieces, tablets, pairs, sticks, pack, carton, box, m, cm, m2']]);
    expect(hintOf({ route: 'courrier' })).toEqual([['UNKNOWN_ROUTE', 'did you mean "courier" (express)? expected express, air, sea, post or land (or unknown)']]);
    expect(hintOf({ reporting_country: 'Vietnamm' })).toEqual([['UNKNOWN_COUNTRY', 'did you mean VN (Vietnam)? expected an ISO code (VN, VNM) or a country name']]);
    expect(hintOf({ origin_country: 'Cambodai' })).toEqual([['UNKNOWN_COUNTRY', 'did you mean KH (Cambodia)? expected an ISO code, a country name, or ZZ/unknown']]);
    expect(hintOf({ destination_country: 'Cambodai' })).toEqual([['UNKNOWN_COUNTRY', 'did you mean KH (Cambodia)? expected an ISO code, a country name, or ZZ/unknown']]);
    expect(hintOf({ direction: 'imprt' })).toEqual([['UNKNOWN_DIRECTION', 'did you mean "import"? expected import, export, transit or domestic']]);
  });

  it('none when nothing is near', () => {
    expect(hintOf({ commodity: 'weapons', unit: 'sacks', route: 'pipeline', origin_country: 'Atlantis', direction: 'sideways' }).map(([code, hint]) => [code, String(hint).startsWith('did you mean')])).toEqual([
      ['UNKNOWN_COMMODITY', false],
      ['UNKNOWN_UNIT', false],
      ['UNKNOWN_ROUTE', false],
      ['UNKNOWN_COUNTRY', false],
      ['UNKNOWN_DIRECTION', false],
    ]);
  });

  it('UNKNOWN_SUBTYPE: the good of the vocabulary', () => {
    const words = new FileWords(testCampaign());
    for (const subtype of ['heorin', 'blue dream']) words.add({ group: 'unclassified', subtype, agency: '', reportingCountry: 'VN', origin: '', destination: '', line: 3 } as unknown as SeizureRecord);
    const add = 'add an alias under aliases.subtype (spelling: good id) or a good under vocabulary.goods in the campaign file';
    expect(words.warnings('x.csv').map((d) => d.hint)).toEqual([`did you mean Heroin (heroin, drugs)? ${add}`, add]);
  });

  it('UNKNOWN_AGENCY: the agency named in the campaign', () => {
    const words = new FileWords(testCampaign({ agencies: [{ id: 'vn-hp', name: 'Hai Phong Customs Department', country: 'VN', aliases: ['Cục Hải quan Hải Phòng'] }] }));
    const rec = (agency: string) => ({ group: '', subtype: '', agency, reportingCountry: 'VN', origin: '', destination: '', line: 3 }) as unknown as SeizureRecord;
    words.add(rec('Cục Hải qaun Hải Phòng'));
    words.add(rec('Da Nang'));
    expect(words.warnings('x.csv').map((d) => d.hint)).toEqual([
      'did you mean "Hai Phong Customs Department" (vn-hp, VN)? add it, or an alias of it, under its country in campaign.participants: { country: XX, agencies: [...] }',
      'add it, or an alias of it, under its country in campaign.participants: { country: XX, agencies: [...] }',
    ]);
  });
});
