import { Writable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('redacts secrets by field name and by value wherever they appear', () => {
    const { lines, destination } = capture();
    const secret = 'xoxb-SUPER-SECRET-TOKEN-123';
    const logger = createLogger({ destination, secrets: [secret] });
    const child = logger.child({ component: 'channel' });
    child.info({ token: 'field-token-value', headers: { authorization: 'Bearer abc.def' }, options: { appSecret: 'app-secret-value' } }, 'connecting');
    child.error({ err: new Error(`401 for https://api.example/?access_token=${secret}`) }, `request with ${secret} failed`);
    const text = lines.join('\n');
    expect(lines).toHaveLength(2);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('field-token-value');
    expect(text).not.toContain('Bearer abc.def');
    expect(text).not.toContain('app-secret-value');
    expect(text.match(/\[Redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ component: 'channel', msg: 'connecting' });
  });

  it('flushes buffered log lines when the process exits', () => {
    const script = `
      import { createLogger } from './src/logging/logger.ts';
      const logger = createLogger({ level: 'info' });
      for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
      logger.info('last line');
      logger.flush();
      process.exit(0);
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2001);
    expect(JSON.parse(lines.at(-1) as string).msg).toBe('last line');
  });
});
