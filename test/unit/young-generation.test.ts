import { describe, expect, it } from 'vitest';
import { scavengeOnOneThread, YoungGenerationHold, type YoungGenerationV8 } from '../../src/pipeline/young-generation.js';

const MB = 1024 * 1024;

/** A V8 whose young generation is `sizes` in turn (the last one from then on); the flags it was given. */
function fakeV8(version: string, sizes: number[]): YoungGenerationV8 & { flags: string[] } {
  const flags: string[] = [];
  let i = 0;
  return { version, flags, youngBytes: () => sizes[Math.min(i++, sizes.length - 1)]!, setFlags: (f) => flags.push(f) };
}

describe('YoungGenerationHold', () => {
  it('stops the growth once the young generation has reached 16 MB, once, and lets it grow again at release', () => {
    const v8 = fakeV8('11.3.244.8-node.33', [4 * MB, 8 * MB, 16 * MB, 32 * MB]);
    const hold = new YoungGenerationHold({}, v8);
    hold.check();
    hold.check();
    expect(v8.flags).toEqual([]);
    expect(hold.heldAt).toBe(0);
    hold.check();
    expect(v8.flags).toEqual(['--semi-space-growth-factor=1']);
    expect(hold.heldAt).toBe(16 * MB);
    hold.check();
    hold.check();
    expect(hold.heldAt).toBe(16 * MB);
    expect(v8.flags).toEqual(['--semi-space-growth-factor=1']);
    expect(hold.release()).toBe(true);
    expect(v8.flags).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
    expect(hold.release()).toBe(false);
    expect(v8.flags).toHaveLength(2);
  });

  it('sets nothing while the young generation is below 16 MB', () => {
    const v8 = fakeV8('11.3.244.8-node.33', [16 * MB - 1]);
    const hold = new YoungGenerationHold({}, v8);
    for (let i = 0; i < 5; i++) hold.check();
    expect(hold.release()).toBe(false);
    expect(v8.flags).toEqual([]);
  });

  it('leaves V8 alone with CAMPAIGN_REPORT_HOLD_YOUNG=0, and on a V8 it was not measured on', () => {
    for (const [env, version] of [[{ CAMPAIGN_REPORT_HOLD_YOUNG: '0' }, '11.3.244.8-node.33'], [{}, '12.4.254.21-node.33'], [{}, '10.2.154.26-node.36']] as const) {
      const v8 = fakeV8(version, [64 * MB]);
      const hold = new YoungGenerationHold(env, v8);
      hold.check();
      expect(hold.release()).toBe(false);
      expect(v8.flags).toEqual([]);
    }
    const v8 = fakeV8('11.3.244.8-node.33', [64 * MB]);
    const hold = new YoungGenerationHold({ CAMPAIGN_REPORT_HOLD_YOUNG: '1' }, v8);
    hold.check();
    expect(v8.flags).toEqual(['--semi-space-growth-factor=1']);
  });
});

describe('scavengeOnOneThread', () => {
  it('turns off the parallel scavenge on the V8 it was measured on', () => {
    const v8 = fakeV8('11.3.244.8-node.33', [0]);
    expect(scavengeOnOneThread({}, v8)).toBe(true);
    expect(v8.flags).toEqual(['--no-parallel-scavenge']);
  });

  it('leaves V8 alone with CAMPAIGN_REPORT_PARALLEL_SCAVENGE=1, and on another V8', () => {
    const asked = fakeV8('11.3.244.8-node.33', [0]);
    expect(scavengeOnOneThread({ CAMPAIGN_REPORT_PARALLEL_SCAVENGE: '1' }, asked)).toBe(false);
    const other = fakeV8('12.4.254.21-node.24', [0]);
    expect(scavengeOnOneThread({}, other)).toBe(false);
    expect([...asked.flags, ...other.flags]).toEqual([]);
  });
});
