import type { IndexingLag } from '../indexing-lag.js';
import { FakeGraphServer, graphError, graphTime, idSequence } from './fake-graph-core.js';

export interface FakeContainer {
  id: string;
  imageUrl: string;
  caption: string;
  altText: string | undefined;
  status: 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'PUBLISHED' | 'EXPIRED';
  /** Bytes the fake downloaded from `image_url`, as Meta's servers do. */
  image?: Buffer;
  mediaId?: string;
}

export interface FakeMedia {
  id: string;
  caption: string;
  altText: string | undefined;
  image: Buffer;
  createdAt: number;
  visibleAt: number;
}

export interface FakeIgComment {
  id: string;
  mediaId: string;
  parentId: string | null;
  username: string;
  userId: string;
  text: string;
  createdAt: number;
  visibleAt: number;
}

export interface FakeInstagram {
  url: string;
  graph: FakeGraphServer;
  user: { id: string; username: string };
  token: string;
  containers: FakeContainer[];
  media: FakeMedia[];
  comments: FakeIgComment[];
  /** New posts and comments show in lists only after this lag (the Graph server's). */
  lag: IndexingLag;
  /** How long a container stays IN_PROGRESS after its image was downloaded. */
  processingMs: number;
  /** `content_publishing_limit` quota (the docs' example shows 50 per 24 h). */
  quotaTotal: number;
  posted(): FakeMedia[];
  ownComments(): FakeIgComment[];
  /** Media the account published earlier (outside the service), for residents to comment on. */
  seedMedia(caption: string): FakeMedia;
  comment(input: { mediaId: string; username?: string; text: string; parentId?: string }): FakeIgComment;
  expireToken(): void;
  close(): Promise<void>;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/**
 * A loopback Instagram Graph API (v21.0, Instagram API with Facebook Login): the two-step
 * publishing flow (`/{ig-user-id}/media` makes a container whose `image_url` the fake downloads,
 * `status_code` moves IN_PROGRESS → FINISHED, `/{ig-user-id}/media_publish` publishes it once),
 * the publishing quota, media and comment lists with cursors, and replies to comments.
 */
export async function startFakeInstagram(options: { token?: string } = {}): Promise<FakeInstagram> {
  const tokens = new Set([options.token ?? 'EAAG-ig-token-secret']);
  const graph = new FakeGraphServer({ version: 'v21.0', tokens: () => tokens, createPaths: ['/media_publish', '/replies', '/comments'] });
  const user = { id: '17841400000000001', username: 'phillycity' };
  const containerSeq = idSequence(18_000_000_000_000_000n);
  const mediaSeq = idSequence(17_900_000_000_000_000n);
  const commentSeq = idSequence(17_800_000_000_000_000n);
  const containers: FakeContainer[] = [];
  const media: FakeMedia[] = [];
  const comments: FakeIgComment[] = [];
  const published: number[] = [];
  const fake: FakeInstagram = {
    url: '',
    graph,
    user,
    token: [...tokens][0] ?? '',
    containers,
    media,
    comments,
    lag: graph.lag,
    processingMs: 0,
    quotaTotal: 50,
    posted: () => [...media],
    ownComments: () => comments.filter((c) => c.userId === user.id),
    seedMedia(caption) {
      const now = Date.now();
      const item: FakeMedia = { id: mediaSeq(), caption, altText: caption, image: PNG, createdAt: now, visibleAt: now };
      media.push(item);
      return item;
    },
    comment(input) {
      return addComment(input.mediaId, input.parentId ?? null, input.username ?? 'resident', String(3_000_000n + BigInt(comments.length)), input.text);
    },
    expireToken: () => tokens.clear(),
    close: () => graph.close(),
  };

  function addComment(mediaId: string, parentId: string | null, username: string, userId: string, text: string): FakeIgComment {
    const now = Date.now();
    const id = commentSeq();
    const comment: FakeIgComment = { id, mediaId, parentId, username, userId, text, createdAt: now, visibleAt: graph.lag.created(id, now) };
    comments.push(comment);
    return comment;
  }

  async function download(container: FakeContainer): Promise<void> {
    try {
      const response = await fetch(container.imageUrl);
      const body = Buffer.from(await response.arrayBuffer());
      if (!response.ok || !body.subarray(0, 4).equals(PNG)) throw new Error(`not an image (${response.status})`);
      container.image = body;
      setTimeout(() => {
        if (container.status === 'IN_PROGRESS') container.status = 'FINISHED';
      }, fake.processingMs);
    } catch {
      container.status = 'ERROR';
    }
  }

  const visible = <T extends { visibleAt: number }>(items: T[]) => items.filter((i) => i.visibleAt <= Date.now());
  const commentJson = (c: FakeIgComment) => ({ id: c.id, text: c.text, timestamp: graphTime(c.createdAt), username: c.username, from: { id: c.userId, username: c.username }, ...(c.parentId === null ? {} : { parent_id: c.parentId }) });

  graph.route(async (call) => {
    const [id, edge] = call.parts;
    const send = (status: number, body: unknown) => (graph.send(call.res, status, body), true);
    if (id === user.id && edge === 'media' && call.method === 'POST') {
      const imageUrl = call.params['image_url'];
      if (imageUrl === undefined) return send(400, graphError('(#100) Only photo or video can be accepted as media type.', 100, { subcode: 2207052 }));
      const caption = call.params['caption'] ?? '';
      if ([...caption].length > 2200) return send(400, graphError('(#100) The caption is too long.', 100, { subcode: 2207010 }));
      const container: FakeContainer = { id: containerSeq(), imageUrl, caption, altText: call.params['alt_text'], status: 'IN_PROGRESS' };
      containers.push(container);
      void download(container);
      return send(200, { id: container.id });
    }
    if (id === user.id && edge === 'media_publish' && call.method === 'POST') {
      const container = containers.find((c) => c.id === call.params['creation_id']);
      if (container === undefined) return send(400, graphError('(#100) Invalid parameter', 100, { subcode: 2207032 }));
      if (container.status === 'PUBLISHED') return send(400, graphError('The media has already been published.', 9007, { subcode: 2207008 }));
      if (container.status !== 'FINISHED') return send(400, graphError('The media is not ready for publishing, please wait for a moment', 9007, { subcode: 2207027 }));
      const now = Date.now();
      while (published.length > 0 && (published[0] ?? 0) < now - 86_400_000) published.shift();
      if (published.length >= fake.quotaTotal) return send(400, graphError('Application request limit reached', 9, { subcode: 2207042 }));
      published.push(now);
      const mediaId = mediaSeq();
      const item: FakeMedia = { id: mediaId, caption: container.caption, altText: container.altText, image: container.image ?? Buffer.alloc(0), createdAt: now, visibleAt: graph.lag.created(mediaId, now) };
      media.push(item);
      container.status = 'PUBLISHED';
      container.mediaId = item.id;
      graph.afterCreate(call, { id: item.id });
      return true;
    }
    if (id === user.id && edge === 'media' && call.method === 'GET') {
      const list = visible(media).reverse().map((m) => ({ id: m.id, caption: m.caption, timestamp: graphTime(m.createdAt), permalink: `https://www.instagram.com/p/${m.id}/`, comments_count: comments.filter((c) => c.mediaId === m.id).length }));
      return send(200, graph.page(call, list));
    }
    if (id === user.id && edge === 'content_publishing_limit') {
      return send(200, { data: [{ quota_usage: published.filter((t) => t >= Date.now() - 86_400_000).length, config: { quota_total: fake.quotaTotal, quota_duration: 86400 } }] });
    }
    if (id === user.id && edge === undefined) return send(200, { id: user.id, username: user.username });
    const container = containers.find((c) => c.id === id);
    if (container !== undefined && edge === undefined) return send(200, { id: container.id, status_code: container.status, ...(container.status === 'ERROR' ? { status: 'ERROR: 2207052' } : {}) });
    const item = media.find((m) => m.id === id);
    if (item !== undefined && edge === 'comments' && call.method === 'POST') {
      const message = call.params['message'] ?? '';
      if (message.trim().length === 0) return send(400, graphError('(#100) The parameter message is required', 100));
      const created = addComment(item.id, null, user.username, user.id, message);
      graph.afterCreate(call, { id: created.id });
      return true;
    }
    if (item !== undefined && edge === 'comments') {
      const top = visible(comments).filter((c) => c.mediaId === item.id && c.parentId === null).reverse();
      const withReplies = top.map((c) => ({ ...commentJson(c), replies: { data: visible(comments).filter((r) => r.parentId === c.id).map(commentJson) } }));
      return send(200, graph.page(call, withReplies));
    }
    if (item !== undefined && edge === undefined) return send(200, { id: item.id, caption: item.caption, timestamp: graphTime(item.createdAt), permalink: `https://www.instagram.com/p/${item.id}/` });
    const target = comments.find((c) => c.id === id);
    if (target !== undefined && edge === 'replies' && call.method === 'POST') {
      const message = call.params['message'] ?? '';
      if (message.trim().length === 0) return send(400, graphError('(#100) The parameter message is required', 100));
      // Replies nest one level: answering a reply joins its top-level comment.
      const created = addComment(target.mediaId, target.parentId ?? target.id, user.username, user.id, message);
      graph.afterCreate(call, { id: created.id });
      return true;
    }
    if (target !== undefined && edge === 'replies') return send(200, graph.page(call, visible(comments).filter((r) => r.parentId === target.id).map(commentJson)));
    return false;
  });
  await graph.listen();
  fake.url = graph.url;
  return fake;
}
