import type { StaffRole } from './roles.js';

/** How a caller reached the service; recorded in the audit entry, never used for permissions. */
export type Surface = 'console' | 'api' | 'cli' | 'chat';

/**
 * An authenticated caller of a staff command: a staff user (signed in to the console, holding a
 * personal API token, or a Discord member linked to them) or a service account (an API token of
 * its own, or the local admin token as `service:local-admin`). Nothing the caller says about
 * itself is taken as identity: every field comes from the credential.
 */
export interface Actor {
  /** `user:<name>` or `service:<name>`: the audit log's `actor`. */
  id: string;
  kind: 'user' | 'service';
  name: string;
  role: StaffRole;
  via: Surface;
  /** Which credential: `session`, `token:<id>`, `admin-token`, `chat:<channel kind>:<member id>`. */
  credential: string;
}

export function userActor(name: string, role: StaffRole, via: Surface, credential: string): Actor {
  return { id: `user:${name}`, kind: 'user', name, role, via, credential };
}

export function serviceActor(name: string, role: StaffRole, via: Surface, credential: string): Actor {
  return { id: `service:${name}`, kind: 'service', name, role, via, credential };
}

/** The service account the local admin token (ADMIN_TOKEN, or the generated one in .civicast/admin.json) acts as. */
export const LOCAL_ADMIN = 'local-admin';

/**
 * Whether `actor` wrote something whose author is recorded as `createdBy`. Older records store a
 * bare user name, newer ones the actor id; both are read.
 */
export function isAuthor(actor: Actor, createdBy: string | undefined): boolean {
  if (createdBy === undefined) return false;
  return createdBy === actor.id || (actor.kind === 'user' && createdBy === actor.name);
}
