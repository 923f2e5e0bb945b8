import { describe, expect, it } from 'vitest';
import { createTranscoder, detectEncoding, encodingFromConfig, trimIncompleteUtf8 } from '../../src/ingest/encoding.js';

const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('detectEncoding', () => {
  it('a UTF-8 BOM decides', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x69, 0x64]), true)).toEqual({ encoding: 'utf-8', bom: 3, guessed: false });
  });

  it('UTF-16 BOMs decide', () => {
    expect(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,x', 'utf16le')]), true)).toEqual({ encoding: 'utf-16le', bom: 2, guessed: false });
    expect(detectEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('id,x')]), true)).toEqual({ encoding: 'utf-16be', bom: 2, guessed: false });
  });

  it('recognises UTF-16 LE and BE without a BOM by their NUL bytes', () => {
    expect(detectEncoding(Buffer.from('id,date,quantity\r\n1,2024-07-01,5\r\n', 'utf16le'), true)).toMatchObject({ encoding: 'utf-16le', bom: 0 });
    expect(detectEncoding(utf16be('id,date,quantity\r\n1,2024-07-01,5\r\n'), true)).toMatchObject({ encoding: 'utf-16be', bom: 0 });
  });

  it('valid UTF-8 (ASCII or Vietnamese) is UTF-8, not a guess', () => {
    expect(detectEncoding(Buffer.from('id,x\n1,2\n'), true)).toEqual({ encoding: 'utf-8', bom: 0, guessed: false });
    expect(detectEncoding(Buffer.from('Số vụ;Ngày;Mặt hàng\n'), true)).toEqual({ encoding: 'utf-8', bom: 0, guessed: false });
  });

  it('invalid UTF-8 is read as Windows-1252 and flagged as a guess', () => {
    const latin = Buffer.from('id,location\n1,Montr\xe9al\n', 'latin1');
    expect(detectEncoding(latin, true)).toEqual({ encoding: 'windows-1252', bom: 0, guessed: true });
  });

  it('a multi-byte character cut at the end of an incomplete head is not a reason to guess', () => {
    const head = Buffer.from('id,x\n1,café'); // é = C3 A9
    const cut = head.subarray(0, head.length - 1);
    expect(detectEncoding(cut, false)).toMatchObject({ encoding: 'utf-8', guessed: false });
    // ...but when the whole file ends there, the byte really is invalid
    expect(detectEncoding(cut, true)).toMatchObject({ encoding: 'windows-1252', guessed: true });
  });
});

describe('trimIncompleteUtf8', () => {
  it('drops only an incomplete trailing sequence', () => {
    const ok = Buffer.from('aé');
    expect(trimIncompleteUtf8(ok)).toEqual(ok);
    expect(trimIncompleteUtf8(ok.subarray(0, 2))).toEqual(Buffer.from('a'));
    const three = Buffer.from('a€'); // E2 82 AC
    expect(trimIncompleteUtf8(three.subarray(0, 3))).toEqual(Buffer.from('a'));
    expect(trimIncompleteUtf8(three)).toEqual(three);
  });
});

describe('createTranscoder', () => {
  it('is the identity (undefined) for UTF-8', () => {
    expect(createTranscoder('utf-8')).toBeUndefined();
  });

  it('decodes Windows-1252 (0xE9 é), including its 0x80-0x9F range (€, curly quotes, dashes), not as Latin-1', () => {
    const t = createTranscoder('windows-1252')!;
    expect(t(Buffer.from([0x63, 0x61, 0x66, 0xe9]), true).toString('utf8')).toBe('café');
    expect(t(Buffer.from([0x80, 0x20, 0x93, 0x78, 0x94, 0x20, 0x96]), true).toString('utf8')).toBe('€ \u201cx\u201d \u2013');
    // "Côte d’Ivoire" as Excel on Windows writes it: the apostrophe is 0x92
    expect(t(Buffer.from('C\xf4te d\x92Ivoire', 'latin1'), true).toString('utf8')).toBe('Côte d\u2019Ivoire');
  });

  it('decodes UTF-16 LE split in the middle of a code unit across chunks', () => {
    const t = createTranscoder('utf-16le')!;
    const bytes = Buffer.from('Hàn Quốc', 'utf16le');
    const a = t(bytes.subarray(0, 3), false);
    const b = t(bytes.subarray(3), true);
    expect(Buffer.concat([a, b]).toString('utf8')).toBe('Hàn Quốc');
  });

  it('decodes UTF-16 BE', () => {
    expect(createTranscoder('utf-16be')!(utf16be('Lào'), true).toString('utf8')).toBe('Lào');
  });
});

describe('encodingFromConfig', () => {
  it('maps the accepted names', () => {
    expect(encodingFromConfig('UTF8')).toBe('utf-8');
    expect(encodingFromConfig('latin1')).toBe('windows-1252');
    expect(encodingFromConfig('utf-16le')).toBe('utf-16le');
    expect(encodingFromConfig('windows-1258')).toBe('windows-1258');
  });
});
