import type { CommandEvent } from '../../../src/staff/staff-actions.js';
import { startConsole, type ConsoleHarness, FormClient, USERS, type UserName } from '../console/console-harness.js';

export { FormClient, passwordOf, startConsole, USERS } from '../console/console-harness.js';
export type { ConsoleHarness } from '../console/console-harness.js';

export type Role = 'anonymous' | 'viewer' | 'comms' | 'manager' | 'admin';
export const ROLES: readonly Role[] = ['anonymous', 'viewer', 'comms', 'manager', 'admin'];
/** One console user per role, from the console harness's users. */
export const USER_OF: Record<Exclude<Role, 'anonymous'>, UserName> = { viewer: 'vic', comms: 'cal', manager: 'mia', admin: 'ada' };
export const ADMIN_TOKEN = 'console-test-token-0123456789';

/** A service under attack: signed-in console clients and personal API tokens for every role. */
export interface AttackHarness extends ConsoleHarness {
  clients: Record<Exclude<Role, 'anonymous'>, FormClient>;
  tokens: Record<Exclude<Role, 'anonymous'>, string>;
  /** Every staff command run since the last `events.length = 0`. */
  events: CommandEvent[];
}

export async function startAttack(staff: Parameters<typeof startConsole>[0] = {}, extra: Record<string, string> = {}): Promise<AttackHarness> {
  const h = await startConsole(staff, extra);
  const events: CommandEvent[] = [];
  h.svc.services.staff.onCommand((event) => events.push(event));
  const clients = {} as AttackHarness['clients'];
  const tokens = {} as AttackHarness['tokens'];
  for (const [role, name] of Object.entries(USER_OF) as [Exclude<Role, 'anonymous'>, UserName][]) {
    const client = new FormClient(h.base);
    const login = await client.login(name);
    if (login.status !== 303) throw new Error(`attack harness: ${name} could not sign in (${login.status})`);
    clients[role] = client;
    tokens[role] = (await h.svc.services.staff.tokens.create(`${name}'s laptop`, { kind: 'user', name }, 'test', Date.now())).token;
  }
  if (Object.keys(USERS).length < 4) throw new Error('attack harness: a user per role is needed');
  return { ...h, clients, tokens, events };
}

/** A JSON call to the admin API with a bearer token. */
export async function api(base: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(base + path, {
    method,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a 404 page); kept as text
  }
  return { status: response.status, json };
}
