import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { FakeXServer } from '../../fakes/x/fake-x-server.js';
import { makeChannel, OAUTH1_ENV } from './x-harness.js';
import type { Harness } from './x-harness.js';

const noop = async (): Promise<void> => {};

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a rejection');
}

describe('X channel: publishing against the fake X API', () => {
  const fake = new FakeXServer();
  let h: Harness;

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(async () => {
    h = makeChannel(fake);
    await h.channel.start(noop);
  });

  it('has X limits and posts one tweet signed with OAuth 1.0a', async () => {
    expect(h.channel.limits).toEqual({ maxLength: 280, lengthRule: 'weighted', threads: true, maxThreadParts: 10 });
    const before = fake.posted.length;
    const ref = await h.channel.publish({ key: 'p1', text: 'Boil-water advisory lifted for Ward 3.' });
    expect(fake.posted).toHaveLength(before + 1);
    expect(fake.posted.at(-1)).toMatchObject({ id: ref.id, text: 'Boil-water advisory lifted for Ward 3.' });
    expect(ref.url).toBe(`https://x.com/city311/status/${ref.id}`);
    const post = fake.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets').at(-1);
    expect(post?.authorization).toMatch(/^OAuth .*oauth_token="fake-access-token"/);
  });

  it('chains a three-part thread, each part replying to the previous one', async () => {
    const first = await h.channel.publish({ key: 't1', text: 'Storm update 1/3: shelters open.' });
    const second = await h.channel.publish({ key: 't1#2', text: 'Storm update 2/3: avoid Main St.', inReplyTo: first });
    const third = await h.channel.publish({ key: 't1#3', text: 'Storm update 3/3: call 311.', inReplyTo: second });
    const byId = new Map(fake.posted.map((t) => [t.id, t]));
    expect(byId.get(first.id)?.in_reply_to_tweet_id).toBeUndefined();
    expect(byId.get(second.id)?.in_reply_to_tweet_id).toBe(first.id);
    expect(byId.get(third.id)?.in_reply_to_tweet_id).toBe(second.id);
    expect(byId.get(third.id)?.conversation_id).toBe(first.id);
  });

  it('answers a citizen by replying to their tweet', async () => {
    const citizen = fake.addUser('resident42');
    const mention = fake.addMention(citizen, 'is the water safe?');
    const ref = await h.channel.publish({ key: 'r1', text: '@resident42 Yes, the advisory is lifted.', replyTo: { messageId: mention.id, authorHandle: 'resident42' } });
    expect(fake.posted.find((t) => t.id === ref.id)?.in_reply_to_tweet_id).toBe(mention.id);
  });

  it('addresses each answer to its asker, so the same FAQ answer to two residents is not refused as a duplicate', async () => {
    const answer = 'Trash and recycling are one day late this week.';
    const refs = [];
    for (const name of ['neighbor_a', 'neighbor_b']) {
      const mention = fake.addMention(fake.addUser(name), 'is trash late?');
      refs.push({ name, ref: await h.channel.publish({ key: `dup-${name}`, text: answer, replyTo: { messageId: mention.id, authorHandle: name } }) });
    }
    for (const { name, ref } of refs) expect(fake.posted.find((t) => t.id === ref.id)?.text).toBe(`@${name} ${answer}`);
    // And the lost-response check still finds each one, under its own parent only.
    const first = refs[0];
    expect(first).toBeDefined();
    const mentionOfA = fake.posted.find((t) => t.id === first?.ref.id)?.in_reply_to_tweet_id;
    expect(await h.channel.lookup({ key: 'dup-neighbor_a', text: answer, since: Date.now() - 60_000, replyTo: { messageId: mentionOfA ?? '', authorHandle: 'neighbor_a' } })).toMatchObject({ found: true, ref: { id: first?.ref.id } });
    expect(await h.channel.lookup({ key: 'other', text: answer, since: Date.now() - 60_000, replyTo: { messageId: 'someone-else', authorHandle: 'neighbor_c' } })).toEqual({ found: false });
  });

  it('maps 429 to RATE_LIMITED with retryAt from x-rate-limit-reset', async () => {
    fake.failNext('429', 1, 'POST /2/tweets');
    const before = fake.posted.length;
    const error = await caught(h.channel.publish({ key: 'rl', text: 'rate limited post' }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryable).toBe(true);
    const windowReset = Math.floor(Date.now() / 1000) + 900;
    expect(Math.abs((error.retryAt ?? 0) - windowReset * 1000)).toBeLessThanOrEqual(2000);
    expect(fake.posted).toHaveLength(before);
  });

  it('maps 500 on a post to a retryable PLATFORM_UNAVAILABLE that may have succeeded, degrades health, recovers on success', async () => {
    fake.failNext('500', 1, 'POST /2/tweets');
    const error = await caught(h.channel.publish({ key: 'e500', text: 'server error post' }));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    // A 5xx came after the request was sent: the post may exist, so it is settled, not resent.
    expect(error.mayHaveSucceeded).toBe(true);
    expect(h.channel.health().state).toBe('degraded');
    await h.channel.publish({ key: 'e500', text: 'server error post' });
    expect(h.channel.health().state).toBe('ok');
  });

  it('lost response: OUTCOME_UNKNOWN mayHaveSucceeded, then lookup finds the single copy', async () => {
    const since = Date.now() - 1000;
    // X shortens the URL and escapes "&": lookup must still match.
    const text = 'Road closures & detours: https://city.example/roads?day=1';
    fake.failNext('lost', 1, 'POST /2/tweets');
    const error = await caught(h.channel.publish({ key: 'lost1', text }));
    expect(error.code).toBe('OUTCOME_UNKNOWN');
    expect(error.mayHaveSucceeded).toBe(true);
    expect(error.retryable).toBe(true);
    const copies = fake.posted.filter((t) => t.text.startsWith('Road closures'));
    expect(copies).toHaveLength(1);
    expect(copies[0]?.text).toContain('https://t.co/');
    const found = await h.channel.lookup({ key: 'lost1', text, since });
    expect(found).toEqual({ found: true, ref: { id: copies[0]?.id, url: `https://x.com/city311/status/${copies[0]?.id}` } });
    expect(fake.posted.filter((t) => t.text.startsWith('Road closures'))).toHaveLength(1);
  });

  it('a POST that times out is OUTCOME_UNKNOWN (it may have gone out)', async () => {
    const slow = makeChannel(fake, { requestTimeoutSeconds: 0.3 });
    await slow.channel.start(noop);
    fake.failNext('hang', 1, 'POST /2/tweets');
    const error = await caught(slow.channel.publish({ key: 'hang', text: 'slow platform post' }));
    expect(error.code).toBe('OUTCOME_UNKNOWN');
    expect(error.mayHaveSucceeded).toBe(true);
    expect(fake.posted.filter((t) => t.text === 'slow platform post')).toHaveLength(1);
    await slow.channel.close();
  });

  it('lookup says not found for a post that never went out, and throws on a passing 5xx', async () => {
    expect(await h.channel.lookup({ key: 'never', text: 'This was never posted', since: Date.now() - 60_000 })).toEqual({ found: false });
    fake.failNext('500', 1, 'GET /2/users/');
    const error = await caught(h.channel.lookup({ key: 'never', text: 'This was never posted', since: Date.now() - 60_000 }));
    expect(error.retryable).toBe(true);
  });

  it('lookup prefers the copy under the expected parent when the same text recurs', async () => {
    const since = Date.now() - 1000;
    const root = await h.channel.publish({ key: 'root', text: 'Parent for recurrence test' });
    const reply = await h.channel.publish({ key: 'rep', text: 'Recurring advisory text', inReplyTo: root });
    const found = await h.channel.lookup({ key: 'rep', text: 'Recurring advisory text', since, inReplyTo: root });
    expect(found).toMatchObject({ found: true, ref: { id: reply.id } });
  });

  it('maps 401 to AUTH_FAILED and disables the channel', async () => {
    fake.failNext('401', 1, 'POST /2/tweets');
    const error = await caught(h.channel.publish({ key: 'a401', text: 'unauthorised post' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(h.channel.health()).toMatchObject({ state: 'disabled' });
    expect(h.channel.health().reason).toMatch(/401/);
  });

  it('maps wrong credentials to AUTH_FAILED at start', async () => {
    const bad = makeChannel(fake, {}, { ...OAUTH1_ENV, X_ACCESS_TOKEN: 'someone-elses-token' });
    const error = await caught(bad.channel.start(noop));
    expect(error.code).toBe('AUTH_FAILED');
    expect(bad.channel.health().state).toBe('disabled');
  });

  it('maps a duplicate-content 403 to DUPLICATE_REFUSED, not to a disabled channel', async () => {
    await h.channel.publish({ key: 'dup', text: 'Duplicate me' });
    const error = await caught(h.channel.publish({ key: 'dup2', text: 'Duplicate me' }));
    expect(error.code).toBe('DUPLICATE_REFUSED');
    expect(error.retryable).toBe(false);
    expect(h.channel.health().state).toBe('ok');
  });

  it('refuses to start without credentials, naming the variable', async () => {
    const { X_ACCESS_SECRET: _omit, ...partial } = OAUTH1_ENV;
    const error = await caught(makeChannel(fake, {}, partial).channel.start(noop));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('X_ACCESS_SECRET');
  });

  it('reports a connection refused on POST as NETWORK (it cannot have gone out)', async () => {
    const dead = new FakeXServer();
    await dead.start();
    const url = dead.url;
    await dead.stop();
    const offline = makeChannel(fake, { apiBase: url });
    const error = await caught(offline.channel.publish({ key: 'off', text: 'nobody listens' }));
    expect(error.code).toBe('NETWORK');
    expect(error.mayHaveSucceeded).toBe(false);
  });

  it('never logs or returns the credentials', async () => {
    const errors: unknown[] = [];
    await h.channel.publish({ key: 'log1', text: 'log test' });
    fake.failNext('401', 1, 'POST /2/tweets');
    await h.channel.publish({ key: 'log2', text: 'log test 2' }).catch((e: unknown) => errors.push(e));
    fake.failNext('lost', 1, 'POST /2/tweets');
    await h.channel.publish({ key: 'log3', text: 'log test 3' }).catch((e: unknown) => errors.push(e));
    h.deps.logger.error({ err: errors[0] }, 'what the dispatcher might log');
    h.deps.logger.error({ err: errors[1] }, 'what the dispatcher might log');
    await h.channel.close();
    const text = h.logs() + errors.map((e) => JSON.stringify(e) + String(e)).join('\n');
    expect(h.logs()).toContain('X answered 401');
    for (const secret of Object.values(OAUTH1_ENV)) expect(text).not.toContain(secret);
  });
});
