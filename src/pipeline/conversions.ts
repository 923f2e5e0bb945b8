import { conversionLabel, type ConversionCount, type UnitConversion } from '../normalize/unit.js';

/**
 * Counts the unit conversions of accepted records (runs of the same one cost no
 * Map update), and those a partial brings. Conversions are values (from,
 * factor, unit), merged when equal, in the order first seen.
 */
export class ConversionTally {
  private readonly counts = new Map<UnitConversion, number>();
  private readonly extra: ConversionCount[] = [];
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

  /** Conversions counted elsewhere (a partial's), after the records'. */
  addCounted(c: ConversionCount): void {
    this.extra.push(c);
  }

  /** Every conversion applied, once each; a unit read as itself ("kg" as kg) is not a conversion. */
  list(): ConversionCount[] {
    this.flush();
    const byLabel = new Map<string, ConversionCount>();
    const counted = [...[...this.counts].map(([c, count]) => ({ from: c.from, factor: c.factor, unit: c.unit, count })), ...this.extra];
    for (const c of counted) {
      const label = conversionLabel(c);
      if (!label) continue;
      const seen = byLabel.get(label);
      byLabel.set(label, seen ? { ...seen, count: seen.count + c.count } : c);
    }
    return [...byLabel.values()];
  }

  private flush(): void {
    if (this.last !== undefined) this.counts.set(this.last, (this.counts.get(this.last) ?? 0) + this.run);
    this.last = undefined;
    this.run = 0;
  }
}
