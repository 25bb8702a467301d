import type { Logger } from 'pino';
import type { InboundHandler, WebRequest, WebResponse } from '../channel.js';
import { sameSecret, verifyHubSignature } from '../graph/hub-signature.js';
import { commentMessage, type PageComment } from './facebook-inbound.js';

export interface FacebookWebhookInput {
  pageId: string;
  channel: string;
  appSecret: () => string | undefined;
  verifyToken: () => string | undefined;
  /** The reply pipeline's handler; undefined until the channel is started. */
  handler: () => InboundHandler | undefined;
  now: () => number;
  logger: Logger;
}

interface FeedChange {
  field?: unknown;
  value?: {
    item?: unknown;
    verb?: unknown;
    comment_id?: unknown;
    post_id?: unknown;
    parent_id?: unknown;
    message?: unknown;
    created_time?: unknown;
    from?: { id?: unknown; name?: unknown };
  };
}

/** Meta's challenge is a number; anything else is not echoed. */
const CHALLENGE = /^[A-Za-z0-9_-]{1,128}$/;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Page webhooks (optional, beside polling): Meta's `GET` handshake with the verify token, and
 * signed `POST` deliveries of the page's `feed` changes. Only a delivery whose
 * `X-Hub-Signature-256` matches the app secret is read; new comments by others go through the
 * same reply pipeline as polled ones, with the same message ids, so one read by both is answered
 * once. A failure answers 5xx and Meta delivers again.
 */
export function facebookWebhook(input: FacebookWebhookInput): (request: WebRequest) => Promise<WebResponse> {
  return async (request) => {
    if (request.method === 'GET') {
      const expected = input.verifyToken() ?? '';
      const challenge = request.query['hub.challenge'] ?? '';
      if (request.query['hub.mode'] !== 'subscribe' || !sameSecret(request.query['hub.verify_token'] ?? '', expected) || !CHALLENGE.test(challenge)) return { status: 403, contentType: 'text/plain', body: 'forbidden' };
      return { status: 200, contentType: 'text/plain', body: challenge };
    }
    if (!verifyHubSignature(request.rawBody, request.headers['x-hub-signature-256'], input.appSecret() ?? '')) {
      input.logger.warn({ bytes: request.rawBody.length }, 'webhook delivery with a missing or wrong signature refused');
      return { status: 401, contentType: 'text/plain', body: 'bad signature' };
    }
    let payload: unknown;
    try {
      payload = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      return { status: 400, contentType: 'text/plain', body: 'not JSON' };
    }
    const comments = pageComments(payload, input.pageId);
    if (comments.length === 0) return { status: 200, contentType: 'text/plain', body: 'EVENT_RECEIVED' };
    const handler = input.handler();
    if (handler === undefined) return { status: 503, contentType: 'text/plain', body: 'not started' };
    try {
      for (const comment of comments) await handler(commentMessage(comment, input.channel, input.now()));
    } catch (error) {
      input.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'webhook comment not handed over; Meta will deliver it again');
      return { status: 500, contentType: 'text/plain', body: 'retry' };
    }
    return { status: 200, contentType: 'text/plain', body: 'EVENT_RECEIVED' };
  };
}

/** New comments by others on this page, from a delivery of any shape. */
function pageComments(payload: unknown, pageId: string): PageComment[] {
  const entries = isRecord(payload) && payload['object'] === 'page' && Array.isArray(payload['entry']) ? (payload['entry'] as unknown[]) : [];
  const changes = entries.flatMap((e) => (isRecord(e) && e['id'] === pageId && Array.isArray(e['changes']) ? (e['changes'] as unknown[]) : []));
  return changes.map((c) => (isRecord(c) ? newComment(c as FeedChange, pageId) : undefined)).filter((c): c is PageComment => c !== undefined);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A comment added by someone other than the page, or undefined for any other feed change. */
function newComment(change: FeedChange, pageId: string): PageComment | undefined {
  const v = isRecord(change.value) ? change.value : undefined;
  if (change.field !== 'feed' || v === undefined || v.item !== 'comment' || v.verb !== 'add') return undefined;
  const id = str(v.comment_id);
  const postId = str(v.post_id);
  const from = isRecord(v.from) ? v.from : undefined;
  const fromId = str(from?.id);
  if (id === undefined || postId === undefined || fromId === undefined || fromId === pageId) return undefined;
  const created = typeof v.created_time === 'number' ? v.created_time * 1000 : Date.parse(String(v.created_time));
  return { id, postId, parentId: str(v.parent_id), from: { id: fromId, name: str(from?.name) }, message: str(v.message), createdAt: Number.isFinite(created) ? created : 0 };
}
