/**
 * A nightly summary's records, worked out by hand: the window is 9–10 August,
 * August up to the 10th runs against July up to the 10th (test/unit/summary-*.test.ts).
 */
import { SummaryCollector, type SummaryScope } from '../../src/aggregate/summary-collector.js';
import type { Campaign } from '../../src/config/campaign.js';
import { parseIsoDate } from '../../src/normalize/date.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, rec, testCampaign } from './records.js';

export const campaign = testCampaign({
  participants: ['VN', 'KR', 'TH'],
  files: [
    { path: '/nowhere/data/vn.csv', display: 'data/vn.csv', config: {} },
    { path: '/nowhere/data/kr.csv', display: 'data/kr.csv', config: {} },
  ] as unknown as Campaign['files'],
});
const [p1, p2] = campaign.phases as [(typeof campaign.phases)[0], (typeof campaign.phases)[0]];
const day = (iso: string) => parseIsoDate(iso)!.day;

export const scope: SummaryScope = {
  window: { from: day('2024-08-09'), to: day('2024-08-10') },
  current: { phase: p2, to: day('2024-08-10') },
  previous: { phase: p1, to: day('2024-07-10') },
  thresholds: [
    { commodity: 'drugs', unit: 'kg', quantity: 5 },
    { commodity: 'cites', unit: 'pieces', quantity: 10 },
  ],
};

export const RECORDS: [SeizureRecord, string][] = [
  [rec({ id: 'S1', caseId: 'V1', date: '2024-08-10', quantity: 6, line: 5 }), 'p2'], // window, notable
  [rec({ id: 'S2', caseId: 'V1', date: '2024-08-10', quantity: 0.5, unit: 'l' }), 'p2'], // window, same case
  [rec({ id: 'S3', caseId: 'K1', date: '2024-08-09', quantity: 2, reportingCountry: 'KR', route: 'sea' }), 'p2'], // window
  [rec({ id: 'S4', caseId: 'V9', date: '2024-08-03', commodity: 'tobacco', quantity: 200, unit: 'sticks', route: 'land' }), 'p2'], // phase to date only
  [rec({ id: 'S5', caseId: 'P1', date: '2024-07-05', quantity: 10 }), 'p1'], // previous phase to the same day
  [rec({ id: 'S6', caseId: 'P2', date: '2024-07-20', quantity: 1, reportingCountry: 'KR' }), 'p1'], // previous phase, after the same day
  [rec({ id: 'S7', date: '2024-08-10', quantity: 50, count: 3, totals: true }), 'p2'], // window; a totals row is never notable
  [rec({ id: 'S8', caseId: 'K2', date: '2024-08-09', commodity: 'cites', quantity: 12, unit: 'pieces', reportingCountry: 'KR', route: 'post', fileIndex: 1, line: 7 }), 'p2'], // window, notable
  [rec({ id: 'S9', caseId: 'V3', date: '2024-08-12', quantity: 7 }), 'p2'], // after the window and the day
];

export function collect(s: SummaryScope = scope, records = RECORDS, notableMax?: number): SummaryCollector {
  const c = new SummaryCollector(s, notableMax);
  for (const [r, ph] of records) {
    const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
    c.add(r, ph, h1, h2);
  }
  return c;
}

