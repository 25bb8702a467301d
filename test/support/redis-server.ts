import { afterAll, beforeAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A real redis-server (Debian's package) on a free loopback port, for one test file. */
export interface RedisHandle {
  url: string;
  port: number;
  /** Stops the server (SIGKILL when `crash`), keeping its data dir for `restart`. */
  stop(crash?: boolean): Promise<void>;
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections open and answers nothing (a hung host, a long fork). */
  freeze(): void;
  /** SIGCONT: the frozen server runs what it received meanwhile. */
  thaw(): void;
}

export function redisServerBinary(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = found.stdout.trim();
  return bin.length > 0 ? bin : undefined;
}

/**
 * True when Redis tests should run. Under CI=true a missing redis-server throws: CI must not
 * pass by skipping the Redis half of the contract suite.
 */
export function redisAvailable(): boolean {
  if (redisServerBinary() !== undefined) return true;
  if (process.env['CI'] === 'true') throw new Error('redis-server not found but CI=true: install it (apt-get install redis-server)');
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.write('PING\r\n');
      });
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().includes('PONG'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startRedis(options: { appendOnly?: boolean } = {}): Promise<RedisHandle> {
  const bin = redisServerBinary();
  if (bin === undefined) throw new Error('redis-server not installed');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-redis-'));
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', options.appendOnly === true ? 'yes' : 'no', '--appendfsync', 'always'],
      { stdio: 'ignore' },
    );
    await waitForPort(port, 10_000);
  };
  await launch();
  let frozen = false;
  const stop = async (crash = false): Promise<void> => {
    const proc = child;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    if (frozen) {
      proc.kill('SIGCONT');
      frozen = false;
    }
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(crash ? 'SIGKILL' : 'SIGTERM');
    });
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    freeze: () => {
      child?.kill('SIGSTOP');
      frozen = true;
    },
    thaw: () => {
      child?.kill('SIGCONT');
      frozen = false;
    },
  };
}

/**
 * A redis-server for the enclosing describe block: started before its tests, stopped after them.
 * Read `url` inside tests and hooks. Hooks the caller registers later run before the stop, so
 * clients can be closed there.
 */
export function useRedisServer(): { readonly url: string } {
  let handle: RedisHandle | undefined;
  beforeAll(async () => {
    handle = await startRedis();
  });
  afterAll(async () => {
    await handle?.stop();
  });
  return {
    get url(): string {
      if (handle === undefined) throw new Error('useRedisServer: read url inside a test or hook');
      return handle.url;
    },
  };
}
