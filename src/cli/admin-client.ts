import path from 'node:path';
import { readRuntimeInfo } from '../app/runtime-file.js';
import type { Env } from '../config/env.js';
import { AppError } from '../domain/errors.js';

export interface AdminTarget {
  url: string;
  token: string;
}

/**
 * Finds a running service: CIVICAST_URL with a token, else the runtime file a local service
 * wrote. The token is CIVICAST_TOKEN (a personal or service-account token: the audit log names
 * its owner), else ADMIN_TOKEN or the local admin token (audited as `service:local-admin`).
 */
export function findService(env: Env, runtimeDir = path.resolve('.civicast')): AdminTarget | undefined {
  const token = env.staffToken ?? env.adminToken;
  if (env.serviceUrl !== undefined && token !== undefined) return { url: env.serviceUrl, token };
  const info = readRuntimeInfo(runtimeDir);
  if (info === undefined) return undefined;
  return { url: env.serviceUrl ?? info.url, token: token ?? info.token };
}

/** Calls the admin API; errors carry the service's message. */
export async function callAdmin<T>(target: AdminTarget, method: string, route: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(route, target.url), {
      method,
      // The client label only names the surface in the audit log; the token says who is acting.
      headers: { authorization: `Bearer ${target.token}`, 'x-civicast-client': 'cli', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new AppError('NETWORK', `cannot reach the service at ${target.url} (${(error as Error).message}); is it running?`, { cause: error });
  }
  const text = await response.text();
  const data: unknown = text.length > 0 ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const err = data as { error?: string; message?: string; problems?: { path: string; message: string }[] } | undefined;
    const problems = err?.problems?.map((p) => `\n  ${p.path}: ${p.message}`).join('') ?? '';
    throw new AppError('REJECTED', `${response.status} ${err?.error ?? ''}: ${err?.message ?? text}${problems}`);
  }
  return data as T;
}
