import path from 'node:path';
import { readRuntimeInfo } from '../app/runtime-file.js';
import type { Env } from '../config/env.js';
import { AppError } from '../domain/errors.js';

export interface AdminTarget {
  url: string;
  token: string;
}

/** Finds a running service: CIVICAST_URL + ADMIN_TOKEN, else the runtime file a local service wrote. */
export function findService(env: Env, runtimeDir = path.resolve('.civicast')): AdminTarget | undefined {
  if (env.serviceUrl !== undefined && env.adminToken !== undefined) return { url: env.serviceUrl, token: env.adminToken };
  const info = readRuntimeInfo(runtimeDir);
  if (info === undefined) return undefined;
  return { url: env.serviceUrl ?? info.url, token: env.adminToken ?? info.token };
}

/** Calls the admin API; errors carry the service's message. */
export async function callAdmin<T>(target: AdminTarget, method: string, route: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(route, target.url), {
      method,
      headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
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
