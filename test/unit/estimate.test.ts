/**
 * estimateRecords sizes the ledger and case set once: a CSV's size over the
 * mean line length of its first 64 KiB; 0 for what it cannot or need not guess.
 */
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCampaign } from '../../src/config/load.js';
import { estimateRecords, MAX_ESTIMATE } from '../../src/pipeline/estimate.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const campaignWith = (sources: string) =>
  `campaign:\n  id: e\n  name: E\n  participants: [VN]\n  commodities: [drugs]\nphases:\n  - { id: p, start: 2024-01-01, end: 2024-01-31 }\nsources:\n${sources}`;

describe('estimateRecords', () => {
  it('a file of equal lines: exactly its lines, past the 64 KiB sample too', async () => {
    const line = 'VN-000001,2024-01-05,VN,drugs,,1,kg,air\n'; // 40 bytes
    const dir = tempDir({
      'campaign.yaml': campaignWith('  - path: a.csv\n  - path: b.csv\n'),
      'a.csv': line.repeat(10),
      'b.csv': line.repeat(5000), // 200 kB
    });
    expect(estimateRecords(await loadCampaign(join(dir, 'campaign.yaml')))).toBe(5010);
  });

  it('blank lines do not count as records, and a sparse file is not taken for millions of records', async () => {
    const line = 'VN-000001,2024-01-05,VN,drugs,,1,kg,air\n'; // 40 bytes
    const dir = tempDir({
      'campaign.yaml': campaignWith('  - path: blank-first.csv\n  - path: mixed.csv\n'),
      'blank-first.csv': '\n'.repeat(70_000) + line.repeat(100), // no content in the sample: unknown
      'mixed.csv': (line + '\r\n\n').repeat(1000), // 43 bytes a record, 1,000 records
    });
    expect(estimateRecords(await loadCampaign(join(dir, 'campaign.yaml')))).toBe(1 + Math.round(43_000 / 40));
    const huge = tempDir({ 'campaign.yaml': campaignWith('  - path: h.csv\n'), 'h.csv': '' });
    writeFileSync(join(huge, 'h.csv'), 'a,b\n'.repeat(20_000));
    truncateSync(join(huge, 'h.csv'), 32_000_000); // sparse: 4-byte lines at the start, 32 MB of zeros after them
    // The middle and end samples have no line end: 64 KiB lines each, so ~(16,384 + 2) lines in 196,608 bytes.
    const e = estimateRecords(await loadCampaign(join(huge, 'campaign.yaml')));
    expect(e).toBe(Math.round(32_000_000 / ((16_384 * 4 + 2 * 65_536) / (16_384 + 2))));
    expect(e).toBeLessThan(MAX_ESTIMATE);
  });

  it('YAML, a file without a line end, and an empty file', async () => {
    const dir = tempDir({
      'campaign.yaml': campaignWith('  - path: s.yaml\n  - path: one.csv\n  - path: empty.csv\n'),
      's.yaml': '- id: 1\n  date: 2024-01-05\n'.repeat(100),
      'one.csv': 'id,date',
      'empty.csv': '',
    });
    expect(estimateRecords(await loadCampaign(join(dir, 'campaign.yaml')))).toBe(1);
  });
});
