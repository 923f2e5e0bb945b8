import { describe, expect, it } from 'vitest';
import { LARGE_INPUT_BYTES, optimizeForInput, optimizeLater } from '../../src/pipeline/tier-up.js';
import type { V8Settings } from '../../src/pipeline/v8-settings.js';

/** A V8 of this version; the flags it was given. */
function fakeV8(version: string): V8Settings & { flags: string[] } {
  const flags: string[] = [];
  return { version, flags, setFlags: (f) => flags.push(f) };
}

const NODE_20 = '11.3.244.8-node.33';

describe('optimizeLater and optimizeForInput', () => {
  it('raise the budget fourfold, and set V8 11 default back for an input of 1 MiB or more, once', () => {
    const v8 = fakeV8(NODE_20);
    expect(optimizeLater({}, v8)).toBe(true);
    expect(v8.flags).toEqual(['--interrupt-budget=270336']);
    expect(optimizeForInput(LARGE_INPUT_BYTES - 1, v8)).toBe(false);
    expect(optimizeForInput(LARGE_INPUT_BYTES, v8)).toBe(true);
    expect(optimizeForInput(LARGE_INPUT_BYTES, v8)).toBe(false);
    expect(v8.flags).toEqual(['--interrupt-budget=270336', '--interrupt-budget=67584']);
  });

  it('keep the raised budget for a small input, and set it back for standard input (size unknown)', () => {
    const v8 = fakeV8(NODE_20);
    optimizeLater({}, v8);
    expect(optimizeForInput(760_000, v8)).toBe(false);
    expect(v8.flags).toEqual(['--interrupt-budget=270336']);
    expect(optimizeForInput(Infinity, v8)).toBe(true);
    expect(v8.flags.at(-1)).toBe('--interrupt-budget=67584');
  });

  it('leave V8 alone with CAMPAIGN_REPORT_LATE_OPT=0, and on another V8', () => {
    const asked = fakeV8(NODE_20);
    expect(optimizeLater({ CAMPAIGN_REPORT_LATE_OPT: '0' }, asked)).toBe(false);
    const other = fakeV8('12.4.254.21-node.24');
    expect(optimizeLater({}, other)).toBe(false);
    // Nothing raised: nothing to set back.
    expect(optimizeForInput(Infinity, asked)).toBe(false);
    expect([...asked.flags, ...other.flags]).toEqual([]);
  });
});
