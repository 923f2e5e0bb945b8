/**
 * "Did you mean": for an unknown key of the campaign file, the key the schema
 * allows at that place that is closest to it (Levenshtein distance, `leven`),
 * when it is close enough to be a slip of the keyboard: at most 1 edit for a
 * key of 3–5 characters, at most 2 for a longer one; none for a key of 1–2
 * characters (`g` is not a misspelt `kg`).
 */
import { closestMatch } from 'leven';
import type * as z from 'zod';

type Schema = z.core.$ZodType;
interface Def {
  readonly type: string;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly shape?: Record<string, Schema>;
  readonly element?: Schema;
  readonly keyType?: Schema;
  readonly valueType?: Schema;
  readonly options?: readonly Schema[];
  readonly entries?: Record<string, string | number>;
  readonly getter?: () => Schema;
}

const defOf = (s: Schema): Def => s._zod.def as unknown as Def;

/** The schema under its wrappers (optional, default, a transform's input…). */
function unwrap(s: Schema): Schema {
  for (let depth = 0; depth < 32; depth++) {
    const d = defOf(s);
    const next = d.type === 'pipe' ? d.in : d.type === 'lazy' ? d.getter?.() : d.innerType;
    if (next === undefined) return s;
    s = next;
  }
  return s;
}

/** The schemas a value at `key` of a value of `s` may have. */
function childrenOf(s: Schema, key: PropertyKey): Schema[] {
  const d = defOf(unwrap(s));
  if (d.type === 'union') return (d.options ?? []).flatMap((o) => childrenOf(o, key));
  if (d.type === 'object') return d.shape?.[String(key)] ? [d.shape[String(key)]!] : [];
  if (d.type === 'array') return typeof key === 'number' && d.element ? [d.element] : [];
  if (d.type === 'record') return d.valueType ? [d.valueType] : [];
  return [];
}

/** The keys an object of `s` may have (an object's shape, a record's key enum). */
function keysOf(s: Schema): string[] {
  const d = defOf(unwrap(s));
  if (d.type === 'union') return [...new Set((d.options ?? []).flatMap(keysOf))];
  if (d.type === 'object') return Object.keys(d.shape ?? {});
  if (d.type === 'record' && d.keyType) {
    const k = defOf(unwrap(d.keyType));
    if (k.type === 'enum') return Object.values(k.entries ?? {}).map(String);
  }
  return [];
}

/** The keys allowed at `path` of a document of `root`. */
export function allowedKeys(root: Schema, path: readonly PropertyKey[]): string[] {
  let at: Schema[] = [root];
  for (const key of path) at = at.flatMap((s) => childrenOf(s, key));
  return [...new Set(at.flatMap(keysOf))];
}

/** The allowed key that `key` is most likely a misspelling of, if any. */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  if (key.length < 3) return undefined;
  return closestMatch(key, allowed, { maxDistance: key.length <= 5 ? 1 : 2 });
}
