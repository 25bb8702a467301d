import path from 'node:path';
import dotenv from 'dotenv';

/**
 * Everything the service reads from the environment. This file is the only reader of
 * `process.env`; everything below receives this object.
 */
export interface Env {
  configDir: string;
  /** Embedded store journal directory; unset keeps state in memory only. */
  stateDir: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  adminToken: string | undefined;
  httpHost: string | undefined;
  httpPort: number | undefined;
  logLevel: string;
  /** Human-readable logs; defaults to on when stdout is a terminal. */
  logPretty: boolean;
  instanceId: string | undefined;
  /** Secrets by variable name, for channel adapters. */
  secrets: Readonly<Record<string, string>>;
  /** Where the CLI finds a running service. */
  serviceUrl: string | undefined;
  /** The CLI's personal or service-account API token (`civicast token create`); acts as its owner. */
  staffToken: string | undefined;
  nodeEnv: string;
}

/** Credential variables (secrets and account identifiers): handed to channel adapters, redacted in logs. */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|KEY|PASS|CLIENT_ID|IDENTIFIER)$/;

export interface ReadEnvOptions {
  /** Load `.env` from the working directory first (the CLI and `start` do; tests do not). */
  loadDotenv?: boolean;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env, options: ReadEnvOptions = {}): Env {
  if (options.loadDotenv === true) dotenv.config({ quiet: true, processEnv: source as Record<string, string> });
  const get = (name: string): string | undefined => {
    const value = source[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const port = get('HTTP_PORT');
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value !== '' && SECRET_NAME.test(name)) secrets[name] = value;
  }
  return {
    configDir: path.resolve(get('CIVICAST_CONFIG_DIR') ?? 'config'),
    stateDir: get('STATE_DIR'),
    redisUrl: get('REDIS_URL'),
    redisPrefix: get('REDIS_PREFIX') ?? 'civicast:',
    adminToken: get('ADMIN_TOKEN'),
    httpHost: get('HTTP_HOST'),
    httpPort: port === undefined ? undefined : Number(port),
    logLevel: get('LOG_LEVEL') ?? 'info',
    logPretty: get('LOG_FORMAT') === undefined ? process.stdout.isTTY === true : get('LOG_FORMAT') === 'pretty',
    instanceId: get('INSTANCE_ID'),
    secrets,
    serviceUrl: get('CIVICAST_URL'),
    staffToken: get('CIVICAST_TOKEN'),
    nodeEnv: get('NODE_ENV') ?? 'development',
  };
}

/** All secret values, for log redaction. */
export function secretValues(env: Env): string[] {
  const values = Object.values(env.secrets);
  if (env.adminToken !== undefined) values.push(env.adminToken);
  return values;
}
