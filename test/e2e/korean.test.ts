/**
 * End-to-end: exports written in Korean (fixtures/korean/, figures worked out in
 * its README.md) read by built-in aliases alone: headers (적발번호/번호,
 * 적발일자/일자, 보고국, 분류, 품명/품목, 수량, 단위, 운송경로/경로,
 * 출발국/원산지, 도착국/목적지, 수출입구분, 은닉수법), commodities, goods,
 * routes, directions, units and countries in Hangul; and the Korean report
 * (`locale: ko` in the campaign file, or `--locale ko`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const CAMPAIGN = join(ROOT, 'fixtures/korean/campaign.yaml');

describe('Korean exports', () => {
  let byGoods: CliResult;
  let byRoute: CliResult;
  beforeAll(async () => {
    [byGoods, byRoute] = await Promise.all([
      runCli(['aggregate', '--campaign', CAMPAIGN, '--by', 'phase,commodity,subtype']),
      runCli(['aggregate', '--campaign', CAMPAIGN, '--by', 'route,direction,origin,destination']),
    ]);
  });

  it('reads every row by built-in aliases; the one impossible date is the only rejection', () => {
    expect(byGoods.code).toBe(0); // rejected records alone do not fail a run (only --strict / --max-rejected)
    expect(byGoods.stderr).toContain('data/incheon.csv:6: [INVALID_DATE] date "2024-13-01"');
    expect(byGoods.stderr).toContain('read 11 = accepted 10 + rejected 1 + duplicates 0 + out_of_scope 0');
    // no header, commodity, good, route, unit or country left unread
    expect(byGoods.stderr).not.toMatch(/UNKNOWN_|MISSING_COLUMN|UNUSUAL_UNIT/);
  });

  it('gives the goods and units of the Korean cells', () => {
    expect(byGoods.stdout.trim().split('\n')).toEqual([
      'phase,commodity,subtype,unit,cases,seizures,quantity',
      'p1,drugs,cannabis-herb,kg,1,1,0.8', // 대마초 800 g
      'p1,drugs,mdma,pieces,1,1,300', // 엑스터시 300 정
      'p1,drugs,methamphetamine,kg,2,2,3.75', // 필로폰 1500 그램 + 메트암페타민 2.25 킬로그램
      'p1,tobacco,cigarettes,sticks,2,2,2500', // 담배 10 보루 × 200 + 25 갑 × 20
      'p2,cites,pangolin-scales,kg,1,1,12.5', // 천산갑 비늘 12.5 킬로그램
      'p2,drugs,methamphetamine,kg,1,1,3', // 필로폰 3 kg
      'p2,drugs,methamphetamine,pieces,1,1,5000', // 필로폰 5000 정
      'p2,tobacco,cigarettes,sticks,1,1,750', // 담배 750 개비
    ]);
  });

  it('gives the routes, directions and countries of the Korean cells', () => {
    expect(byRoute.stdout.trim().split('\n')).toEqual([
      'route,direction,origin,destination,unit,cases,seizures,quantity',
      'air,import,TH,KR,kg,1,1,1.5', // 항공, 수입, 태국 → 대한민국
      'express,import,US,KR,kg,1,1,2.25', // 특송, 미국
      'land,import,LA,VN,pieces,1,1,5000', // 육로, 라오스 → 베트남 (보고국 베트남)
      'post,import,CA,KR,kg,1,1,0.8', // 우편, 캐나다
      'post,import,JP,KR,sticks,1,1,500', // 우편, 일본
      'post,import,NL,KR,pieces,1,1,300', // 국제우편, 네덜란드
      'sea,import,CN,KR,kg,1,1,3', // 해상, 중국
      'sea,import,CN,KR,sticks,1,1,2000',
      'sea,import,VN,KR,sticks,1,1,750', // 해상, 베트남
      'sea,transit,NG,KR,kg,1,1,12.5', // 해상, 경유, 나이지리아
    ]);
  });
});

describe('the Korean report', () => {
  let out: string;
  let p1: string;
  let p2: string;
  beforeAll(async () => {
    out = tempDir();
    const r = await runCli(['build', '--campaign', CAMPAIGN, '--all-phases', '--format', 'md', '--out', out], { env: { SOURCE_DATE_EPOCH: '1722470400' } });
    expect(r.code).toBe(0);
    p1 = readFileSync(join(out, 'hanbit-p1.ko.md'), 'utf8');
    p2 = readFileSync(join(out, 'hanbit-p2.ko.md'), 'utf8');
  });

  it('is named after the campaign file\'s locale and says its phases in Korean', () => {
    // "Phase 1" and "2024-07" are defaults the tool says in the report's language
    expect(p1).toContain('합동단속 결과 — 제1단계\\(총 2단계\\): **제1단계**');
    expect(p2).toContain('합동단속 결과 — 제2단계\\(총 2단계\\): **2024년 7월**');
    expect(p2).toContain('_증감은 직전 단계\\(제1단계\\) 대비임._');
    expect(p1).toContain('| 기간 | 2024년 7월 1일 – 2024년 7월 15일 |');
    expect(p1).toContain('| 참가국 (2) | 대한민국; 베트남 |');
  });

  it('gives the figures with Korean labels, goods and units', () => {
    expect(p1).toContain('| 마약류 | 4 | 해당 없음 | 4 | 4.55 kg | 해당 없음 |');
    expect(p1).toContain('|  | | |  | 300 개 | 해당 없음 |');
    expect(p1).toContain('| 담배 | 2 | 해당 없음 | 2 | 2,500 개비 | 해당 없음 |');
    expect(p1).toContain('| 마약류 | 메트암페타민 | 2 | 2 | 3.75 |  |  |');
    expect(p1).toContain('| 마약류 | MDMA\\(엑스터시\\) | 1 | 1 |  | 300 |  |');
    expect(p1).toContain('| 담배 | 담배\\(궐련\\) | 2 | 2 |  |  | 2,500 |');
    // routes: cases and seizures of every commodity by route and direction; quantities per commodity, in its own units (never added across goods)
    expect(p1).toContain('| 국제우편 | 수입 | 3 | 3 |\n');
    expect(p1).toContain('### 마약류\n\n| 경로 | 사건 수 | 적발 건수 | kg | 개 |\n|---|---:|---:|---:|---:|\n| 항공 | 1 | 1 | 1.5 |  |\n| 특송 | 1 | 1 | 2.25 |  |\n| 국제우편 | 2 | 2 | 0.8 | 300 |\n');
    expect(p1).toContain('### 담배\n\n| 경로 | 사건 수 | 적발 건수 | 개비 |\n|---|---:|---:|---:|\n| 국제우편 | 1 | 1 | 500 |\n| 해상 | 1 | 1 | 2,000 |\n');
    expect(p2).toContain('| CITES 야생동식물 | 천산갑 비늘 | 1 | 1 | 12.5 |  |  |');
    expect(p2).toContain('| 해상 | 경유 | 1 | 1 |\n');
    expect(p2).toContain('| 육로 | 수입 | 1 | 1 |\n');
    expect(p2).toContain('### CITES 야생동식물\n\n| 경로 | 사건 수 | 적발 건수 | kg |\n|---|---:|---:|---:|\n| 해상 | 1 | 1 | 12.5 |\n');
    expect(p2).toContain('| 육로 | 1 | 1 |  | 5,000 |\n| 해상 | 1 | 1 | 3 |  |\n');
  });

  it('shows known concealments in Korean and the rest as written', () => {
    // "inside a loudspeaker" is in the methods vocabulary; the other two are written in Korean already
    expect(p1).toContain('| 2024년 7월 3일 | 대한민국 | 특송 | 메트암페타민 | 2.25 kg | 스피커 내부에 은닉 |');
    expect(p1).toContain('| 2024년 7월 2일 | 대한민국 | 항공 | 메트암페타민 | 1.5 kg | 여행가방 이중바닥에 은닉 |');
    expect(p1).toContain('| 2024년 7월 12일 | 대한민국 | 국제우편 | 대마초 | 0.8 kg | 커피 봉지 안에 은닉 |');
  });

  it('says the unit conversions in Korean words, spellings of one word merged', () => {
    const conversions = p1.slice(p1.indexOf('### 적용된 단위 환산'));
    // 그램 and g are one word; 킬로그램 and 개비 are read as their own unit: no conversion
    expect(conversions).toContain('| g × 0.001 → kg | 2 |');
    expect(conversions).toContain('| 갑 × 20 → 개비 | 1 |');
    expect(conversions).toContain('| 보루 × 200 → 개비 | 1 |');
    expect(conversions).toContain('| 정 × 1 → 개 | 2 |');
    expect(conversions).not.toMatch(/킬로그램|그램 ×|개비 ×/);
    expect(p1).toContain('| 잘못된 일자 | 1 |');
  });

  it('--locale ko gives the same report from a campaign file without locale:', async () => {
    const dir = tempDir({
      'campaign.yaml': readFileSync(CAMPAIGN, 'utf8').replace(/^locale: ko\n/m, '').replace(/path: data\//g, `path: ${join(ROOT, 'fixtures/korean/data')}/`),
    });
    const out2 = tempDir();
    const r = await runCli(['build', '--campaign', join(dir, 'campaign.yaml'), '--phase', 'p1', '--format', 'md', '--locale', 'ko', '--out', out2], { env: { SOURCE_DATE_EPOCH: '1722470400' } });
    expect(r.code).toBe(0);
    const again = readFileSync(join(out2, 'hanbit-p1.ko.md'), 'utf8');
    // the same but for the source paths the annex shows
    const strip = (s: string) => s.slice(0, s.indexOf('### 원본 파일'));
    expect(strip(again)).toBe(strip(p1));
  });
});
