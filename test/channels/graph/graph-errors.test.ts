import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GraphAnswerError, describeGraphError, type GraphErrorBody } from '../../../src/channels/graph/graph-errors.js';
import { readGraphUsage } from '../../../src/channels/graph/graph-usage.js';
import { sameSecret, verifyHubSignature } from '../../../src/channels/graph/hub-signature.js';
import { classifyFailure, type CallKind } from '../../../src/channels/kit/platform-failure.js';

const NOW = 1_800_000_000_000;

/** What the kit's shared rules make of one Graph answer. */
function outcome(status: number, body: GraphErrorBody | undefined, call: CallKind = 'write', headers: Record<string, string> = {}) {
  const error = new GraphAnswerError(status, body, readGraphUsage(new Headers(headers), NOW), body === undefined);
  const e = classifyFailure(describeGraphError(error, NOW), call, 'Graph', NOW);
  return { code: e.code, retryable: e.retryable, mayHaveSucceeded: e.mayHaveSucceeded, wait: e.retryAt === undefined ? undefined : e.retryAt - NOW };
}

const buc = (minutes: number) => ({ 'x-business-use-case-usage': JSON.stringify({ '1': [{ type: 'pages', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: minutes }] }) });

describe('Graph answers read by the kit’s shared rules', () => {
  it('decides by the error code, not the HTTP status', () => {
    expect(outcome(400, { code: 190, error_subcode: 463 })).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(outcome(400, { code: 200 })).toMatchObject({ code: 'AUTH_FAILED' });
    expect(outcome(400, { code: 506, error_subcode: 1455006 })).toMatchObject({ code: 'DUPLICATE_REFUSED', retryable: false });
    expect(outcome(400, { code: 2, is_transient: true })).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true, mayHaveSucceeded: true });
    expect(outcome(400, { code: 2, is_transient: true }, 'read')).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', mayHaveSucceeded: false });
    expect(outcome(400, { code: 100, error_subcode: 33 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(outcome(400, { code: 100 })).toMatchObject({ code: 'REJECTED', retryable: false });
    expect(outcome(500, undefined)).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', mayHaveSucceeded: true });
    // A success whose body was cut may hide a stored post.
    expect(outcome(200, undefined)).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveSucceeded: true });
  });

  it('throttling waits for the regain time that applies, else the conservative minute', () => {
    // Business-use-case throttle: its header's regain time, 0 minutes meaning "now".
    expect(outcome(400, { code: 80001 }, 'write', buc(7))).toMatchObject({ code: 'RATE_LIMITED', wait: 7 * 60_000, mayHaveSucceeded: false });
    expect(outcome(400, { code: 80001 }, 'write', buc(0))).toMatchObject({ code: 'RATE_LIMITED', wait: 0 });
    // Platform throttle: a running regain time, but a BUC header saying 0 is about another budget.
    expect(outcome(400, { code: 32 }, 'write', buc(3))).toMatchObject({ code: 'RATE_LIMITED', wait: 3 * 60_000 });
    expect(outcome(400, { code: 4 }, 'write', buc(0))).toMatchObject({ code: 'RATE_LIMITED', wait: 60_000 });
    expect(outcome(400, { code: 4 }, 'write', { 'x-app-usage': '{"call_count":100}' })).toMatchObject({ code: 'RATE_LIMITED', wait: 60_000 });
    expect(outcome(400, { code: 368, error_subcode: 1390008 })).toMatchObject({ code: 'RATE_LIMITED', wait: 3_600_000 });
  });

  it('reads usage headers: the highest share of any budget', () => {
    const usage = readGraphUsage(new Headers({ 'x-app-usage': '{"call_count":12,"total_cputime":40,"total_time":5}', ...buc(2) }), NOW);
    expect(usage).toEqual({ percent: 100, regainAt: NOW + 120_000 });
    expect(readGraphUsage(new Headers({ 'x-app-usage': 'not json' }), NOW)).toBeUndefined();
  });
});

describe('X-Hub-Signature-256', () => {
  const body = Buffer.from('{"object":"page"}');
  const good = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;
  it('accepts only the HMAC of the exact bytes with the app secret', () => {
    expect(verifyHubSignature(body, good, 'secret')).toBe(true);
    expect(verifyHubSignature(Buffer.from('{"object": "page"}'), good, 'secret')).toBe(false);
    expect(verifyHubSignature(body, good, 'other')).toBe(false);
    expect(verifyHubSignature(body, good.toUpperCase(), 'secret')).toBe(false);
    expect(verifyHubSignature(body, good.slice(0, -1), 'secret')).toBe(false);
    expect(verifyHubSignature(body, 'sha256=zz', 'secret')).toBe(false);
    expect(verifyHubSignature(body, undefined, 'secret')).toBe(false);
    // No configured secret never verifies anything.
    expect(verifyHubSignature(body, `sha256=${createHmac('sha256', '').update(body).digest('hex')}`, '')).toBe(false);
  });
  it('compares verify tokens whatever their lengths, and an empty expected token matches nothing', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abcd', 'abc')).toBe(false);
    expect(sameSecret('', '')).toBe(false);
  });
});
