/**
 * The seized-goods vocabulary: every good a subtype cell can name, under its
 * commodity, with a stable id, a group, labels in each report language, its
 * aliases and the units usual for it. The knowledge is data
 * (src/data/goods/<commodity>.json, one file per commodity): adding an alias,
 * a good or a language is editing those files, or a campaign's `vocabulary:`.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import cites from '../data/goods/cites.json' with { type: 'json' };
import drugs from '../data/goods/drugs.json' with { type: 'json' };
import precursors from '../data/goods/precursors.json' with { type: 'json' };
import tobacco from '../data/goods/tobacco.json' with { type: 'json' };
import { AliasTable } from './text.js';
import { CANONICAL_UNITS, type CanonicalUnit } from './unit.js';
import { COMMODITIES } from './vocabulary.js';

export const LABEL_LANGUAGES = ['en', 'vi', 'ko'] as const;
export type LabelLanguage = (typeof LABEL_LANGUAGES)[number];
export type Labels = Readonly<Record<LabelLanguage, string>>;

/** The group of a subtype the vocabulary does not know (kept as written). */
export const UNCLASSIFIED = 'unclassified';

const labelsSchema = z.object({ en: z.string().min(1), vi: z.string().min(1), ko: z.string().min(1) }).strict();
const unitSchema = z.enum(CANONICAL_UNITS as [CanonicalUnit, ...CanonicalUnit[]]);
const kgSchema = z.partialRecord(unitSchema, z.number().positive());
const idSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: (i) => `expected a lowercase kebab-case id, got ${JSON.stringify(i.input)}` });

export const goodSchema = z
  .object({
    id: idSchema,
    group: z.string().min(1),
    labels: labelsSchema,
    aliases: z.array(z.string().min(1)).default([]),
    units: z.array(unitSchema).min(1),
    kg_equivalent: kgSchema.optional(),
  })
  .strict();

/** One data file: a commodity's goods. */
export const goodsFileSchema = z
  .object({
    $comment: z.string().optional(),
    commodity: z.enum(COMMODITIES),
    version: z.number().int().positive(),
    basis: z.string().min(1),
    groups: z.record(z.string(), labelsSchema),
    goods: z.array(goodSchema).min(1),
  })
  .strict();
export type GoodsFile = z.output<typeof goodsFileSchema>;

/** The campaign file's `vocabulary:` block (plain data: it travels to worker threads with the campaign). */
export interface VocabularyExtension {
  /** New goods: `labels` may give only some languages (the others fall back to en, then the id). */
  readonly goods?: readonly { commodity: string; id: string; group: string; labels?: Partial<Labels>; aliases?: readonly string[]; units?: readonly CanonicalUnit[]; kg_equivalent?: Partial<Record<CanonicalUnit, number>> }[];
  /** `aliases.subtype`: spelling → good id. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Kg-equivalent factors that replace the built-in ones: good id → unit → kg per unit. */
  readonly kg_equivalent?: Readonly<Record<string, Partial<Record<CanonicalUnit, number>>>>;
}

export interface Good {
  readonly id: string;
  readonly commodity: string;
  readonly group: string;
  readonly labels: Labels;
  readonly units: readonly CanonicalUnit[];
  /** Kg per canonical unit, as UNODC computes kg equivalents (an estimate; kg itself is 1). */
  readonly kgEquivalent: Readonly<Partial<Record<CanonicalUnit, number>>>;
}

export interface GoodsVocabulary {
  /** `drugs.1+precursors.1+cites.1+tobacco.1`, plus `+campaign.<hash>` when a campaign extends it. */
  readonly version: string;
  /** The good a subtype spelling names: case, spaces, a plural `s` and (when unambiguous) Vietnamese diacritics ignored. */
  lookup(raw: string): Good | undefined;
  /** The good a spelling that names none is most likely a slip of (see NearSpellings), if any. */
  near(raw: string): Good | undefined;
  good(id: string): Good | undefined;
  /** The label of a group of a commodity's goods (`unclassified` included). */
  groupLabel(commodity: string, group: string, lang: LabelLanguage): string | undefined;
  /** The label of a group by its id alone (group ids are unique across commodities). */
  anyGroupLabel(group: string, lang: LabelLanguage): string | undefined;
  /** The units usual for a commodity: those of its goods, together. */
  usualUnits(commodity: string): readonly CanonicalUnit[] | undefined;
  /** Every good, in file order. */
  readonly goods: readonly Good[];
}

const BUILTIN_FILES: readonly unknown[] = [drugs, precursors, cites, tobacco];

const UNCLASSIFIED_LABELS: Labels = { en: 'Unclassified', vi: 'Chưa phân loại', ko: '미분류' };

let builtin: GoodsFile[] | undefined;

/** The built-in data files, checked against goodsFileSchema once per thread. */
export function builtinGoodsFiles(): readonly GoodsFile[] {
  builtin ??= BUILTIN_FILES.map((f) => goodsFileSchema.parse(f));
  return builtin;
}

