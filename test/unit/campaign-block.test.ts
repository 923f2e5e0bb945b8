import { describe, expect, it } from 'vitest';
import { campaignBlock, silentAgencies } from '../../src/aggregate/campaign-block.js';
import { byReason } from '../../src/aggregate/reasons.js';
import { testCampaign } from '../helpers/records.js';

describe('campaignBlock', () => {
  it('id, name, participants and their count; absent coordinator and classification are null', () => {
    const c = testCampaign({ participants: ['VN', 'KR', 'TH'] });
    const b = campaignBlock(c);
    expect(b).toStrictEqual({ id: 'test', name: 'Test campaign', coordinator: null, classification: null, participants: ['VN', 'KR', 'TH'], participantCount: 3 });
    b.participants.push('LA');
    expect(c.participants).toEqual(['VN', 'KR', 'TH']);
  });

  it('a coordinator and a classification as given', () => {
    expect(campaignBlock(testCampaign({ coordinator: 'WCO RILO A/P', classification: 'RESTRICTED' }))).toMatchObject({ coordinator: 'WCO RILO A/P', classification: 'RESTRICTED' });
  });
});

describe('silentAgencies', () => {
  it('the agencies that sent nothing, in campaign-file order, by id, name and country', () => {
    const c = testCampaign({
      agencies: [
        { id: 'kcs-icn', name: 'Incheon Main Customs', country: 'KR', aliases: ['ICN'] },
        { id: 'vn-hcm', name: 'Hải quan TP. Hồ Chí Minh', country: 'VN', aliases: [] },
        { id: 'kcs-pus', name: 'Busan Main Customs', country: 'KR', aliases: [] },
      ],
    });
    const asked: string[] = [];
    const silent = silentAgencies(c, (country, id) => {
      asked.push(`${country}/${id}`);
      return id === 'vn-hcm';
    });
    expect(silent).toStrictEqual([
      { id: 'kcs-icn', name: 'Incheon Main Customs', country: 'KR' },
      { id: 'kcs-pus', name: 'Busan Main Customs', country: 'KR' },
    ]);
    expect(asked).toEqual(['KR/kcs-icn', 'VN/vn-hcm', 'KR/kcs-pus']);
    expect(silentAgencies(c, () => true)).toEqual([]);
  });
});

describe('byReason', () => {
  it('rejected records per code, the most first, ties by code', () => {
    expect(byReason(new Map([['UNKNOWN_UNIT', 2], ['INVALID_DATE', 5], ['FIELD_COUNT', 2], ['MISSING_FIELD', 9]]))).toStrictEqual([
      { code: 'MISSING_FIELD', count: 9 },
      { code: 'INVALID_DATE', count: 5 },
      { code: 'FIELD_COUNT', count: 2 },
      { code: 'UNKNOWN_UNIT', count: 2 },
    ]);
    expect(byReason([['B', 1], ['A', 1]])).toEqual([{ code: 'A', count: 1 }, { code: 'B', count: 1 }]);
    expect(byReason([])).toEqual([]);
  });
});
