/**
 * readSimpleYamlRecords must give exactly what the `yaml` package gives (failsafe
 * schema, as src/ingest/yaml-reader.ts calls it) whenever it answers, and must
 * answer for the common shape of an export.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readSimpleYamlRecords } from '../../src/ingest/yaml-simple.js';

/** The records as the full parser reads them, or undefined when it finds an error or no list. */
function reference(text: string): { line: number; value: Record<string, unknown> }[] | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, schema: 'failsafe', merge: true });
  if (doc.errors.length > 0) return undefined;
  let seq = doc.contents as Node | null | undefined;
  if (isMap(seq)) seq = seq.get('seizures', true) as Node | undefined;
  if (!isSeq(seq)) return undefined;
  return seq.items.map((item) => ({
    line: lc.linePos((item as { range: [number, number, number] }).range[0]).line,
    value: { ...((item as Node).toJS(doc) as Record<string, unknown>) },
  }));
}

const plain = (o: Record<string, string>) => ({ ...o });

describe('readSimpleYamlRecords', () => {
  it('reads the example export exactly as the yaml package does', () => {
    const text = readFileSync('fixtures/example/data/rilo-ap.yaml', 'utf8');
    const fast = readSimpleYamlRecords(text);
    expect(fast).toBeDefined();
    expect(fast!.length).toBe(reference(text)!.length);
    expect(fast!.map((r) => ({ line: r.line, value: plain(r.value) }))).toEqual(reference(text));
  });

  it('reads quoted, single-quoted and plain scalars as their text, under seizures: or at the top, LF or CRLF', () => {
    const text = '# export\nseizures:\n  - id: "0012"\n    quantity: 1.50\n    note: \'it\'\'s\'   # a comment\n    country: Việt Nam\n\n  - id: x-2\n    date: 2024-07-01\n';
    expect(readSimpleYamlRecords(text)?.map((r) => ({ line: r.line, value: plain(r.value) }))).toEqual([
      { line: 3, value: { id: '0012', quantity: '1.50', note: "it's", country: 'Việt Nam' } },
      { line: 8, value: { id: 'x-2', date: '2024-07-01' } },
    ]);
    expect(readSimpleYamlRecords('- id: a\r\n  n: "1"\r\n- id: b\r\n')?.map((r) => r.line)).toEqual([1, 3]);
  });

  it('leaves to the full parser what it does not fully understand', () => {
    for (const text of [
      '- id: &a x\n  b: *a\n', // anchors and aliases
      '- id: !!str x\n', // tags
      '- <<: {a: 1}\n', // merge keys
      '- id: a\n  id: b\n', // duplicate keys: a diagnostic of the full reader
      '- id: "a\\nb"\n', // escapes
      '- id: a # comment after a plain value\n',
      '- id: a\n    b: c\n', // odd indentation
      '- id: >\n    folded\n',
      '- {id: a}\n',
      '- id: ~\n',
      '- id:\n',
      '- __proto__: x\n',
      'seizures:\n',
      'other: 1\n- id: a\n',
      '---\n- id: a\n',
      '- id: -1\n',
      '- id: a\tb\n',
      '',
    ]) {
      expect(readSimpleYamlRecords(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('on generated exports, answers only what the full parser answers', () => {
    const tricky = ['a', '0012', '1.50', '-0', 'null', '~', 'true', 'a: b', 'a #b', '#x', "it's", 'x"y', 'Hoa Kỳ', ' lead', 'trail ', '1,234.5', '(x)', '[x]', '{x}', '&a', '*a', '!t', '%p', '@a', '`b', '|', '>', '?', '-', 'a-b', 'a/b', '', '\\', '\\n'];
    const value = fc.tuple(fc.constantFrom(...tricky), fc.constantFrom('plain', 'double', 'single')).map(([v, style]) =>
      style === 'plain' ? v : style === 'double' ? `"${v}"` : `'${v.replaceAll("'", "''")}'`,
    );
    const record = fc.array(fc.tuple(fc.constantFrom('id', 'date', 'quantity', 'unit', 'a_b', 'X'), value, fc.constantFrom('', '', ' # c', '  ')), { minLength: 1, maxLength: 5 });
    const file = fc.record({
      records: fc.array(record, { minLength: 1, maxLength: 6 }),
      wrapper: fc.boolean(),
      indent: fc.constantFrom(0, 2, 4),
      eol: fc.constantFrom('\n', '\r\n'),
      blank: fc.boolean(),
    });
    let answered = 0;
    fc.assert(
      fc.property(file, (f) => {
        const pad = f.wrapper ? ' '.repeat(f.indent) : '';
        const lines: string[] = f.wrapper ? ['seizures:'] : [];
        for (const rec of f.records) {
          rec.forEach(([k, v, tail], i) => lines.push(`${pad}${i === 0 ? '- ' : '  '}${k}: ${v}${tail}`));
          if (f.blank) lines.push('');
        }
        const text = lines.join(f.eol) + f.eol;
        const fast = readSimpleYamlRecords(text);
        if (fast === undefined) return;
        answered++;
        expect(fast.map((r) => ({ line: r.line, value: plain(r.value) })), text).toEqual(reference(text));
      }),
      { numRuns: 2000, seed: 7 },
    );
    expect(answered, 'the generator must reach the fast path often enough to test it').toBeGreaterThan(100);
  });
});
