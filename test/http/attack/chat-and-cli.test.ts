/**
 * The other two doors: every Discord slash command and every CLI command is listed here as
 * state-changing (it must reach the staff layer as its command) or read-only; a new one without
 * an entry fails. Finding 2b: Discord /post by a comms member follows the two-person rule and is
 * audited as the staff user the member is linked to.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLASH_COMMANDS } from '../../../src/channels/discord/discord-commands.js';
import { buildProgram } from '../../../src/cli/program.js';
import { readEnv } from '../../../src/config/env.js';
import type { Command } from 'commander';
import { createLogger } from '../../../src/logging/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import type { CommandEvent } from '../../../src/staff/staff-actions.js';
import { hashPassword } from '../../../src/staff/users/password.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/fake-discord.js';
import { waitFor } from '../../support/child-process.js';
import { makeTestConfig, testEnv } from '../../support/test-config.js';

const TOKEN = 'fake-bot-token.abc.XYZ-secret';
const ADMIN = 'chat-cli-admin-token-0123456789';
const CAMPAIGN = '333333333333333331';
const COMMS_ROLE = '444444444444444442';
const MANAGER_ROLE = '444444444444444441';
const linked = { id: '555555555555555552', username: 'cal-on-discord' };
const stranger = { id: '555555555555555559', username: 'has-the-role-but-no-staff-user' };

/** Slash command (and subcommand) → the staff command it runs, or null for a read. */
const DISCORD: Record<string, string | null> = {
  'emergency declare': 'emergency.declare',
  'emergency lift': 'emergency.lift',
  'emergency status': null,
  'faq ask': null,
  post: 'post.create',
};

/** CLI command → the staff command it runs, or null for one that changes nothing in a service. */
const CLI: Record<string, string | null> = {
  start: null,
  validate: null,
  status: null,
  post: 'post.create',
  'schedule add': 'schedule.add',
  'schedule list': null,
  'schedule approve': 'schedule.approve',
  'schedule cancel': 'schedule.cancel',
  'outbox list': null,
  'outbox retry': 'post.retry',
  'outbox cancel': 'post.cancel',
  'outbox approve': 'post.approve',
  'audit tail': null,
  backup: 'store.backup',
  pause: 'outbox.pause',
  resume: 'outbox.resume',
  'emergency declare': 'emergency.declare',
  'emergency update': 'emergency.update',
  'emergency approve': 'emergency.approve',
  'emergency reject': 'emergency.reject',
  'emergency lift': 'emergency.lift',
  'emergency list': null,
  'inbox list': null,
  'inbox reply': 'inbox.answer',
  'inbox resolve': 'inbox.resolve',
  ask: null,
  'feeds check': null,
  'feeds status': null,
  'feeds poll': 'feed.poll',
  'feeds resume': 'feed.resume',
  preview: null,
  'users list': null,
  'users add': 'user.add',
  'users role': 'user.set-role',
  'users password': 'user.set-password',
  'users disable': 'user.disable',
  'users enable': 'user.enable',
  'users sign-out': 'user.end-sessions',
  'token create': 'token.create',
  'token list': null,
  'token revoke': 'token.revoke',
  whoami: null,
  'hash-password': null,
  'translations list': null,
  'translations approve': 'translation.approve',
  'translations edit': 'translation.edit',
  'translations record': null,
  'faq suggest': null,
  'faq stale': null,
  'faq teach': 'faq.phrasing-add',
  'faq draft': 'faq.topic-draft',
  'faq disable': 'faq.disable',
  'faq enable': 'faq.enable',
  'records export': 'records.export',
};

function leaves(command: Command, prefix = ''): string[] {
  return command.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    return c.commands.length === 0 ? [name] : leaves(c, `${name} `);
  });
}

