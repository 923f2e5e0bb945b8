/**
 * The goods vocabulary and agencies end to end, on the built CLI: the same
 * goods spelled ten ways by six agencies of three countries aggregate to one
 * row per good and unit; agencies group, label and go silent; unknown words
 * earn one warning per value per file. Every expected figure is worked out by
 * hand in the comments next to the data.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const CAMPAIGN = `campaign:
  id: twin-guardian
  name: Twin Guardian test
  participants:
    - country: KR
      agencies:
        - { id: kcs-icn, name: Incheon Main Customs, aliases: [인천본부세관, ICN] }
        - { id: kcs-pus, name: Busan Main Customs, aliases: [부산본부세관] }
    - country: VN
      agencies:
        - { id: vn-hcm, name: Cục Hải quan TP. Hồ Chí Minh, aliases: [HQ HCM, Hải quan TP. Hồ Chí Minh] }
        - { id: vn-hn, name: Cục Hải quan Hà Nội, aliases: [Hải quan Hà Nội] }
        - { id: vn-hp, name: Cục Hải quan Hải Phòng }
        - { id: vn-dn, name: Cục Hải quan Đà Nẵng }
    - country: TH
      agencies: [{ id: thai-customs, name: Thai Customs Department, aliases: [Thai Customs] }]
phases:
  - { id: p1, name: July, start: 2024-07-01, end: 2024-07-31 }
sources:
  - { path: kr-icn.csv, defaults: { agency: ICN } }
  - { path: kr-pus.csv, defaults: { agency: 부산본부세관 } }
  - { path: vn.csv, delimiter: ";", columns: { agency: "Đơn vị" } }
  - { path: th.csv }
`;

const KR_HEADER = 'id,date,reporting_country,commodity,subtype,quantity,unit,route';
const FILES: Record<string, string> = {
  'campaign.yaml': CAMPAIGN,
  // Incheon (source default): meth 1.5 kg + 0.5 kg, MDMA 200 tablets, cigarettes 10 cartons = 2,000 sticks
  'kr-icn.csv': [KR_HEADER, 'I1,2024-07-02,KR,drugs,필로폰,1.5,kg,air', 'I2,2024-07-03,KR,drugs,메트암페타민,500,g,express', 'I3,2024-07-04,KR,drugs,엑스터시,200,정,post', 'I4,2024-07-05,KR,tobacco,담배,10,보루,sea', ''].join('\n'),
  // Busan: meth 2 kg + 0.25 kg (no commodity: the subtype gives it), MDMA 100 tablets
  'kr-pus.csv': [KR_HEADER, 'B1,2024-07-06,KR,drugs,ice,2,kg,sea', 'B2,2024-07-07,KR,,crystal meth,0.25,kg,sea', 'B3,2024-07-08,KR,drugs,MDMA,100,tablets,post', ''].join('\n'),
  // Vietnamese headers; "Đơn vị" beside "Đơn vị tính" is the agency
  'vn.csv': [
    'Mã thu giữ;Ngày;Nước báo cáo;Mặt hàng;Tên hàng;Số lượng;Đơn vị tính;Tuyến;Đơn vị',
    'V1;2024-07-10;VN;ma túy;ma túy đá;3;kg;đường bộ;HQ HCM', // meth 3 kg, vn-hcm
    'V2;2024-07-11;VN;ma túy;hồng phiến;1000;viên;đường bộ;Hải quan Hà Nội', // meth 1,000 tablets, vn-hn
    'V3;2024-07-12;VN;ma túy;thuốc lắc;50;viên;hàng không;hai quan ha noi', // MDMA 50 tablets, vn-hn
    'V4;2024-07-13;VN;thuốc lá;thuốc lá điếu;5;cây;đường biển;Cục Hải quan Hải Phòng', // 1,000 sticks, vn-hp
    'V5;2024-07-14;VN;ma túy;Methamphetamine;0.75;kg;hàng không;HQ HCM', // meth 0.75 kg, vn-hcm
    '',
  ].join('\n'),
  'th.csv': [
    `${KR_HEADER},agency`,
    'T1,2024-07-15,TH,drugs,yaba,5000,tablets,land,Thai Customs Department', // meth 5,000 tablets
    'T2,2024-07-16,TH,drugs,shabu,1.25,kg,land,Thai Customs', // meth 1.25 kg
    'T3,2024-07-17,TH,drugs,meth,0.5,kg,air,Suvarnabhumi Airport Customs', // meth 0.5 kg; agency not named: UNKNOWN_AGENCY
    'T4,2024-07-18,TH,cites,pangolin scales,3,cartons,sea,Thai Customs', // 3 packages, never 600 sticks: UNUSUAL_UNIT
    'T5,2024-07-19,TH,drugs,Blue Dream pills,10,tablets,land,Thai Customs', // not in the vocabulary: kept as written
    'T6,2024-07-20,TH,drugs,Blue Dream pills,20,tablets,land,Thai Customs', // the same: one warning, 2 records
    'T7,2024-07-21,TH,drugs,heroin,1,kg,land,HQ HCM', // a Vietnamese agency reporting for TH: AGENCY_COUNTRY_MISMATCH
    '',
  ].join('\n'),
};

let dir: string;
beforeAll(() => {
  dir = tempDir(FILES);
});

const cli = (...args: string[]) => runCli(args, { cwd: dir });
const json = async (...args: string[]) => {
  const r = await cli('aggregate', '--format', 'json', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, string | number | null>[];
};

describe('the same goods spelled ten ways by six agencies', () => {
  it('aggregate --by subtype: one row per good and unit; an unknown subtype under its own text', async () => {
    const rows = await json('--by', 'subtype');
    expect(rows.map((r) => [r.subtype, r.unit, r.cases, r.seizures, r.quantity])).toEqual([
      ['Blue Dream pills', 'pieces', 2, 2, 30], // T5 + T6
      ['cigarettes', 'sticks', 2, 2, 3000], // I4 10 × 200 + V4 5 × 200
      ['mdma', 'pieces', 3, 3, 350], // I3 200 + B3 100 + V3 50
      ['methamphetamine', 'kg', 8, 8, 9.75], // 1.5 + 0.5 + 2 + 0.25 + 3 + 0.75 + 1.25 + 0.5
      ['methamphetamine', 'pieces', 2, 2, 6000], // V2 1,000 + T1 5,000
      ['pangolin-scales', 'packages', 1, 1, 3], // T4: 3 cartons are 3 packages
    ]);
  });

  it('--by group,subtype --kg-equivalent: the estimate beside the measured quantity, empty where there is no factor', async () => {
    const rows = await json('--by', 'group,subtype', '--kg-equivalent');
    expect(rows.map((r) => [r.group, r.subtype, r.unit, r.quantity, r.kg_equivalent])).toEqual([
      ['ats', 'mdma', 'pieces', 350, 0.035], // 350 × 100 mg
      ['ats', 'methamphetamine', 'kg', 9.75, 9.75],
      ['ats', 'methamphetamine', 'pieces', 6000, 0.6], // 6,000 × 100 mg
      ['mammals', 'pangolin-scales', 'packages', 3, null],
      ['smoked', 'cigarettes', 'sticks', 3000, null],
      ['unclassified', 'Blue Dream pills', 'pieces', 30, null],
    ]);
  });

  it('--by country,agency: agencies by id, one not named kept as written', async () => {
    const rows = await json('--by', 'country,agency');
    expect(rows.map((r) => [r.country, r.agency, r.unit, r.cases, r.quantity])).toEqual([
      ['KR', 'kcs-icn', 'kg', 2, 2],
      ['KR', 'kcs-icn', 'pieces', 1, 200],
      ['KR', 'kcs-icn', 'sticks', 1, 2000],
      ['KR', 'kcs-pus', 'kg', 2, 2.25],
      ['KR', 'kcs-pus', 'pieces', 1, 100],
      ['TH', 'Suvarnabhumi Airport Customs', 'kg', 1, 0.5],
      ['TH', 'thai-customs', 'kg', 1, 1.25],
      ['TH', 'thai-customs', 'pieces', 3, 5030], // T1 5,000 + T5 10 + T6 20
      ['TH', 'thai-customs', 'packages', 1, 3],
      ['VN', 'vn-hcm', 'kg', 2, 3.75],
      ['VN', 'vn-hn', 'pieces', 2, 1050],
      ['VN', 'vn-hp', 'sticks', 1, 1000],
    ]);
  });

  it('--labels vi and ko: names instead of ids for commodity, group, subtype, country and agency', async () => {
    const vi = await json('--by', 'country,agency,commodity,subtype', '--labels', 'vi');
    expect(vi[0]).toMatchObject({ country: 'Hàn Quốc', agency: 'Incheon Main Customs', commodity: 'Ma túy', subtype: 'MDMA (thuốc lắc)', unit: 'pieces', quantity: 200 });
    expect(vi[1]).toMatchObject({ country: 'Hàn Quốc', agency: 'Incheon Main Customs', commodity: 'Ma túy', subtype: 'Methamphetamine', unit: 'kg', quantity: 2 });
    expect(vi.find((r) => r.agency === 'Cục Hải quan Hà Nội' && r.unit === 'pieces')).toMatchObject({ country: 'Việt Nam', subtype: 'MDMA (thuốc lắc)', quantity: 50 });
    expect(vi.find((r) => r.unit === 'packages')).toMatchObject({ country: 'Thái Lan', agency: 'Thai Customs Department', commodity: 'Hàng CITES', subtype: 'Vảy tê tê', quantity: 3 });
    const ko = await json('--by', 'subtype', '--labels', 'ko');
    // rows stay in id order; a subtype the vocabulary does not know is shown as written
    expect(ko.map((r) => r.subtype)).toEqual(['Blue Dream pills', '담배(궐련)', 'MDMA(엑스터시)', '메트암페타민', '메트암페타민', '천산갑 비늘']);
  });

  it('validate: one warning per unknown value per file, with its record count; a mismatched agency is rejected', async () => {
    const r = await cli('validate', '--report-json', 'v.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('read 19 = accepted 18 + rejected 1 + duplicates 0 + out_of_scope 0');
    const report = JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8')) as { diagnostics: { code: string; file: string; line: number; value?: string; message: string }[] };
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line, d.value])).toEqual([
      ['UNUSUAL_UNIT', 'th.csv', 5, 'cartons'],
      ['AGENCY_COUNTRY_MISMATCH', 'th.csv', 8, 'HQ HCM'],
      ['UNKNOWN_SUBTYPE', 'th.csv', 6, 'Blue Dream pills'],
      ['UNKNOWN_AGENCY', 'th.csv', 4, 'Suvarnabhumi Airport Customs'],
    ]);
    expect(report.diagnostics[2]!.message).toContain('(2 records in this file)');
    expect((report as unknown as { unknown_words: unknown[] }).unknown_words).toEqual([
      { field: 'subtype', value: 'Blue Dream pills', file: 'th.csv', line: 6, records: 2 },
      { field: 'agency', value: 'Suvarnabhumi Airport Customs', file: 'th.csv', line: 4, records: 1 },
    ]);
    expect(report.diagnostics[0]!.message).toBe('packages is unusual for Pangolin scales (cites)');
  });

  it('build: the annex names the agency that sent nothing', async () => {
    const r = await cli('build', '--format', 'md', '--out', 'out');
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(dir, 'out/twin-guardian-p1.md'), 'utf8');
    expect(md).toContain('Named agencies that sent nothing: Cục Hải quan Đà Nẵng (Vietnam)');
    expect(md).toContain('| Agency of another country | 1 |');
    // the spellings to add: subtypes the vocabulary lacks and agencies the campaign does not name
    expect(md).toContain('### Goods not in the vocabulary');
    expect(md).toContain('| Blue Dream pills | th.csv | 2 |');
    expect(md).toContain('### Agencies not named by the campaign');
    expect(md).toContain('| Suvarnabhumi Airport Customs | th.csv | 1 |');
  });

  it('summary lists the agency that sent nothing in the window', async () => {
    const r = await cli('summary', '--since', '2024-07-01', '--until', '2024-07-31', '--format', 'txt');
    expect(r.stdout).toContain('== Participants that sent nothing in the window ==\nNone\nNamed agencies that sent nothing: Cục Hải quan Đà Nẵng (Vietnam)\n');
  });
});

describe('partials and the vocabulary version', () => {
  it('a partial made with another vocabulary is refused, naming both versions', async () => {
    const agency = tempDir({ 'campaign.yaml': CAMPAIGN.replace('phases:', 'aliases:\n  subtype: { "blue dream pills": mdma }\nphases:'), ...Object.fromEntries(Object.entries(FILES).filter(([k]) => k !== 'campaign.yaml')) });
    const made = await runCli(['aggregate', '--format', 'partial', '--out', 'th.partial.json'], { cwd: agency });
    expect(made.code, made.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(agency, 'th.partial.json'), 'utf8')) as { vocabulary: string; grain: string[] };
    expect(doc.vocabulary).toMatch(/^drugs\.1\+precursors\.1\+cites\.1\+tobacco\.1\+campaign\.[0-9a-f]{8}$/);
    expect(doc.grain).toContain('agency');
    const hub = tempDir({ 'campaign.yaml': CAMPAIGN.replace(/sources:[\s\S]*$/, 'sources:\n  - { path: th.partial.json }\n'), 'th.partial.json': readFileSync(join(agency, 'th.partial.json'), 'utf8') });
    const r = await runCli(['aggregate'], { cwd: hub });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`th.partial.json: made with goods vocabulary ${doc.vocabulary}, but this campaign uses drugs.1+precursors.1+cites.1+tobacco.1`);
  });
});
