import { describe, expect, it } from 'vitest';
import { createCountryNormalizer, isCountryCode, normalizeCountry } from '../../src/normalize/country.js';

describe('normalizeCountry', () => {
  it.each([
    ['VN', 'VN'],
    ['vn', 'VN'],
    ['VNM', 'VN'],
    ['KOR', 'KR'],
    ['Vietnam', 'VN'],
    ['Viet Nam', 'VN'],
    ['Việt Nam', 'VN'],
    ['Laos', 'LA'],
    ['Lào', 'LA'],
    ['Lao PDR', 'LA'],
    ['Hoa Kỳ', 'US'],
    ['Mỹ', 'US'],
    ['United States', 'US'],
    ['USA', 'US'],
    ['South Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['Hàn Quốc', 'KR'],
    ['Han Quoc', 'KR'],
    ['Trung Quốc', 'CN'],
    ['China', 'CN'],
    ['Thái Lan', 'TH'],
    ['Thailand', 'TH'],
    ['Campuchia', 'KH'],
    ['Cambodia', 'KH'],
    ['Myanmar', 'MM'],
    ['Burma', 'MM'],
    ['Đức', 'DE'],
    ['Germany', 'DE'],
    ['Hong Kong', 'HK'],
    ['Nigeria', 'NG'],
    ['Brazil', 'BR'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['  Japan  ', 'JP'],
  ])('%j → %s', (raw, code) => {
    expect(normalizeCountry(raw)).toBe(code);
  });

  it('"Bỉ" (Belgium in Vietnamese) is BE, while the code "BI" stays Burundi', () => {
    expect(normalizeCountry('Bỉ')).toBe('BE');
    expect(normalizeCountry('BI')).toBe('BI');
    expect(normalizeCountry('bi')).toBe('BI');
  });

  it('"My" is Malaysia\'s code, not "Mỹ" without its accent', () => {
    expect(normalizeCountry('MY')).toBe('MY');
    expect(normalizeCountry('Mỹ')).toBe('US');
  });

  it('reads names written in decomposed Unicode (NFD, as macOS exports them)', () => {
    expect(normalizeCountry('Hàn Quốc'.normalize('NFD'))).toBe('KR');
    expect(normalizeCountry('Lào'.normalize('NFD'))).toBe('LA');
  });

  it.each(['ZZ', 'zz', 'unknown', 'Unknown', 'không rõ', 'n/a'])('%j is ZZ only where unknown is allowed', (raw) => {
    expect(normalizeCountry(raw)).toBeUndefined();
    expect(normalizeCountry(raw, true)).toBe('ZZ');
  });

  it('recognises "không rõ" (unknown) written in decomposed Unicode', () => {
    expect(normalizeCountry('Không rõ'.normalize('NFD'), true)).toBe('ZZ');
  });

  it.each(['Cambodai', 'Atlantis', 'XY', 'QQQ', ''])('rejects %j', (raw) => {
    expect(normalizeCountry(raw)).toBeUndefined();
    expect(normalizeCountry(raw, true)).toBeUndefined();
  });
});

describe('isCountryCode', () => {
  it('knows assigned alpha-2 codes only', () => {
    expect(isCountryCode('VN')).toBe(true);
    expect(isCountryCode('BI')).toBe(true);
    expect(isCountryCode('ZZ')).toBe(false);
    expect(isCountryCode('XY')).toBe(false);
    expect(isCountryCode('vn')).toBe(false);
  });
});

describe('createCountryNormalizer', () => {
  it('caches per allowUnknown, so a cached ZZ never leaks into a reporting country', () => {
    const n = createCountryNormalizer();
    expect(n('unknown', true)).toBe('ZZ');
    expect(n('unknown', false)).toBeUndefined();
    expect(n('Lào', false)).toBe('LA');
    expect(n('Lào', true)).toBe('LA');
  });
});
