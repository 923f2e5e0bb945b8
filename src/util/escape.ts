/** Escapes what Markdown would read as markup, so values show literally in a table. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ')
    .replace(/^-/, '\\-');
}
