import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { withAdmin } from '../admin-call.js';
import { printJson, table } from '../format.js';
import { readHidden, readPiped } from './hash-password.js';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** A new password from the terminal (twice, not echoed) or the first line of piped input. */
async function newPassword(): Promise<string> {
  if (process.stdin.isTTY !== true) return readPiped();
  const password = await readHidden('New password: ');
  if ((await readHidden('Again: ')) !== password) throw new Error('the passwords do not match');
  return password;
}

export function registerUsers(program: Command, env: () => Env): void {
  const users = program.command('users').description('staff users: config users are listed; runtime users are added and changed here (admins)');
  users
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withAdmin(env(), (call) => call<Record<string, unknown>[]>('GET', '/api/users'));
      if (opts.json === true) return printJson(list);
      process.stdout.write(table(list, ['name', 'role', 'origin', 'disabled', 'chatIds']) + '\n');
    });
  users
    .command('add <name>')
    .description('add a user (password read from stdin, not echoed)')
    .requiredOption('-r, --role <role>', 'viewer | comms | manager | admin')
    .option('--chat <kind:id>', 'a chat member (e.g. a Discord user id as discord:<id>) whose staff commands act as this user (repeatable)', collect, [])
    .action(async (name: string, opts: { role: string; chat: string[] }) => {
      const password = await newPassword();
      await withAdmin(env(), (call) => call('POST', '/api/users', { name, role: opts.role, password, chatIds: opts.chat }));
      process.stdout.write(`added ${name} (${opts.role})\n`);
    });
  users
    .command('role <name> <role>')
    .description('change a runtime user’s role')
    .action(async (name: string, role: string) => {
      await withAdmin(env(), (call) => call('POST', `/api/users/${encodeURIComponent(name)}/role`, { role }));
      process.stdout.write(`${name} is now ${role}\n`);
    });
  users
    .command('password <name>')
    .description('set a runtime user’s password (read from stdin); ends their sessions')
    .action(async (name: string) => {
      const password = await newPassword();
      await withAdmin(env(), (call) => call('POST', `/api/users/${encodeURIComponent(name)}/password`, { password }));
      process.stdout.write(`password of ${name} changed; their sessions were ended\n`);
    });
  for (const [verb, route, done] of [
    ['disable', 'disable', 'disabled (sessions and tokens stopped)'],
    ['enable', 'enable', 'enabled'],
    ['sign-out', 'sign-out', 'signed out everywhere'],
  ] as const) {
    users
      .command(`${verb} <name>`)
      .description(verb === 'sign-out' ? 'end all sessions, trusted browsers and personal tokens of a user' : `${verb} a runtime user`)
      .action(async (name: string) => {
        await withAdmin(env(), (call) => call('POST', `/api/users/${encodeURIComponent(name)}/${route}`, {}));
        process.stdout.write(`${name}: ${done}\n`);
      });
  }
}

export function registerToken(program: Command, env: () => Env): void {
  const token = program.command('token').description('API tokens for the CLI and scripts, bound to a person or a service account');
  token
    .command('create <label>')
    .description('make a token (printed once); for yourself, or as an admin for --user or --service')
    .option('--user <name>', 'a staff user’s personal token')
    .option('--service <name>', 'a service account’s token (needs --role)')
    .option('--role <role>', 'the service account’s role: viewer | comms | manager | admin')
    .action(async (label: string, opts: { user?: string; service?: string; role?: string }) => {
      const body = { label, ...(opts.user === undefined ? {} : { user: opts.user }), ...(opts.service === undefined ? {} : { service: { name: opts.service, role: opts.role } }) };
      const created = await withAdmin(env(), (call) => call<{ token: string; id: string }>('POST', '/api/tokens', body));
      process.stdout.write(`${created.token}\n`);
      process.stderr.write(`token ${created.id}: shown once; set CIVICAST_TOKEN to it to act as its owner\n`);
    });
  token
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withAdmin(env(), (call) => call<Record<string, unknown>[]>('GET', '/api/tokens'));
      if (opts.json === true) return printJson(list);
      process.stdout.write(table(list, ['id', 'label', 'owner', 'createdAt', 'createdBy', 'revokedAt']) + '\n');
    });
  token
    .command('revoke <id>')
    .action(async (id: string) => {
      await withAdmin(env(), (call) => call('POST', `/api/tokens/${encodeURIComponent(id)}/revoke`, {}));
      process.stdout.write(`revoked ${id}\n`);
    });
  program
    .command('whoami')
    .description('who the service takes this CLI for (the owner of its token)')
    .action(async () => {
      const me = await withAdmin(env(), (call) => call<{ id: string; role: string; credential: string }>('GET', '/api/whoami'));
      process.stdout.write(`${me.id} (${me.role}) by ${me.credential}\n`);
    });
}
