import { createHash } from 'node:crypto';
import type { ChannelStateStore } from '../channels/channel.js';

const INDEX_KEY = 'cards';
const FILE = /^([0-9a-f]{64})\.png$/;

/**
 * Image cards kept for a platform that downloads media from a URL (it fetches `image_url` while
 * it processes the post). They live in the channel's state (the shared store), so any instance
 * behind the public URL can serve them. Storage stays bounded: a card is removed once its post
 * is published (the platform has it by then), and every new card prunes those older than the
 * retention (a post that never went out). Names are content hashes: a URL cannot be guessed from
 * the text and never changes meaning.
 */
export class HostedCards {
  /** Index updates of this process, one at a time (concurrent posts would lose each other's entries). */
  private indexUpdates: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: ChannelStateStore,
    private readonly now: () => number,
    private readonly retentionMs: number,
  ) {}

  /** Keeps the card; returns its file name (`<sha256>.png`). */
  async put(png: Buffer): Promise<string> {
    const id = createHash('sha256').update(png).digest('hex');
    await this.state.set(cardKey(id), png.toString('base64'));
    await this.updateIndex(async (index) => {
      index[id] = this.now();
      for (const [old, at] of Object.entries(index)) {
        if (at < this.now() - this.retentionMs) {
          await this.drop(old);
          delete index[old];
        }
      }
    });
    return `${id}.png`;
  }

  /** The PNG for a file name, or undefined when unknown or already removed. */
  async get(file: string): Promise<Buffer | undefined> {
    const id = FILE.exec(file)?.[1];
    if (id === undefined) return undefined;
    const base64 = await this.state.get<string | null>(cardKey(id));
    return typeof base64 === 'string' ? Buffer.from(base64, 'base64') : undefined;
  }

  /** Removes a card once the platform no longer needs it. */
  async remove(file: string): Promise<void> {
    const id = FILE.exec(file)?.[1];
    if (id === undefined) return;
    await this.drop(id);
    await this.updateIndex(async (index) => {
      delete index[id];
    });
  }

  /** How many cards are kept now (for tests and operators). */
  async count(): Promise<number> {
    return Object.keys(await this.index()).length;
  }

  private updateIndex(change: (index: Record<string, number>) => Promise<void>): Promise<void> {
    const run = this.indexUpdates.then(async () => {
      const index = await this.index();
      await change(index);
      await this.state.set(INDEX_KEY, index);
    });
    this.indexUpdates = run.catch(() => undefined);
    return run;
  }

  private async index(): Promise<Record<string, number>> {
    return (await this.state.get<Record<string, number> | null>(INDEX_KEY)) ?? {};
  }

  private async drop(id: string): Promise<void> {
    if (this.state.delete !== undefined) await this.state.delete(cardKey(id));
    else await this.state.set(cardKey(id), null);
  }
}

function cardKey(id: string): string {
  return `card:${id}`;
}
