import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFacebook, type FakeFacebook } from '../../fakes/meta/fake-facebook.js';
import { errorOf } from '../../support/app-error.js';
import { makeFacebook, type FacebookHarness } from './facebook-harness.js';

describe('facebook page channel: publishing and reconciling', () => {
  let fake: FakeFacebook;
  let h: FacebookHarness;

  beforeAll(async () => {
    fake = await startFakeFacebook();
    h = makeFacebook(fake, { pollSeconds: 0 });
    await h.channel.start(async () => {});
  });
  afterAll(async () => {
    await h.channel.close();
    await fake.close();
  });

  it('posts to the page feed as the page, with the token in a header and never in a log', async () => {
    const ref = await h.channel.publish({ key: 'p1', text: 'Snow emergency declared. Move cars off snow routes.' });
    expect(fake.posted().at(-1)).toMatchObject({ id: ref.id, message: 'Snow emergency declared. Move cars off snow routes.' });
    expect(ref.url).toBe(`https://www.facebook.com/${ref.id}`);
    const post = fake.graph.requests.filter((r) => r.method === 'POST').at(-1);
    expect(post?.path).toBe(`/v21.0/${fake.page.id}/feed`);
    expect(post?.params['access_token']).toBeUndefined();
    expect(h.logs()).not.toContain(fake.pageToken);
  });

  it('answers a comment as the page; an answer to a reply goes under its top-level comment', async () => {
    const post = await h.channel.publish({ key: 'p2', text: 'Trash is one day late this week.' });
    const question = fake.comment({ postId: post.id, from: 'Ana', message: 'Is recycling late too?' });
    const follow = fake.comment({ postId: post.id, from: 'Ben', message: 'Same question', parentId: question.id });
    const a = await h.channel.publish({ key: 'r1', text: 'Yes, recycling is one day late too.', replyTo: { messageId: question.id, authorHandle: 'Ana', extra: { postId: post.id, threadCommentId: question.id } } });
    const b = await h.channel.publish({ key: 'r2', text: 'Yes, one day late.', replyTo: { messageId: follow.id, authorHandle: 'Ben', extra: { postId: post.id, threadCommentId: question.id } } });
    expect(fake.pageComments().map((c) => [c.id, c.parentId])).toEqual([[a.id, question.id], [b.id, question.id]]);
    expect(a.url).toBe(`https://www.facebook.com/${post.id}?comment_id=${a.id}`);
  });

  it('a lost answer is "may have succeeded"; the lookup finds the post, so nothing is posted twice', async () => {
    const since = Date.now() - 1000;
    const before = fake.posted().length;
    fake.graph.fail('lost-response', { match: '/feed' });
    const error = await errorOf(h.channel.publish({ key: 'p3', text: 'Warming centers are open tonight.' }));
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveSucceeded: true, retryable: true });
    const found = await h.channel.lookup({ key: 'p3', text: 'Warming centers are open tonight.', since });
    expect(found).toEqual({ found: true, ref: { id: fake.posted().at(-1)?.id, url: `https://www.facebook.com/${fake.posted().at(-1)?.id}` } });
    expect(fake.posted().length).toBe(before + 1);
    await expect(h.channel.lookup({ key: 'p4', text: 'Never sent.', since })).resolves.toEqual({ found: false });
  });

  it('a 5xx after the post was stored is "may have succeeded" too, and so is a reply lost after create', async () => {
    const since = Date.now() - 1000;
    fake.graph.fail('error-after-create', { match: '/feed' });
    expect(await errorOf(h.channel.publish({ key: 'p5', text: 'Salt boxes refilled.' }))).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', mayHaveSucceeded: true });
    expect(await h.channel.lookup({ key: 'p5', text: 'Salt boxes refilled.', since })).toMatchObject({ found: true });
    const post = fake.posted().at(-1);
    const question = fake.comment({ postId: post?.id ?? '', from: 'Cy', message: 'Where?' });
    const replyTo = { messageId: question.id, authorHandle: 'Cy', extra: { postId: post?.id ?? '', threadCommentId: question.id } };
    fake.graph.fail('lost-response', { match: '/comments' });
    expect(await errorOf(h.channel.publish({ key: 'r3', text: 'At every rec center.', replyTo }))).toMatchObject({ mayHaveSucceeded: true });
    expect(await h.channel.lookup({ key: 'r3', text: 'At every rec center.', since, replyTo })).toMatchObject({ found: true, ref: { id: fake.pageComments().at(-1)?.id } });
  });

  it('a lookup that fails in passing is thrown to be asked again; only a definite inability is "unknown"', async () => {
    fake.graph.fail('server-error', { match: 'GET' });
    expect(await errorOf(h.channel.lookup({ key: 'x', text: 'y', since: Date.now() - 1000 }))).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true });
    fake.graph.fail('rate-limit', { code: 4, match: 'GET' });
    expect(await errorOf(h.channel.lookup({ key: 'x', text: 'y', since: Date.now() - 1000 }))).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    // A comment target that does not exist (deleted): Meta cannot say, so a person decides.
    const gone = await h.channel.lookup({ key: 'x', text: 'y', since: Date.now() - 1000, replyTo: { messageId: '1_404', extra: { postId: '1', threadCommentId: '1_404' } } });
    expect(gone).toMatchObject({ found: 'unknown' });
  });

  it('maps throttling (code 32 with the BUC regain time), a policy block (368) and a duplicate (506)', async () => {
    fake.graph.regainMinutes = 7;
    fake.graph.fail('rate-limit', { code: 32, match: '/feed' });
    const throttled = await errorOf(h.channel.publish({ key: 'p6', text: 'Plows are out.' }));
    expect(throttled).toMatchObject({ code: 'RATE_LIMITED', retryable: true, mayHaveSucceeded: false });
    expect(throttled.retryAt).toBeGreaterThan(Date.now() + 6 * 60_000);
    for (const code of [4, 17, 613]) {
      fake.graph.fail('rate-limit', { code, match: '/feed' });
      expect((await errorOf(h.channel.publish({ key: 'p6', text: 'Plows are out.' }))).code).toBe('RATE_LIMITED');
    }
    fake.graph.fail('policy-block', { match: '/feed' });
    expect((await errorOf(h.channel.publish({ key: 'p6', text: 'Plows are out.' }))).message).toContain('code 368');
    // 506: a repeat of the page's latest post is refused as a duplicate (after an earlier
    // attempt, the dispatcher reads that as "it may be live: look it up").
    const last = fake.posted().at(-1)?.message ?? '';
    expect(await errorOf(h.channel.publish({ key: 'p7', text: last }))).toMatchObject({ code: 'DUPLICATE_REFUSED', retryable: false });
    expect(h.channel.health().state).toBe('degraded');
    await h.channel.publish({ key: 'p8', text: 'Plows are out on every snow route.' });
    expect(h.channel.health().state).toBe('ok');
  });

  it('an expired page token disables only this channel, with the reason', async () => {
    const other = await startFakeFacebook({ pageToken: 'other-token' });
    const h2 = makeFacebook(other, { pollSeconds: 0 });
    await h2.channel.start(async () => {});
    other.expireToken();
    const error = await errorOf(h2.channel.publish({ key: 'e1', text: 'Hello' }));
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(error.message).toContain('code 190/463');
    expect(h2.channel.health()).toMatchObject({ state: 'disabled' });
    expect(h.channel.health().state).not.toBe('disabled');
    await other.close();
  });

  it('refuses a token that is not the configured page\'s', async () => {
    const wrong = makeFacebook(fake, { pollSeconds: 0, pageId: '999' });
    expect(await errorOf(wrong.channel.start(async () => {}))).toMatchObject({ code: 'AUTH_FAILED' });
    expect(wrong.channel.health().state).toBe('disabled');
  });
});

