import type { ReplyTarget } from './post.js';

/** A citizen's message from any channel, normalised. */
export interface InboundMessage {
  /** Unique per channel; `${channel}:${id}` is the dedupe key. */
  id: string;
  channel: string;
  author: {
    id: string;
    handle: string;
    /** The platform says it is a bot (Discord's flag, a bot label), when it knows. */
    isBot?: boolean;
  };
  text: string;
  /** Conversation id, for per-thread reply caps. */
  threadId?: string;
  /** A direct message rather than a public mention. */
  isDirect: boolean;
  /** Epoch ms the platform says it was written. */
  createdAt: number;
  /** Epoch ms we received it. */
  receivedAt: number;
  /** What a reply must point at. */
  replyTarget: ReplyTarget;
}
