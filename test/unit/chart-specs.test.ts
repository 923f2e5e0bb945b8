import { describe, expect, it } from 'vitest';
import { ReportCollector } from '../../src/aggregate/report-collector.js';
import { buildReportModel } from '../../src/aggregate/report-model.js';
import { goodsVocabulary } from '../../src/normalize/goods.js';
import { chartRows, HALF_WIDTH, reportChartSpecs } from '../../src/render/chart-specs.js';
import { loadLocale } from '../../src/render/locale.js';
import { keyHash, rec, testCampaign } from '../helpers/records.js';

const campaign = testCampaign();
const collector = new ReportCollector(campaign);
for (const [r, phase] of [
  [rec({ id: '1', route: 'express', subtype: 'methamphetamine', quantity: 2.5 }), 'p1'],
  [rec({ id: '4', subtype: 'heroin', quantity: 7, reportingCountry: 'KR', origin: 'MM', destination: 'KR' }), 'p1'],
  [rec({ id: '5', subtype: 'methamphetamine', quantity: 1200, unit: 'pieces', date: '2024-07-30', reportingCountry: 'KR' }), 'p1'],
  [rec({ id: '2', commodity: 'tobacco', subtype: 'cigarettes', unit: 'sticks', quantity: 4000, reportingCountry: 'KR', date: '2024-07-20' }), 'p1'],
  [rec({ id: '3', date: '2024-08-02' }), 'p2'],
] as const) {
  const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
  collector.add(r, phase, h1, h2);
}
const model = buildReportModel({ campaign, phase: campaign.phases[0]!, collector, buckets: { read: 5, accepted: 5, rejected: 0, duplicates: 0, out_of_scope: 0 }, sources: [], rejectedByReason: new Map(), conversions: [], generatedAt: null });
const goods = goodsVocabulary();
const names = (lang: 'en' | 'vi' | 'ko') => ({ good: (id: string) => goods.good(id)?.labels[lang] });
const byName = (charts: ReturnType<typeof reportChartSpecs>) => Object.fromEntries(charts.map((c) => [c.name, c]));

