import type { UnitConversion } from '../normalize/unit.js';

/** Counts the unit conversions of accepted records; runs of the same one cost no Map update. */
export class ConversionTally {
  private readonly counts = new Map<UnitConversion, number>();
  private last: UnitConversion | undefined;
  private run = 0;

  add(c: UnitConversion): void {
    if (c === this.last) this.run++;
    else {
      this.flush();
      this.last = c;
      this.run = 1;
    }
  }

  /** Conversion label → records, in first-seen order; a unit read as itself ("kg" as kg) is not a conversion. */
  labels(into: Map<string, number> = new Map()): Map<string, number> {
    this.flush();
    for (const [c, n] of this.counts) {
      const label = conversionLabel(c);
      if (label) into.set(label, (into.get(label) ?? 0) + n);
    }
    return into;
  }

  private flush(): void {
    if (this.last !== undefined) this.counts.set(this.last, (this.counts.get(this.last) ?? 0) + this.run);
    this.last = undefined;
    this.run = 0;
  }
}

/** "cây × 200 → sticks"; '' for a unit read as itself. */
export function conversionLabel(c: UnitConversion): string {
  return c.factor === 1 && c.from.toLowerCase() === c.unit ? '' : `${c.from} × ${c.factor} → ${c.unit}`;
}
