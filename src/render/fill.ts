/**
 * A locale label's placeholders filled in: `{name}` with the value as given,
 * `{name:lower}` with its first letter in lower case when the next one is too,
 * for a label that a sentence runs on with ("The leading route was air", "7.5 kg
 * of pangolin scales", "Tuyến dẫn đầu là hàng không"): `MDMA (ecstasy)`, `LSD`
 * and `N-Acetylanthranilic acid` stay as they are, and a language without case
 * is untouched. Only a locale file asks for it, so a table or a title keeps the
 * label as written. A placeholder without a value is left as it is.
 */
const PLACEHOLDER = /\{([A-Za-z]+)(:lower)?\}/g;

export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string, lower: string | undefined) => {
    const v = values[name];
    if (v === undefined) return whole;
    return lower ? lowerFirst(String(v)) : String(v);
  });
}

/** `Pangolin scales` → `pangolin scales`; `MDMA`, `E-cigarettes`, `3,4-MDP-2-P` as they are. */
export function lowerFirst(s: string): string {
  return s.replace(/^\p{Lu}(?=\p{M}*\p{Ll})/u, (c) => c.toLowerCase());
}
