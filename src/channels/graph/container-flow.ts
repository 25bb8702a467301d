import { createHash } from 'node:crypto';
import { AppError, isAppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { ChannelStateStore, LookupResult } from '../channel.js';
import type { GraphApi } from './graph-api.js';

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED';

/** A container as saved per part, before it is published. */
interface SavedContainer {
  id: string;
  createdAt: number;
  /** Fingerprint of the text it was made for: an edited part gets a new container. */
  text: string;
}

export interface ContainerFlowOptions {
  api: GraphApi;
  state: ChannelStateStore;
  now: () => number;
  /** Label for messages. */
  platform: string;
  /** The field holding the container's status: `status_code` or `status`. */
  statusField: string;
  /** Pause between two status checks while the platform processes a container. */
  pollMs: number;
  /** Longest wait in one attempt; past it the attempt is retried later with the same container. */
  maxWaitMs: number;
}

/** How one part is made, published and found, for {@link ContainerFlow.publish}. */
export interface ContainerSteps {
  /** Creates the container (nothing visible yet); returns its id. */
  create(): Promise<string>;
  /** Publishes a finished container. */
  publish(containerId: string): Promise<PartRef>;
  /** The published post, when the platform lists it (it may lag). */
  find(since: number): Promise<PartRef | undefined>;
}

const fingerprint = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Publishing in two steps (a container, then publish), shared by the Meta platforms that work
 * this way. The container id is saved per part before it is published, and a container publishes
 * only once, so a resend after a lost answer — by this process or another — cannot make a second
 * post: it finds the container published and looks the post up instead. The saved container acts
 * as the idempotency key these APIs do not offer.
 */
export class ContainerFlow {
  constructor(private readonly options: ContainerFlowOptions) {}

  async status(id: string): Promise<ContainerStatus> {
    const answer = await this.options.api.get<Record<string, unknown>>('check container', id, { fields: `id,${this.options.statusField}` });
    const status = answer[this.options.statusField];
    return typeof status === 'string' ? ((status.split(':')[0]?.trim() ?? 'IN_PROGRESS') as ContainerStatus) : 'IN_PROGRESS';
  }

  /** Waits while the platform processes the container (downloads the image, checks the text). */
  async waitReady(id: string): Promise<ContainerStatus> {
    const until = this.options.now() + this.options.maxWaitMs;
    for (;;) {
      const status = await this.status(id);
      if (status !== 'IN_PROGRESS') return status;
      if (this.options.now() >= until) throw new AppError('PLATFORM_UNAVAILABLE', `${this.options.platform} is still processing container ${id}; the next attempt resumes it`, { retryable: true });
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }

  async publish(key: string, text: string, steps: ContainerSteps): Promise<PartRef> {
    let container = await this.saved(key, text);
    if (container !== undefined) {
      const status = await this.waitReady(container.id);
      if (status === 'PUBLISHED') return this.alreadyPublished(container, steps);
      if (status === 'ERROR' || status === 'EXPIRED') container = undefined;
    }
    if (container === undefined) {
      container = { id: await steps.create(), createdAt: this.options.now(), text: fingerprint(text) };
      await this.options.state.set(stateKey(key), container);
      const status = await this.waitReady(container.id);
      if (status === 'ERROR' || status === 'EXPIRED') throw new AppError('REJECTED', `${this.options.platform} could not process container ${container.id} (${status})`, { retryable: false });
    }
    try {
      return await steps.publish(container.id);
    } catch (error) {
      // "Already published" (an earlier attempt whose answer was lost): settle, never refuse.
      if (isAppError(error) && error.code === 'REJECTED' && (await this.status(container.id).catch(() => undefined)) === 'PUBLISHED') return this.alreadyPublished(container, steps);
      throw error;
    }
  }

  /**
   * Did the part go out? Only if its saved container is published; then the post is looked for
   * (not listed yet = not found yet: the dispatcher keeps looking over the settle window, and a
   * resend after it is safe because the container cannot publish twice).
   */
  async lookup(key: string, text: string, since: number, find: (since: number) => Promise<PartRef | undefined>): Promise<LookupResult> {
    const container = await this.saved(key, text);
    if (container === undefined || (await this.status(container.id)) !== 'PUBLISHED') return { found: false };
    const ref = await find(Math.min(since, container.createdAt));
    return ref === undefined ? { found: false } : { found: true, ref };
  }

  private async alreadyPublished(container: SavedContainer, steps: ContainerSteps): Promise<PartRef> {
    const found = await steps.find(container.createdAt);
    if (found !== undefined) return found;
    throw new AppError('OUTCOME_UNKNOWN', `${this.options.platform} container ${container.id} is published but its post is not listed yet`, { retryable: true, mayHaveSucceeded: true });
  }

  private async saved(key: string, text: string): Promise<SavedContainer | undefined> {
    const saved = await this.options.state.get<SavedContainer | null>(stateKey(key));
    return saved === null || saved === undefined || saved.text !== fingerprint(text) ? undefined : saved;
  }
}

function stateKey(key: string): string {
  return `container:${key}`;
}
