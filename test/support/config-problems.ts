import { expect } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';

/** The problems `fn` throws as a ConfigError, one "file path message" line each; fails if it throws nothing. */
export function configProblemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.file} ${p.path} ${p.message}`).join('\n');
  }
  throw new Error('expected an error');
}
