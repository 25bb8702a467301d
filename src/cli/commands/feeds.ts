import path from 'node:path';
import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { loadConfig } from '../../config/load-config.js';
import { checkFeed, formatFeedCheck } from '../../feeds/check-feed.js';
import type { FeedFormat } from '../../feeds/feed-item.js';
import { withAdmin } from '../admin-call.js';
import { printJson, table } from '../format.js';

export function registerFeeds(program: Command, env: () => Env): void {
  const feeds = program.command('feeds').description('emergency feeds');
  feeds
    .command('check')
    .description('fetch or read a feed once; print each item, its parsed fields and the signal it would produce (changes nothing)')
    .option('-f, --file <path>', 'a local feed document')
    .option('-u, --url <url>', 'a feed URL')
    .option('--format <format>', 'rss | nws-json | cap | json (default: guessed)')
    .option('--now <iso>', 'classify as of this time (for old documents)')
    .option('--json', 'print JSON')
    .action(async (opts: { file?: string; url?: string; format?: FeedFormat; now?: string; json?: boolean }) => {
      if ((opts.file === undefined) === (opts.url === undefined)) throw new Error('give exactly one of --file or --url');
      const e = env();
      const { config } = loadConfig(e.configDir);
      const url = opts.file !== undefined ? `file:${path.resolve(opts.file)}` : (opts.url as string);
      const result = await checkFeed({ url, config: config.feeds, feedsRequireApproval: config.emergencies.feedsRequireApproval, baseDir: process.cwd(), now: opts.now === undefined ? Date.now() : Date.parse(opts.now), ...(opts.format === undefined ? {} : { format: opts.format }) });
      if (opts.json === true) printJson({ format: result.format, items: result.items.map(({ item, result: r }) => ({ ...item, ...('signal' in r ? { signal: r.signal } : { skipped: r.skip }) })) });
      else process.stdout.write(formatFeedCheck(result) + '\n');
    });
  for (const action of ['poll', 'resume'] as const) {
    feeds
      .command(`${action} <id>`)
      .description(action === 'poll' ? 'poll a feed now' : 'resume a feed paused by the runaway guard')
      .action(async (id: string) => {
        printJson(await withAdmin(env(), (call) => call('POST', `/api/feeds/${encodeURIComponent(id)}/${action}`, {})));
      });
  }
  feeds
    .command('status')
    .description('health of every configured feed (from the running service)')
    .action(async () => {
      const list = await withAdmin(env(), (call) => call<Record<string, unknown>[]>('GET', '/api/feeds'));
      process.stdout.write(table(list, ['id', 'state', 'lastSuccessAt', 'consecutiveFailures', 'lastError', 'pausedReason']) + '\n');
    });
}
