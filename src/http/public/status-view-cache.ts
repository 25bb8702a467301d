import type { Emergency } from '../../domain/emergency.js';
import { AppError } from '../../domain/errors.js';
import type { Services } from '../../services.js';
import { buildStatusView, type StatusView } from './status-view.js';

/** What makes a cached view wrong at once: any emergency change (its id, status, revision, time). */
function emergencyKey(emergencies: Emergency[]): string {
  return emergencies.map((e) => `${e.id}:${e.status}:${e.revision}:${e.updatedAt}`).join('|');
}

/**
 * The public pages are what journalists and half the city reload during a storm. One view is
 * built at most every `ttlMs` and shared by every request (concurrent requests wait for the same
 * build), except that an emergency change shows at once: the emergencies (a handful of
 * documents) are read on every request, the posts only on a rebuild.
 *
 * When the store cannot be read (Redis down or frozen), the last good view is served marked
 * `stale` with the time it was built, rather than an error: residents keep seeing what was last
 * known, and that it may be out of date. Before any view was built, the pages answer 503.
 */
export class StatusViewCache {
  private cached: { view: StatusView; key: string; builtAt: number } | undefined;
  private building: { key: string; view: Promise<StatusView> } | undefined;

  constructor(
    private readonly services: Services,
    private readonly ttlMs = 5_000,
  ) {}

  async get(): Promise<StatusView> {
    try {
      return await this.fresh();
    } catch (error) {
      const last = this.cached;
      if (last === undefined) throw new AppError('STORE_UNAVAILABLE', 'the status cannot be read right now; try again shortly', { cause: error });
      return { ...last.view, stale: { since: last.view.generatedAt } };
    }
  }

  private async fresh(): Promise<StatusView> {
    const emergencies = await this.services.emergencies.list();
    const key = emergencyKey(emergencies);
    const now = this.services.clock.now();
    if (this.cached !== undefined && this.cached.key === key && now - this.cached.builtAt < this.ttlMs) return this.cached.view;
    if (this.building?.key === key) return this.building.view;
    const view = buildStatusView(this.services, emergencies);
    const building = { key, view };
    this.building = building;
    try {
      const built = await view;
      this.cached = { view: built, key, builtAt: now };
      return built;
    } finally {
      if (this.building === building) this.building = undefined;
    }
  }
}
