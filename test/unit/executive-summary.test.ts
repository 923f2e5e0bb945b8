/** The executive summary and the PDF's document information, from a model built of hand-made records. */
import { describe, expect, it } from 'vitest';
import { ReportCollector } from '../../src/aggregate/report-collector.js';
import { buildReportModel } from '../../src/aggregate/report-model.js';
import { executiveSummary, list } from '../../src/render/executive-summary.js';
import { loadLocale } from '../../src/render/locale.js';
import { addPdfInfo, pdfInfoOf, pdfText } from '../../src/render/pdf-info.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, rec, testCampaign } from '../helpers/records.js';

const campaign = testCampaign({ participants: ['VN', 'KR', 'TH'], coordinator: 'RILO A/P', report: { agencies: [], version: '1.0', contact: 'rilo@example.org' } });
const RECORDS: [SeizureRecord, string][] = [
  [rec({ id: 'J1', date: '2024-07-02', quantity: 2 }), 'p1'],
  [rec({ id: 'J2', date: '2024-07-03', quantity: 1 }), 'p1'],
  // August: VN 2 cases (3 seizures), KR 1 case; sea leads with 2 cases
  [rec({ id: 'A1', caseId: 'V1', date: '2024-08-05', subtype: 'heroin', quantity: 3, route: 'sea', origin: 'CN', destination: 'VN' }), 'p2'],
  [rec({ id: 'A2', caseId: 'V1', date: '2024-08-05', subtype: 'heroin', quantity: 1.5, route: 'sea', origin: 'CN', destination: 'VN' }), 'p2'],
  [rec({ id: 'A3', caseId: 'V2', date: '2024-08-06', commodity: 'tobacco', subtype: 'cigarettes', unit: 'sticks', quantity: 1200, route: 'sea' }), 'p2'],
  [rec({ id: 'A4', date: '2024-08-13', reportingCountry: 'KR', subtype: 'methamphetamine', quantity: 1234.5, unit: 'pieces', route: 'air', origin: 'MM', destination: 'KR' }), 'p2'],
];

function model(ph: 'p1' | 'p2') {
  const c = new ReportCollector(campaign);
  for (const [r, p] of RECORDS) c.add(r, p, ...keyHash(r.reportingCountry, r.caseId));
  return buildReportModel({ campaign, phase: campaign.phases.find((p) => p.id === ph)!, collector: c, buckets: { read: 6, accepted: 6, rejected: 0, duplicates: 0, out_of_scope: 0 }, sources: [], rejectedByReason: new Map(), conversions: [], generatedAt: null });
}

