/**
 * A small two-country campaign folder shared by the command tests. Every number
 * the tests expect is worked out by hand in the comments below.
 */
import { campaignYaml, tempDir } from './tmp.js';

export const HEADER = 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country,case_id';

/**
 * data/kr-icn.csv (KR, canonical):
 *   line 2 KR-1 drugs 1.5 kg express, case C-1
 *   line 3 KR-2 drugs 500 g (0.5 kg) express, case C-1   -> same case as KR-1
 *   line 4 KR-3 tobacco 3 carton (600 sticks) sea, case C-2, August (p2)
 *   line 5 KR-4 drugs 2 l post, case C-3, August (p2)
 * data/vn-hq.csv (VN by default; ";", decimal ",", dd/MM/yyyy, Vietnamese headers):
 *   line 2 VN-1 ma túy 1,25 kg chuyển phát nhanh, case C-1 -> same case id as KR's, other country
 *   line 3 VN-2 thuốc lá 10 bao (200 sticks) đường bộ, case C-9
 */
export const CLEAN_FILES: Record<string, string> = {
  'data/kr-icn.csv': [
    HEADER,
    'KR-1,2024-07-03,KR,drugs,methamphetamine,1.5,kg,express,TH,KR,C-1',
    'KR-2,2024-07-03,KR,drugs,heroin,500,g,express,TH,KR,C-1',
    'KR-3,2024-08-10,KR,tobacco,cigarettes,3,carton,sea,CN,KR,C-2',
    'KR-4,2024-08-11,KR,drugs,GHB,2,l,post,US,KR,C-3',
    '',
  ].join('\n'),
  'data/vn-hq.csv': ['Số vụ;Ngày;Mặt hàng;Số lượng;Đơn vị;Tuyến;Mã vụ', 'VN-1;05/07/2024;ma túy;1,25;kg;chuyển phát nhanh;C-1', 'VN-2;06/07/2024;thuốc lá;10;bao;đường bộ;C-9', ''].join(
    '\r\n',
  ),
};

export const CLEAN_SOURCES = [
  '- path: data/kr-*.csv',
  '- path: data/vn-hq.csv',
  '  date_format: dd/MM/yyyy',
  '  decimal: ","',
  '  defaults: { reporting_country: VN }',
  '  columns: { id: "Số vụ" }',
].join('\n');

/**
 * data/kr-pus.csv, matched by the same glob as kr-icn.csv (sorted after it):
 *   line 2 B-1 quantity "abc"                     -> rejected INVALID_QUANTITY
 *   line 3 B-2 date 2024-02-30                    -> rejected INVALID_DATE
 *   line 4 B-3 commodity "weapons"                -> rejected UNKNOWN_COMMODITY
 *   line 5 KR-1 identical to kr-icn.csv:2         -> duplicates (DUPLICATE)
 *   line 6 KR-2 with 600 g instead of 500 g       -> rejected CONFLICTING_ID (names data/kr-icn.csv:3)
 *   line 7 B-4 dated 2024-09-15                   -> out_of_scope (OUTSIDE_PHASES)
 *   line 8 B-5 clean, August                      -> accepted
 * Totals with the clean files: read 6 + 7 = 13, accepted 6 + 1 = 7, rejected 4, duplicates 1, out_of_scope 1.
 */
export const BAD_FILE: Record<string, string> = {
  'data/kr-pus.csv': [
    HEADER,
    'B-1,2024-07-10,KR,drugs,heroin,abc,kg,air,TH,KR,C-10',
    'B-2,2024-02-30,KR,drugs,heroin,1,kg,air,TH,KR,C-11',
    'B-3,2024-07-10,KR,weapons,pistol,1,pieces,air,TH,KR,C-12',
    'KR-1,2024-07-03,KR,drugs,methamphetamine,1.5,kg,express,TH,KR,C-1',
    'KR-2,2024-07-03,KR,drugs,heroin,600,g,express,TH,KR,C-1',
    'B-4,2024-09-15,KR,drugs,cocaine,1,kg,air,BR,KR,C-13',
    'B-5,2024-08-20,KR,drugs,cocaine,0.25,kg,air,BR,KR,C-14',
    '',
  ].join('\n'),
};

export function cleanCampaign(): string {
  return tempDir({ 'campaign.yaml': campaignYaml(CLEAN_SOURCES), ...CLEAN_FILES });
}

export function campaignWithDefects(): string {
  return tempDir({ 'campaign.yaml': campaignYaml(CLEAN_SOURCES), ...CLEAN_FILES, ...BAD_FILE });
}
