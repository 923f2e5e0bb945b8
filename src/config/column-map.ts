import type { Diagnostic } from '../core/diagnostic.js';
import { CANONICAL_FIELDS, type CanonicalField } from './schema.js';

/**
 * How a file's columns feed the canonical fields: made by the readers' column
 * mapping (ingest), read by the record rules (validate), so it lives below both.
 */
export interface ColumnMap {
  /** Per canonical field (CANONICAL_FIELDS order): the cell indices joined with a space, empty when absent. */
  readonly cells: readonly (readonly number[])[];
  /** Per canonical field: the source default, or undefined. */
  readonly defaults: readonly (string | undefined)[];
  /** Columns that are not canonical fields, kept as extras. */
  readonly extras: readonly { readonly name: string; readonly index: number }[];
  readonly width: number;
  /** Required fields with neither a column nor a default. */
  readonly missing: readonly CanonicalField[];
  readonly diagnostics: readonly Diagnostic[];
  /** Several quantity columns (`columns.quantity: { coalesce | max }`): how one is chosen, and their headers as the file has them (parallel to `cells`); absent: the cells are joined, as any field's. */
  readonly quantityPick?: { readonly mode: 'coalesce' | 'max'; readonly headers: readonly string[] };
  /** The id is made of the file and physical line (`columns.id: "@line"`): there is no id column. */
  readonly lineId?: boolean;
  /** The source's `where:` row filter: per header found, its column and the allowed values as written. */
  readonly where?: readonly { readonly header: string; readonly index: number; readonly values: readonly string[] }[];
  /** Headers of `where:` that are not in the file (a campaign-file error: no row could be told in or out). */
  readonly whereMissing?: readonly string[];
}

/** Each canonical field's position in CANONICAL_FIELDS, and so in ColumnMap's arrays. */
export const FIELD_INDEX: Readonly<Record<CanonicalField, number>> = Object.fromEntries(
  CANONICAL_FIELDS.map((f, i) => [f, i]),
) as Record<CanonicalField, number>;
