import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelHealth, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { FILE_CAPABILITIES } from './file-capabilities.js';

export const fileOptionsSchema = z.looseObject({
  /** JSONL file that receives one object per published part. */
  path: z.string().min(1),
  maxLength: z.number().int().positive().default(5000),
});
export type FileOptions = z.infer<typeof fileOptionsSchema>;

/** One line of the file channel's JSONL output. */
export interface FileRecord {
  key: string;
  channel: string;
  text: string;
  at: string;
  inReplyTo?: string;
  replyTo?: string;
}

/**
 * Appends one JSON object per published part to a JSONL file: an audit trail and the seam that
 * crash tests check for "exactly once". Reconciliation reads the file back, so it is exact.
 */
export function createFileChannel(name: string, options: FileOptions, deps: ChannelDeps): Channel {
  const file = path.resolve(options.path);
  // Posts may quote residents and name accounts: only this user reads them (0600; new folders 0700).
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) fs.chmodSync(file, 0o600);
  const health: ChannelHealth = { state: 'ok', since: deps.clock.now() };
  return {
    name,
    kind: 'file',
    limits: { ...FILE_CAPABILITIES.limits, maxLength: options.maxLength },
    capabilities: { ...FILE_CAPABILITIES, limits: { ...FILE_CAPABILITIES.limits, maxLength: options.maxLength } },
    async start() {},
    async close() {},
    health: () => health,
    async publish(request: PublishRequest): Promise<PartRef> {
      const record: FileRecord = {
        key: request.key,
        channel: name,
        text: request.text,
        at: new Date(deps.clock.now()).toISOString(),
        ...(request.inReplyTo === undefined ? {} : { inReplyTo: request.inReplyTo.id }),
        ...(request.replyTo === undefined ? {} : { replyTo: request.replyTo.messageId }),
      };
      // O_APPEND writes of one short line are atomic on local file systems, so two instances
      // can share the file.
      fs.appendFileSync(file, JSON.stringify(record) + '\n', { mode: 0o600 });
      return { id: request.key };
    },
    async lookup(request: LookupRequest): Promise<LookupResult> {
      const found = readFileRecords(file).some((r) => r.key === request.key);
      return found ? { found: true, ref: { id: request.key } } : { found: false };
    },
  };
}

/** Reads every complete record of a file channel's output. */
export function readFileRecords(file: string): FileRecord[] {
  if (!fs.existsSync(file)) return [];
  const records: FileRecord[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.length === 0) continue;
    try {
      records.push(JSON.parse(line) as FileRecord);
    } catch {
      // a torn line from a kill mid-write is not a delivered post
    }
  }
  return records;
}
