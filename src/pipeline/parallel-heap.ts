import { getHeapSpaceStatistics } from 'node:v8';

/** This thread's heap, for CAMPAIGN_REPORT_DEBUG_PARALLEL. */
export function heapLine(): string {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  const spaces = getHeapSpaceStatistics()
    .filter((s) => s.space_size > 1 << 20)
    .map((s) => `${s.space_name} ${mb(s.space_used_size)}/${mb(s.space_size)}`)
    .join(', ');
  return `heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB (${spaces}), array buffers ${mb(m.arrayBuffers)} MB`;
}
