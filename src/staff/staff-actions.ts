import { timingSafeEqual } from 'node:crypto';
import { ZodError } from 'zod';
import type { CivicastConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import type { Services } from '../services.js';
import type { Store } from '../store/store.js';
import { LOCAL_ADMIN, serviceActor, userActor, type Actor, type Surface } from './actor.js';
import { recordAudit, type StreamedEntry } from './audit-trail.js';
import { SessionStore, type ConsoleSession } from './auth/sessions.js';
import { SignIn } from './auth/sign-in.js';
import type { CommandContext, StaffCommand } from './command.js';
import { kindCapabilities } from '../channels/registry.js';
import { atLeast } from './roles.js';
import { StaffViews } from './staff-views.js';
import { ApiTokens } from './users/api-tokens.js';
import { UserDirectory } from './users/user-directory.js';

/** What `onCommand` listeners hear: every call of `run`, whatever its outcome. */
export interface CommandEvent {
  command: string;
  actor: Actor;
  /** `denied`: the role may not run it at all; `refused`: its policy said no (two-person rule, config schedule...). */
  outcome: 'done' | 'denied' | 'refused' | 'invalid' | 'failed';
}

export interface StaffActionsDeps {
  store: Store;
  config: CivicastConfig;
  clock: Clock;
  /** The services the commands act through (built after this, hence a function). */
  services: () => Services;
}

/**
 * The one door for staff actions. Every interface authenticates its caller into an `Actor` here
 * (console session, API token, local admin token, Discord member) and runs commands through
 * `run`, which checks the role, parses the input and gives the command what it needs to apply
 * its policy, do its effect and write its audit entry.
 */
export class StaffActions {
  readonly users: UserDirectory;
  readonly tokens: ApiTokens;
  readonly sessions: SessionStore;
  readonly signIn: SignIn;
  readonly views: StaffViews;
  private readonly listeners = new Set<(event: CommandEvent) => void>();

  constructor(private readonly deps: StaffActionsDeps) {
    const { store, config } = deps;
    this.users = new UserDirectory(store, config.staff);
    this.tokens = new ApiTokens(store);
    this.sessions = new SessionStore(store, config.staff.sessionHours * 3_600_000);
    this.signIn = new SignIn({ store, users: this.users, sessions: this.sessions, limitPer15Min: config.staff.loginAttemptsPer15Min, security: (entry) => this.security(entry) });
    this.views = new StaffViews(store);
  }

  /** Runs a command as `actor`: role, input, then the command's own policy and effect. */
  async run<C extends StaffCommand>(command: C, actor: Actor, input: unknown): Promise<Awaited<ReturnType<C['run']>>> {
    const emit = (outcome: CommandEvent['outcome']) => {
      for (const listener of this.listeners) listener({ command: command.name, actor, outcome });
    };
    if (!atLeast(actor.role, command.role)) {
      emit('denied');
      await this.security({ actor: actor.id, action: 'staff.refused', target: command.name, where: actor.via, detail: { role: actor.role, needs: command.role } });
      throw new AppError('FORBIDDEN', `your role (${actor.role}) may not do this (${command.name} needs ${command.role})`);
    }
    let parsed: unknown;
    try {
      parsed = command.input.parse(input);
    } catch (error) {
      emit('invalid');
      throw error;
    }
    const now = this.deps.clock.now();
    const ctx: CommandContext = {
      services: this.deps.services(),
      users: this.users,
      tokens: this.tokens,
      actor,
      now,
      audit: (entry) => recordAudit(this.deps.store, { ...entry, at: this.deps.clock.now(), actor: actor.id, stream: 'staff', where: entry.where ?? actor.via, detail: { ...entry.detail, via: actor.via, credential: actor.credential } }),
    };
    try {
      const result = (await command.run(ctx, parsed)) as Awaited<ReturnType<C['run']>>;
      emit('done');
      return result;
    } catch (error) {
      emit(error instanceof AppError && error.code === 'FORBIDDEN' ? 'refused' : error instanceof ZodError ? 'invalid' : 'failed');
      throw error;
    }
  }

  /** Hears every command run (tests check that each interface reaches the layer; metrics may count). */
  onCommand(listener: (event: CommandEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A security event (sign-in, refusal, limit): its own stream, so a flood cannot push staff actions out. */
  security(entry: Omit<StreamedEntry, 'stream' | 'at'>): Promise<void> {
    return recordAudit(this.deps.store, { ...entry, at: this.deps.clock.now(), stream: 'security' });
  }

  /** The console user behind a session cookie, while the session still counts. */
  async actorForSession(cookie: string | undefined): Promise<{ actor: Actor; session: ConsoleSession } | undefined> {
    const now = this.deps.clock.now();
    const session = await this.sessions.get(cookie, now);
    if (session === undefined) return undefined;
    const user = await this.users.get(session.user);
    // Removed or disabled, signed out everywhere (or password changed) since, or a new password in config.
    if (user === undefined || user.disabled || session.createdAt < user.sessionsNotBefore || (session.credentialStamp !== undefined && session.credentialStamp !== user.credentialStamp)) return undefined;
    return { actor: userActor(user.name, user.role, 'console', 'session'), session };
  }

  /**
   * The caller behind an API bearer token: the local admin token (service account
   * `local-admin`), a personal token (its user, with the user's current role), or a service
   * account's token. Undefined for anything else.
   */
  async actorForToken(bearer: string, localAdminToken: string, via: Extract<Surface, 'api' | 'cli'>): Promise<Actor | undefined> {
    const given = Buffer.from(bearer);
    const admin = Buffer.from(localAdminToken);
    if (given.length === admin.length && timingSafeEqual(given, admin)) return serviceActor(LOCAL_ADMIN, 'admin', via, 'admin-token');
    const token = await this.tokens.verify(bearer);
    if (token === undefined) return undefined;
    if (token.owner.kind === 'service') return serviceActor(token.owner.name, token.owner.role, via, `token:${token.id}`);
    const user = await this.users.get(token.owner.name);
    if (user === undefined || user.disabled || token.createdAt < user.sessionsNotBefore) return undefined;
    return userActor(user.name, user.role, via, `token:${token.id}`);
  }

  /**
   * The staff user a chat member is linked to (`staff.users[].chatIds`, or `--chat` on a
   * runtime user). `identity` is `<channel name>:<platform user id>` as the adapter reports it.
   */
  async actorForChat(identity: string): Promise<Actor> {
    const [channel = '', memberId = ''] = identity.split(':');
    const kind = this.deps.config.channels[channel]?.kind;
    // Only platforms that declare staff commands (a gateway with verified member ids) may act for staff.
    if (kind === undefined || kindCapabilities(kind)?.staffCommands !== true) throw new AppError('FORBIDDEN', 'staff commands are not taken from this channel');
    const member = `${kind}:${memberId}`;
    const user = await this.users.byChatId(member);
    if (user === undefined) {
      await this.security({ actor: `chat:${member}`, action: 'staff.refused', target: 'chat', where: channel, detail: { reason: 'not linked to a staff user' } });
      throw new AppError('FORBIDDEN', `your chat account is not linked to a staff user; ask an admin to add "${member}" to your staff user's chatIds`);
    }
    return userActor(user.name, user.role, 'chat', `chat:${member}`);
  }
}
