/** Rejected records per diagnostic code, the most frequent first (ties by code), as the report's annex and the summary list them. */
export function byReason(counts: Iterable<readonly [string, number]>): { code: string; count: number }[] {
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}
