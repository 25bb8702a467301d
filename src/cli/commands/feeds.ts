import type { Command } from 'commander';
import type { Env } from '../../config/env.js';

/** `civicast feeds check`: wired to the feeds module once it lands. */
export function registerFeeds(program: Command, _env: () => Env): void {
  program.command('feeds').description('emergency feeds');
}