describe('reportChartSpecs', () => {
  it('names, not codes: commodities, goods, routes, countries (CLDR) and phases in the report language', () => {
    const vi = loadLocale('vi');
    const charts = reportChartSpecs(model, vi, names('vi'));
    expect(charts.map((c) => [c.name, c.spec.data.map((d) => `${d.label}=${d.value}`)])).toEqual([
      ['commodity', [`${vi.commodities.drugs}=3`, `${vi.commodities.tobacco}=1`]],
      ['quantity-drugs-kg', [`${goods.good('heroin')!.labels.vi}=7`, `${goods.good('methamphetamine')!.labels.vi}=2.5`]],
      ['quantity-drugs-pieces', [`${goods.good('methamphetamine')!.labels.vi}=1200`]],
      ['quantity-tobacco-sticks', [`${goods.good('cigarettes')!.labels.vi}=4000`]],
      ['route', [`${vi.routes.air}=3`, `${vi.routes.express}=1`]],
      // most cases first
      ['country', ['Hàn Quốc=3', 'Việt Nam=1']],
      ['weekly', ['8/7 – 14/7=2', '15/7 – 21/7=1', '29/7 – 4/8 (3/7 ngày)=1']],
      ['phases', ['July=4', 'August=1']],
    ]);
    expect(charts.every((c) => c.title === c.spec.title && c.spec.locale.decimal === ',')).toBe(true);
    const c = byName(charts);
    expect(c.commodity!.spec.yTitle).toBe(vi.labels.axisCases);
    expect(c.commodity!.spec.xTitle).toBe(vi.labels.axisCommodity);
    expect(c.weekly!.spec.xTitle).toBe('Tuần');
  });

  it('quantity charts per commodity and unit, titled and with the unit on the value axis, never summed across', () => {
    const en = loadLocale('en');
    const c = byName(reportChartSpecs(model, en, names('en')));
    expect(c['quantity-drugs-kg']!.title).toBe('Drugs: quantity by type, kg');
    expect(c['quantity-drugs-kg']!.spec.yTitle).toBe('Quantity (kg)');
    expect(c['quantity-drugs-kg']!.spec.xTitle).toBe('Type');
    expect(c['quantity-tobacco-sticks']!.title).toBe('Tobacco: quantity by type, sticks');
    // no chart of a unit a commodity has no quantity in
    expect(Object.keys(c).filter((n) => n.startsWith('quantity-'))).toEqual(['quantity-drugs-kg', 'quantity-drugs-pieces', 'quantity-tobacco-sticks']);
  });

  it('weeks by their dates; a week the phase covers in part is marked and drawn lighter', () => {
    const en = loadLocale('en');
    const weekly = byName(reportChartSpecs(model, en))['weekly']!.spec.data;
    expect(weekly).toEqual([
      { label: '8 Jul – 14 Jul', value: 2 },
      { label: '15 Jul – 21 Jul', value: 1 },
      { label: '29 Jul – 4 Aug (3 of 7 days)', value: 1, muted: true },
    ]);
    const ko = loadLocale('ko');
    expect(byName(reportChartSpecs(model, ko))['weekly']!.spec.data.map((d) => d.label)).toEqual(['7월 8일~7월 14일', '7월 15일~7월 21일', '7월 29일~8월 4일 (7일 중 3일)']);
  });

  it('accessible text in the report language: the title, then each label and value as the report writes numbers', () => {
    const vi = loadLocale('vi');
    const c = byName(reportChartSpecs(model, vi, names('vi')));
    expect(c['quantity-drugs-kg']!.spec.description).toBe(`Biểu đồ: ${vi.commodities.drugs}: số lượng theo loại, kg. Heroin 7; Methamphetamine 2,5.`);
    expect(c['quantity-drugs-pieces']!.spec.description).toContain('1.200');
    for (const chart of Object.values(c)) expect(chart.spec.description).not.toMatch(/axis|scale|titled/i);
  });

  it('few bars: half the page wide; many: the whole width', () => {
    const en = loadLocale('en');
    const c = byName(reportChartSpecs(model, en));
    expect(c.commodity!.spec.width).toBe(HALF_WIDTH);
    const many = { ...model, byCountry: Array.from({ length: 7 }, (_, i) => ({ keys: { country: ['VN', 'KR', 'TH', 'LA', 'KH', 'MM', 'CN'][i]! }, cases: i + 1, seizures: i + 1, quantities: [] })) };
    const country = byName(reportChartSpecs(many, en))['country']!;
    expect(country.spec.width).toBeUndefined();
    expect(country.spec.data.map((d) => d.label)).toEqual(['China', 'Myanmar (Burma)', 'Cambodia', 'Laos', 'Thailand', 'South Korea', 'Vietnam']);
  });

  it('a good the vocabulary does not know is shown as written, an empty one as not specified, an unknown country as unknown', () => {
    const en = loadLocale('en');
    const m = { ...model, bySubtype: [{ keys: { commodity: 'drugs', subtype: 'yaba pills' }, cases: 1, seizures: 1, quantities: [{ unit: 'kg' as const, quantity: 3 }] }, { keys: { commodity: 'drugs', subtype: '' }, cases: 1, seizures: 1, quantities: [{ unit: 'kg' as const, quantity: 1 }] }], units: ['kg' as const], byCountry: [{ keys: { country: 'ZZ' }, cases: 1, seizures: 1, quantities: [] }] };
    const c = byName(reportChartSpecs(m, en, names('en')));
    expect(c['quantity-drugs-kg']!.spec.data.map((d) => d.label)).toEqual(['yaba pills', 'not specified']);
    expect(c.country!.spec.data.map((d) => d.label)).toEqual(['unknown']);
  });
});

describe('chartRows', () => {
  it('a wide chart alone, half-width ones two by two in order, an odd one alone', () => {
    const c = (name: string, wide: boolean) => ({ name, wide });
    const rows = chartRows([c('map', true), c('a', false), c('b', false), c('c', false), c('wide', true), c('d', false)]);
    expect(rows.map((r) => r.map((x) => x.name))).toEqual([['map'], ['a', 'b'], ['c'], ['wide'], ['d']]);
    expect(chartRows([])).toEqual([]);
  });
});
