/**
 * runPipeline tells V8's tier-up (src/pipeline/tier-up.ts) how large its input is
 * once, from the plan, before any record is read: the example's build depends on
 * it staying late, 1M rows on it coming back (bench/NOTES.md, The example's build).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadCampaign } from '../../src/config/load.js';
import { inputBytes } from '../../src/pipeline/plan.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

/** Every size runPipeline gave optimizeForInput, and how many records had been read by then. */
const told = vi.hoisted(() => ({ bytes: [] as number[], recordsBefore: [] as number[], records: 0 }));

vi.mock('../../src/pipeline/tier-up.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/pipeline/tier-up.js')>();
  return {
    ...real,
    optimizeForInput: (bytes: number) => {
      told.bytes.push(bytes);
      told.recordsBefore.push(told.records);
      return false;
    },
  };
});

afterAll(cleanupTempDirs);

const CAMPAIGN = `campaign:
  id: tier
  name: Tier-up
  participants: [VN]
  commodities: [drugs]
phases:
  - { id: jan, name: January, start: 2024-01-01, end: 2024-01-31 }
sources:
  - path: a.csv
  - path: b.yaml
`;
const CSV = 'id,date,reporting_country,commodity,subtype,quantity,unit,route\nA1,2024-01-03,VN,drugs,heroin,1.5,kg,air\nA2,2024-01-04,VN,drugs,cocaine,2,kg,sea\n';
const YAML = '- { id: B1, date: 2024-01-05, reporting_country: VN, commodity: drugs, subtype: heroin, quantity: 3, unit: kg, route: post }\n';

describe('runPipeline and the tier-up', () => {
  it('gives optimizeForInput the bytes of every source, once, before the first record', async () => {
    const dir = tempDir({ 'campaign.yaml': CAMPAIGN, 'a.csv': CSV, 'b.yaml': YAML });
    const campaign = await loadCampaign(join(dir, 'campaign.yaml'));
    const result = await runPipeline(campaign, { onRecord: () => void told.records++ }, {});
    expect(result.buckets.accepted).toBe(3);
    expect(told.records).toBe(3);
    expect(told.bytes).toEqual([Buffer.byteLength(CSV) + Buffer.byteLength(YAML)]);
    expect(told.bytes).toEqual([inputBytes(campaign)]);
    expect(told.recordsBefore).toEqual([0]);
  });
});
