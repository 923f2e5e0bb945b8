/** The error code of a failed write, with what it means when that is not obvious: "ENOSPC (disk full)". */
export function writeErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  const meaning = WRITE_ERRORS[code];
  return meaning ? `${code} (${meaning})` : code;
}

const WRITE_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
};
