import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import { newPost, type NewPost, type Post } from '../domain/post.js';
import type { Store } from '../store/store.js';

/**
 * The outbox as services see it: enqueue (idempotent), cancel, retry, approve. Staff actions are
 * audited with the actor.
 */
export class Outbox {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private dueListener: (() => void) | undefined;

  /** Called after a post that is already due was queued (the dispatcher wakes up for it). */
  onDuePost(listener: () => void): void {
    this.dueListener = listener;
  }

  /** Adds a post; a post with the same id is left alone. Returns whether it was new. */
  async enqueue(input: NewPost): Promise<boolean> {
    if (input.parts.length === 0 || input.parts.some((p) => p.trim().length === 0)) {
      throw new AppError('INVALID_INPUT', `post ${input.id} has an empty part`);
    }
    const now = this.clock.now();
    const created = await this.store.enqueuePost(newPost(input, now));
    if (created && input.dueAt <= now && input.awaitingApproval !== true) this.dueListener?.();
    return created;
  }

  async enqueueAll(inputs: NewPost[]): Promise<number> {
    let created = 0;
    for (const input of inputs) if (await this.enqueue(input)) created++;
    return created;
  }

  get(id: string): Promise<Post | undefined> {
    return this.store.getPost(id);
  }

  async cancel(id: string, actor: string): Promise<Post> {
    const post = await this.requireUnclaimed(id, 'cancel', ['pending', 'failed']);
    const updated = await this.store.updateUnclaimed(post.id, { status: 'cancelled' }, this.clock.now());
    await this.audit(actor, 'post.cancel', id, post.channel);
    return this.must(updated, id);
  }

  /** Puts a failed, dropped or cancelled post back in the queue, due now. */
  async retry(id: string, actor: string): Promise<Post> {
    const post = await this.requireUnclaimed(id, 'retry', ['failed', 'dropped', 'cancelled']);
    if (post.lastError?.includes('outcome of an earlier attempt is unknown') === true && actor === 'system') {
      throw new AppError('CONFLICT', 'a person must confirm the post is not on the platform before retrying');
    }
    const updated = await this.store.updateUnclaimed(post.id, { status: 'pending', dueAt: this.clock.now(), attempts: 0 }, this.clock.now());
    await this.audit(actor, 'post.retry', id, post.channel);
    return this.must(updated, id);
  }

  /** Second-person approval: releases a post waiting for it. */
  async approve(id: string, actor: string): Promise<Post> {
    const post = await this.requireUnclaimed(id, 'approve', ['pending']);
    if (post.awaitingApproval !== true) throw new AppError('CONFLICT', `post ${id} is not waiting for approval`);
    if (post.createdBy !== undefined && `user:${post.createdBy}` === actor) {
      throw new AppError('FORBIDDEN', 'a post must be approved by someone other than its author');
    }
    const updated = await this.store.updateUnclaimed(post.id, { awaitingApproval: false }, this.clock.now());
    await this.audit(actor, 'post.approve', id, post.channel);
    return this.must(updated, id);
  }

  async cancelGroup(group: string, actor: string): Promise<number> {
    const count = await this.store.cancelGroup(group, this.clock.now());
    if (count > 0) await this.audit(actor, 'posts.cancel-group', group, undefined, { count });
    return count;
  }

  private async requireUnclaimed(id: string, action: string, allowed: Post['status'][]): Promise<Post> {
    const post = await this.store.getPost(id);
    if (post === undefined) throw new AppError('NOT_FOUND', `no post with id ${id}`);
    if (!allowed.includes(post.status)) throw new AppError('CONFLICT', `cannot ${action} a post that is ${post.status}`);
    return post;
  }

  private must(post: Post | undefined, id: string): Post {
    if (post === undefined) throw new AppError('CONFLICT', `post ${id} is being sent right now; try again`);
    return post;
  }

  private async audit(actor: string, action: string, target: string, where?: string, detail?: Record<string, unknown>): Promise<void> {
    await this.store.appendAudit({
      at: this.clock.now(),
      actor,
      action,
      target,
      ...(where === undefined ? {} : { where }),
      ...(detail === undefined ? {} : { detail }),
    });
  }
}
