import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Channel } from '../../src/channels/channel.js';
import { consoleOptionsSchema, createConsoleChannel } from '../../src/channels/console/console-channel.js';
import { createFileChannel, fileOptionsSchema, readFileRecords } from '../../src/channels/file/file-channel.js';
import { describeChannelContract, type PlatformPost, type Scenario } from '../contract/channel-contract.js';

/** Local channels have no platform that could fail, lag or refuse: only these scenarios apply. */
const NO_PLATFORM = 'a local channel: no platform to fail, lag, limit or refuse';
const NO_INBOUND = 'a local channel reads no messages';
const skipped = (extra: Partial<Record<Scenario, string>>): Partial<Record<Scenario, string>> => ({
  reply: NO_INBOUND,
  'duplicate-mention': NO_INBOUND,
  'indexing-lag': NO_INBOUND,
  'lost-response': NO_PLATFORM,
  'lookup-5xx': NO_PLATFORM,
  '401': NO_PLATFORM,
  '429-reset': NO_PLATFORM,
  '429-bare': NO_PLATFORM,
  '5xx-before-create': NO_PLATFORM,
  '5xx-after-create': NO_PLATFORM,
  'slow-commit': NO_PLATFORM,
  'start-failure': NO_PLATFORM,
  ...extra,
});
const refuse = (): never => {
  throw new Error('local channels take no faults');
};

describeChannelContract({
  name: 'file-contract',
  kind: 'file',
  inbound: 'none',
  skip: skipped({}),
  async open() {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'file-contract-')), 'posts.jsonl');
    return {
      channel: (state, logger) => createFileChannel('file-contract', fileOptionsSchema.parse({ path: file }), { logger, state, secret: () => undefined, clock: { now: () => Date.now() } }),
      ours: () => readFileRecords(file).map((r): PlatformPost => ({ id: r.key, text: r.text, ...(r.inReplyTo === undefined ? {} : { parentId: r.inReplyTo }) })),
      fault: refuse,
      close: async () => undefined,
    };
  },
});

describeChannelContract({
  name: 'console-contract',
  kind: 'console',
  inbound: 'none',
  skip: skipped({
    // The terminal keeps no record to read back: an interrupted attempt may be printed again
    // (documented on the console channel; never true of a platform adapter).
    'restart-mid-send': 'a terminal cannot be read back, so an interrupted attempt may print twice (see console-channel.ts)',
  }),
  async open() {
    let output = '';
    const shown: PlatformPost[] = [];
    return {
      channel: (state, logger): Channel => {
        const inner = createConsoleChannel('console-contract', consoleOptionsSchema.parse({}), { logger, state, secret: () => undefined, clock: { now: () => Date.now() } }, (text) => {
          output += text;
        });
        // What the terminal showed, with the ids the channel returned, so the contract can count copies.
        return {
          ...inner,
          async publish(request) {
            const ref = await inner.publish(request);
            if (!output.includes(request.text)) throw new Error('the console did not print the post');
            shown.push({ id: ref.id, text: request.text, ...(request.inReplyTo === undefined ? {} : { parentId: request.inReplyTo.id }) });
            return ref;
          },
        };
      },
      ours: () => shown,
      fault: refuse,
      close: async () => undefined,
    };
  },
});
