/** Captures what in-process commands write to process.stdout / process.stderr. */
import { vi, type MockInstance } from 'vitest';

export interface Captured {
  readonly stdout: string;
  readonly stderr: string;
  restore(): void;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

export function captureOutput(): Captured {
  let out = '';
  let err = '';
  const collect = (append: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  const spies: MockInstance[] = [
    vi.spyOn(process.stdout, 'write').mockImplementation(collect((s) => (out += s))),
    vi.spyOn(process.stderr, 'write').mockImplementation(collect((s) => (err += s))),
  ];
  return {
    get stdout() {
      return stripAnsi(out);
    },
    get stderr() {
      return stripAnsi(err);
    },
    restore() {
      for (const s of spies) s.mockRestore();
    },
  };
}

/** Runs `fn` with output captured; resolves to its result (or error) and the output. */
export async function captured<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; stdout: string; stderr: string }> {
  const c = captureOutput();
  try {
    const result = await fn();
    return { result, stdout: c.stdout, stderr: c.stderr };
  } catch (error) {
    return { error, stdout: c.stdout, stderr: c.stderr };
  } finally {
    c.restore();
  }
}

/** The `read N = accepted N + ...` line of stderr, parsed. */
export function bucketsOf(stderr: string): { read: number; accepted: number; rejected: number; duplicates: number; out_of_scope: number } {
  const m = /^read (\d+) = accepted (\d+) \+ rejected (\d+) \+ duplicates (\d+) \+ out_of_scope (\d+)/m.exec(stderr);
  if (!m) throw new Error(`no buckets line in stderr:\n${stderr}`);
  const [read, accepted, rejected, duplicates, out_of_scope] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { read, accepted, rejected, duplicates, out_of_scope };
}
