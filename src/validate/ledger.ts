import type { Campaign, Phase } from '../config/campaign.js';
import type { Diagnostic } from './diagnostic.js';
import type { SeizureRecord } from './record.js';

export type Bucket = 'accepted' | 'duplicates' | 'rejected' | 'out_of_scope';
export type OutOfScopeReason = 'outside_phases' | 'commodity' | 'other_phase';

export interface Classification {
  bucket: Bucket;
  /** The phase the record belongs to ('' when none). */
  phase: string;
  reason?: OutOfScopeReason;
  diagnostic?: Diagnostic;
}

/**
 * Decides the bucket of every well-formed record: the same id from the same
 * reporting country seen before is a duplicate (same content) or a conflict
 * (the later one is rejected); then the campaign's scope: phases and commodities.
 *
 * Memory stays small per record: the content is kept as a 53-bit hash and the
 * first location as one number, not as strings.
 */
export class Ledger {
  private readonly seen = new Map<string, number>();
  private sig = new Float64Array(1024);
  private loc = new Float64Array(1024);
  private readonly commodities: ReadonlySet<string>;
  private readonly phases: readonly Phase[];

  constructor(
    campaign: Campaign,
    private readonly fileNames: readonly string[],
    private readonly onlyPhase?: string,
  ) {
    this.commodities = new Set(campaign.commodities);
    this.phases = campaign.phases;
  }

  /** The phase a record belongs to: its phase column, else the phase containing its date. */
  phaseOf(rec: SeizureRecord): string {
    if (rec.phase !== '') return rec.phase;
    for (const p of this.phases) if (rec.day >= p.start.day && rec.day <= p.end.day) return p.id;
    return '';
  }

  classify(rec: SeizureRecord, key: string): Classification {
    const signature = contentHash(rec);
    const location = rec.fileIndex * 4294967296 + rec.line;
    const prev = this.seen.get(key);
    if (prev !== undefined) {
      const where = this.where(this.loc[prev]!);
      if (this.sig[prev] === signature) {
        return {
          bucket: 'duplicates',
          phase: '',
          diagnostic: warn(rec, this.fileNames, 'DUPLICATE', 'id', rec.id, `the same record as ${where}; counted once`),
        };
      }
      return {
        bucket: 'rejected',
        phase: '',
        diagnostic: {
          severity: 'error',
          code: 'CONFLICTING_ID',
          file: this.fileNames[rec.fileIndex]!,
          line: rec.line,
          field: 'id',
          value: rec.id,
          message: `id ${rec.id} from ${rec.reportingCountry} was already used at ${where} with different content; this later record is rejected`,
          hint: 'give each seizure line its own id, or correct the one that is wrong',
        },
      };
    }
    const n = this.seen.size;
    if (n === this.sig.length) this.grow();
    this.seen.set(key, n);
    this.sig[n] = signature;
    this.loc[n] = location;

    if (!this.commodities.has(rec.commodity)) {
      return {
        bucket: 'out_of_scope',
        phase: '',
        reason: 'commodity',
        diagnostic: warn(rec, this.fileNames, 'COMMODITY_OUT_OF_SCOPE', 'commodity', rec.commodity, `${rec.commodity} is not in this campaign's commodities`),
      };
    }
    const phase = this.phaseOf(rec);
    if (phase === '') {
      return {
        bucket: 'out_of_scope',
        phase,
        reason: 'outside_phases',
        diagnostic: warn(rec, this.fileNames, 'OUTSIDE_PHASES', 'date', rec.date, `${rec.date} is outside every phase`, this.phaseSpan()),
      };
    }
    if (this.onlyPhase !== undefined && phase !== this.onlyPhase) return { bucket: 'out_of_scope', phase, reason: 'other_phase' };
    return { bucket: 'accepted', phase };
  }

  private where(location: number): string {
    const fileIndex = Math.floor(location / 4294967296);
    return `${this.fileNames[fileIndex]}:${location - fileIndex * 4294967296}`;
  }

  private phaseSpan(): string {
    const first = this.phases[0];
    const last = this.phases[this.phases.length - 1];
    return first && last ? `phases run ${first.start.iso} to ${last.end.iso}` : 'no phases';
  }

  private grow(): void {
    const sig = new Float64Array(this.sig.length * 2);
    sig.set(this.sig);
    this.sig = sig;
    const loc = new Float64Array(this.loc.length * 2);
    loc.set(this.loc);
    this.loc = loc;
  }
}

function warn(rec: SeizureRecord, files: readonly string[], code: Diagnostic['code'], field: string, value: string, message: string, hint?: string): Diagnostic {
  return { severity: 'warning', code, file: files[rec.fileIndex]!, line: rec.line, field, value, message, ...(hint ? { hint } : {}) };
}

/**
 * 53-bit hash (cyrb53) of the canonical content. Two records are "the same" when
 * every canonical field agrees after normalization; quantities are compared in
 * the canonical unit at 6 decimals, so a re-export that differs in the 9th
 * decimal of a pound value is still the same record. Extras and file are ignored.
 */
export function contentHash(r: SeizureRecord): number {
  const s = `${r.day}\u001f${r.commodity}\u001f${r.subtype}\u001f${r.quantity.toFixed(6)}\u001f${r.unit}\u001f${r.route}\u001f${r.origin}\u001f${r.destination}\u001f${r.caseId}\u001f${r.direction}\u001f${r.phase}\u001f${r.location}\u001f${r.detectionMethod}\u001f${r.concealment}\u001f${r.count}`;
  return cyrb53(s);
}

export function cyrb53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
