/** What Meta's usage headers say about the call budget. */
export interface GraphUsage {
  /** Highest share (0–100+) of any budget used: calls, CPU time or total time. */
  percent: number;
  /**
   * When the budget is usable again (epoch ms), when a header named it: `now` when Meta says
   * 0 minutes (the budget is back), absent when no header carries a regain time at all.
   */
  regainAt?: number;
}

type UsageEntry = { call_count?: number; total_cputime?: number; total_time?: number; estimated_time_to_regain_access?: number };

function parse(raw: string | null): unknown {
  if (raw === null || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Reads `X-App-Usage` (platform limits: app or user tokens), `X-Page-Usage` and
 * `X-Business-Use-Case-Usage` (BUC limits: page tokens, Instagram), whose values are percentages
 * of the budget, and `estimated_time_to_regain_access` in whole minutes (BUC only).
 */
export function readGraphUsage(headers: Headers, now: number): GraphUsage | undefined {
  const entries: UsageEntry[] = [];
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const value = parse(headers.get(name));
    if (typeof value === 'object' && value !== null) entries.push(value as UsageEntry);
  }
  const buc = parse(headers.get('x-business-use-case-usage'));
  if (typeof buc === 'object' && buc !== null) {
    for (const list of Object.values(buc as Record<string, unknown>)) if (Array.isArray(list)) entries.push(...(list as UsageEntry[]));
  }
  if (entries.length === 0) return undefined;
  const percent = Math.max(...entries.map((e) => Math.max(e.call_count ?? 0, e.total_cputime ?? 0, e.total_time ?? 0)));
  const regain = entries.map((e) => e.estimated_time_to_regain_access).filter((m): m is number => typeof m === 'number' && Number.isFinite(m) && m >= 0);
  return { percent, ...(regain.length === 0 ? {} : { regainAt: now + Math.max(...regain) * 60_000 }) };
}
