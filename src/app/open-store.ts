import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { IN_MEMORY_STATE, type Env } from '../config/env.js';
import type { AuditRetention, AuditStream } from '../domain/audit.js';
import { AppError } from '../domain/errors.js';
import { BoundedStore } from '../store/bounded-store.js';
import { importJournal } from '../store/sqlite/import-journal.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

/** The embedded store's file inside its state directory. */
export const STATE_FILE = 'civicast.db';

export interface OpenStoreInput {
  env: Env;
  logger: Logger;
  auditRetention: Readonly<Record<AuditStream, AuditRetention>>;
  now: number;
}

/**
 * Opens the store the environment names, ready to use: Redis (REDIS_URL), brought up to this
 * version's key layout; else the embedded SQLite store in STATE_DIR (default `var/state`, made on
 * first start), locked against a second process, with a journal from before SQLite imported once.
 * Every call is then bounded by STORE_TIMEOUT_MS.
 */
export async function openStore(input: OpenStoreInput): Promise<BoundedStore> {
  const { env, logger } = input;
  const onChange = (up: boolean) => (up ? logger.warn('store answers again') : logger.error(`ALARM store (${env.redisUrl === undefined ? 'sqlite' : 'redis'}) is not answering; calls fail fast until it does`));
  if (env.redisUrl !== undefined) {
    // Loaded only when Redis is configured: the embedded store's service never needs its client library.
    const { RedisStore } = await import('../store/redis/redis-store.js');
    const redis = new RedisStore({ url: env.redisUrl, prefix: env.redisPrefix, auditRetention: input.auditRetention });
    const bounded = new BoundedStore(redis, { timeoutMs: env.storeTimeoutMs, onChange });
    try {
      await Promise.race([redis.migrate(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${env.storeTimeoutMs * 4} ms`)), env.storeTimeoutMs * 4).unref())]);
    } catch (error) {
      await bounded.close();
      throw new AppError('STORE_UNAVAILABLE', `cannot open Redis at ${redis.location}: ${(error as Error).message}`, { cause: error });
    }
    logger.info({ store: 'redis', location: redis.location }, 'store opened');
    return bounded;
  }
  if (env.stateDir === IN_MEMORY_STATE) {
    return new BoundedStore(new SqliteStore({ file: IN_MEMORY_STATE, auditRetention: input.auditRetention }), { timeoutMs: env.storeTimeoutMs, onChange });
  }
  const created = !fs.existsSync(env.stateDir);
  fs.mkdirSync(env.stateDir, { recursive: true, mode: 0o700 });
  const sqlite = new SqliteStore({ file: path.join(env.stateDir, STATE_FILE), synchronous: env.sqliteSynchronous, auditRetention: input.auditRetention });
  try {
    const imported = importJournal(env.stateDir, sqlite, input.now);
    if (imported !== undefined) logger.warn({ ...imported }, `imported the journal of ${env.stateDir} into ${sqlite.location}; the journal files were kept, renamed`);
  } catch (error) {
    await sqlite.close();
    throw error;
  }
  logger.info({ store: 'sqlite', location: sqlite.location, stateDir: env.stateDir, created, default: env.stateDirIsDefault, synchronous: env.sqliteSynchronous }, created ? `state directory ${env.stateDir} created` : `state directory ${env.stateDir}`);
  return new BoundedStore(sqlite, { timeoutMs: env.storeTimeoutMs, onChange });
}
