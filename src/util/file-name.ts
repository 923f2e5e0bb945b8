/** File-name part made safe for any file system: no path, no reserved characters. */
export function safeName(s: string): string {
  const n = s.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '').slice(0, 80);
  return n === '' ? 'report' : n;
}
