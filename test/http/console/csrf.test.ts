import { describe, expect, it } from 'vitest';
import { csrfMatches, newToken } from '../../../src/http/console/csrf.js';

describe('console CSRF check', () => {
  it('accepts only the exact session token', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfMatches(token, token)).toBe(true);
    expect(csrfMatches(token, `${token}x`)).toBe(false);
    expect(csrfMatches(token, token.slice(0, -1))).toBe(false);
    expect(csrfMatches(token, newToken())).toBe(false);
  });

  it('refuses a missing, empty or non-string field', () => {
    const token = newToken();
    expect(csrfMatches(token, undefined)).toBe(false);
    expect(csrfMatches(token, '')).toBe(false);
    expect(csrfMatches(token, [token])).toBe(false);
    expect(csrfMatches(token, 42)).toBe(false);
  });
});
