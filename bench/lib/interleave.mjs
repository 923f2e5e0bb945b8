/**
 * Times commands side by side: one warm-up run of each, then N rounds that run
 * every command once, so a slow spell of the machine hits them all alike.
 * Wall time is the median of the timed rounds; peak RSS is kept for every run,
 * warm-up included, and reported as the worst: a memory limit has to allow the
 * worst run, not the typical one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mb, measure, median } from './measure.mjs';

export class Bench {
  /** Crashed runs, one message each (command, exit, last lines of stderr). */
  crashes = [];
  /** CPU time of every measured run, to tell our load from other processes'. */
  childCpuMs = 0;

  /** @param {{ cwd: string, rssMethod: string, log: (m: string) => void }} opts */
  constructor({ cwd, rssMethod, log }) {
    this.cwd = cwd;
    this.rssMethod = rssMethod;
    this.log = log;
  }

  /**
   * One run of a tool. The kept run writes stdout and stderr to tool.outFile and
   * tool.errFile (the checks read them); the others write stdout to /dev/null.
   * A non-zero exit or a signal marks the tool as crashed.
   */
  async #runOnce(tool, keep) {
    const errFile = keep ? tool.errFile : `${tool.errFile}.last`;
    const r = await measure(tool.cmd, tool.args, {
      cwd: this.cwd,
      stdout: keep ? tool.outFile : '/dev/null',
      stderr: errFile,
      rssMethod: this.rssMethod,
      env: tool.env,
    });
    this.childCpuMs += r.cpuMs ?? 0;
    if (r.rssKb != null) tool.rssKb.push(r.rssKb);
    if (r.code !== 0) {
      const why = r.signal ? `killed by ${r.signal}` : `exit code ${r.code}`;
      const stderr = readFileSync(errFile, 'utf8').trim().split('\n').slice(-15).join('\n');
      tool.status = 'crashed';
      tool.note = why;
      this.crashes.push(`${tool.label} (${tool.cmd} ${tool.args.join(' ')}): ${why}\n${stderr}`);
    }
    return r;
  }

  /**
   * Runs `tools` side by side, `rounds` timed rounds, and sets on each tool:
   * status ('ok', 'skipped', 'crashed'), runsMs, cpuMs, rssKb (every run),
   * wallMsMedian, cpuMsMedian, peakRssMb (the worst run) and rssRangeMb.
   * Without `warmup`, the first timed round is the kept one.
   * @param {object[]} tools with key, label, cmd, args, env?, skip?
   * @param {{ rounds: number, warmup?: boolean, dir: string }} opts dir: where outputs go
   */
  async interleave(tools, { rounds, warmup = true, dir }) {
    for (const tool of tools) {
      Object.assign(tool, { runsMs: [], cpuMs: [], rssKb: [], outFile: join(dir, `out-${tool.key}.txt`), errFile: join(dir, `err-${tool.key}.txt`) });
      tool.status = tool.skip ? 'skipped' : 'ok';
      if (tool.skip) {
        tool.note = tool.skip;
        this.log(`${tool.label}: SKIPPED: ${tool.skip}`);
      }
    }
    const live = () => tools.filter((t) => t.status === 'ok');
    if (warmup) {
      for (const tool of live()) {
        this.log(`${tool.label}: warm-up`);
        await this.#runOnce(tool, true);
      }
    }
    for (let i = 0; i < rounds; i++) {
      for (const tool of live()) {
        const r = await this.#runOnce(tool, !warmup && i === 0);
        if (tool.status !== 'ok') continue;
        tool.runsMs.push(r.ms);
        if (r.cpuMs != null) tool.cpuMs.push(r.cpuMs);
      }
      this.log(`round ${i + 1} of ${rounds}: ${live().map((t) => `${t.key} ${Math.round(t.runsMs.at(-1))} ms`).join(', ')}`);
    }
    for (const tool of live()) summarise(tool);
    return tools;
  }
}

function summarise(tool) {
  tool.wallMsMedian = median(tool.runsMs);
  tool.cpuMsMedian = tool.cpuMs.length ? median(tool.cpuMs) : null;
  tool.peakRssMb = tool.rssKb.length ? mb(Math.max(...tool.rssKb)) : null;
  tool.rssRangeMb = tool.rssKb.length ? [mb(Math.min(...tool.rssKb)), mb(Math.max(...tool.rssKb))] : null;
}

/** wall time of `tool` over `base`'s, both measured in the same rounds; null when either did not run. */
export function ratio(tool, base) {
  return tool?.status === 'ok' && base?.status === 'ok' ? tool.wallMsMedian / base.wallMsMedian : null;
}
