import { describe, expect, it } from 'vitest';
import { fill, lowerFirst } from '../../src/render/fill.js';

describe('fill: a locale label\'s placeholders', () => {
  it('fills the placeholders it has values for and leaves the others', () => {
    expect(fill('{days} of {of} days', { days: 3, of: 7 })).toBe('3 of 7 days');
    expect(fill('{a} {b}', { a: 'x' })).toBe('x {b}');
    expect(fill('{a:lower} {b:lower}', { a: 'Air' })).toBe('air {b:lower}');
    expect(fill('{a}', { a: '' })).toBe('');
    expect(fill('{a:upper}', { a: 'Air' })).toBe('{a:upper}');
  });

  it('{name:lower}: the first letter in lower case for a sentence to run on, the label as written otherwise', () => {
    expect(fill('The leading route was {route:lower} ({route})', { route: 'Air' })).toBe('The leading route was air (Air)');
    expect(fill('{good:lower}', { good: 'Pangolin scales' })).toBe('pangolin scales');
    expect(fill('{n:lower}', { n: 12 })).toBe('12');
  });

  it('lowerFirst: abbreviations, codes and words without case as they are', () => {
    expect(lowerFirst('Pangolin scales')).toBe('pangolin scales');
    expect(lowerFirst('Hàng không')).toBe('hàng không');
    expect(lowerFirst('Đường biển')).toBe('đường biển');
    expect(lowerFirst('Ékstasy')).toBe('ékstasy');
    // a capital written as a letter and a combining mark, before a small letter
    expect(lowerFirst('E\u0301cstasy')).toBe('e\u0301cstasy');
    for (const s of ['MDMA (ecstasy)', 'LSD', 'N-Acetylanthranilic acid', 'E-cigarettes', '3,4-MDP-2-P (PMK)', 'CITES wildlife', '항공', 'air', '', 'A', 'A b']) expect(lowerFirst(s)).toBe(s);
  });
});
