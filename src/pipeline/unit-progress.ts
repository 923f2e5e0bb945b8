import type { Campaign } from '../config/campaign.js';
import type { ReadPlan } from './plan.js';
import type { RunCallbacks } from './types.js';

/** Progress per source file, summed over its units on every thread. */
export class UnitProgress {
  private readonly records: number[];
  private readonly bytes: number[];

  constructor(
    private readonly campaign: Campaign,
    private readonly plan: ReadPlan,
    private readonly onProgress: RunCallbacks['onProgress'],
  ) {
    this.records = plan.units.map(() => 0);
    this.bytes = plan.units.map(() => 0);
  }

  readonly update = (index: number, records: number, bytes: number): void => {
    if (!this.onProgress) return;
    this.records[index] = records;
    this.bytes[index] = bytes;
    const fileIndex = this.plan.units[index]!.fileIndex;
    let r = 0;
    let b = 0;
    for (const [i, u] of this.plan.units.entries()) {
      if (u.fileIndex !== fileIndex) continue;
      r += this.records[i]!;
      b += this.bytes[i]!;
    }
    this.onProgress({ file: this.campaign.files[fileIndex]!.display, records: r, bytes: b });
  };
}

