import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelDeps } from '../../../src/channels/channel.js';
import { createThreadsChannel, threadsOptionsSchema, type ThreadsChannel } from '../../../src/channels/threads/threads-channel.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { THREADS_CAPABILITIES } from '../../../src/channels/threads/threads-capabilities.js';
import { measureLength } from '../../../src/templates/measure-length.js';
import { startFakeThreads, threadsLength, type FakeThreads } from '../../fakes/meta/fake-threads.js';
import { errorOf } from '../../support/app-error.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';

describe('threads channel', () => {
  let fake: FakeThreads;
  const state = new MemoryState();

  function make(extra: Record<string, unknown> = {}, deps: Partial<ChannelDeps> = {}): ThreadsChannel {
    const { logger } = capturedLogger('warn');
    const all: ChannelDeps = { logger, state, secret: (n) => ({ THREADS_TOKEN: fake.token })[n], clock: { now: () => Date.now() }, ...deps };
    return createThreadsChannel('threads-city', threadsOptionsSchema.parse({ userId: fake.user.id, graphUrl: fake.url, pollSeconds: 0, containerPollMs: 20, timeoutMs: 3000, ...extra }), all);
  }

  beforeAll(async () => {
    fake = await startFakeThreads();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('counts length as Threads does: characters, an emoji by its UTF-8 bytes', () => {
    for (const text of ['Snow emergency', '❄️ Move your car', '费城雪灾紧急状态', '👩‍👩‍👧 family shelters open']) expect(measureLength(text, 'emoji-utf8')).toBe(threadsLength(text));
    expect(measureLength('❄️', 'emoji-utf8')).toBe(6);
    expect(THREADS_CAPABILITIES.limits).toEqual({ maxLength: 500, lengthRule: 'emoji-utf8', threads: true, maxThreadParts: 10 });
    expect(make().limits).toEqual({ maxLength: 500, lengthRule: 'emoji-utf8', threads: true, maxThreadParts: 10 });
  });

  it('posts a thread of three parts, each waiting for its container', async () => {
    fake.processingMs = 50;
    const channel = make({ pollSeconds: 0 });
    await channel.start(async () => {});
    const first = await channel.publish({ key: 't1', text: 'Snow emergency declared (1/3)' });
    const second = await channel.publish({ key: 't1#2', text: 'Move cars off snow routes (2/3)', inReplyTo: first });
    const third = await channel.publish({ key: 't1#3', text: 'Trash is one day late (3/3)', inReplyTo: second });
    const byId = (id: string) => fake.posts.find((p) => p.id === id);
    expect([byId(first.id)?.replyToId, byId(second.id)?.replyToId, byId(third.id)?.replyToId]).toEqual([null, first.id, second.id]);
    expect(first.url).toBe(`https://www.threads.net/@phillycity/post/${first.id}`);
    fake.processingMs = 0;
  });

  it('a lost publish answer: lookup finds the post, and a blind resend reuses the container (one post)', async () => {
    const channel = make({ pollSeconds: 0 });
    const since = Date.now() - 1000;
    const before = fake.posted().length;
    fake.graph.fail('lost-response', { match: `POST /v1.0/${fake.user.id}/threads_publish` });
    expect(await errorOf(channel.publish({ key: 't2', text: 'Warming centers open.' }))).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveSucceeded: true });
    expect(await channel.lookup({ key: 't2', text: 'Warming centers open.', since })).toMatchObject({ found: true, ref: { id: fake.posted().at(-1)?.id } });
    expect((await channel.publish({ key: 't2', text: 'Warming centers open.' })).id).toBe(fake.posted().at(-1)?.id);
    expect(fake.posted().length).toBe(before + 1);
    fake.graph.fail('error-after-create', { match: `POST /v1.0/${fake.user.id}/threads_publish` });
    expect(await errorOf(channel.publish({ key: 't3', text: 'Plows out.' }))).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', mayHaveSucceeded: true });
    expect(await channel.lookup({ key: 't3', text: 'Plows out.', since })).toMatchObject({ found: true });
    expect(await channel.lookup({ key: 't4', text: 'Never sent.', since })).toEqual({ found: false });
  });

  it('a spent 24-hour quota is a rate limit before anything is sent; replies have their own quota', async () => {
    const channel = make({ pollSeconds: 0 });
    fake.quota.posts = fake.posted().filter((p) => p.replyToId === null).length;
    const containers = fake.containers.length;
    const limited = await errorOf(channel.publish({ key: 't5', text: 'One too many.' }));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(limited.message).toMatch(/post quota spent/);
    expect(fake.containers.length).toBe(containers);
    const root = fake.posted()[0]?.id ?? '';
    const reply = await channel.publish({ key: 't6', text: 'Replies still go out.', inReplyTo: { id: root } });
    expect(fake.posts.find((p) => p.id === reply.id)?.replyToId).toBe(root);
    fake.quota.posts = 250;
  });

  it('reads replies under its posts and mentions once, skipping its own, and answers them', async () => {
    const inbound: InboundMessage[] = [];
    const channel = make();
    const post = await channel.publish({ key: 't7', text: 'Ask us about the snow emergency.' });
    await channel.start(async (m) => void inbound.push(m));
    const reply = fake.reply({ to: post.id, username: 'ana', text: 'Is school open?' });
    fake.mention({ username: 'ben', text: 'where do I park?' });
    await channel.pollNow();
    await channel.pollNow();
    expect(inbound.map((m) => [m.author.handle, m.text, m.threadId])).toEqual([['ana', 'Is school open?', post.id], ['ben', 'where do I park?', inbound[1]?.id]]);
    const answer = await channel.publish({ key: 'r1', text: 'Schools are closed today.', replyTo: inbound[0]?.replyTarget ?? { messageId: '' } });
    expect(fake.posts.find((p) => p.id === answer.id)?.replyToId).toBe(reply.id);
    await channel.pollNow();
    expect(inbound).toHaveLength(2);
    await channel.close();
  });

  it('an expired token disables the channel; throttling keeps it retrying', async () => {
    const channel = make({ pollSeconds: 0 });
    await channel.start(async () => {});
    fake.graph.fail('rate-limit', { code: 4 });
    expect((await errorOf(channel.publish({ key: 't8', text: 'x' }))).code).toBe('RATE_LIMITED');
    expect(channel.health().state).toBe('degraded');
    fake.expireToken();
    expect((await errorOf(channel.publish({ key: 't8', text: 'x' }))).code).toBe('AUTH_FAILED');
    expect(channel.health().state).toBe('disabled');
  });

  it('refreshes its long-lived token once it is a day old, keeps the new one in state, and a restart uses it', async () => {
    const own = await startFakeThreads({ token: 'THAA-env-token' });
    const tokenState = new MemoryState();
    let offset = 0;
    const clock = { now: () => Date.now() + offset };
    const secret = (n: string) => ({ THREADS_TOKEN: 'THAA-env-token' })[n];
    const opts = { userId: own.user.id, graphUrl: own.url, pollSeconds: 0, containerPollMs: 20 };
    const { logger, logs } = capturedLogger('info');
    const first = createThreadsChannel('threads-city', threadsOptionsSchema.parse(opts), { logger, state: tokenState, secret, clock });
    await first.start(async () => {});
    // Meta refreshes a token only once it is 24 hours old: not on the first day.
    expect(await first.checkToken()).toBe(false);
    offset = 25 * 3_600_000;
    expect(await first.checkToken()).toBe(true);
    expect(own.refreshed).toHaveLength(1);
    const refresh = own.graph.requests.find((r) => r.path === '/refresh_access_token');
    expect(refresh?.params).toMatchObject({ grant_type: 'th_refresh_token' });
    // The old token stops working (it expires): the channel carries on with the new one.
    own.revoke('THAA-env-token');
    await first.publish({ key: 'tok-1', text: 'Posted with the refreshed token.' });
    // A new day is not a new refresh; the period is a week.
    offset += 2 * 86_400_000;
    expect(await first.checkToken()).toBe(false);
    await first.close();
    // A restart (or another instance) reads the newest token from the shared state.
    const second = createThreadsChannel('threads-city', threadsOptionsSchema.parse(opts), { logger, state: tokenState, secret, clock });
    await second.start(async () => {});
    expect(second.health().state).toBe('ok');
    await second.publish({ key: 'tok-2', text: 'And after a restart.' });
    expect(own.posted().map((p) => p.text)).toEqual(['Posted with the refreshed token.', 'And after a restart.']);
    offset += 8 * 86_400_000;
    expect(await second.checkToken()).toBe(true);
    expect(own.refreshed).toHaveLength(2);
    await second.close();
    expect(logs()).not.toContain('THAA-');
    await own.close();
  });

  it('a new env token (re-authorised by an operator) starts a new chain', async () => {
    const own = await startFakeThreads({ token: 'THAA-first' });
    const tokenState = new MemoryState();
    let env = 'THAA-first';
    let offset = 25 * 3_600_000;
    const deps = { state: tokenState, secret: (n: string) => (n === 'THREADS_TOKEN' ? env : undefined), clock: { now: () => Date.now() + offset } };
    const opts = threadsOptionsSchema.parse({ userId: own.user.id, graphUrl: own.url, pollSeconds: 0, containerPollMs: 20 });
    const a = createThreadsChannel('threads-city', opts, { logger: capturedLogger('warn').logger, ...deps });
    await a.start(async () => {});
    offset = 0;
    await a.close();
    own.addToken('THAA-second');
    own.revoke('THAA-first');
    env = 'THAA-second';
    const b = createThreadsChannel('threads-city', opts, { logger: capturedLogger('warn').logger, ...deps });
    await b.start(async () => {});
    expect(b.health().state).toBe('ok');
    // The new token is a day old only a day from now.
    expect(await b.checkToken()).toBe(false);
    await b.close();
    await own.close();
  });
});
