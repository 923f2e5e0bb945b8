/**
 * The schema's findings told as a person fixing the campaign file needs them:
 * the key path and its line, a missing key as "required", an unknown key with
 * the allowed key it is most likely a misspelling of, and for a value that may
 * take several forms (`phases:` is a list, a file name or a series) the
 * findings of the form it was written in, not zod's bare "Invalid input".
 */
import type * as z from 'zod';
import { allowedKeys, suggestKey } from './key-suggestions.js';

type Issue = z.core.$ZodIssue;

/** At most this many findings are listed. */
const MAX_LISTED = 20;

/** The issues, each of several forms replaced by the findings of the form the value was written in (paths made whole). */
export function flatIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((i) => {
    if (i.code !== 'invalid_union' || i.errors.length === 0) return [i];
    const branches = i.errors.filter((b) => !b.every(isOtherForm));
    // every form is of another type: one finding, naming the forms
    if (branches.length === 0) return [{ ...i, message: `expected ${forms(i.errors.flat())}` } as Issue];
    return flatIssues(branches[0]!.map((sub) => ({ ...sub, path: [...i.path, ...sub.path] }) as Issue));
  });
}

/** A finding that says the value is of another type than this form's (not that it is missing). */
function isOtherForm(i: Issue): boolean {
  return i.code === 'invalid_type' && i.path.length === 0 && !missing(i);
}

function missing(i: Issue): boolean {
  return i.code === 'invalid_type' && /received undefined$/.test(i.message);
}

function forms(issues: readonly Issue[]): string {
  const names = [...new Set(issues.map((i) => (i.code === 'invalid_type' ? String(i.expected) : 'another form')))];
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** zod's message, except: a missing key is "required", an unknown key says the key it may have meant. */
export function issueMessage(i: Issue, schema: z.core.$ZodType): string {
  if (missing(i)) return 'required';
  if (i.code !== 'unrecognized_keys') return i.message;
  const allowed = allowedKeys(schema, i.path);
  const named = i.keys.map((k) => {
    const near = suggestKey(k, allowed);
    return near === undefined ? JSON.stringify(k) : `${JSON.stringify(k)} (did you mean ${JSON.stringify(near)}?)`;
  });
  return `unknown key(s) ${named.join(', ')}`;
}

/** One line a finding: `  sources[0].columns (line 6): unknown key(s) "colums" (did you mean "columns"?)`. */
export function formatIssues(issues: readonly Issue[], schema: z.core.$ZodType, lineOf: (keyPath: readonly PropertyKey[]) => number | undefined): string {
  return flatIssues(issues)
    .slice(0, MAX_LISTED)
    .map((i) => {
      const keyPath = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      const at = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]!] : i.path;
      const line = lineNear(at, lineOf);
      return `  ${keyPath || '(top level)'}${line ? ` (line ${line})` : ''}: ${issueMessage(i, schema)}`;
    })
    .join('\n');
}

/** The line of the key path, else of the nearest key above it that is in the file (a missing key has none). */
function lineNear(at: readonly PropertyKey[], lineOf: (keyPath: readonly PropertyKey[]) => number | undefined): number | undefined {
  for (let n = at.length; n > 0; n--) {
    const line = lineOf(at.slice(0, n));
    if (line !== undefined) return line;
  }
  return undefined;
}
