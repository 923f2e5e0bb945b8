import { describe, expect, it } from 'vitest';
import { ReportCollector } from '../../src/aggregate/report-collector.js';
import { buildReportModel } from '../../src/aggregate/report-model.js';
import { reportChartSpecs } from '../../src/render/chart-specs.js';
import { loadLocale } from '../../src/render/locale.js';
import { keyHash, rec, testCampaign } from '../helpers/records.js';

describe('reportChartSpecs', () => {
  const campaign = testCampaign();
  const collector = new ReportCollector(campaign);
  for (const [r, phase] of [
    [rec({ id: '1', route: 'express' }), 'p1'],
    [rec({ id: '2', commodity: 'tobacco', unit: 'sticks', reportingCountry: 'KR', date: '2024-07-20' }), 'p1'],
    [rec({ id: '3', date: '2024-08-02' }), 'p2'],
  ] as const) {
    const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
    collector.add(r, phase, h1, h2);
  }
  const model = buildReportModel({ campaign, phase: campaign.phases[0]!, collector, buckets: { read: 3, accepted: 3, rejected: 0, duplicates: 0, out_of_scope: 0 }, sources: [], rejectedByReason: new Map(), conversions: [], generatedAt: null });

  it('five charts of cases, labelled in the report language', () => {
    const vi = loadLocale('vi');
    const charts = reportChartSpecs(model, vi);
    expect(charts.map((c) => [c.name, c.spec.kind, c.spec.data.map((d) => `${d.label}=${d.value}`)])).toEqual([
      ['commodity', 'bar', [`${vi.commodities.drugs}=1`, `${vi.commodities.tobacco}=1`]],
      ['route', 'bar', [`${vi.routes.air}=1`, `${vi.routes.express}=1`]],
      ['country', 'bar', ['KR=1', 'VN=1']],
      ['weekly', 'line', ['2024-W28=1', '2024-W29=1']],
      ['phases', 'bar', ['p1=2', 'p2=1']],
    ]);
    expect(charts.every((c) => c.title === c.spec.title && c.spec.yTitle === vi.labels.axisCases && c.spec.locale.decimal === ',')).toBe(true);
    expect(charts[0]!.spec.xTitle).toBe(vi.labels.axisCommodity);
  });
});