describe('executive summary', () => {
  it('en: period and who reported, counts against the previous phase, quantities, route and flows, largest seizure', () => {
    expect(executiveSummary(model('p2'), loadLocale('en'), (id) => `<${id}>`)).toEqual([
      'From 1 August 2024 to 31 August 2024, 2 of the 3 participating countries reported seizures.',
      'They reported 3 cases (+50 % against July) and 4 seizures (+100 %).',
      'Quantities seized, by commodity: drugs 4.5 kg and 1,234.5 pieces; tobacco 1,200 sticks.',
      'The leading route was sea, with 2 cases; the main flows were China → Vietnam (1 case), Myanmar (Burma) → South Korea (1 case).',
      'The largest single seizure was 3 kg of <heroin> (Drugs), reported by Vietnam on 5 August 2024 (sea).',
    ]);
  });

  it('vi, first phase: no comparison; every figure in the locale\'s format', () => {
    const s = executiveSummary(model('p1'), loadLocale('vi'));
    expect(s[1]).toBe('Các nước đã báo cáo 2 vụ với 2 lần thu giữ.');
    expect(s[2]).toBe('Số lượng thu giữ theo mặt hàng: ma túy 3 kg.');
    expect(s[3]).toBe('Tuyến dẫn đầu là hàng không, với 2 vụ.');
    expect(s).toHaveLength(5);
  });

  it('labels run on in lower case mid-sentence (en, vi), abbreviations as written; Korean as written', () => {
    const label = (id: string) => (id === 'heroin' ? 'Heroin' : id);
    expect(executiveSummary(model('p2'), loadLocale('en'), label)[4]).toBe('The largest single seizure was 3 kg of heroin (Drugs), reported by Vietnam on 5 August 2024 (sea).');
    expect(executiveSummary(model('p2'), loadLocale('en'), () => 'MDMA (ecstasy)')[4]).toBe('The largest single seizure was 3 kg of MDMA (ecstasy) (Drugs), reported by Vietnam on 5 August 2024 (sea).');
    expect(executiveSummary(model('p2'), loadLocale('vi'), () => 'Vảy tê tê')[4]).toBe('Vụ thu giữ lớn nhất là 3 kg vảy tê tê (Ma túy), do Việt Nam báo cáo ngày 5 tháng 8 năm 2024 (đường biển).');
    expect(executiveSummary(model('p2'), loadLocale('ko'), label)[3]).toMatch(/^가장 많이 이용된 경로는 해상\(2건\)/);
  });

  it('en: one case, one seizure, a route of one case: the singular (the plural rules of the report language)', () => {
    const c = new ReportCollector(campaign);
    const one = rec({ id: 'S1', date: '2024-07-04', quantity: 2, route: 'post', origin: 'LA', destination: 'VN' });
    c.add(one, 'p1', ...keyHash(one.reportingCountry, one.caseId));
    const m = buildReportModel({ campaign, phase: campaign.phases[0]!, collector: c, buckets: { read: 1, accepted: 1, rejected: 0, duplicates: 0, out_of_scope: 0 }, sources: [], rejectedByReason: new Map(), conversions: [], generatedAt: null });
    const s = executiveSummary(m, loadLocale('en'));
    expect(s[1]).toBe('They reported 1 case and 1 seizure.');
    expect(s[3]).toBe('The leading route was post, with 1 case; the main flows were Laos → Vietnam (1 case).');
    // Korean and Vietnamese have one form: the sentence is the same for 1 and 2
    expect(executiveSummary(m, loadLocale('vi'))[1]).toBe('Các nước đã báo cáo 1 vụ với 1 lần thu giữ.');
  });

  it('a phase with no seizure: one sentence', () => {
    const c = new ReportCollector(campaign);
    const m = buildReportModel({ campaign, phase: campaign.phases[0]!, collector: c, buckets: { read: 0, accepted: 0, rejected: 0, duplicates: 0, out_of_scope: 0 }, sources: [], rejectedByReason: new Map(), conversions: [], generatedAt: null });
    expect(executiveSummary(m, loadLocale('en'))).toEqual(['From 1 July 2024 to 31 July 2024, none of the 3 participating countries reported a seizure.']);
  });

  it('a campaign that lists no participants: the countries that reported, by name (by number when more than five), in the report language', () => {
    const open = testCampaign({ participants: [] });
    const build = (records: SeizureRecord[]) => {
      const c = new ReportCollector(open);
      for (const r of records) c.add(r, 'p2', ...keyHash(r.reportingCountry, r.caseId));
      return buildReportModel({ campaign: open, phase: open.phases[1]!, collector: c, buckets: { read: 0, accepted: 0, rejected: 0, duplicates: 0, out_of_scope: 0 }, sources: [], rejectedByReason: new Map(), conversions: [], generatedAt: null });
    };
    const two = build([rec({ id: 'a', date: '2024-08-02' }), rec({ id: 'b', date: '2024-08-03', reportingCountry: 'KR' })]);
    expect(executiveSummary(two, loadLocale('en'))[0]).toBe('From 1 August 2024 to 31 August 2024, seizures were reported by South Korea and Vietnam.');
    expect(executiveSummary(two, loadLocale('vi'))[0]).toBe('Từ 1 tháng 8 năm 2024 đến 31 tháng 8 năm 2024, Hàn Quốc và Việt Nam đã báo cáo kết quả thu giữ.');
    expect(executiveSummary(two, loadLocale('ko'))[0]).toBe('2024년 8월 1일부터 2024년 8월 31일까지 대한민국 및 베트남이(가) 적발 실적을 보고했습니다.');
    const countries = ['VN', 'KR', 'TH', 'LA', 'KH', 'MY'];
    const six = build(countries.map((c, i) => rec({ id: `r${i}`, date: '2024-08-02', reportingCountry: c })));
    expect(executiveSummary(six, loadLocale('en'))[0]).toBe('From 1 August 2024 to 31 August 2024, seizures were reported by 6 countries.');
    expect(executiveSummary(build(countries.slice(0, 5).map((c, i) => rec({ id: `r${i}`, date: '2024-08-02', reportingCountry: c }))), loadLocale('en'))[0]).toContain('by Cambodia, South Korea, Laos, Thailand and Vietnam.') // the by-country table's order (by code);
    expect(executiveSummary(build([]), loadLocale('en'))).toEqual(['From 1 August 2024 to 31 August 2024, no country reported a seizure.']);
  });

  it('lists: a, a and b, a, b and c', () => {
    expect([list([], ' and '), list(['a'], ' and '), list(['a', 'b'], ' and '), list(['a', 'b', 'c'], ' và ')]).toEqual(['', 'a', 'a and b', 'a, b và c']);
  });
});

describe('PDF document information', () => {
  it('author, subject and keywords from the report block, in the report language', () => {
    expect(pdfInfoOf(model('p2'), loadLocale('en'))).toEqual({
      author: 'RILO A/P',
      subject: 'Operation results — Phase 2 of 2: August (1 August 2024 – 31 August 2024); Version 1.0; Issued 31 August 2024; Contact: rilo@example.org',
      keywords: 'Vietnam; South Korea; Thailand',
    });
  });

  it('text strings as UTF-16BE hex', () => {
    expect(pdfText('Aă')).toBe('<FEFF00410103>');
  });

  it('an incremental update: the old bytes kept, a new information dictionary, xref and trailer pointing back', () => {
    const body = '%PDF-1.4\n1 0 obj\n<</Title (T)\n/Author (old)\n/CreationDate (D:20240101000000+00\'00\')>>\nendobj\n2 0 obj\n<</Type /Catalog>>\nendobj\n';
    const xref = body.length;
    const pdf = Buffer.from(`${body}xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000090 00000 n \ntrailer\n<</Size 3\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`, 'latin1');
    const out = addPdfInfo(Buffer.from(pdf), { author: 'A', subject: 'S', keywords: 'K' }).toString('latin1');
    expect(out.startsWith(pdf.toString('latin1'))).toBe(true);
    const added = out.slice(pdf.length);
    const objAt = pdf.length;
    expect(added).toBe(
      `3 0 obj\n<</Title (T)\n/CreationDate (D:20240101000000+00'00')\n/Author <FEFF0041>\n/Subject <FEFF0053>\n/Keywords <FEFF004B>>>\nendobj\n` +
        `xref\n3 1\n${String(objAt).padStart(10, '0')} 00000 n \ntrailer\n<</Size 4\n/Root 2 0 R\n/Info 3 0 R\n/Prev ${xref}>>\nstartxref\n${out.indexOf('xref\n3 1')}\n%%EOF\n`,
    );
    expect(out.slice(objAt, objAt + 8)).toBe('3 0 obj\n');
    expect(addPdfInfo(Buffer.from('not a pdf'), { author: 'A', subject: 'S', keywords: 'K' }).toString()).toBe('not a pdf');
  });
});
