import type { CampaignFile, KeyField, SourceConfig } from './schema.js';
import type { DayDate } from '../normalize/date.js';
import type { CanonicalUnit } from '../normalize/unit.js';
import type { VocabularyExtension } from '../normalize/goods.js';
import type { Agency } from './agencies.js';

/** One phase of the operation, dates inclusive. */
export interface Phase {
  readonly id: string;
  /** Its name (the campaign file's, else the id); in English when the file gives one per language. */
  readonly name: string;
  /** Its name per report language, when the campaign file gives them (`name: { en, vi, ko }`). */
  readonly names?: LocalizedText;
  readonly start: DayDate;
  readonly end: DayDate;
}

/** One input file, from a source entry (a glob may give several). */
export interface SourceFile {
  readonly path: string;
  /** As a user would write it in the campaign file: relative to it, forward slashes. */
  readonly display: string;
  readonly config: SourceConfig;
  /** Where its settings are written: absent, its entry in the campaign file; 'flags', the command line (files named there). */
  readonly settingsFrom?: 'flags';
}

/** A text per report language. */
export type LocalizedText = Readonly<Partial<Record<'en' | 'vi' | 'ko', string>>>;

/** `report:` of the campaign file: what a phase-end report says about itself. */
export interface ReportSettings {
  /** yyyy-MM-dd; undefined: the last day of the phase. */
  readonly issued?: string;
  readonly version?: string;
  readonly contact?: string;
  readonly agencies: readonly string[];
  /** One text for every language (key ''), or per language. */
  readonly acknowledgements?: LocalizedText & { readonly ''?: string };
  readonly annex?: 'full' | 'summary' | 'none';
}

/** `thresholds:` of the campaign file: a seizure of `commodity` of at least `quantity` `unit` is a notable one. */
export interface Threshold {
  readonly commodity: string;
  readonly unit: CanonicalUnit;
  readonly quantity: number;
}

/** The resolved, read-only campaign every stage works from. */
export interface Campaign {
  readonly file: string | undefined;
  readonly dir: string;
  readonly id: string;
  readonly name: string;
  /** Alpha-2 codes of the participating countries; empty when the campaign lists none (any reporting country is accepted). */
  readonly participants: readonly string[];
  /** Agencies named under the participants (empty when none are named). */
  readonly agencies: readonly Agency[];
  /** What the campaign adds to the goods vocabulary (`vocabulary:` and `aliases.subtype`); plain data. */
  readonly vocabulary: VocabularyExtension;
  readonly commodities: readonly string[];
  readonly coordinator: string | undefined;
  readonly classification: string | undefined;
  readonly phases: readonly Phase[];
  readonly files: readonly SourceFile[];
  /**
   * `key:` and `on_conflict:` of the campaign file: the fields that identify a record across
   * sources (instead of reporting country and id), and which of two records with the same key
   * from different files is kept. Absent: identity is reporting country and id.
   */
  readonly key?: { readonly fields: readonly KeyField[]; readonly onConflict: 'latest' | 'first' };
  /** Source entries whose glob matched no file. */
  readonly unmatched: readonly string[];
  readonly sticks: { readonly pack: number; readonly carton: number };
  readonly aliases: NonNullable<CampaignFile['aliases']>;
  /** `redact:` of the campaign file: columns dropped as they are read (see mapColumns). */
  readonly redact: readonly string[];
  readonly formats: readonly ('md' | 'html' | 'pdf')[];
  readonly templates: string | undefined;
  readonly locale: 'en' | 'vi' | 'ko';
  /** `report:` of the campaign file (empty when absent). */
  readonly report?: ReportSettings;
  /** Size thresholds for `summary`, in commodity then canonical unit order; absent or empty: none. */
  readonly thresholds?: readonly Threshold[];
}
