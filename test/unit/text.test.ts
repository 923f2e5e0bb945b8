import { describe, expect, it } from 'vitest';
import { AliasTable, foldKey, looseKey } from '../../src/normalize/text.js';

describe('looseKey / foldKey', () => {
  it('ignore case, surrounding spaces, runs of spaces and underscores', () => {
    expect(looseKey('  Reporting_Country ')).toBe('reporting country');
    expect(looseKey('Reporting   Country')).toBe('reporting country');
    expect(looseKey('reporting__country')).toBe('reporting country');
  });

  it('looseKey composes to NFC; foldKey also drops diacritics and đ', () => {
    expect(looseKey('Ngày'.normalize('NFD'))).toBe('ngày');
    expect(foldKey('Đường Bộ')).toBe('duong bo');
    expect(foldKey('Số lượng')).toBe('so luong');
    expect(foldKey('ĐVHD')).toBe('dvhd');
  });
});

describe('AliasTable', () => {
  it('matches exactly, loosely, and diacritic-insensitively', () => {
    const t = new AliasTable<string>([['ma túy', 'drugs']]);
    expect(t.get('ma túy')).toBe('drugs');
    expect(t.get(' MA TÚY ')).toBe('drugs');
    expect(t.get('ma tuy')).toBe('drugs');
    expect(t.get('ma túy'.normalize('NFD'))).toBe('drugs');
    expect(t.get('ma')).toBeUndefined();
  });

  it('refuses to guess when a folded form belongs to two values', () => {
    const t = new AliasTable<string>([
      ['bỉ', 'BE'],
      ['bí', 'PUMPKIN'],
    ]);
    expect(t.get('bỉ')).toBe('BE');
    expect(t.get('bí')).toBe('PUMPKIN');
    expect(t.get('bi')).toBeUndefined();
  });

  it('an exact alias wins over an ambiguous fold', () => {
    const t = new AliasTable<string>([
      ['bỉ', 'BE'],
      ['bi', 'BI'],
    ]);
    expect(t.get('bi')).toBe('BI');
    expect(t.get('BI')).toBe('BI');
    expect(t.get('Bỉ')).toBe('BE');
    // "bì" matches neither exactly and folds to two values
    expect(t.get('bì')).toBeUndefined();
  });

  it('several aliases folding to the same form and value stay usable', () => {
    const t = new AliasTable<string>([
      ['ma túy', 'drugs'],
      ['ma tuý', 'drugs'],
    ]);
    expect(t.get('ma tuy')).toBe('drugs');
  });

  it('a later add of the same alias replaces the exact value', () => {
    const t = new AliasTable<string>([['courier', 'post']]);
    t.add('courier', 'express');
    expect(t.get('courier')).toBe('express');
  });
});
