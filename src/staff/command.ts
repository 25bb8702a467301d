import type { z } from 'zod';
import type { AuditEntry } from '../domain/audit.js';
import type { Services } from '../services.js';
import type { Actor } from './actor.js';
import type { StaffRole } from './roles.js';
import type { UserDirectory } from './users/user-directory.js';
import type { ApiTokens } from './users/api-tokens.js';

/** What a command's effect may use. */
export interface CommandContext {
  services: Services;
  users: UserDirectory;
  tokens: ApiTokens;
  actor: Actor;
  now: number;
  /**
   * Writes this command's entry to the staff stream, with the actor and the surface it came
   * through. Effects done by a domain service that audits itself (emergencies, the scheduler, the
   * outbox, the inbox) get their actor from `ctx.actor.id` and need no second entry.
   */
  audit(entry: Omit<AuditEntry, 'at' | 'actor' | 'stream'>): Promise<void>;
}

/**
 * One staff action: its input schema, the least role that may run it, its policy (inside `run`,
 * e.g. the two-person rule) and its effect. The console, the admin API, the CLI and Discord only
 * translate to and from these; `StaffActions.run` checks the role and parses the input first.
 */
export interface StaffCommand<S extends z.ZodType = z.ZodType, R = unknown> {
  /** Stable name, also the audit action of its own entry: `emergency.declare`, `user.add`. */
  readonly name: string;
  readonly summary: string;
  readonly role: StaffRole;
  readonly input: S;
  run(ctx: CommandContext, input: z.output<S>): Promise<R>;
}

/** Declares a command with its types inferred from the schema. */
export function defineCommand<S extends z.ZodType, R>(command: StaffCommand<S, R>): StaffCommand<S, R> {
  return command;
}
