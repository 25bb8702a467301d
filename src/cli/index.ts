import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { readEnv, type Env } from '../config/env.js';
import { isAppError } from '../domain/errors.js';
import { registerAsk } from './commands/ask.js';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerEmergency } from './commands/emergency.js';
import { registerFeeds } from './commands/feeds.js';
import { registerInbox } from './commands/inbox.js';
import { registerOutbox } from './commands/outbox.js';
import { registerPause } from './commands/pause.js';
import { registerPost } from './commands/post.js';
import { registerPreview } from './commands/preview.js';
import { registerSchedule } from './commands/schedule.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerValidate } from './commands/validate.js';

let cached: Env | undefined;
const env = (): Env => (cached ??= readEnv(process.env, { loadDotenv: true }));

const program = new Command()
  .name('civicast')
  .description('Emergency feeds → multilingual campaigns and FAQ auto-replies for a city’s 311 and emergency management.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerStart(program, env);
registerValidate(program, env);
registerStatus(program, env);
registerPost(program, env);
registerSchedule(program, env);
registerOutbox(program, env);
registerAudit(program, env);
registerPause(program, env);
registerEmergency(program, env);
registerInbox(program, env);
registerAsk(program, env);
registerFeeds(program, env);
registerPreview(program, env);
registerBackup(program, env);
await import('./commands/hash-password.js').then((m) => m.registerHashPassword(program));

// `civicast preview snow | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`civicast: ${isAppError(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
