/** SOURCE_DATE_EPOCH (reproducible builds): the only time that may appear in an output. */
export function sourceDateEpoch(): Date | undefined {
  const v = process.env.SOURCE_DATE_EPOCH;
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return new Date(Number(v) * 1000);
}
