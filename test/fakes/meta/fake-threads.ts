import type { IndexingLag } from '../indexing-lag.js';
import { FakeGraphServer, graphError, graphTime, idSequence } from './fake-graph-core.js';

export interface FakeThreadsPost {
  id: string;
  username: string;
  userId: string;
  text: string;
  /** The post this one replies to; null for a top-level post. */
  replyToId: string | null;
  rootId: string;
  createdAt: number;
  visibleAt: number;
}

export interface FakeThreadsContainer {
  id: string;
  text: string;
  replyToId: string | null;
  status: 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED';
  readyAt: number;
}

export interface FakeThreads {
  url: string;
  graph: FakeGraphServer;
  user: { id: string; username: string };
  token: string;
  posts: FakeThreadsPost[];
  containers: FakeThreadsContainer[];
  /** New posts and comments show in lists only after this lag (the Graph server's). */
  lag: IndexingLag;
  /** A container is IN_PROGRESS this long (the docs advise waiting ~30 s for media). */
  processingMs: number;
  /** 250 posts and 1,000 replies per moving 24 h (threads_publishing_limit). */
  quota: { posts: number; replies: number };
  posted(): FakeThreadsPost[];
  /** Someone replies to a post (ours or a reply under it). */
  reply(input: { to: string; username?: string; text: string }): FakeThreadsPost;
  /** Someone mentions our profile in a post of their own. */
  mention(input: { username?: string; text: string }): FakeThreadsPost;
  expireToken(): void;
  /** Tokens issued by `refresh_access_token`, oldest first (each stays valid, as Meta's do). */
  refreshed: string[];
  /** A token stops working (expired or revoked). */
  revoke(token: string): void;
  /** A token an operator made (re-authorised the app). */
  addToken(token: string): void;
  close(): Promise<void>;
}

/** Threads counts emoji by their UTF-8 bytes and everything else by character (posts: 500). */
export function threadsLength(text: string): number {
  let length = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    length += /\p{Extended_Pictographic}/u.test(segment) ? Buffer.byteLength(segment, 'utf8') : [...segment].length;
  }
  return length;
}

/**
 * A loopback Threads API (graph.threads.net, v1.0): text containers with `reply_to_id`, publishing
 * with `threads_publish` (a container publishes once), the 24-hour post and reply quotas, the
 * profile's own posts and replies, replies and whole conversations under a post, and mentions.
 */