describe('Discord and the CLI reach the staff layer', () => {
  let fake: FakeDiscord;
  let svc: RunningService;
  const events: CommandEvent[] = [];
  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TOKEN, channelIds: [CAMPAIGN], roleIds: [MANAGER_ROLE, COMMS_ROLE] });
    const cal = await hashPassword('pw-cal-correct-horse');
    const { dir, configDir } = makeTestConfig({
      'zz-discord.yaml': `channels:\n  discord-main: { kind: discord, apiBase: "${fake.apiBase}", channelIds: ["${CAMPAIGN}"], managerRoleIds: ["${MANAGER_ROLE}"], commsRoleIds: ["${COMMS_ROLE}"], guildId: "${fake.guildId}", readyTimeoutMs: 10000 }\n`,
      'staff.yaml': `staff:\n  twoPersonRule: true\n  users:\n    - { name: cal, role: comms, passwordHash: "${cal}", chatIds: ["discord:${linked.id}"] }\n`,
    });
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: ADMIN, DISCORD_TOKEN: TOKEN }), logger: createLogger({ level: 'silent' }), runtimeDir: `${dir}/run` });
    svc.services.staff.onCommand((event) => events.push(event));
    await svc.services.pause.set(true, 'test', Date.now());
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await fake?.close();
  });

  const slash = async (user: typeof linked, roles: string[], name: string, options: unknown[]) => {
    const id = fake.sendCommand({ user, roles, name, options });
    await waitFor(() => fake.webhookEdits.some((e) => e.token === `itoken-${id}`) || fake.callbacks.some((c) => c.interactionId === id && c.body.type === 4), 10_000, `the answer to /${name}`);
    return String(fake.webhookEdits.find((e) => e.token === `itoken-${id}`)?.body['content'] ?? fake.callbacks.find((c) => c.interactionId === id)?.body.data?.content ?? '');
  };

  it('lists every slash command', () => {
    const registered = SLASH_COMMANDS.flatMap((c) => {
      const options = ('options' in c ? (c.options ?? []) : []) as { type: number; name: string }[];
      const subs = options.filter((o) => o.type === 1).map((o) => `${c.name} ${o.name}`);
      return subs.length > 0 ? subs : [c.name];
    });
    expect(registered.sort()).toEqual(Object.keys(DISCORD).sort());
  });

  it('finding 2b: /post by a linked comms member waits for a second person and is audited as that staff user', async () => {
    events.length = 0;
    const answer = await slash(linked, [COMMS_ROLE], 'post', [{ type: 3, name: 'text', value: 'Roads reopened on the east side.' }]);
    expect(answer).toMatch(/another person must approve/);
    expect(events.map((e) => `${e.command} ${e.actor.id} ${e.actor.via}`)).toEqual(['post.create user:cal chat']);
    const posts = (await svc.services.staff.views.posts({ status: 'pending', limit: 100 })).filter((p) => p.parts[0]?.includes('Roads reopened'));
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((p) => p.awaitingApproval === true)).toBe(true);
    const audit = await svc.services.staff.views.audit('staff', 10);
    expect(audit.find((e) => e.action === 'post.create')).toMatchObject({ actor: 'user:cal', where: 'chat' });
  });

  it('a member with the Discord role but no staff user is refused, and nothing is queued', async () => {
    events.length = 0;
    const before = (await svc.services.staff.views.postCounts()).pending;
    const answer = await slash(stranger, [COMMS_ROLE, MANAGER_ROLE], 'post', [{ type: 3, name: 'text', value: 'Unlinked post' }]);
    expect(answer).toMatch(/not linked to a staff user/);
    expect((await svc.services.staff.views.postCounts()).pending).toBe(before);
    expect(events).toEqual([]);
  });

  it('every state-changing slash command reaches the staff layer as its command', async () => {
    const run: Record<string, unknown[]> = {
      'emergency declare': [{ type: 1, name: 'declare', options: [{ type: 3, name: 'type', value: 'no-such-type' }] }],
      'emergency lift': [{ type: 1, name: 'lift', options: [{ type: 3, name: 'id', value: 'nosuch' }] }],
      post: [{ type: 3, name: 'text', value: 'Another post' }],
    };
    for (const [name, command] of Object.entries(DISCORD)) {
      if (command === null) continue;
      events.length = 0;
      // The comms user lacks the manager role in the layer; the member holds both Discord roles.
      await slash(linked, [COMMS_ROLE, MANAGER_ROLE], name.split(' ')[0] as string, run[name] as unknown[]);
      expect(events.map((e) => e.command), name).toEqual([command]);
    }
  });

  it('every CLI command is listed, and every state-changing one reaches the staff layer', async () => {
    const program = await buildProgram(() => readEnv({ CIVICAST_URL: svc.url as string, ADMIN_TOKEN: ADMIN }));
    expect(leaves(program).sort()).toEqual(Object.keys(CLI).sort());
    const { emergencies } = svc.services;
    const proposed = await emergencies.declare({ type: 'flood', actor: 'feed:test', requiresApproval: true });
    const another = await emergencies.declare({ type: 'heat', actor: 'feed:test', requiresApproval: true });
    const args: Record<string, string[]> = {
      post: ['-c', 'console', '-t', 'CLI post'],
      'schedule add': ['--id', 'cli-sched', '--cron', '0 7 * * 1', '-c', 'console', '-t', 'Monday {date}'],
      'schedule approve': ['cli-sched'],
      'schedule cancel': ['cli-sched'],
      'outbox retry': ['nosuch'],
      'outbox cancel': ['nosuch'],
      'outbox approve': ['nosuch'],
      pause: [],
      resume: [],
      'emergency declare': ['no-such-type'],
      'emergency update': [proposed.id, '-p', 'a=1'],
      'emergency approve': [proposed.id],
      'emergency reject': [another.id],
      'emergency lift': [proposed.id],
      'inbox reply': ['nosuch', '-t', 'hi'],
      'inbox resolve': ['nosuch'],
      'users add': ['cli-user', '-r', 'viewer'],
      'users role': ['cli-user', 'comms'],
      'users password': ['cli-user'],
      'users disable': ['cli-user'],
      'users enable': ['cli-user'],
      'users sign-out': ['cli-user'],
      'token create': ['cli token', '--user', 'cli-user'],
      'token revoke': ['000000000000'],
      'feeds poll': ['nosuch'],
      'feeds resume': ['nosuch'],
      // A directory that does not exist: the command reaches the staff layer and writes nothing.
      backup: ['/nonexistent-civicast-dir/backup.db'],
      'translations approve': ['es', 'template:nosuch/topic'],
      'translations edit': ['es', 'template:nosuch/topic', '-t', 'corrected'],
      // Topics and items that exist nowhere: each reaches the staff layer and changes nothing.
      'faq teach': ['no.such_topic', '-t', 'a phrasing'],
      'faq draft': ['--title', 'A topic', '--answer', 'A proposed answer.', '-i', 'nosuch'],
      'faq disable': ['no.such_topic'],
      'faq enable': ['no.such_topic'],
      'records export': ['--from', '2026-01-01', '--to', '2026-01-02', '-o', '/nonexistent-civicast-dir/records.csv'],
    };
    const stdin = Object.getOwnPropertyDescriptor(process, 'stdin');
    const write = process.stdout.write.bind(process.stdout);
    try {
      for (const [name, command] of Object.entries(CLI)) {
        if (command === null) continue;
        events.length = 0;
        // Passwords are read from stdin: give it one line, as `echo "$PW" | civicast users add` would.
        Object.defineProperty(process, 'stdin', { value: Readable.from(['a-long-cli-password-1\n']), configurable: true });
        process.stdout.write = () => true;
        await (await buildProgram(() => readEnv({ CIVICAST_URL: svc.url as string, ADMIN_TOKEN: ADMIN }))).parseAsync(['node', 'civicast', ...name.split(' '), ...(args[name] ?? [])]).catch(() => undefined);
        process.stdout.write = write;
        expect(events.map((e) => `${e.command} ${e.actor.id} ${e.actor.via}`), name).toEqual([`${command} service:local-admin cli`]);
      }
    } finally {
      process.stdout.write = write;
      if (stdin !== undefined) Object.defineProperty(process, 'stdin', stdin);
    }
  });
});
