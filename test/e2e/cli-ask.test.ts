import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function ask(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli/index.ts'), 'ask', ...args], {
    encoding: 'utf8',
    input: input ?? '',
    env: { ...process.env, LOG_LEVEL: 'silent', CIVICAST_CONFIG_DIR: path.resolve('config') },
  });
  return result;
}

describe('civicast ask', () => {
  it('reads one question per line and writes one JSON decision per line', () => {
    const questions = ['is trash delayed?', 'I smell gas in my apartment', 'who won the game', '¿dónde está mi carro remolcado?', '', 'smoke is coming from the house next door, is trash delayed?', 'Бабушка упала и не встаёт'];
    const result = ask(['--jsonl', '--emergency', 'snow', '--param', 'trashDelayDays=3'], questions.join('\n'));
    expect(result.status, result.stderr).toBe(0);
    const rows = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { topic: string | null; urgent: boolean; danger: string; dangerKinds: string[]; confidence: number; locale: string; reply: string | null });
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ topic: 'trash.collection', urgent: false, danger: 'none', dangerKinds: [], locale: 'en' });
    expect(rows[0]?.reply).toMatch(/3 days/);
    expect(rows[1]).toMatchObject({ topic: null, urgent: true, danger: 'urgent', dangerKinds: ['gas'], kind: 'urgent' });
    expect(rows[1]?.reply).toMatch(/911/);
    expect(rows[2]).toMatchObject({ topic: null, urgent: false, danger: 'none', reply: null });
    // Possible danger keeps `urgent: true` for older tools; the reply leads with the 911 line, then answers.
    expect(rows[4]).toMatchObject({ urgent: true, danger: 'possible', topic: 'trash.collection', kind: 'answer' });
    expect(rows[4]?.reply).toMatch(/^If anyone is in danger, call 911 now\.\n\n.*3 days/s);
    // The 911 reply in the asker's language, though Russian is not a configured locale.
    expect(rows[5]).toMatchObject({ urgent: true, danger: 'urgent', locale: 'ru' });
    expect(rows[5]?.reply).toMatch(/Немедленно звоните 911/);
    expect(rows[3]).toMatchObject({ topic: 'parking.towed', locale: 'es' });
    for (const row of rows) {
      expect(row.confidence).toBeGreaterThanOrEqual(0);
      expect(row.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('answers for normal times with --emergency none and refuses an unknown type', () => {
    const normal = ask(['--emergency', 'none', 'is trash pickup delayed']);
    expect(normal.status).toBe(0);
    expect(normal.stdout).toMatch(/\[answer\] topic=trash\.collection/);
    expect(normal.stdout).not.toMatch(/emergency=/);
    const bad = ask(['--emergency', 'volcano', 'hello']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown emergency type "volcano"/);
    // Two CLI starts (each trains the FAQ classifier): a generous limit for a loaded machine, to catch a hang only.
  }, 90_000);
});
