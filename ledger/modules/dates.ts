/** Dates as people read them, computed without locale data (the same text on every node). */
export function formatLedgerDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
