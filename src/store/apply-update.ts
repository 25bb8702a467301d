import type { Post } from '../domain/post.js';
import type { PostUpdate } from './store.js';

/** Applies a post update; leaving claimed/attempting drops the claim. Shared by the embedded adapters. */
export function applyUpdate(post: Post, update: PostUpdate, now: number): Post {
  const next: Post = { ...post, updatedAt: now };
  if (update.status !== undefined) next.status = update.status;
  if (update.attempts !== undefined) next.attempts = update.attempts;
  if (update.sentParts !== undefined) next.sentParts = update.sentParts;
  if (update.lastError !== undefined) next.lastError = update.lastError;
  if (update.dueAt !== undefined) next.dueAt = update.dueAt;
  if (update.awaitingApproval !== undefined) next.awaitingApproval = update.awaitingApproval;
  if (update.claimUntil !== undefined) next.claimUntil = update.claimUntil;
  if (next.status !== 'claimed' && next.status !== 'attempting') {
    delete next.claimOwner;
    delete next.claimUntil;
  }
  return next;
}
