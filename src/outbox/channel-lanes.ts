import { PRIORITY_RANK, type Post } from '../domain/post.js';

/** A claimed post waiting for its channel. */
export interface LaneItem {
  post: Post;
  /** Its earlier claim expired: it may need reconciling before anything is sent. */
  recovered: boolean;
}

interface Lane {
  queue: (LaneItem & { seq: number })[];
  /** Id of the post being delivered right now. */
  current: string | undefined;
  worker: Promise<void> | undefined;
}

/**
 * One queue per channel, each drained by its own worker, one post at a time (thread order, rate
 * limits). Queues are kept in strict precedence (PRIORITY_RANK, then claim order), so a danger
 * reply claimed after a batch of answers goes next, not after them; and a slow platform holds up
 * only its own queue, never another channel's or the claiming.
 */
export class ChannelLanes {
  private readonly lanes = new Map<string, Lane>();
  private seq = 0;

  /**
   * @param deliver sends one post (never throws: failures are the dispatcher's to record).
   * @param onEmpty called when a queue runs dry, so the dispatcher can claim more at once.
   * @param depth a channel with this many posts waiting gets from claims only posts that outrank them all.
   */
  constructor(
    private readonly deliver: (item: LaneItem) => Promise<void>,
    private readonly onEmpty: () => void,
    private readonly depth: number,
  ) {}

  /** Queues claimed posts by channel and starts the workers that are idle. */
  add(items: readonly LaneItem[]): void {
    for (const item of items) {
      const lane = this.lane(item.post.channel);
      // Our own claim may hand back a post we still hold (its lease ran out while it waited).
      if (lane.current === item.post.id) continue;
      const queued = lane.queue.findIndex((q) => q.post.id === item.post.id);
      if (queued >= 0) lane.queue.splice(queued, 1);
      const entry = { ...item, seq: this.seq++ };
      const rank = PRIORITY_RANK[item.post.priority];
      const at = lane.queue.findIndex((q) => PRIORITY_RANK[q.post.priority] > rank);
      if (at < 0) lane.queue.push(entry);
      else lane.queue.splice(at, 0, entry);
    }
    for (const [channel, lane] of this.lanes) if (lane.worker === undefined && lane.queue.length > 0) this.run(channel, lane);
  }

  /**
   * Channels whose queue is full, each with the rank of the best post it holds: the next claim
   * leaves their posts of that class or lower in the store, and still takes any that would go first.
   */
  full(): Record<string, number> {
    const full: Record<string, number> = {};
    for (const [channel, lane] of this.lanes) {
      const first = lane.queue[0];
      if (first !== undefined && lane.queue.length >= this.depth) full[channel] = PRIORITY_RANK[first.post.priority];
    }
    return full;
  }

  /** Whether a post of a higher class is waiting on this post's channel. */
  outranked(post: Post): boolean {
    const next = this.lanes.get(post.channel)?.queue[0];
    return next !== undefined && PRIORITY_RANK[next.post.priority] < PRIORITY_RANK[post.priority];
  }

  /** Resolves once every queue is empty and no delivery is running. */
  async idle(): Promise<void> {
    for (;;) {
      const workers = [...this.lanes.values()].map((lane) => lane.worker).filter((w): w is Promise<void> => w !== undefined);
      if (workers.length === 0) return;
      await Promise.all(workers);
    }
  }

  private lane(channel: string): Lane {
    let lane = this.lanes.get(channel);
    if (lane === undefined) {
      lane = { queue: [], current: undefined, worker: undefined };
      this.lanes.set(channel, lane);
    }
    return lane;
  }

  private run(channel: string, lane: Lane): void {
    lane.worker = (async () => {
      for (let item = lane.queue.shift(); item !== undefined; item = lane.queue.shift()) {
        lane.current = item.post.id;
        try {
          await this.deliver(item);
        } finally {
          lane.current = undefined;
        }
      }
    })().finally(() => {
      lane.worker = undefined;
      if (lane.queue.length > 0) this.run(channel, lane);
      else this.onEmpty();
    });
  }
}