const cache = new WeakMap<object, GoodsVocabulary>();
let plain: GoodsVocabulary | undefined;

/** The vocabulary with a campaign's extension (built once per extension object and thread). */
export function goodsVocabulary(ext?: VocabularyExtension): GoodsVocabulary {
  if (!ext || isEmpty(ext)) return (plain ??= buildVocabulary(builtinGoodsFiles(), undefined));
  let v = cache.get(ext);
  if (!v) cache.set(ext, (v = buildVocabulary(builtinGoodsFiles(), ext)));
  return v;
}

function isEmpty(ext: VocabularyExtension): boolean {
  return !ext.goods?.length && Object.keys(ext.aliases ?? {}).length === 0 && Object.keys(ext.kg_equivalent ?? {}).length === 0;
}

function buildVocabulary(files: readonly GoodsFile[], ext: VocabularyExtension | undefined): GoodsVocabulary {
  const byId = new Map<string, Good>();
  const groups = new Map<string, Labels>();
  const units = new Map<string, Set<CanonicalUnit>>();
  const table = new AliasTable<Good>();
  const spellings: [string, Good][] = [];
  const add = (g: Good, aliases: readonly string[]) => {
    if (byId.has(g.id)) throw new Error(`goods vocabulary: id "${g.id}" is defined twice`);
    byId.set(g.id, g);
    const set = units.get(g.commodity) ?? new Set<CanonicalUnit>();
    for (const u of g.units) set.add(u);
    units.set(g.commodity, set);
    for (const a of [g.id, ...Object.values(g.labels), ...aliases]) spellings.push([a, g]);
  };
  for (const f of files) {
    for (const [group, labels] of Object.entries(f.groups)) groups.set(`${f.commodity}/${group}`, labels);
    for (const g of f.goods) add(good(f.commodity, g, ext), g.aliases);
  }
  for (const g of ext?.goods ?? []) add(good(g.commodity, { ...g, labels: fillLabels(g.id, g.labels) }, ext), g.aliases ?? []);
  for (const [alias, id] of Object.entries(ext?.aliases ?? {})) {
    const g = byId.get(id);
    if (!g) throw new Error(`aliases.subtype: "${alias}" names "${id}", which is not a good of the vocabulary`);
    spellings.push([alias, g]);
  }
  for (const [a, g] of spellings) table.add(a, g);
  // Group ids are unique across commodities: a group's labels by its id alone.
  const byGroupId = new Map([...groups].map(([k, labels]) => [k.slice(k.indexOf('/') + 1), labels] as const));
  const ordered = CANONICAL_UNITS;
  return {
    version: versionOf(files, ext),
    lookup: (raw) => table.get(raw) ?? pluralOf(table, raw),
    near: (raw) => table.near(raw)?.value,
    good: (id) => byId.get(id),
    groupLabel: (commodity, group, lang) => (group === UNCLASSIFIED ? UNCLASSIFIED_LABELS : groups.get(`${commodity}/${group}`))?.[lang],
    anyGroupLabel: (group, lang) => (group === UNCLASSIFIED ? UNCLASSIFIED_LABELS : byGroupId.get(group))?.[lang],
    usualUnits: (commodity) => {
      const s = units.get(commodity);
      return s && ordered.filter((u) => s.has(u));
    },
    goods: [...byId.values()],
  };
}

function good(commodity: string, g: { id: string; group: string; labels: Labels; units?: readonly CanonicalUnit[] | undefined; kg_equivalent?: Partial<Record<CanonicalUnit, number>> | undefined }, ext: VocabularyExtension | undefined): Good {
  const kg = { ...(g.kg_equivalent ?? {}), ...(ext?.kg_equivalent?.[g.id] ?? {}) };
  const units: readonly CanonicalUnit[] = g.units ?? ['kg'];
  return Object.freeze({ id: g.id, commodity, group: g.group, labels: g.labels, units, kgEquivalent: Object.freeze(kg) });
}

function fillLabels(id: string, labels: Partial<Labels> | undefined): Labels {
  const en = labels?.en ?? id;
  return { en, vi: labels?.vi ?? en, ko: labels?.ko ?? en };
}

/** A plural `s` does not matter: "Cigarillos" is "cigarillo", "vapes" is "vape". */
function pluralOf(table: AliasTable<Good>, raw: string): Good | undefined {
  const t = raw.trim();
  return t.length > 3 && (t.endsWith('s') || t.endsWith('S')) ? table.get(t.slice(0, -1)) : undefined;
}

function versionOf(files: readonly GoodsFile[], ext: VocabularyExtension | undefined): string {
  const base = files.map((f) => `${f.commodity}.${f.version}`).join('+');
  if (!ext || isEmpty(ext)) return base;
  return `${base}+campaign.${createHash('sha256').update(JSON.stringify(ext)).digest('hex').slice(0, 8)}`;
}
