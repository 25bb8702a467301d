/** What one readiness check found: ok, or the reasons it is not (each a sentence for on-call). */
export interface CheckResult {
  ok: boolean;
  reasons: string[];
}

/**
 * One question `/readyz` asks. Checks are independent: each reads what it needs, answers within
 * the deadline or is reported as not answering, and never throws past `evaluateReadiness`.
 */
export interface ReadinessCheck {
  name: string;
  check(now: number): Promise<CheckResult> | CheckResult;
}

export interface ReadinessReport {
  ready: boolean;
  checks: (CheckResult & { name: string })[];
}

/** Runs every check side by side, each bounded by `deadlineMs`, so one hung dependency cannot hang readiness. */
export async function evaluateReadiness(checks: readonly ReadinessCheck[], now: number, deadlineMs: number): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, reasons: [`did not answer within ${deadlineMs} ms`] }), deadlineMs);
      });
      try {
        const result = await Promise.race([Promise.resolve().then(() => c.check(now)), late]);
        return { name: c.name, ...result };
      } catch (error) {
        return { name: c.name, ok: false, reasons: [`could not check: ${error instanceof Error ? error.message : String(error)}`] };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every((r) => r.ok), checks: results };
}

export const passed = (): CheckResult => ({ ok: true, reasons: [] });
export const failedWith = (reasons: string[]): CheckResult => ({ ok: reasons.length === 0, reasons });
