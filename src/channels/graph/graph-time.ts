/** Graph times (`2026-01-16T09:00:00+0000`) as epoch ms; 0 when absent or unreadable. */
export function graphTime(value: string | undefined): number {
  if (value === undefined) return 0;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : 0;
}
