import type { Store } from '../store/store.js';

export interface PauseState {
  paused: boolean;
  by: string;
  at: number;
  reason?: string;
}

const COLLECTION = 'control';
const ID = 'pause';

/** The global pause: one switch in the store, so it survives restarts and covers every instance. */
export class PauseSwitch {
  private cached: { state: PauseState | undefined; readAt: number } | undefined;

  constructor(
    private readonly store: Store,
    /** How long a read is trusted; the dispatcher checks every tick. */
    private readonly cacheMs = 500,
  ) {}

  async get(now: number): Promise<PauseState | undefined> {
    if (this.cached !== undefined && now - this.cached.readAt < this.cacheMs) return this.cached.state;
    const state = await this.store.getDoc<PauseState>(COLLECTION, ID);
    this.cached = { state, readAt: now };
    return state;
  }

  async isPaused(now: number): Promise<boolean> {
    return (await this.get(now))?.paused === true;
  }

  async set(paused: boolean, by: string, now: number, reason?: string): Promise<PauseState> {
    const state: PauseState = { paused, by, at: now, ...(reason === undefined ? {} : { reason }) };
    await this.store.putDoc(COLLECTION, ID, state);
    this.cached = { state, readAt: now };
    return state;
  }
}
