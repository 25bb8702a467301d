import { Command } from 'commander';
import type { Env } from '../config/env.js';
import { registerAsk } from './commands/ask.js';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerEmergency } from './commands/emergency.js';
import { registerFaq } from './commands/faq.js';
import { registerFeeds } from './commands/feeds.js';
import { registerInbox } from './commands/inbox.js';
import { registerOutbox } from './commands/outbox.js';
import { registerPause } from './commands/pause.js';
import { registerPost } from './commands/post.js';
import { registerPreview } from './commands/preview.js';
import { registerRecords } from './commands/records.js';
import { registerSchedule } from './commands/schedule.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerTranslations } from './commands/translations.js';
import { registerToken, registerUsers } from './commands/users.js';
import { registerValidate } from './commands/validate.js';

/** The `civicast` command tree; `env` is read on first use (so `--help` needs no config). */
export async function buildProgram(env: () => Env): Promise<Command> {
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
  registerBackup(program, env);
  registerPause(program, env);
  registerEmergency(program, env);
  registerInbox(program, env);
  registerAsk(program, env);
  registerFaq(program, env);
  registerRecords(program, env);
  registerFeeds(program, env);
  registerPreview(program, env);
  registerUsers(program, env);
  registerToken(program, env);
  registerTranslations(program, env);
  await import('./commands/hash-password.js').then((m) => m.registerHashPassword(program));
  return program;
}
