/** Partials listed as sources: their figures into the run's, each (country, phase) covered once. */
import type { PartialDocument } from '../aggregate/partial.js';
import type { Campaign } from '../config/campaign.js';
import { goodsVocabulary } from '../normalize/goods.js';
import { CampaignReportError } from '../errors.js';
import { isPartialSource, readPartial } from '../ingest/partial-reader.js';
import { parseConversionLabel } from '../normalize/unit.js';
import type { RunState } from './file-sink.js';
import type { RunCallbacks } from './types.js';

/** (reporting country, phase) → the partial that covers it: a second one is refused, not double counted. */
export class PartialCover {
  private readonly cover = new Map<string, string>();
  constructor(readonly campaign: Campaign) {}

  claim(doc: PartialDocument, display: string): void {
    for (const row of doc.rows) {
      const key = `${row.country} ${row.phase}`;
      const other = this.cover.get(key);
      if (other !== undefined && other !== display) {
        throw new CampaignReportError('CONFIG_INVALID', `partials ${other} and ${display} both cover ${row.country} in phase ${row.phase || '(none)'}`, {
          hint: "list each agency's partial once; two partials of the same country and phase would count its seizures twice",
        });
      }
      this.cover.set(key, display);
    }
  }
}

export async function addPartial(campaign: Campaign, fileIndex: number, partials: PartialCover, state: RunState, callbacks: RunCallbacks): Promise<void> {
  const file = campaign.files[fileIndex]!;
  if (!isPartialSource(file)) return;
  const { doc, sha256 } = await readPartial(file);
  const vocabulary = goodsVocabulary(campaign.vocabulary).version;
  if (doc.vocabulary !== vocabulary) {
    throw new CampaignReportError('CONFIG_INVALID', `${file.display}: made with goods vocabulary ${doc.vocabulary}, but this campaign uses ${vocabulary}`, {
      hint: 'its subtypes and groups could differ from the records read here: ask the agency for a partial made with the same campaign-report version and campaign file',
    });
  }
  partials.claim(doc, file.display);
  if (doc.campaign !== campaign.id) {
    state.report({ severity: 'warning', code: 'PARTIAL_CAMPAIGN', file: file.display, line: 0, message: `partial was made for campaign "${doc.campaign}", not "${campaign.id}"` });
  }
  // The sources a partial was made from stand in the annex as if read here (their names as
  // the agency wrote them), each marked with the partial it came through.
  for (const src of doc.sources) state.files.push({ ...src, bytes: 0, encoding: '', via: file.display, viaSha256: sha256 });
  for (const k of ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const) state.buckets[k] += doc.buckets[k];
  for (const k of ['outside_phases', 'commodity', 'other_phase'] as const) state.outOfScope[k] += doc.outOfScope[k];
  if (doc.outOfScope.filtered !== undefined) state.outOfScope.filtered = (state.outOfScope.filtered ?? 0) + doc.outOfScope.filtered;
  // A partial keys its conversions by label: read back as values here, at the edge of the format.
  for (const [label, count] of Object.entries(doc.conversions)) {
    const c = parseConversionLabel(label);
    if (c) state.tally.addCounted({ ...c, count });
  }
  callbacks.onPartial?.(doc, fileIndex);
}
