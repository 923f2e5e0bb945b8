import { AliasTable } from '../normalize/text.js';

/** An agency a campaign names under a participant: the administration or unit that makes or reports seizures. */
export interface Agency {
  readonly id: string;
  readonly name: string;
  /** Alpha-2 of the participant it belongs to. */
  readonly country: string;
  readonly aliases: readonly string[];
}

/** The campaign's agencies, found by id, name or alias (case, spaces and, when unambiguous, diacritics ignored). */
export interface AgencyDirectory {
  /** True when the campaign names any agency (else no agency value is "unknown"). */
  readonly named: boolean;
  lookup(raw: string): Agency | undefined;
  byId(id: string): Agency | undefined;
  /** The agency a value that names none is most likely a slip of (see NearSpellings), if any. */
  near(raw: string): Agency | undefined;
  /** The agencies of a country, in campaign-file order. */
  of(country: string): readonly Agency[];
}

const cache = new WeakMap<readonly Agency[], AgencyDirectory>();

/** The directory of a campaign's agency list (built once per list and thread). */
export function agencyDirectory(agencies: readonly Agency[]): AgencyDirectory {
  let d = cache.get(agencies);
  if (!d) cache.set(agencies, (d = build(agencies)));
  return d;
}

function build(agencies: readonly Agency[]): AgencyDirectory {
  const table = new AliasTable<Agency>();
  const ids = new Map<string, Agency>();
  for (const a of agencies) {
    ids.set(a.id, a);
    for (const s of [a.id, a.name, ...a.aliases]) table.add(s, a);
  }
  return {
    named: agencies.length > 0,
    lookup: (raw) => table.get(raw),
    byId: (id) => ids.get(id),
    near: (raw) => table.near(raw)?.value,
    of: (country) => agencies.filter((a) => a.country === country),
  };
}
