import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Paths pino blanks out wherever they appear in a log line. */
export const REDACT_PATHS = [
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'passwordHash',
  'secret',
  'appSecret',
  'accessSecret',
  'apiKey',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'credentials',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.password',
  '*.secret',
  '*.appSecret',
  '*.accessSecret',
  '*.apiKey',
  '*.authorization',
  '*.credentials',
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface LoggerOptions {
  level?: string;
  /** Human-readable output (pino-pretty); JSON otherwise. */
  pretty?: boolean;
  /** Values that must never appear in a log line, wherever they hide (e.g. inside a message). */
  secrets?: readonly string[];
  destination?: DestinationStream;
}

/**
 * The root logger. Components get `logger.child({ component })`. Besides pino's path-based
 * redaction, every known secret value is masked in the serialised line, because a token can hide
 * inside an error message or a URL where no path rule reaches.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const mask = (line: string): string => {
    let out = line;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[Redacted]');
    return out;
  };
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'civicast' },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    hooks:
      secrets.length === 0
        ? {}
        : {
            streamWrite: mask,
          },
  };
  if (options.destination !== undefined) return pino(pinoOptions, options.destination);
  if (options.pretty === true) {
    return pino({
      ...pinoOptions,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' },
      },
    });
  }
  return pino(pinoOptions, pino.destination({ sync: false }));
}
