/**
 * Compares strings by UTF-16 code units: workspace names and YYYY-MM-DD dates rank alike this way, the order
 * cannot vary with the locale, and no ICU collator is loaded (the first localeCompare of a process loads one;
 * docs/performance.md).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
