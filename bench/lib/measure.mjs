/**
 * Runs a command once and measures whole-process wall time and peak RSS.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the kernel's ru_maxrss
 * of the child) when it is installed; otherwise /proc/<pid>/status VmHWM (the
 * kernel's own high-water mark) is sampled every 20 ms, which can miss a peak
 * reached in the last few milliseconds before exit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

const GNU_TIME = '/usr/bin/time';
const SAMPLE_MS = 20;

/** How peak RSS is measured on this machine: 'gnu-time' or 'proc-sampling'. */
export function detectRssMethod() {
  const probe = spawnSync(GNU_TIME, ['-f', '%M', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
  return probe.status === 0 ? 'gnu-time' : 'proc-sampling';
}

const scratch = mkdtempSync(join(tmpdir(), 'campaign-report-bench-'));
let scratchSeq = 0;
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd: string, stdout?: string, stderr?: string, rssMethod: string }} opts
 *   stdout/stderr: file paths to write to (default /dev/null)
 * @returns {Promise<{ ms: number, rssKb: number | null, cpuMs: number | null, code: number | null, signal: string | null }>}
 */
export async function measure(cmd, args, { cwd, stdout = '/dev/null', stderr = '/dev/null', rssMethod, env }) {
  const out = openSync(stdout, 'w');
  const err = openSync(stderr, 'w');
  try {
    if (rssMethod === 'gnu-time') return await measureWithGnuTime(cmd, args, cwd, out, err, env);
    return await measureWithProc(cmd, args, cwd, out, err, env);
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

function waitForExit(child, t0) {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ ms: performance.now() - t0, code, signal }));
  });
}

async function measureWithGnuTime(cmd, args, cwd, out, err, env = process.env) {
  const timeFile = join(scratch, `time-${++scratchSeq}.txt`);
  // GNU time adds one fork+exec (~1 ms) to the wall time; negligible here.
  const t0 = performance.now();
  const child = spawn(GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, cmd, ...args], { cwd, env, stdio: ['ignore', out, err] });
  const { ms, code, signal } = await waitForExit(child, t0);
  // On failure GNU time writes "Command exited with non-zero status N" or
  // "Command terminated by signal N" before the format line.
  const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
  const [rssKb, user, sys] = lines.at(-1).split(' ').map(Number);
  const killed = lines.find((l) => l.startsWith('Command terminated by signal'));
  return {
    ms,
    rssKb: Number.isFinite(rssKb) ? rssKb : null,
    // user + system CPU time, 10 ms resolution: steadier than wall time on a busy machine
    cpuMs: Number.isFinite(user) && Number.isFinite(sys) ? Math.round((user + sys) * 1000) : null,
    code: killed ? null : code,
    signal: killed ? `signal ${killed.split(' ').at(-1)}` : signal,
  };
}

async function measureWithProc(cmd, args, cwd, out, err, env = process.env) {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, err] });
  let peakKb = null;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb ?? 0, Number(m[1]));
    } catch {
      // the process has just exited
    }
  };
  const timer = setInterval(sample, SAMPLE_MS);
  sample();
  try {
    const { ms, code, signal } = await waitForExit(child, t0);
    return { ms, rssKb: peakKb, cpuMs: null, code, signal };
  } finally {
    clearInterval(timer);
  }
}

/** kB (as GNU time and /proc give it) to MB of 2^20 bytes, one decimal. */
export const mb = (kb) => (kb == null ? null : Math.round((kb / 1024) * 10) / 10);

/** Median of a non-empty list of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * CPU time the whole machine has spent busy since boot, in ms (all cores,
 * from /proc/stat), or null where that file does not exist.
 */
export function readSystemBusyMs() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    // /proc/stat counts in USER_HZ ticks, 100 per second on Linux.
    return (user + nice + system + irq + softirq + steal) * 10;
  } catch {
    return null;
  }
}
