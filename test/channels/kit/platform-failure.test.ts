import { describe, expect, it } from 'vitest';
import { wasNeverSent } from '../../../src/channels/kit/never-sent.js';
import { classifyFailure, type CallKind, type PlatformFailure } from '../../../src/channels/kit/platform-failure.js';

const NOW = 1_700_000_000_000;
const classify = (failure: PlatformFailure, call: CallKind) => classifyFailure(failure, call, 'Platform', NOW);
const socket = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
const wrapped = (inner: Error) => new TypeError('fetch failed', { cause: inner });

describe('the shared failure rules (one table for every platform)', () => {
  it('any failure that may have reached the platform is "may have succeeded" on a write, and only on a write', () => {
    const reached: PlatformFailure[] = [
      { kind: 'http', status: 500, detail: 'boom' },
      { kind: 'http', status: 502, detail: 'bad gateway' },
      { kind: 'http', status: 503, detail: 'unavailable' },
      { kind: 'unreadable', detail: '<html>' },
      { kind: 'network', detail: 'socket hang up', error: wrapped(socket('ECONNRESET')) },
      { kind: 'network', detail: 'timed out', error: Object.assign(new Error('aborted'), { name: 'TimeoutError' }) },
      { kind: 'network', detail: 'who knows' },
    ];
    for (const failure of reached) {
      expect(classify(failure, 'write'), JSON.stringify(failure)).toMatchObject({ retryable: true, mayHaveSucceeded: true });
      expect(classify(failure, 'read'), JSON.stringify(failure)).toMatchObject({ retryable: true, mayHaveSucceeded: false });
    }
  });

  it('a connection that provably never opened, a 429 and a 4xx are "not sent"', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']) {
      const error = classify({ kind: 'network', detail: code, error: wrapped(socket(code)) }, 'write');
      expect(error, code).toMatchObject({ code: 'NETWORK', retryable: true, mayHaveSucceeded: false });
    }
    expect(classify({ kind: 'http', status: 429, detail: 'slow down', retryAt: NOW + 5_000 }, 'write')).toMatchObject({ code: 'RATE_LIMITED', retryAt: NOW + 5_000, mayHaveSucceeded: false });
    expect(classify({ kind: 'http', status: 429, detail: 'slow down' }, 'write')).toMatchObject({ code: 'RATE_LIMITED', retryAt: NOW + 60_000 });
    expect(classify({ kind: 'http', status: 422, detail: 'too long' }, 'write')).toMatchObject({ code: 'REJECTED', retryable: false, mayHaveSucceeded: false });
    expect(classify({ kind: 'http', status: 404, detail: 'gone' }, 'write')).toMatchObject({ code: 'NOT_FOUND', retryable: false });
  });

  it('refused credentials disable; a repeat refusal is its own code', () => {
    expect(classify({ kind: 'http', status: 401, detail: 'no', auth: true }, 'write')).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(classify({ kind: 'http', status: 403, detail: 'dup', duplicate: true }, 'write')).toMatchObject({ code: 'DUPLICATE_REFUSED', retryable: false, mayHaveSucceeded: false });
  });

  it('finds a never-sent code anywhere in the cause chain', () => {
    expect(wasNeverSent(wrapped(wrapped(socket('ECONNREFUSED'))))).toBe(true);
    expect(wasNeverSent(wrapped(socket('ECONNRESET')))).toBe(false);
    expect(wasNeverSent('a string')).toBe(false);
  });
});
