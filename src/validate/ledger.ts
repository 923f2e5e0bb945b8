import type { Campaign, Phase } from '../config/campaign.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { SeizureRecord } from './record.js';
import { HashSlots, hashEnd, hashNumber, hashStart, hashString } from '../util/hash.js';

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
  private readonly seen: HashSlots;
  private sig: Float64Array;
  private loc: Float64Array;
  private readonly commodities: ReadonlySet<string>;
  private readonly phases: readonly Phase[];
  private readonly accepted = new Map<string, Classification>();

  /**
   * @param expectedRecords how many records the run will likely see (tables sized once, not grown): see estimateRecords.
   * The signature and location arrays are written in order, so pages not yet reached cost no memory.
   */
  constructor(
    campaign: Campaign,
    private readonly fileNames: readonly string[],
    private readonly onlyPhase?: string,
    expectedRecords = 0,
  ) {
    // Stryker disable next-line MethodExpression,ArithmeticOperator: equivalent, the first size of tables that grow as needed
    const n = Math.max(1 << 14, Math.min(expectedRecords, 1 << 23));
    this.seen = new HashSlots(n);
    this.sig = new Float64Array(n);
    this.loc = new Float64Array(n);
    this.commodities = new Set(campaign.commodities);
    this.phases = campaign.phases;
  }

  /** The phase a record belongs to: its phase column, else the phase containing its date. */
  phaseOf(rec: SeizureRecord): string {
    if (rec.phase !== '') return rec.phase;
    for (const p of this.phases) if (rec.day >= p.start.day && rec.day <= p.end.day) return p.id;
    return '';
  }

  /**
   * Buckets a well-formed record. (`h1`, `h2`) is the 64-bit hash of its
   * identity (reporting country and id), `signature` its contentHash: both are
   * computed where the record was read, on whichever thread.
   */
  classify(rec: SeizureRecord, h1: number, h2: number, signature: number): Classification {
    const prev = this.seen.insert(h1, h2);
    if (prev !== -1) return this.collision(prev, signature, rec.fileIndex, rec.line, rec.id, rec.reportingCountry);
    const n = this.seen.size - 1;
    if (n >= this.sig.length) this.grow();
    this.sig[n] = signature;
    this.loc[n] = rec.fileIndex * 4294967296 + rec.line;
    return this.scope(rec);
  }

  /** The bucket of a record whose identity is new: the campaign's commodities, its phases, and the phase asked for. */
  private scope(rec: SeizureRecord): Classification {
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
    // One shared (frozen) classification per phase: no allocation per accepted record.
    let c = this.accepted.get(phase);
    // Stryker disable next-line ConditionalExpression: equivalent, a new equal object each time only costs an allocation
    if (c === undefined) this.accepted.set(phase, (c = Object.freeze({ bucket: 'accepted', phase }) as Classification));
    return c;
  }

  /** The same id from the same country again: a duplicate (same content) or a conflict (the later one is rejected). */
  private collision(prev: number, signature: number, fileIndex: number, line: number, id: string, country: string): Classification {
    const where = this.where(this.loc[prev]!);
    const file = this.fileNames[fileIndex]!;
    if (this.sig[prev] === signature) {
      return {
        bucket: 'duplicates',
        phase: '',
        diagnostic: { severity: 'warning', code: 'DUPLICATE', file, line, field: 'id', value: id, message: `the same record as ${where}; counted once` },
      };
    }
    return {
      bucket: 'rejected',
      phase: '',
      diagnostic: {
        severity: 'error',
        code: 'CONFLICTING_ID',
        file,
        line,
        field: 'id',
        value: id,
        message: `id ${id} from ${country} was already used at ${where} with different content; this later record is rejected`,
        hint: 'give each seizure line its own id, or correct the one that is wrong',
      },
    };
  }

  private where(location: number): string {
    const fileIndex = Math.floor(location / 4294967296);
    return `${this.fileNames[fileIndex]}:${location - fileIndex * 4294967296}`;
  }

  private phaseSpan(): string {
    const ps = this.phases;
    if (ps.length === 0) return 'no phases';
    if (ps.length <= 6) return `phases: ${ps.map((p) => `${p.id} ${p.start.iso}..${p.end.iso}`).join(', ')}`;
    return `${ps.length} phases between ${ps[0]!.start.iso} and ${ps[ps.length - 1]!.end.iso}`;
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

/** Seed for hashing an id within its reporting country (alpha-2: two char codes). */
export function countrySeed(country: string): number {
  return (country.charCodeAt(0) << 8) | country.charCodeAt(1);
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
  hashStart();
  hashNumber(r.day);
  hashString(r.commodity);
  hashString(r.subtype);
  hashNumber(Math.round(r.quantity * 1e6));
  hashString(r.unit);
  hashString(r.route);
  hashString(r.origin);
  hashString(r.destination);
  hashString(r.caseId);
  hashString(r.direction);
  hashString(r.phase);
  hashString(r.location);
  hashString(r.detectionMethod);
  hashString(r.concealment);
  hashNumber(r.count);
  return hashEnd();
}
