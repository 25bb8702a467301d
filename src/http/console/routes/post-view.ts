import type { Post } from '../../../domain/post.js';
import { isWebLink } from '../../public/web-link.js';

/** What the outbox and dashboard tables show of a post. */
export interface PostView {
  id: string;
  channel: string;
  preview: string;
  parts: number;
  status: Post['status'];
  priority: Post['priority'];
  dueAt: number;
  updatedAt: number;
  overdue: boolean;
  source: string;
  createdBy: string | null;
  awaitingApproval: boolean;
  /** A pending staff-written post (not a campaign post, reply or schedule occurrence) can be edited. */
  editable: boolean;
  lastError: string | null;
  links: { url: string; n: number }[];
}

export function postView(post: Post, now: number): PostView {
  const text = post.parts.join(' ');
  return {
    id: post.id,
    channel: post.channel,
    preview: text.length > 160 ? `${text.slice(0, 157)}…` : text,
    parts: post.parts.length,
    status: post.status,
    priority: post.priority,
    dueAt: post.dueAt,
    updatedAt: post.updatedAt,
    overdue: post.status === 'pending' && post.dueAt < now - 60_000,
    source: post.source,
    createdBy: post.createdBy ?? null,
    awaitingApproval: post.awaitingApproval === true,
    editable: post.status === 'pending' && post.id.startsWith('post:'),
    lastError: post.lastError ?? null,
    // Only http(s) links are rendered, so a platform id can never become a javascript: URL.
    links: post.sentParts.flatMap((p, i) => (p.url !== undefined && isWebLink(p.url) ? [{ url: p.url, n: i + 1 }] : [])),
  };
}
