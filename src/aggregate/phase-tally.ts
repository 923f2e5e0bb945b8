import type { Phase } from '../config/campaign.js';

/** A phase's own records that were not accepted: rejected (by reason), duplicates, out of scope. */
export interface PhaseSetAside {
  rejected: number;
  duplicates: number;
  out_of_scope: number;
  /** Error codes of its rejected records, each counted once per record (a record may have several). */
  rejectedByReason: Map<string, number>;
}

/**
 * Places the records that were not accepted in the phase of their date, for the
 * annex of each phase-end report: rejected records whose date could be read,
 * duplicates and out-of-scope records. Rejected records without a readable
 * date, or dated outside every phase, are in no phase (`unplaced`). Pure.
 */
export class PhaseTally {
  private readonly byPhase = new Map<string, PhaseSetAside>();
  /** Rejected records that cannot be placed in a phase. */
  unplaced = 0;

  constructor(private readonly phases: readonly Phase[]) {}

  /** The id of the phase containing `day`, or undefined. */
  phaseOf(day: number | undefined): string | undefined {
    if (day === undefined) return undefined;
    return this.phases.find((p) => p.start.day <= day && day <= p.end.day)?.id;
  }

  readonly rejected = (r: { readonly day: number | undefined; readonly codes: readonly string[] }): void => {
    const t = this.tallyOf(this.phaseOf(r.day));
    if (t === undefined) {
      this.unplaced++;
      return;
    }
    t.rejected++;
    for (const code of new Set(r.codes)) t.rejectedByReason.set(code, (t.rejectedByReason.get(code) ?? 0) + 1);
  };

  /** `count`: 1, or −1 when a record superseded later leaves the bucket (it then comes again as a duplicate). */
  readonly setAside = (bucket: 'duplicates' | 'out_of_scope', day: number, count = 1): void => {
    const t = this.tallyOf(this.phaseOf(day));
    if (t !== undefined) t[bucket] += count;
  };

  /** What a phase set aside (zeros when nothing). */
  of(phase: string): PhaseSetAside {
    const t = this.byPhase.get(phase);
    return t ? { ...t, rejectedByReason: new Map(t.rejectedByReason) } : { rejected: 0, duplicates: 0, out_of_scope: 0, rejectedByReason: new Map() };
  }

  private tallyOf(phase: string | undefined): PhaseSetAside | undefined {
    if (phase === undefined) return undefined;
    let t = this.byPhase.get(phase);
    if (!t) this.byPhase.set(phase, (t = { rejected: 0, duplicates: 0, out_of_scope: 0, rejectedByReason: new Map() }));
    return t;
  }

  /** Every phase's set-aside records, in phase order, for a partial (phases with none left out). */
  toPartial(): { phase: string; rejected: number; duplicates: number; out_of_scope: number; rejectedByReason: Record<string, number> }[] {
    return this.phases.flatMap((p) => {
      const t = this.byPhase.get(p.id);
      return t ? [{ phase: p.id, rejected: t.rejected, duplicates: t.duplicates, out_of_scope: t.out_of_scope, rejectedByReason: Object.fromEntries([...t.rejectedByReason].sort()) }] : [];
    });
  }

  /** Adds what a partial set aside (as toPartial wrote it). */
  addPartial(setAside: readonly { phase: string; rejected: number; duplicates: number; out_of_scope: number; rejectedByReason: Record<string, number> }[] | undefined, unplaced = 0): void {
    this.unplaced += unplaced;
    for (const s of setAside ?? []) {
      const t = this.tallyOf(s.phase)!;
      t.rejected += s.rejected;
      t.duplicates += s.duplicates;
      t.out_of_scope += s.out_of_scope;
      for (const [code, n] of Object.entries(s.rejectedByReason)) t.rejectedByReason.set(code, (t.rejectedByReason.get(code) ?? 0) + n);
    }
  }
}
