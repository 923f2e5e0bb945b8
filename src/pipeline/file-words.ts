/**
 * Words of a source the campaign does not know yet (a subtype outside the goods
 * vocabulary, an agency the campaign does not name), and former country codes
 * (SU, CS, XK …): one warning per distinct value (per field, for countries) per
 * source file, with the number of records that carry it, never one per record.
 */
import type { Campaign } from '../config/campaign.js';
import { campaignHints, type SettingHints } from '../config/setting-hints.js';
import { agencyDirectory, type Agency, type AgencyDirectory } from '../config/agencies.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { goodsVocabulary, UNCLASSIFIED, type Good, type GoodsVocabulary } from '../normalize/goods.js';
import { formerCountry } from '../normalize/country.js';
import type { SeizureRecord } from '../validate/record.js';
import type { UnknownWord } from './types.js';

const CURRENT_SLOTS = 1024;

interface Seen {
  line: number;
  records: number;
}

export class FileWords {
  private readonly subtypes = new Map<string, Seen>();
  private readonly agencies = new Map<string, Seen>();
  /** `field\u001fcode` of former country codes. */
  private readonly formers = new Map<string, Seen>();
  /**
   * Countries seen that are not former ones, direct-mapped by their first two characters: the
   * normalizer hands out the same string for a code every time, so a hit is one comparison, no look-up.
   */
  private readonly current: string[] = new Array<string>(CURRENT_SLOTS).fill('');
  private readonly directory: AgencyDirectory;
  private readonly hints: SettingHints;
  private readonly goods: GoodsVocabulary;

  constructor(campaign: Campaign) {
    this.directory = agencyDirectory(campaign.agencies);
    this.hints = campaignHints(campaign);
    this.goods = goodsVocabulary(campaign.vocabulary);
  }

  add(rec: SeizureRecord): void {
    if (rec.group === UNCLASSIFIED) note(this.subtypes, rec.subtype, rec.line);
    // Where the campaign names no agency, every agency is as written: none is unknown.
    if (rec.agency !== '' && this.directory.named && !this.directory.byId(rec.agency)) note(this.agencies, rec.agency, rec.line);
    this.country('reporting_country', rec.reportingCountry, rec.line);
    if (rec.origin !== '') this.country('origin_country', rec.origin, rec.line);
    if (rec.destination !== '') this.country('destination_country', rec.destination, rec.line);
  }

  private country(field: string, code: string, line: number): void {
    const slot = (code.charCodeAt(0) * 31 + code.charCodeAt(1)) & (CURRENT_SLOTS - 1);
    if (code === this.current[slot]) return;
    if (formerCountry(code) === undefined) this.current[slot] = code;
    else note(this.formers, `${field}\u001f${code}`, line);
  }

  /** The file's unknown words, subtypes then agencies, each in order of first appearance. */
  list(file: string): UnknownWord[] {
    const of = (field: UnknownWord['field'], map: Map<string, Seen>) => [...map].map(([value, s]) => ({ field, value, file, line: s.line, records: s.records }));
    return [...of('subtype', this.subtypes), ...of('agency', this.agencies)];
  }

  /** The file's warnings, in order of first appearance (subtypes, then agencies). */
  warnings(file: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const [value, s] of this.subtypes) {
      out.push({
        severity: 'warning',
        code: 'UNKNOWN_SUBTYPE',
        file,
        line: s.line,
        field: 'subtype',
        value,
        message: `not in the goods vocabulary; kept as written, group unclassified (${records(s.records)} in this file)`,
        hint: this.hints.campaignOnly(nearGood(this.goods.near(value), 'add an alias under aliases.subtype (spelling: good id) or a good under vocabulary.goods in the campaign file')),
      });
    }
    for (const [value, s] of this.agencies) {
      out.push({
        severity: 'warning',
        code: 'UNKNOWN_AGENCY',
        file,
        line: s.line,
        field: 'agency',
        value,
        message: `not an agency named in campaign.participants; kept as written (${records(s.records)} in this file)`,
        hint: nearAgency(this.directory.near(value), 'add it, or an alias of it, under its country in campaign.participants: { country: XX, agencies: [...] }'),
      });
    }
    for (const [key, s] of this.formers) out.push(formerWarning(file, key, s, this.hints));
    return out;
  }
}

/** `did you mean Heroin (heroin, drugs)? …` when the value is a slip of a good's spelling. */
function nearGood(g: Good | undefined, hint: string): string {
  return g === undefined ? hint : `did you mean ${g.labels.en} (${g.id}, ${g.commodity})? ${hint}`;
}

/** `did you mean "Cục Hải quan Hải Phòng" (hp, VN)? …` when the value is a slip of an agency's name. */
function nearAgency(a: Agency | undefined, hint: string): string {
  return a === undefined ? hint : `did you mean "${a.name}" (${a.id}, ${a.country})? ${hint}`;
}

/** FORMER_COUNTRY_CODE for `field\u001fcode`. */
function formerWarning(file: string, key: string, s: Seen, hints: SettingHints): Diagnostic {
  const [field, code] = key.split('\u001f') as [string, string];
  const c = formerCountry(code)!;
  const what = c.status === 'former' ? `a former country (${c.names.en}; deleted from ISO 3166-1 in ${c.until})` : `not an ISO 3166-1 code (${c.names.en}; user-assigned)`;
  return {
    severity: 'warning',
    code: 'FORMER_COUNTRY_CODE',
    file,
    line: s.line,
    field,
    value: code,
    message: `${what}; kept as ${code} (${records(s.records)} in this file)`,
    hint: hints.campaignOnly(`${c.status === 'former' ? 'its figures stay apart from its successors; ' : ''}aliases.country in the campaign file maps any other spelling`),
  };
}

function note(map: Map<string, Seen>, value: string, line: number): void {
  const s = map.get(value);
  if (s) s.records++;
  else map.set(value, { line, records: 1 });
}

function records(n: number): string {
  return n === 1 ? '1 record' : `${n} records`;
}
