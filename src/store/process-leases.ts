/**
 * Named leases held in this process: for the embedded adapters, where one process owns the store
 * and a lease need not outlive it. Same rules as the Redis leases: one owner at a time until the
 * lease runs out; the owner may renew or release it.
 */
export class ProcessLeases {
  private readonly leases = new Map<string, { owner: string; until: number }>();

  acquire(name: string, owner: string, ttlMs: number, now: number): boolean {
    const lease = this.leases.get(name);
    if (lease !== undefined && lease.owner !== owner && lease.until > now) return false;
    this.leases.set(name, { owner, until: now + ttlMs });
    return true;
  }

  release(name: string, owner: string): void {
    if (this.leases.get(name)?.owner === owner) this.leases.delete(name);
  }
}
