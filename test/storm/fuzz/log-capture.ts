import type { DestinationStream } from 'pino';

/** One pino JSON line, parsed. */
export interface LogLine {
  level: number;
  msg?: string;
  feed?: string;
  component?: string;
  code?: string;
  [key: string]: unknown;
}

/** A pino destination that keeps every line in memory (parsed), for assertions on what was logged. */
export function captureLogs(): { destination: DestinationStream; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    destination: {
      write(chunk: string) {
        for (const raw of chunk.split('\n')) {
          if (raw.trim() === '') continue;
          try {
            lines.push(JSON.parse(raw) as LogLine);
          } catch {
            lines.push({ level: 60, msg: `unparseable log line: ${raw.slice(0, 200)}` });
          }
        }
      },
    },
  };
}
