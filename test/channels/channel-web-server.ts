import Fastify from 'fastify';
import type { Channel } from '../../src/channels/channel.js';
import { registerChannelWebRoutes } from '../../src/channels/channel-web-routes.js';

export interface ChannelWebServer {
  url: string;
  /** The channels served, by name: tests add each adapter instance they make. */
  channels: Map<string, Channel>;
  close(): Promise<void>;
}

/** The service's channel web routes (`/media/…`, `/hooks/…`) on 127.0.0.1, for fakes to call. */
export async function startChannelWeb(): Promise<ChannelWebServer> {
  const app = Fastify();
  const channels = new Map<string, Channel>();
  await registerChannelWebRoutes(app, () => channels);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, channels, close: () => app.close() };
}
