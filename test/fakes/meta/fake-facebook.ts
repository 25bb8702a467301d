import type { IndexingLag } from '../indexing-lag.js';
import { FakeGraphServer, graphError, graphTime, idSequence, type GraphCall } from './fake-graph-core.js';

export interface FakePagePost {
  id: string;
  message: string;
  createdAt: number;
  /** Comments change it, so a poll can skip posts nobody commented on. */
  updatedAt: number;
  /** Lists and comment edges show it only from this time on (indexing lag). */
  visibleAt: number;
}

export interface FakeComment {
  id: string;
  postId: string;
  /** Top-level comment this one answers; comments nest one level on Facebook. */
  parentId: string | null;
  from: { id: string; name: string };
  message: string;
  createdAt: number;
  visibleAt: number;
}

export interface FakeFacebook {
  url: string;
  graph: FakeGraphServer;
  page: { id: string; name: string };
  pageToken: string;
  posts: FakePagePost[];
  comments: FakeComment[];
  /** New posts and comments show in lists this long after they are made. */
  /** New posts and comments show in lists only after this lag (the Graph server's). */
  lag: IndexingLag;
  /** Posts by the page, oldest first: "exactly once" is asserted on this. */
  posted(): FakePagePost[];
  /** Replies the page wrote, oldest first. */
  pageComments(): FakeComment[];
  /** A post the page made earlier (outside the service), for residents to comment on. */
  seedPost(message: string): FakePagePost;
  /** A resident comments on a post (or answers a comment). */
  comment(input: { postId: string; from?: string; message: string; parentId?: string }): FakeComment;
  /** Revokes the page token, as when the user's password changes or the token expires. */
  expireToken(): void;
  close(): Promise<void>;
}

/**
 * A loopback Graph API for a Facebook Page (v21.0): the page publishes to `/{page-id}/feed`,
 * lists its feed and comments with cursor paging, comments as the page with `/{object-id}/comments`,
 * refuses an identical consecutive post (`code` 506), and shows new objects after the indexing lag.
 */
export async function startFakeFacebook(options: { pageToken?: string } = {}): Promise<FakeFacebook> {
  const tokens = new Set([options.pageToken ?? 'EAAG-page-token-secret']);
  const graph = new FakeGraphServer({ version: 'v21.0', tokens: () => tokens, createPaths: ['/feed', '/comments'] });
  const page = { id: '1000000001', name: 'City of Philadelphia' };
  const postSeq = idSequence(7_000_000_000_000n);
  const commentSeq = idSequence(9_100_000_000_000n);
  const posts: FakePagePost[] = [];
  const comments: FakeComment[] = [];
  const people = new Map<string, { id: string; name: string }>();
  const fake: FakeFacebook = {
    url: '',
    graph,
    page,
    pageToken: [...tokens][0] ?? '',
    posts,
    comments,
    lag: graph.lag,
    posted: () => [...posts],
    pageComments: () => comments.filter((c) => c.from.id === page.id),
    seedPost(message) {
      const now = Date.now();
      const post: FakePagePost = { id: `${page.id}_${postSeq()}`, message, createdAt: now, updatedAt: now, visibleAt: now };
      posts.push(post);
      return post;
    },
    comment(input) {
      const name = input.from ?? 'Resident';
      let from = people.get(name);
      if (from === undefined) {
        from = { id: String(2_000_000_000_000n + BigInt(people.size + 1)), name };
        people.set(name, from);
      }
      return addComment(input.postId, input.parentId ?? null, from, input.message);
    },
    expireToken: () => tokens.clear(),
    close: () => graph.close(),
  };

  function addComment(postId: string, parentId: string | null, from: { id: string; name: string }, message: string): FakeComment {
    const now = Date.now();
    const id = `${postId.split('_')[1] ?? postId}_${commentSeq()}`;
    const comment: FakeComment = { id, postId, parentId, from, message, createdAt: now, visibleAt: graph.lag.created(id, now) };
    comments.push(comment);
    const post = posts.find((p) => p.id === postId);
    if (post !== undefined) post.updatedAt = now;
    return comment;
  }

  const visible = <T extends { visibleAt: number }>(items: T[]) => items.filter((i) => i.visibleAt <= Date.now());
  const since = (call: GraphCall) => (call.params['since'] === undefined ? 0 : Number(call.params['since']) * 1000);
  const postJson = (p: FakePagePost) => ({ id: p.id, message: p.message, created_time: graphTime(p.createdAt), updated_time: graphTime(p.updatedAt), permalink_url: `https://www.facebook.com/${p.id}` });
  const commentJson = (c: FakeComment) => ({ id: c.id, message: c.message, created_time: graphTime(c.createdAt), from: c.from, ...(c.parentId === null ? {} : { parent: { id: c.parentId } }), permalink_url: `https://www.facebook.com/${c.postId}?comment_id=${c.id}` });

  graph.route((call) => {
    const [id, edge] = call.parts;
    if (call.method === 'GET' && id === 'me' && edge === undefined) {
      graph.send(call.res, 200, { id: page.id, name: page.name });
      return true;
    }
    if (id === page.id && (edge === 'feed' || edge === 'posts')) {
      if (call.method === 'POST') {
        const message = call.params['message'] ?? '';
        if (message.trim().length === 0) return (graph.send(call.res, 400, graphError('(#100) The parameter message is required', 100)), true);
        if (posts.at(-1)?.message === message) return (graph.send(call.res, 400, graphError('Duplicate status message', 506, { subcode: 1455006 })), true);
        const now = Date.now();
        const id = `${page.id}_${postSeq()}`;
        const post: FakePagePost = { id, message, createdAt: now, updatedAt: now, visibleAt: graph.lag.created(id, now) };
        posts.push(post);
        graph.afterCreate(call, { id: post.id });
        return true;
      }
      const list = visible(posts).filter((p) => p.createdAt >= since(call)).reverse().map(postJson);
      graph.send(call.res, 200, graph.page(call, list));
      return true;
    }
    const post = posts.find((p) => p.id === id);
    const target = post === undefined ? comments.find((c) => c.id === id) : undefined;
    if (edge === 'comments' && (post !== undefined || target !== undefined)) {
      if (call.method === 'POST') {
        const message = call.params['message'] ?? '';
        if (message.trim().length === 0) return (graph.send(call.res, 400, graphError('(#100) The parameter message is required', 100)), true);
        // A reply to a reply joins the top-level comment's thread, as on facebook.com.
        const created = post !== undefined ? addComment(post.id, null, page, message) : addComment(target?.postId ?? '', target?.parentId ?? target?.id ?? null, page, message);
        graph.afterCreate(call, { id: created.id });
        return true;
      }
      const all = visible(comments).filter((c) => (post !== undefined ? c.postId === post.id && (call.params['filter'] === 'stream' || c.parentId === null) : c.parentId === id));
      const ordered = call.params['order'] === 'reverse_chronological' ? [...all].reverse() : all;
      graph.send(call.res, 200, graph.page(call, ordered.map(commentJson)));
      return true;
    }
    if (call.method === 'GET' && edge === undefined && (post !== undefined || target !== undefined)) {
      graph.send(call.res, 200, post !== undefined ? postJson(post) : commentJson(target as FakeComment));
      return true;
    }
    return false;
  });
  await graph.listen();
  fake.url = graph.url;
  return fake;
}
