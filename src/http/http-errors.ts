import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { formatPath } from '../config/config-error.js';
import { type ErrorCode, isAppError } from '../domain/errors.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  AUTH_FAILED: 401,
  STORE_UNAVAILABLE: 503,
  TEMPLATE_INVALID: 400,
  CONFIG_INVALID: 400,
};

/** Maps errors to JSON bodies with stable codes; internal details stay in the log. */
export function handleHttpError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ZodError) {
    void reply.code(400).send({
      error: 'INVALID_INPUT',
      message: 'invalid request body',
      problems: error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    });
    return;
  }
  if (isAppError(error)) {
    void reply.code(STATUS[error.code] ?? 500).send({ error: error.code, message: error.message });
    return;
  }
  const statusCode = (error as FastifyError).statusCode;
  if (statusCode !== undefined && statusCode < 500) {
    void reply.code(statusCode).send({ error: (error as FastifyError).code ?? 'BAD_REQUEST', message: error.message });
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply.code(500).send({ error: 'INTERNAL', message: 'internal error; see the service log' });
}
