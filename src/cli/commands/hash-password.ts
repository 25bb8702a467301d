import type { Command } from 'commander';
import { hashPassword, passwordProblem } from '../../staff/users/password.js';

/** Reads one line from a terminal without echoing it (raw mode), like sudo or ssh do. */
export function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (error === undefined) resolve(value);
      else reject(error);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done();
        if (char === '\u0003') return done(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on('data', onData);
  });
}

/** Piped input (`echo "$PW" | civicast hash-password`): the first line, without its newline. */
export async function readPiped(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

export function registerHashPassword(program: Command): void {
  program
    .command('hash-password')
    .description('read a staff password from stdin (not echoed) and print its argon2id hash for config/staff.yaml')
    .action(async () => {
      const tty = process.stdin.isTTY === true;
      const password = tty ? await readHidden('Password: ') : await readPiped();
      if (tty && (await readHidden('Again: ')) !== password) throw new Error('the passwords do not match');
      const problem = passwordProblem(password);
      if (problem !== undefined) throw new Error(problem);
      process.stdout.write(`${await hashPassword(password)}\n`);
    });
}
