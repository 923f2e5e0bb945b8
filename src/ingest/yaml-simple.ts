/**
 * A fast reader for the shape nearly every YAML seizure export has: a block list
 * of flat records, each a map of field names to one-line scalars, at the top or
 * under `seizures:`. The `yaml` package takes ~0.2 s (and much garbage) for a
 * 120 KB export of that shape, most of a small build; this takes a few ms.
 *
 * It recognises a strict subset and gives up (returns undefined) on anything
 * else — anchors, aliases, tags, merge keys, flow collections, multi-line or
 * escaped scalars, duplicate keys, comments after plain values, odd indentation —
 * so the full parser reads those files, with its diagnostics. Where it answers,
 * the records are exactly those of `parseDocument` with the failsafe schema
 * (every scalar its source text): test/unit/yaml-simple.test.ts checks this
 * against the full parser on generated files.
 */

/** One record: the line of its first field, and its fields as source text. */
export interface SimpleYamlRecord {
  line: number;
  value: Record<string, string>;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$/;
/** A plain scalar that means the same in every position: no indicator first, no `: `, ` #` or trailing space. */
const PLAIN = /^[\p{L}\p{N}._/+]([\p{L}\p{N} ._/+,()'-]*[\p{L}\p{N}._/+)])?$/u;
// eslint-disable-next-line no-control-regex -- control characters are the full parser's to judge
const DOUBLE = /^"([^"\\\u0000-\u001f\u007f]*)"(?: +#.*| *)$/;
// eslint-disable-next-line no-control-regex
const SINGLE = /^'((?:[^'\u0000-\u001f\u007f]|'')*)'(?: +#.*| *)$/;

function scalar(text: string): string | undefined {
  if (PLAIN.test(text)) return text;
  let m = DOUBLE.exec(text);
  if (m) return m[1]!;
  m = SINGLE.exec(text);
  if (m) return m[1]!.replaceAll("''", "'");
  return undefined;
}

/** The records of `text`, or undefined when it is not of the simple shape. */
export function readSimpleYamlRecords(text: string): SimpleYamlRecord[] | undefined {
  const lines = text.split('\n');
  const records: SimpleYamlRecord[] = [];
  /** Column of the `-` of every item, once the first is seen. */
  let itemIndent = -1;
  let underSeizures = false;
  let current: Record<string, string> | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.includes('\r') || line.includes('\t')) return undefined;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - trimmed.length;
    if (itemIndent === -1 && !underSeizures && indent === 0 && /^seizures: *$/.test(line)) {
      underSeizures = true;
      continue;
    }
    let pair: string;
    if (trimmed.startsWith('- ')) {
      if (itemIndent === -1) itemIndent = indent;
      else if (indent !== itemIndent) return undefined;
      if (!underSeizures && indent !== 0) return undefined;
      pair = trimmed.slice(2);
      current = Object.create(null) as Record<string, string>;
      records.push({ line: i + 1, value: current });
    } else {
      if (current === undefined || indent !== itemIndent + 2) return undefined;
      pair = trimmed;
    }
    const m = KEY.exec(pair);
    if (!m || m[2] === undefined) return undefined;
    const key = m[1]!;
    if (key === '__proto__' || key in current!) return undefined;
    const value = scalar(m[2]);
    if (value === undefined) return undefined;
    current![key] = value;
  }
  // `seizures:` with nothing under it, or no item at all: the full parser decides.
  return records.length > 0 ? records : undefined;
}
