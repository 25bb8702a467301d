import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelDeps } from '../../../src/channels/channel.js';
import { createFacebookChannel, facebookOptionsSchema, type FacebookChannel } from '../../../src/channels/facebook/facebook-channel.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { startFakeFacebook, type FakeFacebook } from '../../fakes/meta/fake-facebook.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';
import { startChannelWeb, type ChannelWebServer } from '../channel-web-server.js';

const APP_SECRET = 'app-secret-for-webhooks';
const VERIFY_TOKEN = 'verify-me-0123';

/** Meta's signature over the exact bytes it sends. */
const sign = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A `feed` change for one new comment, as Meta delivers it. */
function commentEvent(pageId: string, c: { id: string; postId: string; parentId?: string; fromId: string; name: string; message: string }): string {
  const value = { from: { id: c.fromId, name: c.name }, post: { id: c.postId, status_type: 'mobile_status_update' }, message: c.message, post_id: c.postId, comment_id: c.id, created_time: Math.floor(Date.now() / 1000), item: 'comment', parent_id: c.parentId ?? c.postId, verb: 'add' };
  return JSON.stringify({ object: 'page', entry: [{ id: pageId, time: Math.floor(Date.now() / 1000), changes: [{ field: 'feed', value }] }] });
}

describe('facebook page webhooks (X-Hub-Signature-256)', () => {
  let fake: FakeFacebook;
  let web: ChannelWebServer;
  let channel: FacebookChannel;
  const inbound: InboundMessage[] = [];
  const { logger, logs } = capturedLogger('info');

  beforeAll(async () => {
    fake = await startFakeFacebook();
    web = await startChannelWeb();
    const secrets: Record<string, string> = { FACEBOOK_PAGE_TOKEN: fake.pageToken, FB_APP_SECRET: APP_SECRET, FB_VERIFY_TOKEN: VERIFY_TOKEN };
    const deps: ChannelDeps = { logger, state: new MemoryState(), secret: (n) => secrets[n], clock: { now: () => Date.now() } };
    channel = createFacebookChannel('facebook-city', facebookOptionsSchema.parse({ pageId: fake.page.id, graphUrl: fake.url, pollSeconds: 0, appSecretEnv: 'FB_APP_SECRET', webhookVerifyTokenEnv: 'FB_VERIFY_TOKEN' }), deps);
    web.channels.set(channel.name, channel);
    await channel.start(async (m) => void inbound.push(m));
  });
  afterAll(async () => {
    await channel.close();
    await web.close();
    await fake.close();
  });

  const post = (body: string, signature: string | undefined) => fetch(`${web.url}/hooks/facebook-city`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) }, body });

  it('answers Meta’s handshake only with the right verify token, and echoes nothing else', async () => {
    const ok = await fetch(`${web.url}/hooks/facebook-city?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    const wrong = await fetch(`${web.url}/hooks/facebook-city?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444`);
    expect([wrong.status, await wrong.text()]).toEqual([403, 'forbidden']);
    const hostile = await fetch(`${web.url}/hooks/facebook-city?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(hostile.status).toBe(403);
    expect(await hostile.text()).not.toContain('script');
  });

  it('a signed comment goes through the same handler as a polled one, with the same id and target', async () => {
    const seed = fake.seedPost('Snow emergency in effect.');
    const real = fake.comment({ postId: seed.id, from: 'Ana', message: 'Is the Pine shelter open?' });
    const body = commentEvent(fake.page.id, { id: real.id, postId: seed.id, fromId: real.from.id, name: 'Ana', message: real.message });
    const response = await post(body, sign(body));
    expect(response.status).toBe(200);
    const pushed = inbound.find((m) => m.id === real.id);
    expect(pushed).toMatchObject({ channel: 'facebook-city', text: 'Is the Pine shelter open?', author: { id: real.from.id, handle: 'Ana' }, threadId: real.id, replyTarget: { messageId: real.id, extra: { postId: seed.id, threadCommentId: real.id } } });
    // The poller reads the same comment: same id, author, text and target, so the pipeline's
    // dedupe by `channel:id` answers it once.
    await channel.pollNow();
    const polled = inbound.filter((m) => m.id === real.id);
    expect(polled).toHaveLength(2);
    const same = ({ id, channel: c, author, text, replyTarget }: InboundMessage) => ({ id, c, author, text, replyTarget });
    expect(same(polled[1] as InboundMessage)).toEqual(same(polled[0] as InboundMessage));
  });

  it('refuses a delivery whose signature is missing, wrong, from another secret or cut short; nothing is handed over', async () => {
    const before = inbound.length;
    const body = commentEvent(fake.page.id, { id: '1_999', postId: `${fake.page.id}_1`, fromId: '42', name: 'Mallory', message: 'forged' });
    const good = sign(body);
    for (const signature of [undefined, 'sha256=', 'sha1=abc', sign(body, 'another-secret'), good.slice(0, -2), `${good}00`, good.replace(/[0-9a-f]$/, (d) => (d === '0' ? '1' : '0'))]) {
      const response = await post(body, signature);
      expect(response.status).toBe(401);
    }
    // The signature covers the bytes: the same text re-serialised is another body.
    expect((await post(JSON.stringify(JSON.parse(body), null, 1), good)).status).toBe(401);
    expect(inbound.length).toBe(before);
    expect(logs()).not.toContain(APP_SECRET);
  });

  it('ignores the page’s own comments, other pages, likes and edits; hostile bytes never crash it', async () => {
    const before = inbound.length;
    const own = commentEvent(fake.page.id, { id: '1_1', postId: `${fake.page.id}_1`, fromId: fake.page.id, name: 'City', message: 'our answer' });
    const otherPage = commentEvent('999', { id: '1_2', postId: '999_1', fromId: '42', name: 'X', message: 'hi' });
    const like = JSON.stringify({ object: 'page', entry: [{ id: fake.page.id, changes: [{ field: 'feed', value: { item: 'reaction', verb: 'add', post_id: `${fake.page.id}_1`, from: { id: '42' } } }] }] });
    for (const body of [own, otherPage, like, '{"object":"page","entry":[{"changes":null}]}', '[]', 'null']) expect((await post(body, sign(body))).status).toBe(200);
    expect((await post('{not json', sign('{not json'))).status).toBe(400);
    expect(inbound.length).toBe(before);
  });

  it('a comment arriving before the channel was started is refused with 503, so Meta delivers it again', async () => {
    const secrets: Record<string, string> = { FACEBOOK_PAGE_TOKEN: fake.pageToken, FB_APP_SECRET: APP_SECRET, FB_VERIFY_TOKEN: VERIFY_TOKEN };
    const idle = createFacebookChannel('facebook-idle', facebookOptionsSchema.parse({ pageId: fake.page.id, graphUrl: fake.url, appSecretEnv: 'FB_APP_SECRET', webhookVerifyTokenEnv: 'FB_VERIFY_TOKEN' }), { logger, state: new MemoryState(), secret: (n) => secrets[n], clock: { now: () => Date.now() } });
    web.channels.set(idle.name, idle);
    const body = commentEvent(fake.page.id, { id: '1_3', postId: `${fake.page.id}_1`, fromId: '42', name: 'Bo', message: 'hello?' });
    const response = await fetch(`${web.url}/hooks/facebook-idle`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) }, body });
    expect(response.status).toBe(503);
    // Channels without webhooks have no hook at all.
    expect((await fetch(`${web.url}/hooks/no-such-channel`, { method: 'POST', body })).status).toBe(404);
  });

  it('webhooks need the app secret: the options say so, naming the field', () => {
    const parsed = facebookOptionsSchema.safeParse({ pageId: '1', webhookVerifyTokenEnv: 'FB_VERIFY_TOKEN' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['appSecretEnv'] });
  });
});
