import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Channel, ChannelWeb, WebRequest } from '../../src/channels/channel.js';
import { registerChannelWebRoutes } from '../../src/channels/channel-web-routes.js';
import { DEFAULT_CAPABILITIES } from '../../src/channels/kit/channel-capabilities.js';

/** A channel that serves one media file and records webhook requests. */
function webChannel(name: string, web: ChannelWeb | undefined): Channel {
  return { name, kind: 'test', limits: DEFAULT_CAPABILITIES.limits, start: async () => {}, close: async () => {}, publish: async () => ({ id: '1' }), lookup: async () => ({ found: false }), health: () => ({ state: 'ok', since: 0 }), ...(web === undefined ? {} : { web }) };
}

describe('channel web routes', () => {
  it('serve media and webhooks through the channel, and 404 anything else without echoing it', async () => {
    const seen: WebRequest[] = [];
    const app = Fastify();
    const channels = new Map<string, Channel>([
      ['cards', webChannel('cards', { media: async (file) => (file === 'a.png' ? { contentType: 'image/png', body: Buffer.from([0x89, 0x50]) } : undefined), webhook: async (r) => (seen.push(r), { status: 202, body: 'ok' }) })],
      ['plain', webChannel('plain', undefined)],
    ]);
    await registerChannelWebRoutes(app, () => channels);
    const media = await app.inject({ url: '/media/cards/a.png' });
    expect([media.statusCode, media.headers['content-type'], media.rawPayload]).toEqual([200, 'image/png', Buffer.from([0x89, 0x50])]);
    for (const url of ['/media/cards/b.png', '/media/plain/a.png', '/media/nobody/a.png', '/media/cards/..%2F..%2Fetc%2Fpasswd', '/media/%3Cscript%3E/a.png', '/hooks/plain']) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.body, url).not.toMatch(/script|passwd/);
    }
    // The webhook gets the raw bytes (signatures are over them), whatever the content type says.
    const hook = await app.inject({ method: 'POST', url: '/hooks/cards?hub.mode=x', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' }, payload: '{"a": 1}' });
    expect([hook.statusCode, hook.body]).toEqual([202, 'ok']);
    expect(seen[0]).toMatchObject({ method: 'POST', query: { 'hub.mode': 'x' }, headers: { 'x-hub-signature-256': 'sha256=00' } });
    expect(seen[0]?.rawBody.toString('utf8')).toBe('{"a": 1}');
    await app.close();
  });
});
