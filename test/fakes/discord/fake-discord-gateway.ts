import type http from 'node:http';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { apiGuild, apiUser } from './fake-discord-payloads.js';
import type { FakeUser, GuildInput } from './fake-discord-payloads.js';

interface GatewayPayload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

interface Session {
  socket: WebSocket;
  seq: number;
  identified: boolean;
}

export interface GatewayConfig {
  token: () => string;
  bot: FakeUser;
  applicationId: string;
  guild: GuildInput;
  url: () => string;
}

/**
 * Speaks enough of the Discord gateway (v10, JSON, no compression) for discord.js: HELLO,
 * IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, then whatever dispatches a test pushes.
 */
export class FakeGateway {
  readonly identifies: Record<string, unknown>[] = [];
  /** Close every IDENTIFY with 4004 (authentication failed), e.g. a token revoked between REST and gateway. */
  refuseIdentify = false;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<Session>();
  private readyWaiters: (() => void)[] = [];

  constructor(
    server: http.Server,
    private readonly config: GatewayConfig,
  ) {
    this.wss = new WebSocketServer({ server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  /** Sessions that completed IDENTIFY. */
  get connected(): number {
    return [...this.sessions].filter((s) => s.identified).length;
  }

  /** Resolves once at least one client has identified (READY sent). */
  async waitIdentified(): Promise<void> {
    if (this.connected > 0) return;
    await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a dispatch (op 0) with the next sequence number to every identified client. */
  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions) {
      if (!session.identified) continue;
      session.seq += 1;
      this.send(session, { op: 0, t, s: session.seq, d });
    }
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(session: Session, payload: GatewayPayload): void {
    session.socket.send(JSON.stringify({ s: null, t: null, ...payload }));
  }

  private onConnection(socket: WebSocket): void {
    const session: Session = { socket, seq: 0, identified: false };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw) => this.onPayload(session, JSON.parse(String(raw)) as GatewayPayload));
    this.send(session, { op: 10, d: { heartbeat_interval: 41_250 } });
  }

  private onPayload(session: Session, payload: GatewayPayload): void {
    if (payload.op === 1) {
      this.send(session, { op: 11 });
      return;
    }
    if (payload.op !== 2) return;
    const identify = payload.d as Record<string, unknown>;
    this.identifies.push(identify);
    if (this.refuseIdentify || identify['token'] !== this.config.token()) {
      // 4004: authentication failed, like Discord.
      session.socket.close(4004, 'Authentication failed.');
      return;
    }
    session.identified = true;
    const guildId = this.config.guild.id;
    session.seq += 1;
    this.send(session, {
      op: 0,
      t: 'READY',
      s: session.seq,
      d: {
        v: 10,
        user: apiUser(this.config.bot),
        guilds: [{ id: guildId, unavailable: true }],
        session_id: `session-${session.seq}-${Date.now()}`,
        resume_gateway_url: this.config.url(),
        application: { id: this.config.applicationId, flags: 0 },
        shard: [0, 1],
        private_channels: [],
        relationships: [],
        user_settings: {},
      },
    });
    session.seq += 1;
    this.send(session, { op: 0, t: 'GUILD_CREATE', s: session.seq, d: apiGuild(this.config.guild) });
    for (const waiter of this.readyWaiters.splice(0)) waiter();
  }
}
