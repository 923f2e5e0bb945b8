import { isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'windows-1258';

export interface DetectedEncoding {
  readonly encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  readonly bom: number;
  /** True when nothing in the bytes said which encoding it is (a warning is due). */
  readonly guessed: boolean;
}

const ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252',
  latin1: 'windows-1252',
  'windows-1258': 'windows-1258',
};

export function encodingFromConfig(name: string): Encoding {
  return ALIASES[name.toLowerCase()] ?? 'utf-8';
}

/**
 * Looks at the first bytes of a file: a BOM decides; else UTF-16 without BOM is
 * recognised by NUL bytes in every other position (Excel "Unicode text" always
 * has a BOM, other tools may not); else valid UTF-8; else Windows-1252, flagged
 * as a guess.
 */
export function detectEncoding(head: Buffer, complete: boolean): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3, guessed: false };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2, guessed: false };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2, guessed: false };
  const n = Math.min(head.length, 4096) & ~1;
  if (n >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    const half = n / 2;
    if (oddNul > half * 0.4 && evenNul < half * 0.05) return { encoding: 'utf-16le', bom: 0, guessed: true };
    if (evenNul > half * 0.4 && oddNul < half * 0.05) return { encoding: 'utf-16be', bom: 0, guessed: true };
  }
  // A multi-byte character cut at the end of the sample is no evidence against UTF-8: at the end of
  // a chunk it is the chunk boundary, at the end of a whole file a truncated export (the cut
  // character then decodes as U+FFFD, and the rows before it are read right).
  // When the whole file is ASCII but for that cut, the cut is as likely a Windows-1252 letter
  // (a final "é"): only real UTF-8 sequences before it make it UTF-8.
  if (isUtf8(head)) return { encoding: 'utf-8', bom: 0, guessed: false };
  const trimmed = trimIncompleteUtf8(head);
  if (trimmed.length < head.length && isUtf8(trimmed) && (!complete || trimmed.some((b) => b >= 0x80))) {
    return { encoding: 'utf-8', bom: 0, guessed: false };
  }
  return { encoding: 'windows-1252', bom: 0, guessed: true };
}

/** Drops a multi-byte UTF-8 sequence cut at the end of a chunk. */
export function trimIncompleteUtf8(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let cont = 0;
  while (i >= 0 && cont < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    cont++;
  }
  if (i < 0) return buf;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return need > cont ? buf.subarray(0, i) : buf;
}

/**
 * Windows-1252 bytes 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
 * Node's TextDecoder decodes "windows-1252" as Latin-1 since 20.18 (nodejs/node#56542),
 * which turns these into control characters; the rest of the code page is Latin-1.
 */
const CP1252_HIGH = '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

export function decodeWindows1252(chunk: Buffer): string {
  const latin1 = chunk.toString('latin1');
  return /[\u0080-\u009f]/.test(latin1) ? latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : latin1;
}

/** Returns a function turning chunks of `encoding` into UTF-8 chunks (identity for UTF-8). */
export function createTranscoder(encoding: Encoding): ((chunk: Buffer, final: boolean) => Buffer) | undefined {
  if (encoding === 'utf-8') return undefined;
  // single-byte: no state across chunks
  if (encoding === 'windows-1252') return (chunk) => Buffer.from(decodeWindows1252(chunk), 'utf8');
  const decoder = new TextDecoder(encoding === 'utf-16be' ? 'utf-16be' : encoding);
  return (chunk, final) => Buffer.from(decoder.decode(chunk, { stream: !final }), 'utf8');
}
