/**
 * Concealment and detection methods: free text in the exports, but the same
 * few phrases again and again ("inside timber logs", "giấu trong bao gạo",
 * "x-ray"). The phrases known to src/data/methods.json are shown in the
 * report's language; anything else as written.
 */
import * as z from 'zod';
import data from '../data/methods.json' with { type: 'json' };
import { LABEL_LANGUAGES, type LabelLanguage, type Labels } from './goods.js';
import { AliasTable } from './text.js';

export type MethodKind = 'concealment' | 'detection';

const labelsSchema = z.object({ en: z.string().min(1), vi: z.string().min(1), ko: z.string().min(1) }).strict();
const methodSchema = z.object({ id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), labels: labelsSchema, aliases: z.array(z.string().min(1)) }).strict();
export const methodsFileSchema = z
  .object({ $comment: z.string().optional(), version: z.number().int().positive(), concealment: z.array(methodSchema), detection: z.array(methodSchema) })
  .strict();
export type MethodsFile = z.output<typeof methodsFileSchema>;

/** A method cell in `lang`: each `;`-separated part the vocabulary knows by its label, the others as written. */
export type MethodLabeller = (kind: MethodKind, text: string, lang: string) => string;

/** The labeller of a methods file (the built-in one by default); every label and alias of a method finds it. */
export function methodLabeller(file: MethodsFile = methodsFileSchema.parse(data)): MethodLabeller {
  const tables = { concealment: new AliasTable<Labels>(), detection: new AliasTable<Labels>() };
  for (const kind of ['concealment', 'detection'] as const) {
    for (const m of file[kind]) {
      for (const spelling of [...Object.values(m.labels), ...m.aliases]) tables[kind].add(spelling, m.labels);
    }
  }
  return (kind, text, lang) => {
    const l: LabelLanguage = (LABEL_LANGUAGES as readonly string[]).includes(lang) ? (lang as LabelLanguage) : 'en';
    const parts = text.split(';').map((part) => part.trim()).filter((part) => part !== '');
    const labels = parts.map((part) => tables[kind].get(part)?.[l]);
    // nothing known: the cell exactly as written
    if (labels.every((x) => x === undefined)) return text;
    return parts.map((part, i) => labels[i] ?? part).join('; ');
  };
}

/** Every method of the built-in file (for tests and documentation). */
export function builtinMethods(): MethodsFile {
  return methodsFileSchema.parse(data);
}