export async function startFakeThreads(options: { token?: string } = {}): Promise<FakeThreads> {
  const tokens = new Set([options.token ?? 'THAA-threads-token-secret']);
  const graph = new FakeGraphServer({ version: 'v1.0', tokens: () => tokens, createPaths: ['/threads_publish'], unversioned: ['/refresh_access_token'] });
  const user = { id: '7000000001', username: 'phillycity' };
  const seq = idSequence(18_050_000_000_000_000n);
  const posts: FakeThreadsPost[] = [];
  const containers: FakeThreadsContainer[] = [];
  const publishedAt: { at: number; reply: boolean }[] = [];
  const others = new Map<string, string>();
  const fake: FakeThreads = {
    url: '',
    graph,
    user,
    token: [...tokens][0] ?? '',
    posts,
    containers,
    lag: graph.lag,
    processingMs: 0,
    quota: { posts: 250, replies: 1000 },
    posted: () => posts.filter((p) => p.userId === user.id),
    reply: (input) => add(author(input.username ?? 'resident'), input.text, input.to),
    mention: (input) => add(author(input.username ?? 'resident'), input.text.includes(`@${user.username}`) ? input.text : `@${user.username} ${input.text}`, null),
    expireToken: () => tokens.clear(),
    refreshed: [],
    revoke: (token) => void tokens.delete(token),
    addToken: (token) => void tokens.add(token),
    close: () => graph.close(),
  };

  function author(username: string): { id: string; username: string } {
    let id = others.get(username);
    if (id === undefined) {
      id = String(8_000_000_000n + BigInt(others.size + 1));
      others.set(username, id);
    }
    return { id, username };
  }

  function add(from: { id: string; username: string }, text: string, replyToId: string | null): FakeThreadsPost {
    const now = Date.now();
    const parent = replyToId === null ? undefined : posts.find((p) => p.id === replyToId);
    const id = seq();
    const post: FakeThreadsPost = { id, username: from.username, userId: from.id, text, replyToId, rootId: parent?.rootId ?? id, createdAt: now, visibleAt: graph.lag.created(id, now) };
    posts.push(post);
    return post;
  }

  const visible = (items: FakeThreadsPost[]) => items.filter((i) => i.visibleAt <= Date.now());
  const json = (p: FakeThreadsPost) => ({
    id: p.id,
    text: p.text,
    username: p.username,
    timestamp: graphTime(p.createdAt),
    media_type: 'TEXT_POST',
    permalink: `https://www.threads.net/@${p.username}/post/${p.id}`,
    is_reply: p.replyToId !== null,
    ...(p.replyToId === null ? {} : { replied_to: { id: p.replyToId }, root_post: { id: p.rootId } }),
  });
  const since = (params: Record<string, string>) => (params['since'] === undefined ? 0 : Number(params['since']) * 1000);

  graph.route((call) => {
    const [rawId, edge] = call.parts;
    const id = rawId === 'me' ? user.id : rawId;
    const send = (status: number, body: unknown) => (graph.send(call.res, status, body), true);
    if (rawId === 'refresh_access_token' && call.method === 'GET') {
      // Documented with the token in the query; the server already checked it is a live token.
      if (call.params['grant_type'] !== 'th_refresh_token' || call.params['access_token'] === undefined) return send(400, graphError('(#100) grant_type must be th_refresh_token', 100));
      const next = `THAA-refreshed-${fake.refreshed.length + 1}-${Date.now()}`;
      tokens.add(next);
      fake.refreshed.push(next);
      return send(200, { access_token: next, token_type: 'bearer', expires_in: 5_184_000 });
    }
    if (id === user.id && edge === 'threads' && call.method === 'POST') {
      const text = call.params['text'] ?? '';
      if (call.params['media_type'] !== 'TEXT') return send(400, graphError('(#100) Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}', 100));
      if (text.trim().length === 0) return send(400, graphError('(#100) Param text is required for TEXT posts', 100));
      if (threadsLength(text) > 500) return send(400, graphError('(#100) Param text must be at most 500 characters long.', 100, { subcode: 4279009 }));
      const replyToId = call.params['reply_to_id'] ?? null;
      if (replyToId !== null && !posts.some((p) => p.id === replyToId)) return send(400, graphError('(#100) Invalid reply_to_id', 100, { subcode: 4279003 }));
      const container: FakeThreadsContainer = { id: seq(), text, replyToId, status: 'IN_PROGRESS', readyAt: Date.now() + fake.processingMs };
      containers.push(container);
      return send(200, { id: container.id });
    }
    if (id === user.id && edge === 'threads_publish' && call.method === 'POST') {
      const container = containers.find((c) => c.id === call.params['creation_id']);
      if (container === undefined) return send(400, graphError('(#100) Invalid creation_id', 100));
      if (container.status === 'IN_PROGRESS' && container.readyAt <= Date.now()) container.status = 'FINISHED';
      if (container.status === 'PUBLISHED') return send(400, graphError('The media has already been published.', 24, { subcode: 4279005 }));
      if (container.status !== 'FINISHED') return send(400, graphError('The media is not ready to be published. Please wait a moment.', 24, { subcode: 4279001 }));
      const now = Date.now();
      const reply = container.replyToId !== null;
      const used = publishedAt.filter((p) => p.at >= now - 86_400_000 && p.reply === reply).length;
      if (used >= (reply ? fake.quota.replies : fake.quota.posts)) return send(400, graphError('You have reached the maximum number of posts allowed in 24 hours.', 4, { subcode: 4279010 }));
      publishedAt.push({ at: now, reply });
      container.status = 'PUBLISHED';
      const post = add(user, container.text, container.replyToId);
      graph.afterCreate(call, { id: post.id });
      return true;
    }
    if (id === user.id && edge === 'threads_publishing_limit') {
      const now = Date.now();
      const count = (reply: boolean) => publishedAt.filter((p) => p.at >= now - 86_400_000 && p.reply === reply).length;
      return send(200, { data: [{ quota_usage: count(false), config: { quota_total: fake.quota.posts, quota_duration: 86400 }, reply_quota_usage: count(true), reply_config: { quota_total: fake.quota.replies, quota_duration: 86400 } }] });
    }
    if (id === user.id && (edge === 'threads' || edge === 'replies' || edge === 'mentions') && call.method === 'GET') {
      const own = visible(posts).filter((p) => p.createdAt >= since(call.params));
      const list = edge === 'threads' ? own.filter((p) => p.userId === user.id && p.replyToId === null) : edge === 'replies' ? own.filter((p) => p.userId === user.id && p.replyToId !== null) : own.filter((p) => p.userId !== user.id && p.text.includes(`@${user.username}`));
      return send(200, graph.page(call, [...list].reverse().map(json)));
    }
    if (id === user.id && edge === undefined) return send(200, { id: user.id, username: user.username });
    const container = containers.find((c) => c.id === id);
    if (container !== undefined && edge === undefined) {
      if (container.status === 'IN_PROGRESS' && container.readyAt <= Date.now()) container.status = 'FINISHED';
      return send(200, { id: container.id, status: container.status });
    }
    const post = posts.find((p) => p.id === id);
    if (post !== undefined && (edge === 'replies' || edge === 'conversation')) {
      const under = visible(posts).filter((p) => (edge === 'replies' ? p.replyToId === post.id : p.rootId === post.rootId && p.id !== post.id));
      return send(200, graph.page(call, (call.params['reverse'] === 'false' ? under : [...under].reverse()).map(json)));
    }
    if (post !== undefined && edge === undefined) return send(200, json(post));
    return false;
  });
  await graph.listen();
  fake.url = graph.url;
  return fake;
}
