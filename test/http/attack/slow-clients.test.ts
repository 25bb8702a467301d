/** Finding 5: slow request bodies time out, and a slow client cannot hold up a shutdown. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleHarness } from './attack-harness.js';

/** Hang detection only: the limits under test are 2 s and 1 s; these bounds are ten times that. */
const HANG_MS = 20_000;

function slowBody(base: string): { socket: net.Socket; closed: Promise<string> } {
  const { hostname, port } = new URL(base);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.on('data', (d) => (received += d.toString()));
  socket.on('error', () => undefined);
  socket.write('POST /console/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=a');
  // One byte every half second: never finishing, never idle.
  const drip = setInterval(() => socket.write('a'), 500);
  const closed = new Promise<string>((resolve) => socket.on('close', () => {
    clearInterval(drip);
    resolve(received);
  }));
  return { socket, closed };
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'hung'> => Promise.race([promise, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref())]);

describe('finding 5: slow clients', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole({}, { 'zz-timeouts.yaml': 'http:\n  requestTimeoutSeconds: 2\n  shutdownGraceSeconds: 1\n' });
  });
  afterAll(async () => h.close());

  it('cuts off a body that trickles in', async () => {
    const { socket, closed } = slowBody(h.base);
    const answer = await within(closed, HANG_MS);
    socket.destroy();
    expect(answer).not.toBe('hung');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('stops the service even while a slow client is sending', async () => {
    const slow = [slowBody(h.base), slowBody(h.base), slowBody(h.base)];
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await within(h.svc.close(), HANG_MS)).not.toBe('hung');
    for (const { socket, closed } of slow) {
      expect(await within(closed, HANG_MS)).not.toBe('hung');
      socket.destroy();
    }
  });
});
