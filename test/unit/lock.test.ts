/** The output-folder lock: O_EXCL file, LOCKED (exit 7) while held, stale locks taken over. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CampaignReportError, EXIT } from '../../src/errors.js';
import { acquireOutputLock, LOCK_FILE, parseLockInfo } from '../../src/output/lock.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

/** The pid of a process that has finished (and been reaped): `kill(pid, 0)` fails with ESRCH. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

async function lockError(dir: string): Promise<CampaignReportError> {
  const err = await acquireOutputLock(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CampaignReportError);
  return err as CampaignReportError;
}

describe('acquireOutputLock', () => {
  it('creates the lock with pid, host and start time, and release removes it', async () => {
    const dir = join(tempDir(), 'reports'); // created if missing
    const lock = await acquireOutputLock(dir);
    const info = parseLockInfo(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Number.isNaN(Date.parse(info!.started))).toBe(false);
    expect(lock.tookOver).toBeUndefined();
    await lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    await lock.release(); // twice is harmless
  });

  it('a second acquire while held fails at once with LOCKED (exit 7), naming the holder', async () => {
    const dir = tempDir();
    const lock = await acquireOutputLock(dir);
    const err = await lockError(dir);
    expect(err.code).toBe('LOCKED');
    expect(err.exitCode).toBe(EXIT.LOCKED);
    expect(EXIT.LOCKED).toBe(7);
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(err.message).toContain(LOCK_FILE);
    await lock.release();
    await (await acquireOutputLock(dir)).release();
  });

  it('takes over the lock of a process that is gone (same host)', async () => {
    const dir = tempDir();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, hostname: hostname(), started: '2024-01-01T00:00:00.000Z' }));
    const lock = await acquireOutputLock(dir);
    expect(lock.tookOver).toEqual({ pid, hostname: hostname(), started: '2024-01-01T00:00:00.000Z' });
    expect(parseLockInfo(readFileSync(join(dir, LOCK_FILE), 'utf8'))?.pid).toBe(process.pid);
    expect(existsSync(join(dir, `${LOCK_FILE}.stale-${process.pid}`))).toBe(false);
    await lock.release();
  });

  it('respects a lock from another host (its process cannot be checked)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), hostname: `not-${hostname()}`, started: '2024-01-01T00:00:00.000Z' }));
    const err = await lockError(dir);
    expect(err.code).toBe('LOCKED');
    expect(err.message).toContain(`not-${hostname()}`);
  });

  it('an unreadable lock is being written when fresh (LOCKED), abandoned when old (taken over)', async () => {
    const dir = tempDir();
    const file = join(dir, LOCK_FILE);
    writeFileSync(file, '');
    expect((await lockError(dir)).code).toBe('LOCKED');
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const lock = await acquireOutputLock(dir);
    expect(lock.tookOver?.pid).toBe(0);
    await lock.release();
  });

  it('release leaves a lock that is no longer its own', async () => {
    const dir = tempDir();
    const lock = await acquireOutputLock(dir);
    const other = JSON.stringify({ pid: 1, hostname: 'elsewhere', started: '2024-01-01T00:00:00.000Z' });
    writeFileSync(join(dir, LOCK_FILE), other);
    await lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(other);
  });

  it('`await using` releases it when the scope ends, also on an error', async () => {
    const dir = tempDir();
    await expect(
      (async () => {
        await using held = await acquireOutputLock(dir);
        expect(existsSync(held.file)).toBe(true);
        throw new Error('boom');
      })(),
    ).rejects.toThrow('boom');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('acquireOutputLock: never an empty lock, no side files left', () => {
  it('the lock appears whole (written aside, then linked), and its side file is gone', async () => {
    const dir = tempDir();
    const lock = await acquireOutputLock(dir);
    expect(parseLockInfo(readFileSync(join(dir, LOCK_FILE), 'utf8'))?.pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the side files of a run killed while taking or taking over the lock, and keeps a live one\'s', async () => {
    const dead = deadPid();
    const dir = tempDir({ [`${LOCK_FILE}.new-${dead}`]: '{"pid":1', [`${LOCK_FILE}.stale-${dead}`]: '', [`${LOCK_FILE}.new-${process.pid}x`]: 'not ours', [`${LOCK_FILE}.stale-1`]: '' });
    const lock = await acquireOutputLock(dir);
    // pid 1 (init) is alive: its file stays; a name that is not <lock>.new-<pid> is not touched
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, `${LOCK_FILE}.new-${process.pid}x`, `${LOCK_FILE}.stale-1`].sort());
    await lock.release();
  });
});
