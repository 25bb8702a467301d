import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { startConsole, type ConsoleHarness } from '../http/console/console-harness.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/civicast.js');
const TOKEN = 'console-test-token-0123456789';

function message(id: string, text: string): InboundMessage {
  const now = Date.now();
  return { id, channel: 'console', author: { id: `a-${id}`, handle: `h${id}` }, text, isDirect: false, createdAt: now, receivedAt: now, replyTarget: { messageId: id } };
}

describe('civicast faq and records against a running service', () => {
  let h: ConsoleHarness;
  let cli: (...args: string[]) => Promise<{ stdout: string; stderr: string }>;
  beforeAll(async () => {
    h = await startConsole();
    const env = { ...process.env, CIVICAST_URL: h.svc.adminUrl ?? h.base, ADMIN_TOKEN: TOKEN, CIVICAST_CONFIG_DIR: path.resolve('config'), LOG_LEVEL: 'silent' };
    cli = (...args) => run(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 240_000 });
    const { replies } = h.svc.services;
    // A hostile hand-off among similar ones: the CLI prints it neutralised, never as a mention or a formula.
    for (const [id, text] of [
      ['cli-1', 'can i renew my dog license online this week'],
      ['cli-2', 'can I renew the dog license online this week?'],
      ['cli-3', '=HYPERLINK("http://evil") @everyone can i renew my dog license online this week'],
    ] as const) expect(await replies.handle(message(id, text))).toBe('handoff');
    expect(await replies.handle(message('cli-4', 'where can I park during the snow emergency'))).toBe('replied');
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  it('`faq suggest` prints the themes the console shows', async () => {
    const { stdout } = await cli('faq', 'suggest');
    expect(stdout).toMatch(/^1\. 3 message\(s\) · en/m);
    expect(stdout).toContain('"can I renew the dog license online this week?"');
    expect(stdout).not.toContain('@everyone');
    expect(stdout).toContain('＠everyone');
    const json = JSON.parse((await cli('faq', 'suggest', '--json')).stdout) as { themes: { count: number }[] };
    expect(json.themes[0]?.count).toBe(3);
  }, 300_000);

  it('`faq disable` switches a topic off on the service at once, `faq stale` lists its replies, `faq enable` brings it back', async () => {
    const { services } = h.svc;
    const topic = (await services.records.list()).find((r) => r.messageId === 'cli-4')?.topic as string;
    expect((await cli('faq', 'disable', topic, '--reason', 'garages changed')).stdout).toBe(`${topic}: off\n`);
    expect(services.faq.decide('where can I park during the snow emergency', null).kind).toBe('handoff');
    const stale = (await cli('faq', 'stale')).stdout;
    expect(stale).toMatch(new RegExp(`switched-off\\s+${topic.replace('.', '\\.')}`));
    expect((await cli('faq', 'enable', topic)).stdout).toBe(`${topic}: on\n`);
    expect(services.faq.decide('where can I park during the snow emergency', null).topic).toBe(topic);
    const actions = (await services.store.queryAudit({ target: topic, limit: 10, order: 'oldest' })).map((e) => [e.actor, e.action]);
    expect(actions).toEqual([
      ['service:local-admin', 'faq.disable'],
      ['service:local-admin', 'faq.enable'],
    ]);
  }, 300_000);

  it('`records export` writes CSV and JSON lines of messages, replies and staff actions, audited', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const csv = (await cli('records', 'export', '--from', from, '--to', to, '--format', 'csv')).stdout;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,at,channel,id,actor,text,outcome,topic,confidence,locale,version,asOf,ref');
    // The hostile text stays text in a spreadsheet: quoted, and never starting with "=".
    const hostile = lines.find((l) => l.includes('console:cli-3'));
    expect(hostile).toContain(`"'=HYPERLINK(""http://evil"") ＠everyone can i renew`);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'records-')), 'records.jsonl');
    const { stderr } = await cli('records', 'export', '--from', from, '--to', to, '--format', 'jsonl', '--channel', 'console', '--out', out);
    const rows = fs.readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(stderr).toBe(`${rows.length} record(s) written to ${out}\n`);
    expect(rows.filter((r) => r['kind'] === 'message').map((r) => r['id'])).toEqual(['console:cli-1', 'console:cli-2', 'console:cli-3', 'console:cli-4']);
    const answered = rows.find((r) => r['id'] === 'console:cli-4');
    expect(answered).toMatchObject({ outcome: 'replied', ref: 'reply:console:cli-4' });
    expect(answered?.['version']).toMatch(/^[0-9a-f]{12}$/);
    expect(rows.find((r) => r['kind'] === 'reply' && r['id'] === 'reply:console:cli-4')).toMatchObject({ ref: 'console:cli-4', version: answered?.['version'] });
    // The staff actions of the period (the topic switches above, made through the CLI) are in the
    // unfiltered export; a channel filter keeps only actions done on that channel (answers there).
    const actions = lines.filter((l) => l.startsWith('staff-action,'));
    expect(actions.filter((l) => l.includes(',faq.disable,'))).toHaveLength(1);
    expect(actions.filter((l) => l.includes(',faq.enable,'))).toHaveLength(1);
    expect(rows.filter((r) => r['kind'] === 'staff-action')).toEqual([]);
    // A topic filter keeps only that topic's messages and replies.
    const byTopic = JSON.parse(`[${(await cli('records', 'export', '--from', from, '--to', to, '--format', 'jsonl', '--topic', answered?.['topic'] ?? '')).stdout.trimEnd().split('\n').join(',')}]`) as Record<string, string>[];
    // The reply is queued while the message is decided, so it may carry the earlier millisecond.
    expect(byTopic.map((r) => r['kind']).sort()).toEqual(['message', 'reply']);
    const exports = await h.svc.services.store.queryAudit({ action: 'records.export', limit: 10 });
    expect(exports).toHaveLength(3);
    await expect(cli('records', 'export', '--from', 'yesterday', '--to', to)).rejects.toThrow(/--from: "yesterday" is not a date/);
  }, 300_000);
});