describe('facebook page channel: reading comments', () => {
  it('delivers residents\' comments once, skips the page\'s own, and catches a comment indexed late', async () => {
    const fake = await startFakeFacebook();
    const h = makeFacebook(fake, { mentionOverlapSeconds: 60 });
    const post = await h.channel.publish({ key: 'p1', text: 'Snow emergency in effect.' });
    await h.channel.start(async (m) => void h.inbound.push(m));
    await h.channel.pollNow();
    const first = fake.comment({ postId: post.id, from: 'Dee', message: 'Where can I park?' });
    await h.channel.publish({ key: 'r1', text: 'In city garages.', replyTo: { messageId: first.id, extra: { postId: post.id, threadCommentId: first.id } } });
    await h.channel.pollNow();
    fake.lag.set(300);
    const late = fake.comment({ postId: post.id, from: 'Eli', message: 'Is school open?', parentId: first.id });
    fake.lag.set(0);
    fake.comment({ postId: post.id, from: 'Fay', message: 'Trash pickup?' });
    await h.channel.pollNow();
    await new Promise((r) => setTimeout(r, 350));
    await h.channel.pollNow();
    await h.channel.pollNow();
    expect(h.inbound.map((m) => m.text)).toEqual(['Where can I park?', 'Trash pickup?', 'Is school open?']);
    const eli = h.inbound.find((m) => m.id === late.id);
    expect(eli).toMatchObject({ channel: 'facebook-city', author: { handle: 'Eli' }, threadId: first.id, isDirect: false, replyTarget: { messageId: late.id, extra: { postId: post.id, threadCommentId: first.id } } });
    await h.channel.close();
    await fake.close();
  });
});
