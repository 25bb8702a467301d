import { expect } from 'vitest';
import { AppError } from '../../src/domain/errors.js';

/** The AppError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
