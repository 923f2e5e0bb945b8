import { describe, expect, it } from 'vitest';
import type { QuantityRow, ReportModel } from '../../src/aggregate/report-model.js';
import { inDisplayOrder } from '../../src/render/display-order.js';
import { loadLocale } from '../../src/render/locale.js';

const CODES = ['AU', 'BN', 'CN', 'KH', 'KR', 'LA', 'MM', 'VN'];
const row = (keys: Record<string, string>, cases = 1): QuantityRow => ({ keys, cases, seizures: cases, quantities: [] });

/** A model with only the tables inDisplayOrder sorts, in the model's (code) order, and one it must leave alone. */
function model(): ReportModel {
  return {
    byCountry: CODES.map((country, i) => row({ country }, i + 1)),
    byCountryCommodity: [{ commodity: 'drugs', units: ['kg'], rows: CODES.map((country) => row({ country })) }],
    byAgencyCommodity: [
      {
        commodity: 'drugs',
        units: ['kg'],
        rows: [
          row({ country: 'KH', agency: '', agencyName: '' }),
          row({ country: 'KH', agency: 'kh-gdce', agencyName: 'General Department of Customs and Excise' }),
          row({ country: 'CN', agency: 'cn-sz', agencyName: 'Shenzhen Customs District' }),
          row({ country: 'CN', agency: 'cn-gz', agencyName: 'Guangzhou Customs District' }),
        ],
      },
    ],
    flows: [row({ origin: 'VN', destination: 'AU' }), row({ origin: 'AU', destination: 'VN' })],
  } as unknown as ReportModel;
}

const countries = (rows: readonly { keys: Record<string, string> }[]) => rows.map((r) => r.keys.country);

describe('inDisplayOrder: countries by their names in the report language', () => {
  it('en: Cambodia before China, South Korea after Myanmar (Burma); figures go with their rows', () => {
    const m = inDisplayOrder(model(), loadLocale('en'));
    expect(countries(m.byCountry)).toEqual(['AU', 'BN', 'KH', 'CN', 'LA', 'MM', 'KR', 'VN']);
    expect(m.byCountry.map((r) => r.cases)).toEqual([1, 2, 4, 3, 6, 7, 5, 8]);
    expect(countries(m.byCountryCommodity[0]!.rows)).toEqual(['AU', 'BN', 'KH', 'CN', 'LA', 'MM', 'KR', 'VN']);
  });

  it('vi and ko: the language\'s own alphabet (Úc after Trung Quốc; Hangul order)', () => {
    expect(countries(inDisplayOrder(model(), loadLocale('vi')).byCountry)).toEqual(['BN', 'KH', 'KR', 'LA', 'MM', 'CN', 'AU', 'VN']);
    expect(countries(inDisplayOrder(model(), loadLocale('ko')).byCountry)).toEqual(['KR', 'LA', 'MM', 'VN', 'BN', 'AU', 'CN', 'KH']);
  });

  it('agencies by name within their country, one not given last; other tables and the model itself untouched', () => {
    const before = model();
    const m = inDisplayOrder(before, loadLocale('en'));
    expect(m.byAgencyCommodity[0]!.rows.map((r) => `${r.keys.country} ${r.keys.agency}`)).toEqual(['KH kh-gdce', 'KH ', 'CN cn-gz', 'CN cn-sz']);
    expect(m.flows).toBe(before.flows);
    expect(countries(before.byCountry)).toEqual(CODES);
    expect(before.byAgencyCommodity[0]!.rows.map((r) => r.keys.agency)).toEqual(['', 'kh-gdce', 'cn-sz', 'cn-gz']);
  });
});
