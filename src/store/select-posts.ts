import type { Post } from '../domain/post.js';
import type { PostQuery } from './store.js';

/** Applies a query's filters, order and limit to candidate posts (shared by the adapters). */
export function selectPosts(candidates: Post[], query: PostQuery): Post[] {
  const posts = candidates.filter(
    (post) =>
      (query.status === undefined || post.status === query.status) &&
      (query.channel === undefined || post.channel === query.channel) &&
      (query.group === undefined || post.group === query.group) &&
      (query.broadcastsOnly !== true || post.replyTo === undefined) &&
      (query.since === undefined || post.updatedAt >= query.since) &&
      (query.until === undefined || post.updatedAt < query.until),
  );
  if (query.order === 'recent') posts.sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
  else posts.sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  return query.limit === undefined ? posts : posts.slice(0, query.limit);
}
