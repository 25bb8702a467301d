import type { ChannelDeps } from '../../../src/channels/channel.js';
import { createFacebookChannel, facebookOptionsSchema, type FacebookChannel } from '../../../src/channels/facebook/facebook-channel.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import type { FakeFacebook } from '../../fakes/meta/fake-facebook.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';

export interface FacebookHarness {
  channel: FacebookChannel;
  state: MemoryState;
  inbound: InboundMessage[];
  logs: () => string;
}

/** The real adapter against the fake Graph API; options as in channels.yaml. */
export function makeFacebook(fake: FakeFacebook, extra: Record<string, unknown> = {}, state = new MemoryState()): FacebookHarness {
  const { logger, logs } = capturedLogger('trace');
  const deps: ChannelDeps = { logger, state, secret: (name) => ({ FACEBOOK_PAGE_TOKEN: fake.pageToken })[name], clock: { now: () => Date.now() } };
  const options = facebookOptionsSchema.parse({ pageId: fake.page.id, graphUrl: fake.url, pollSeconds: 3600, timeoutMs: 2000, settleSeconds: 0, ...extra });
  return { channel: createFacebookChannel('facebook-city', options, deps), state, inbound: [], logs };
}
