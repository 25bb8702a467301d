import type { AtpAgent } from '@atproto/api';
import { AppError } from '../../domain/errors.js';
import type { ReplyTarget } from '../../domain/post.js';

/** A strong reference to a record: Bluesky replies need both the uri and the content hash. */
export interface StrongRef {
  uri: string;
  cid: string;
}

export interface ReplyRefs {
  root: StrongRef;
  parent: StrongRef;
}

interface KnownPost {
  cid: string;
  root: StrongRef;
}

const CACHE_LIMIT = 500;

/** Splits `at://did/collection/rkey`; anything else cannot be answered. */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } {
  const match = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new AppError('INVALID_INPUT', `bluesky: not an at:// record uri: ${uri}`, { retryable: false });
  }
  return { repo: match[1], collection: match[2], rkey: match[3] };
}

/** The public web address of a post, for staff and audit logs. */
export function webUrl(uri: string): string {
  const { repo, rkey } = parseAtUri(uri);
  return `https://bsky.app/profile/${repo}/post/${rkey}`;
}

/**
 * Resolves reply references. PartRef carries only the at:// uri (its `id`), so the cid of a part
 * we posted is remembered in memory; after a restart, or for posts we never saw, the record is
 * fetched once with com.atproto.repo.getRecord. Inbound replies carry their cids in
 * ReplyTarget.extra so answering a citizen costs no extra request.
 */
export class ThreadResolver {
  private readonly known = new Map<string, KnownPost>();

  constructor(private readonly agent: AtpAgent) {}

  /** Remembers a post we just published so the next part of the thread needs no lookup. */
  remember(uri: string, cid: string, reply: ReplyRefs | undefined): void {
    if (this.known.size >= CACHE_LIMIT) {
      const oldest = this.known.keys().next();
      if (oldest.done !== true) this.known.delete(oldest.value);
    }
    this.known.set(uri, { cid, root: reply?.root ?? { uri, cid } });
  }

  /** Reply refs for answering a citizen's post. */
  async forTarget(target: ReplyTarget): Promise<ReplyRefs> {
    const parentCid = target.extra?.['parentCid'];
    if (parentCid !== undefined) {
      const rootUri = target.extra?.['rootUri'];
      const rootCid = target.extra?.['rootCid'];
      const parent = { uri: target.messageId, cid: parentCid };
      const root = rootUri !== undefined && rootCid !== undefined ? { uri: rootUri, cid: rootCid } : parent;
      return { root, parent };
    }
    return this.forUri(target.messageId);
  }

  /** Reply refs for continuing under any post, ours or not. */
  async forUri(uri: string): Promise<ReplyRefs> {
    const cached = this.known.get(uri);
    if (cached) return { root: cached.root, parent: { uri, cid: cached.cid } };
    const { repo, collection, rkey } = parseAtUri(uri);
    const res = await this.agent.com.atproto.repo.getRecord({ repo, collection, rkey });
    const cid = res.data.cid;
    if (cid === undefined) {
      throw new AppError('REJECTED', `bluesky: record ${uri} has no cid`, { retryable: false });
    }
    const parent = { uri: res.data.uri, cid };
    const root = replyRootOf(res.data.value) ?? parent;
    this.known.set(uri, { cid, root });
    return { root, parent };
  }
}

/** The `reply.root` strong ref of a post record, if it is a reply. */
export function replyRootOf(record: unknown): StrongRef | undefined {
  return strongRefAt(record, 'root');
}

/** The `reply.parent` strong ref of a post record, if it is a reply. */
export function replyParentOf(record: unknown): StrongRef | undefined {
  return strongRefAt(record, 'parent');
}

function strongRefAt(record: unknown, which: 'root' | 'parent'): StrongRef | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const reply = (record as { reply?: unknown }).reply;
  if (typeof reply !== 'object' || reply === null) return undefined;
  const ref = (reply as Record<string, unknown>)[which];
  if (typeof ref !== 'object' || ref === null) return undefined;
  const { uri, cid } = ref as { uri?: unknown; cid?: unknown };
  return typeof uri === 'string' && typeof cid === 'string' ? { uri, cid } : undefined;
}
