import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CampaignReportError } from '../errors.js';
import { writeErrorText } from './write-error.js';

/** Where a streaming writer's bytes go: a file written atomically, or standard output. */
export interface ByteSink {
  write(bytes: Uint8Array | string): void;
}

/**
 * A file written as it is made, atomically: the bytes go to a temporary file
 * beside it, which replaces the file only at `commit` (fsync, then rename), so
 * an interrupted or failed run leaves the previous file as it was, and memory
 * stays flat however much is written. Writes are synchronous, in order.
 */
export class AtomicFileStream implements ByteSink {
  private fd: number | undefined;
  private done = false;
  private readonly temp: string;
  private readonly cleanup = (): void => this.abort();

  /** Opens the temporary file at once: an unwritable --out fails before any source is read. */
  constructor(readonly file: string) {
    const target = path.resolve(file);
    this.temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      this.fd = openSync(this.temp, 'wx', 0o644);
    } catch (err) {
      this.done = true;
      throw unwritable(file, err);
    }
    // The temporary file never outlives the process (an error, or main()'s process.exit).
    process.once('exit', this.cleanup);
  }

  write(bytes: Uint8Array | string): void {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    try {
      for (let at = 0; at < buf.length; ) at += writeSync(this.fd!, buf, at, buf.length - at);
    } catch (err) {
      throw unwritable(this.file, err);
    }
  }

  /** The file, whole: synced, then renamed over the target. */
  commit(): void {
    try {
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = undefined;
      renameSync(this.temp, path.resolve(this.file));
      this.done = true;
    } catch (err) {
      this.abort();
      throw unwritable(this.file, err);
    }
    process.removeListener('exit', this.cleanup);
  }

  /** Drops the temporary file (the target stays as it was); nothing once committed. */
  abort(): void {
    process.removeListener('exit', this.cleanup);
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // never usable: the unlink below is what matters
      }
      this.fd = undefined;
    }
    if (this.done) return;
    this.done = true;
    try {
      unlinkSync(this.temp);
    } catch {
      // gone already
    }
  }
}

/**
 * Standard output, written synchronously: memory stays flat however slowly the
 * reader of a pipe reads (process.stdout would queue every byte it cannot write
 * yet). A pipe Node has made non-blocking answers EAGAIN when full: wait a
 * millisecond and write on. A closed pipe (`| head`) is not an error: the rest
 * is dropped, as main() does for process.stdout.
 */
export class StdoutSink implements ByteSink {
  private closed = false;
  private readonly nap = new Int32Array(new SharedArrayBuffer(4));

  write(bytes: Uint8Array | string): void {
    if (this.closed) return;
    const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    for (let at = 0; at < buf.length; ) {
      try {
        at += writeSync(1, buf, at, buf.length - at);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') Atomics.wait(this.nap, 0, 0, 1);
        else if (code === 'EPIPE') {
          this.closed = true;
          return;
        } else throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot write to standard output: ${writeErrorText(err)}`, { cause: err });
      }
    }
  }
}

function unwritable(file: string, err: unknown): CampaignReportError {
  return new CampaignReportError('OUTPUT_UNWRITABLE', `cannot write ${file}: ${writeErrorText(err)}`, { cause: err });
}
